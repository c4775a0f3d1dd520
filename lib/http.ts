// The one HighLevel client: base URL, headers, bearer token, and the mapping from HTTP failures to
// the z.errors a Zapier user sees. Operations call `callApi`; they never build hosts or map errors.
import type {
  AfterResponseMiddleware,
  BeforeRequestMiddleware,
  Bundle,
  HttpMethod,
  HttpRequestOptions,
  HttpResponse,
  ZObject,
} from 'zapier-platform-core';
import { errors } from 'zapier-platform-core';
import { API_VERSION, apiBaseUrl, isAllowedUrl, requestTimeoutMs } from './config';
import { knownSecrets, scrub, withoutContext, ZAPIER_ERROR_NAMES } from './guard';
import { ghlMessage, HIGHLEVEL } from './messages';

const isApiUrl = (url: string): boolean => {
  const base = apiBaseUrl();
  return url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);
};

const apiPath = (url: string): string => {
  const rest = url.slice(apiBaseUrl().length);
  return rest.split('?')[0] || '/';
};

const isOAuthPath = (path: string): boolean => path.startsWith('/oauth/');

/** What `Version` may be: a dated version (2021-07-28) or a vN one. */
export const API_VERSION_PATTERN = /^(\d{4}-\d{2}-\d{2}|v\d+)$/;

/**
 * Per-call options for the middleware, carried in z.request's `middlewareData`: core never sends
 * it, and keeps it on `response.request` for the afterResponse middleware.
 */
interface HighLevelCallOptions {
  /** The Version header for this call (API Request's override); API_VERSION when absent. */
  version?: string;
  /** A 2xx body that is empty or not JSON is handed back instead of failing (API Request). */
  acceptAnyBody?: boolean;
}

const callOptionsOf = (request: HttpRequestOptions): HighLevelCallOptions =>
  ((request.middlewareData as { highLevel?: HighLevelCallOptions } | undefined)?.highLevel ??
    {}) as HighLevelCallOptions;

const versionOf = (request: HttpRequestOptions): string => {
  const { version } = callOptionsOf(request);
  if (version === undefined) return API_VERSION;
  if (typeof version !== 'string' || !API_VERSION_PATTERN.test(version)) {
    throw setupError('Refusing to send an invalid API version.');
  }
  return version;
};

export const addHighLevelHeaders: BeforeRequestMiddleware = (request, _z, bundle) => {
  let parsed: URL;
  try {
    parsed = new URL(request.url);
  } catch {
    throw setupError('Refusing to call a malformed URL.');
  }
  // Only HTTPS leaves the app; plain HTTP is for the local sandbox on loopback.
  if (!isAllowedUrl(parsed)) {
    throw setupError(`Refusing to send a request over plain HTTP to ${parsed.host}.`);
  }
  // No request follows a redirect: fetch would re-send the body (a password, the client secret)
  // to wherever Location points. A 3xx comes back as it is and handleHighLevelErrors refuses it.
  Object.assign(request, { redirect: 'manual' });
  if (!isApiUrl(request.url)) return request;

  const headers: Record<string, string> = {
    ...request.headers,
    Version: versionOf(request),
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

/** A setup fault of the app's own (a bad base URL, an invalid version): shown as it is. */
const setupError = (message: string): Error =>
  withoutContext(new errors.Error(message, 'setup_error'));

/** A positive number from a header, or undefined: HighLevel's (or a proxy's) headers are not trusted. */
const header = (response: HttpResponse, name: string): number | undefined => {
  const raw = response.getHeader(name);
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value > 0 ? value : undefined;
};

const MAX_DELAY_SECONDS = 24 * 3600;

/** A retry delay Zapier can use: whole seconds from 1 to 24 hours. */
const boundedDelay = (seconds: number): number =>
  Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(seconds)));

const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;

const secondsUntilUtcMidnight = (now: Date): number => {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
};

/** The ThrottledError for a 429, with a delay read from HighLevel's rate-limit headers. */
export const throttled = (z: ZObject, response: HttpResponse): Error => {
  const retryAfter = header(response, 'retry-after');
  // Not header(): it drops 0 as not positive, and 0 is the one value that matters here.
  const dailyRemaining = Number(response.getHeader('x-ratelimit-daily-remaining') || NaN);
  const dailyLimit = header(response, 'x-ratelimit-limit-daily');
  if (dailyRemaining === 0) {
    // HighLevel documents a per-day quota but no reset header: its day turns at midnight UTC.
    const delay = boundedDelay(retryAfter ?? secondsUntilUtcMidnight(new Date()));
    const hours = Math.ceil(delay / 3600);
    return new z.errors.ThrottledError(
      `${HIGHLEVEL}'s daily API limit${dailyLimit ? ` of ${dailyLimit.toLocaleString('en-US')} requests` : ''} ` +
        `for this account is used up. It resets at midnight UTC (in about ${plural(hours, 'hour')}); ` +
        `Zapier will try again then.`,
      delay,
    );
  }
  const rawInterval = header(response, 'x-ratelimit-interval-milliseconds');
  const intervalMs =
    rawInterval && rawInterval <= MAX_DELAY_SECONDS * 1000 ? rawInterval : undefined;
  const delay = boundedDelay(retryAfter ?? (intervalMs ?? 10_000) / 1000);
  const max = header(response, 'x-ratelimit-max');
  return new z.errors.ThrottledError(
    `${HIGHLEVEL} is rate limiting this account${max ? ` (${max} requests per ${plural(Math.max(1, Math.round((intervalMs ?? 10_000) / 1000)), 'second')})` : ''}. ` +
      `Zapier will retry in ${plural(delay, 'second')}.`,
    delay,
  );
};

// The endpoints this app calls and the scope each needs. Any other endpoint (API Request) gets no
// guess: HighLevel's API reference lists its scope.
const SCOPE_HINT: Array<[string, RegExp, string]> = [
  ['GET', /^\/locations\/[^/]+$/, 'locations.readonly'],
  ['POST', /^\/users\/search\/filter-by-email$/, 'users.readonly'],
  ['GET', /^\/users\/([^/]+)?$/, 'users.readonly'],
  ['POST', /^\/users\/?$/, 'users.write'],
  ['PUT', /^\/users\/[^/]+$/, 'users.write'],
  ['DELETE', /^\/users\/[^/]+$/, 'users.write'],
];

const scopeFor = (method: string, path: string): string | undefined =>
  SCOPE_HINT.find(([verb, pattern]) => verb === method && pattern.test(path))?.[2];

export const API_REFERENCE_URL = 'https://marketplace.gohighlevel.com/docs/';

/** Reads change nothing: every GET, and the searches HighLevel exposes as POST. */
const isRead = (method: string, path: string): boolean =>
  method === 'GET' || /^\/users\/search(\/|$)/.test(path);

const isExpiredTokenMessage = (message: string): boolean =>
  /invalid jwt|jwt expired|token (is )?(expired|invalid)|invalid token|access token is invalid/i.test(
    message,
  );

/** A user or record that is not there: HighLevel says 404, or 401 "The user does not exist." */
const notFound = (z: ZObject, path: string, message: string, status: number): Error => {
  const what = /^\/users\/(?!search$)[^/]+$/.test(path) ? 'that user' : 'what was asked for';
  return new z.errors.Error(
    `${HIGHLEVEL} could not find ${what} (HTTP ${status}${message ? `: ${message}` : ''}). Check the ID, or whether it was deleted.`,
    'not_found',
    404,
  );
};

const forbidden = (z: ZObject, message: string, status: number): Error =>
  new z.errors.Error(
    `${HIGHLEVEL} refused access (HTTP ${status}): ${message || 'forbidden'}. This connection cannot reach ` +
      'that sub-account or user: connect at Agency level, or with the sub-account that owns it.',
    'forbidden',
    403,
  );

const SECRET_FIELDS = ['password', 'client_secret', 'refresh_token', 'code', 'access_token'];

/** Secret values the request itself carried in its body (JSON or form), to scrub from answers. */
const bodySecrets = (body: unknown): string[] => {
  if (typeof body !== 'string' || body === '') return [];
  let fields: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') fields = parsed as Record<string, unknown>;
  } catch {
    fields = Object.fromEntries(new URLSearchParams(body));
  }
  return SECRET_FIELDS.map((key) => fields[key]).filter(
    (value): value is string => typeof value === 'string' && value.length >= 4,
  );
};

/** HighLevel's words for an answer, with every secret known for this call taken out. */
export const safeMessage = (response: HttpResponse, bundle: Partial<Bundle> | undefined): string =>
  scrub(ghlMessage(response), [...knownSecrets(bundle), ...bodySecrets(response.request.body)]);

/**
 * A 1xx or 3xx is not an answer: fetch does not follow redirects here (see addHighLevelHeaders),
 * so a 3xx means something between the app and HighLevel wanted the request sent elsewhere.
 */
export const refuseNonFinal = (response: HttpResponse, what: string): void => {
  const { status } = response;
  if (status >= 300 && status < 400) {
    throw new errors.Error(
      `${what} answered with a redirect (HTTP ${status}) instead of a result. HighLevel's API does ` +
        'not redirect, so the app did not follow it: nothing was sent to the other address. ' +
        'Please try again later; if it keeps happening, contact whoever runs this integration.',
      'redirect_refused',
      status,
    );
  }
  if (status < 200) {
    throw new errors.Error(
      `${what} answered with HTTP ${status}, which is not a final answer. Please try again.`,
      'not_final',
      status,
    );
  }
};

/** For a 2xx that cannot be read: a write was probably made, a read can simply be repeated. */
const unreadable = (what: string, status: number, method: string, path: string): string =>
  `${HIGHLEVEL} returned ${what} (HTTP ${status}) to ${method} ${path}. ` +
  (isRead(method, path)
    ? 'Nothing was changed; please try again.'
    : status === 201 || status === 200
      ? `${HIGHLEVEL} said it succeeded, so the change was probably made: check HighLevel ` +
        '(for a new user, look it up with Find User by email) before running this step again.'
      : 'The change may or may not have been made; check HighLevel before running this step again.');

/**
 * Turns every HighLevel failure into the z.errors a user can act on. Runs before core's
 * throwForStatus, so HighLevel's own words reach the user instead of a raw JSON dump.
 */
export const handleHighLevelErrors: AfterResponseMiddleware = (response, z, bundle) => {
  const url = response.request.url ?? '';
  if (!isApiUrl(url)) return response;
  const path = apiPath(url);
  refuseNonFinal(response, HIGHLEVEL);
  // authentication.ts reads the token endpoint's answers itself (a failed refresh means reconnect).
  if (isOAuthPath(path)) return response;

  const { status } = response;
  const method = (response.request.method ?? 'GET').toUpperCase();
  // HighLevel's sentences often end with a period; each template below adds its own.
  const message = safeMessage(response, bundle).replace(/\.+$/, '');

  if (status >= 200 && status < 300) {
    if (callOptionsOf(response.request).acceptAnyBody) return response;
    if (response.content.trim() === '') {
      throw new z.errors.Error(
        unreadable('an empty response', status, method, path),
        'empty_response',
        status,
      );
    }
    if (response.data === undefined) {
      throw new z.errors.Error(
        unreadable('a response that is not valid JSON', status, method, path),
        'invalid_json',
        status,
      );
    }
    return response;
  }

  if (status === 401) {
    if (/not authorized for this scope/i.test(message)) {
      const scope = scopeFor(method, path);
      if (scope === undefined) {
        throw new z.errors.Error(
          `Your ${HIGHLEVEL} connection is not allowed to do this: the token lacks the scope this endpoint ` +
            `needs; ${HIGHLEVEL}'s API reference lists it (${API_REFERENCE_URL}). (${HIGHLEVEL} said: "${message}.") ` +
            `Add that scope to your HighLevel Marketplace app, then reconnect your HighLevel account in Zapier.`,
          'missing_scope',
          status,
        );
      }
      throw new z.errors.Error(
        `Your ${HIGHLEVEL} connection is not allowed to do this: the token lacks the "${scope}" scope ` +
          `(${HIGHLEVEL} said: "${message}."). Add "${scope}" to the scopes of your HighLevel Marketplace app, ` +
          `then reconnect your HighLevel account in Zapier.`,
        'missing_scope',
        status,
      );
    }
    // HighLevel answers a user ID that does not exist with a 401 (docs/highlevel-behaviour.md):
    // not a token problem, so no refresh and no "reconnect".
    if (/does not exist|not found/i.test(message)) throw notFound(z, path, message, status);
    // Another service's word for a 403 (a sub-account the token cannot reach).
    if (/not accessible from this token|does not have access/i.test(message)) {
      throw forbidden(z, message, status);
    }
    if (/location is not active/i.test(message)) {
      throw new z.errors.Error(
        `${HIGHLEVEL} refused the request because the sub-account is paused or inactive ` +
          `(${HIGHLEVEL} said: "${message}."). Reactivate it in HighLevel; the connection then works ` +
          'again, with no need to reconnect.',
        'location_inactive',
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
  if (status === 403) throw forbidden(z, message, status);
  if (status === 404) throw notFound(z, path, message, status);
  if (status === 429) throw throttled(z, response);
  // An error, not a halt: Zapier reserves HaltedError for "nothing to do", and the Zap's owner
  // must learn that, say, no user was created.
  if (status === 400 || status === 422) {
    throw new z.errors.Error(
      `${HIGHLEVEL} rejected the request (HTTP ${status}): ${message || 'bad request'}.`,
      'rejected',
      status,
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
  /** Sent as JSON; a string is sent as it is (API Request keeps the user's JSON text). */
  body?: Record<string, unknown> | unknown[] | string;
  /** The Version header for this call only (API Request); API_VERSION otherwise. */
  version?: string;
  /** Hand back a 2xx body that is empty or not JSON instead of failing (API Request). */
  acceptAnyBody?: boolean;
}

/** The z.request options an ApiCall's per-call settings add. */
const requestOptionsOf = (call: ApiCall): Partial<HttpRequestOptions> =>
  call.version === undefined && !call.acceptAnyBody
    ? {}
    : {
        middlewareData: { highLevel: { version: call.version, acceptAnyBody: call.acceptAnyBody } },
      };

/** True for a failure of the network or of the server's connection, as fetch reports them. */
export const isNetworkError = (err: unknown): boolean => {
  const e = (err ?? {}) as { type?: unknown; code?: unknown; name?: unknown; message?: unknown };
  return (
    e.type === 'request-timeout' ||
    e.type === 'body-timeout' ||
    e.type === 'system' ||
    e.name === 'AbortError' ||
    e.name === 'TimeoutError' ||
    e.name === 'FetchError' ||
    (typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code) && e.code !== 'ERR_INVALID_CHAR') ||
    /socket hang up|ECONNRESET|network/i.test(typeof e.message === 'string' ? e.message : '')
  );
};

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

/** Makes one HighLevel API call and returns the whole response; every failure is a z.errors. */
export const callApiForResponse = async (z: ZObject, call: ApiCall): Promise<HttpResponse> => {
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
    if (err instanceof Error && err.name === 'AppError') throw err; // config's own setup error
    throw setupError(
      err instanceof Error ? err.message : 'The HighLevel API address is not valid.',
    );
  }
  try {
    const response = await z.request({
      url,
      method,
      params,
      ...(call.body === undefined
        ? {}
        : { body: call.body, headers: { 'Content-Type': 'application/json' } }),
      ...requestOptionsOf(call),
    });
    return response;
  } catch (err) {
    if (err instanceof Error && ZAPIER_ERROR_NAMES.has(err.name)) throw err;
    if (!isNetworkError(err)) {
      // Not the network: the request could not even be built (a value fetch refuses, say).
      throw new z.errors.Error(
        `The app could not send ${method} ${call.path} to ${HIGHLEVEL}: a value in this step or in the ` +
          'connection cannot be sent in a request. Nothing was sent; check the fields mapped into this step.',
        'request_not_sent',
      );
    }
    throw new z.errors.Error(
      `Could not reach ${HIGHLEVEL} for ${method} ${call.path}: ${describeNetworkError(err)}. ` +
        (isRead(method, call.path)
          ? 'Please try again.'
          : 'The change may or may not have been made; check HighLevel before running this step again.'),
      'network_error',
    );
  }
};

/** Makes one HighLevel API call and returns the parsed JSON body (every step but API Request). */
export const callApi = async (z: ZObject, call: ApiCall): Promise<unknown> =>
  (await callApiForResponse(z, call)).data as unknown;
