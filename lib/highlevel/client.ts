// The one HighLevel client: base URL, headers, bearer token, no redirects, and HighLevel's answers
// turned into the errors of ./errors.ts. Operations call `callApi`; they never build hosts or map
// errors, and never retry by hand.
import type {
  AfterResponseMiddleware,
  BeforeRequestMiddleware,
  HttpMethod,
  HttpRequestOptions,
  HttpResponse,
  ZObject,
} from 'zapier-platform-core';
import { scrub, ZAPIER_ERROR_NAMES } from '../safety/secrets';
import { HIGHLEVEL, plural } from '../text';
import {
  API_VERSION,
  API_VERSION_PATTERN,
  apiBaseUrl,
  isAllowedUrl,
  requestTimeoutMs,
} from './config';
import {
  afterFailure,
  errorForResponse,
  HighLevelError,
  refuseNonFinal,
  responseSecrets,
  setupError,
} from './errors';

const isApiUrl = (url: string): boolean => {
  const base = apiBaseUrl();
  return url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);
};

const apiPath = (url: string): string => {
  const rest = url.slice(apiBaseUrl().length);
  return rest.split('?')[0] || '/';
};

const isOAuthPath = (path: string): boolean => path.startsWith('/oauth/');

// Zapier's own limit on one HTTP response. node-fetch stops reading past it, counting the bytes
// after decompression, so an answer that inflates (a small gzip of gigabytes) never fills memory.
export const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

// HighLevel's answers are a few levels deep; a deeper one is refused before anything walks it
// (core's own output handling recurses, and would fail with a stack overflow).
export const MAX_ANSWER_DEPTH = 100;

/** Whether JSON text nests objects and arrays deeper than `limit`, read once, without recursion. */
const nestedDeeperThan = (json: string, limit: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i += 1) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i += 1; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 125 || c === 93) depth -= 1;
  }
  return false;
};

/**
 * Per-call options for the middleware, carried in z.request's `middlewareData`: core never sends
 * it, and keeps it on `response.request` for the afterResponse middleware.
 */
interface CallOptions {
  /** The Version header for this call (API Request's override); API_VERSION when absent. */
  version?: string;
  /** A 2xx body that is empty or not JSON is handed back instead of failing (API Request). */
  acceptAnyBody?: boolean;
}

const callOptionsOf = (request: HttpRequestOptions): CallOptions =>
  ((request.middlewareData as { highLevel?: CallOptions } | undefined)?.highLevel ??
    {}) as CallOptions;

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
  Object.assign(request, { redirect: 'manual', size: MAX_RESPONSE_BYTES });
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

/**
 * An answer with the call's secrets taken out (a token, the client secret, the password sent, even
 * the one Create User made up): whatever HighLevel echoes never reaches an output or a message.
 */
const hideSecrets = (response: HttpResponse, secrets: readonly string[]) => {
  const content = scrub(response.content, secrets);
  if (content === response.content) return;
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    data = typeof response.data === 'object' ? undefined : response.data;
  }
  Object.assign(response, { content, data, json: data });
};

/**
 * Turns every HighLevel failure into the error a user can act on. Runs before core's
 * throwForStatus, so HighLevel's own words reach the user instead of a raw JSON dump.
 */
export const handleHighLevelErrors: AfterResponseMiddleware = (response, _z, bundle) => {
  const url = response.request.url ?? '';
  if (!isApiUrl(url)) return response;
  const path = apiPath(url);
  refuseNonFinal(response, HIGHLEVEL);
  if (typeof response.data === 'object' && nestedDeeperThan(response.content, MAX_ANSWER_DEPTH)) {
    throw new HighLevelError(
      `${HIGHLEVEL}'s answer to ${(response.request.method ?? 'GET').toUpperCase()} ${path} is nested ` +
        `more than ${MAX_ANSWER_DEPTH} levels deep, which no HighLevel answer is, so the app did not ` +
        'read it. Please try again; if it keeps happening, contact whoever runs this integration.',
      'answer_too_deep',
    );
  }
  // The token endpoint's answers are read by the OAuth calls themselves (lib/highlevel/oauth.ts).
  if (isOAuthPath(path)) return response;
  const secrets = responseSecrets(response, bundle);
  hideSecrets(response, secrets);
  const error = errorForResponse(response, secrets, {
    method: (response.request.method ?? 'GET').toUpperCase(),
    path,
    anyBody: callOptionsOf(response.request).acceptAnyBody === true,
  });
  if (error) throw error;
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

/** node-fetch's refusal to read past MAX_RESPONSE_BYTES. */
export const isTooLarge = (err: unknown): boolean =>
  (err as { type?: unknown } | null)?.type === 'max-size';

/** The error for an answer larger than Zapier takes. */
export const tooLarge = (method: string, path: string): Error =>
  new HighLevelError(
    `${HIGHLEVEL}'s answer to ${method} ${path} is larger than 20 MB, Zapier's limit for one ` +
      'response, so the app stopped reading it. ' +
      afterFailure(
        method,
        path,
        'Ask for less (a smaller page or a narrower search) and try again.',
      ),
    'answer_too_large',
  );

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

/** Makes one HighLevel API call and returns the whole response; every failure is an app error. */
export const callApiForResponse = async (z: ZObject, call: ApiCall): Promise<HttpResponse> => {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(call.params ?? {})) {
    if (value !== undefined && value !== '') params[key] = value;
  }
  const method = call.method ?? 'GET';
  // Outside the try: a bad GHL_API_BASE_URL is a setup error to show as is, not a network failure.
  const url = `${apiBaseUrl()}${call.path}`;
  try {
    return await z.request({
      url,
      method,
      params,
      ...(call.body === undefined
        ? {}
        : { body: call.body, headers: { 'Content-Type': 'application/json' } }),
      ...requestOptionsOf(call),
    });
  } catch (err) {
    if (err instanceof Error && ZAPIER_ERROR_NAMES.has(err.name)) throw err;
    if (isTooLarge(err)) throw tooLarge(method, call.path);
    if (!isNetworkError(err)) {
      // Not the network: the request could not even be built (a value fetch refuses, say).
      throw new HighLevelError(
        `The app could not send ${method} ${call.path} to ${HIGHLEVEL}: a value in this step or in the ` +
          'connection cannot be sent in a request. Nothing was sent; check the fields mapped into this step.',
        'request_not_sent',
      );
    }
    // Only ever set in development (the sandbox): name it, for whoever set it.
    const override = process.env.GHL_API_BASE_URL?.trim();
    const where = override ? ` at GHL_API_BASE_URL (${apiBaseUrl()})` : '';
    throw new HighLevelError(
      `Could not reach ${HIGHLEVEL}${where} for ${method} ${call.path}: ${describeNetworkError(err)}. ` +
        (override && (err as { code?: unknown }).code === 'ECONNREFUSED'
          ? 'Is the local sandbox running there (npm run sandbox)? '
          : '') +
        afterFailure(method, call.path, 'Please try again.'),
      'network_error',
    );
  }
};

/** Makes one HighLevel API call and returns the parsed JSON body (every step but API Request). */
export const callApi = async (z: ZObject, call: ApiCall): Promise<unknown> =>
  (await callApiForResponse(z, call)).data as unknown;
