// The one HighLevel client: base URL, headers, bearer token, and the mapping from HTTP failures to
// the z.errors a Zapier user sees. Operations call `callApi`; they never build hosts or map errors.
import type {
  AfterResponseMiddleware,
  BeforeRequestMiddleware,
  HttpMethod,
  HttpResponse,
  ZObject,
} from 'zapier-platform-core';
import { API_VERSION, apiBaseUrl, isAllowedUrl, requestTimeoutMs } from './config';
import { ghlMessage, HIGHLEVEL } from './messages';

/**
 * Core appends "What happened" to an error's message unless it opts out: the step's whole bundle
 * (inputData, so a new user's password) and the first 100 characters of the response. AppError
 * (z.errors.Error) and ThrottledError opt out by themselves; HaltedError and the auth errors do
 * not. Ours already say everything a user can act on.
 */
export const withoutContext = <E extends Error>(error: E): E =>
  Object.assign(error, { doNotContextify: true });

const isApiUrl = (url: string): boolean => {
  const base = apiBaseUrl();
  return url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);
};

const apiPath = (url: string): string => {
  const rest = url.slice(apiBaseUrl().length);
  return rest.split('?')[0] || '/';
};

const isOAuthPath = (path: string): boolean => path.startsWith('/oauth/');

export const addHighLevelHeaders: BeforeRequestMiddleware = (request, _z, bundle) => {
  let parsed: URL;
  try {
    parsed = new URL(request.url);
  } catch {
    throw withoutContext(new Error(`Refusing to call a malformed URL.`));
  }
  // Only HTTPS leaves the app; plain HTTP is for the local sandbox on loopback.
  if (!isAllowedUrl(parsed)) {
    throw withoutContext(
      new Error(`Refusing to send a request over plain HTTP to ${parsed.host}.`),
    );
  }
  if (!isApiUrl(request.url)) return request;

  const headers: Record<string, string> = {
    ...request.headers,
    Version: API_VERSION,
    Accept: 'application/json',
  };
  const token = bundle.authData?.access_token;
  if (token && !isOAuthPath(apiPath(request.url))) headers.Authorization = `Bearer ${token}`;

  // Core 18+ throws its own ThrottledError for a 429 before app middleware, with a delay taken only
  // from Retry-After, which HighLevel never sends. Let handleHighLevelErrors see 429s instead.
  return Object.assign(request, {
    headers,
    throwForThrottlingEarly: false,
    timeout: request.timeout ?? requestTimeoutMs(),
  });
};

const header = (response: HttpResponse, name: string): number | undefined => {
  const raw = response.getHeader(name);
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
};

const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;

const secondsUntilUtcMidnight = (now: Date): number => {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
};

/** The ThrottledError for a 429, with a delay read from HighLevel's rate-limit headers. */
export const throttled = (z: ZObject, response: HttpResponse): Error => {
  const retryAfter = header(response, 'retry-after');
  const dailyRemaining = header(response, 'x-ratelimit-daily-remaining');
  const dailyLimit = header(response, 'x-ratelimit-limit-daily');
  if (dailyRemaining === 0) {
    // HighLevel documents a per-day quota but no reset header: its day turns at midnight UTC.
    const delay = retryAfter ?? secondsUntilUtcMidnight(new Date());
    const hours = Math.ceil(delay / 3600);
    return new z.errors.ThrottledError(
      `${HIGHLEVEL}'s daily API limit${dailyLimit ? ` of ${dailyLimit.toLocaleString('en-US')} requests` : ''} ` +
        `for this account is used up. It resets at midnight UTC (in about ${plural(hours, 'hour')}); ` +
        `Zapier will try again then.`,
      delay,
    );
  }
  const intervalMs = header(response, 'x-ratelimit-interval-milliseconds');
  const delay = retryAfter ?? Math.max(1, Math.ceil((intervalMs ?? 10_000) / 1000));
  const max = header(response, 'x-ratelimit-max');
  return new z.errors.ThrottledError(
    `${HIGHLEVEL} is rate limiting this account${max ? ` (${max} requests per ${plural(Math.round((intervalMs ?? 10_000) / 1000), 'second')})` : ''}. ` +
      `Zapier will retry in ${plural(delay, 'second')}.`,
    delay,
  );
};

const SCOPE_HINT: Array<[RegExp, string]> = [
  [/^\/locations\b/, 'locations.readonly'],
  [/^\/users\/search\/filter-by-email/, 'users.readonly'],
];

const scopeFor = (method: string, path: string): string => {
  for (const [pattern, scope] of SCOPE_HINT) if (pattern.test(path)) return scope;
  return method === 'GET' ? 'users.readonly' : 'users.write';
};

/** Reads change nothing: every GET, and the searches HighLevel exposes as POST. */
const isRead = (method: string, path: string): boolean =>
  method === 'GET' || /^\/users\/search(\/|$)/.test(path);

const isExpiredTokenMessage = (message: string): boolean =>
  /invalid jwt|jwt expired|token (is )?(expired|invalid)|invalid token|access token is invalid/i.test(
    message,
  );

/**
 * Turns every HighLevel failure into the z.errors a user can act on. Runs before core's
 * throwForStatus, so HighLevel's own words reach the user instead of a raw JSON dump.
 */
export const handleHighLevelErrors: AfterResponseMiddleware = (response, z) => {
  const url = response.request.url ?? '';
  if (!isApiUrl(url)) return response;
  const path = apiPath(url);
  // authentication.ts reads the token endpoint's answers itself (a failed refresh means reconnect).
  if (isOAuthPath(path)) return response;

  const { status } = response;
  const method = (response.request.method ?? 'GET').toUpperCase();
  // HighLevel's sentences often end with a period; each template below adds its own.
  const message = ghlMessage(response).replace(/\.+$/, '');

  if (status >= 200 && status < 300) {
    if (response.content.trim() === '') {
      throw new z.errors.Error(
        `${HIGHLEVEL} returned an empty response (HTTP ${status}) to ${method} ${path}. Please try again.`,
        'empty_response',
        status,
      );
    }
    if (response.data === undefined) {
      throw new z.errors.Error(
        `${HIGHLEVEL} returned a response that is not valid JSON (HTTP ${status}) to ${method} ${path}. Please try again.`,
        'invalid_json',
        status,
      );
    }
    return response;
  }

  if (status === 401) {
    if (/not authorized for this scope/i.test(message)) {
      const scope = scopeFor(method, path);
      throw new z.errors.Error(
        `Your ${HIGHLEVEL} connection is not allowed to do this: the token lacks the "${scope}" scope ` +
          `(${HIGHLEVEL} said: "${message}."). Add "${scope}" to the scopes of your HighLevel Marketplace app, ` +
          `then reconnect your HighLevel account in Zapier.`,
        'missing_scope',
        status,
      );
    }
    if (message === '' || isExpiredTokenMessage(message)) {
      // Expired or invalid access token: Zapier refreshes it and retries the step once.
      throw withoutContext(
        new z.errors.RefreshAuthError(
          `${HIGHLEVEL} rejected the access token (${message || 'HTTP 401'}).`,
        ),
      );
    }
    throw new z.errors.Error(
      `${HIGHLEVEL} refused the request (HTTP 401): ${message}. Reconnect your HighLevel account in Zapier.`,
      'unauthorized',
      status,
    );
  }
  if (status === 403) {
    throw new z.errors.Error(
      `${HIGHLEVEL} refused access (HTTP 403): ${message || 'forbidden'}. The connected account cannot reach ` +
        `this location or user: connect with the agency (Agency account level) or with the sub-account that owns it.`,
      'forbidden',
      status,
    );
  }
  if (status === 404) {
    const what = /^\/users\/(?!search$)[^/]+$/.test(path) ? 'that user' : 'what was asked for';
    throw new z.errors.Error(
      `${HIGHLEVEL} could not find ${what} (HTTP 404${message ? `: ${message}` : ''}). Check the ID, or whether it was deleted.`,
      'not_found',
      status,
    );
  }
  if (status === 429) throw throttled(z, response);
  if (status === 400 || status === 422) {
    throw withoutContext(
      new z.errors.HaltedError(
        `${HIGHLEVEL} rejected the request (HTTP ${status}): ${message || 'bad request'}.`,
      ),
    );
  }
  if (status >= 500) {
    // A gateway's 502/503 says nothing about whether HighLevel behind it made a change.
    throw new z.errors.Error(
      `${HIGHLEVEL} is having trouble right now (HTTP ${status}${message ? `: ${message}` : ''}). ` +
        (isRead(method, path)
          ? `Nothing was changed by this error; please try again in a few minutes.`
          : 'The change may or may not have been made; check HighLevel before running this step again.'),
      'server_error',
      status,
    );
  }
  if (status >= 400) {
    throw new z.errors.Error(
      `${HIGHLEVEL} returned HTTP ${status}${message ? `: ${message}` : ''}.`,
      'http_error',
      status,
    );
  }
  return response;
};

export interface ApiCall {
  method?: HttpMethod;
  /** Path below the API root, with path parameters already checked and encoded (`pathId`). */
  path: string;
  params?: Record<string, string | undefined>;
  body?: Record<string, unknown>;
}

const ZAPIER_ERROR_NAMES = new Set([
  'AppError',
  'HaltedError',
  'ThrottledError',
  'RefreshAuthError',
  'ExpiredAuthError',
  'ResponseError',
  'CheckError',
]);

/** Why a request got no answer, in words a user can act on ("the connection was reset"). */
export const describeNetworkError = (err: unknown): string => {
  const e = err as { type?: string; code?: string; name?: string; message?: string };
  // request-timeout: no response headers in time; body-timeout: the body stalled after them.
  if (
    e.type === 'request-timeout' ||
    e.type === 'body-timeout' ||
    e.name === 'AbortError' ||
    e.name === 'TimeoutError'
  ) {
    const ms = requestTimeoutMs();
    const seconds = Math.round(ms / 100) / 10;
    return `it did not answer within ${ms < 1000 ? plural(ms, 'millisecond') : plural(seconds, 'second')}`;
  }
  // EPIPE: HighLevel (or a proxy) closed the socket while the request body was being written.
  if (
    e.code === 'ECONNRESET' ||
    e.code === 'EPIPE' ||
    /socket hang up|ECONNRESET/i.test(e.message ?? '')
  ) {
    return 'the connection was reset';
  }
  if (e.code === 'ECONNREFUSED') return 'the connection was refused';
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return 'its address could not be resolved';
  return 'the network request failed';
};

/**
 * The `code` and `status` a z.errors.Error (AppError) carries in its JSON message, so an operation
 * can tell, say, "nothing found" (404) or "missing scope" apart from other failures.
 */
export const appErrorDetails = (err: unknown): { code?: unknown; status?: unknown } => {
  if (!(err instanceof Error) || err.name !== 'AppError') return {};
  try {
    return JSON.parse(err.message) as { code?: unknown; status?: unknown };
  } catch {
    return {};
  }
};

/** Makes one HighLevel API call and returns the parsed JSON body; every failure is a z.errors. */
export const callApi = async (z: ZObject, call: ApiCall): Promise<unknown> => {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(call.params ?? {})) {
    if (value !== undefined && value !== '') params[key] = value;
  }
  const method = call.method ?? 'GET';
  // Outside the try: a bad GHL_API_BASE_URL is a setup error to show as is, not a network failure.
  let url: string;
  try {
    url = `${apiBaseUrl()}${call.path}`;
  } catch (err) {
    throw err instanceof Error ? withoutContext(err) : err;
  }
  try {
    const response = await z.request({
      url,
      method,
      params,
      ...(call.body === undefined
        ? {}
        : { body: call.body, headers: { 'Content-Type': 'application/json' } }),
    });
    return response.data as unknown;
  } catch (err) {
    if (err instanceof Error && ZAPIER_ERROR_NAMES.has(err.name)) throw err;
    throw new z.errors.Error(
      `Could not reach ${HIGHLEVEL} for ${method} ${call.path}: ${describeNetworkError(err)}. ` +
        (isRead(method, call.path)
          ? 'Please try again.'
          : 'The change may or may not have been made; check HighLevel before running this step again.'),
      'network_error',
    );
  }
};
