// How HighLevel's failures become the errors a Zap's owner sees: one sentence with the real cause
// and the real fix. Each error carries its facts (`code`, `status`) as fields, so a caller tells
// "not found" or "missing scope" apart without reading the message.
import type { Bundle, HttpResponse } from 'zapier-platform-core';
import { errors } from 'zapier-platform-core';
import packageJson from '../../package.json';
import { bodySecrets, knownSecrets, scrub, withoutContext } from '../safety/secrets';
import { clip, HIGHLEVEL, plural, thousands } from '../text';

/** An error of the app's about a HighLevel call; `z.errors.Error` (AppError) to core. */
export class HighLevelError extends errors.Error {
  readonly code: string;
  readonly status: number | undefined;

  constructor(message: string, code: string, status?: number) {
    super(message, code, status);
    this.code = code;
    this.status = status;
  }
}

/** The code and status of an app error, when it is one; nothing parses a message for them. */
export const errorFacts = (err: unknown): { code?: string; status?: number } =>
  err instanceof HighLevelError ? { code: err.code, status: err.status } : {};

/** A setup fault of the app's own (a bad base URL, an invalid version): shown as it is. */
export const setupError = (message: string): Error =>
  withoutContext(new HighLevelError(message, 'setup_error'));

const MAX_MESSAGE = 500;

/**
 * HighLevel's own words from an error body: `message` is a string (400, 401, 403, 404) or an array
 * of strings (422, NestJS validation); RFC 6749 answers use `error_description`. An HTML error page
 * from a proxy is described, never echoed.
 */
export const highLevelWords = (
  response: Pick<HttpResponse, 'data' | 'content' | 'getHeader'>,
): string => {
  const data: unknown = response.data;
  if (data && typeof data === 'object') {
    const body = data as Record<string, unknown>;
    const { message } = body;
    if (Array.isArray(message)) {
      const parts = message.filter((m): m is string => typeof m === 'string' && m.trim() !== '');
      if (parts.length) return clip(parts.join('; '), MAX_MESSAGE);
    }
    if (typeof message === 'string' && message.trim()) return clip(message.trim(), MAX_MESSAGE);
    for (const key of ['error_description', 'error', 'msg']) {
      const value = body[key];
      if (typeof value === 'string' && value.trim()) return clip(value.trim(), MAX_MESSAGE);
    }
    return '';
  }
  const content = (response.content ?? '').trim();
  if (!content) return '';
  const type = String(response.getHeader('content-type') ?? '');
  if (/html/i.test(type) || /^<(!doctype|html)/i.test(content)) {
    // The page's head is enough, and keeps the search short on a huge answer.
    const title = /<(title|h1)[^>]*>([^<]{1,120})</i.exec(content.slice(0, 4_096))?.[2]?.trim();
    return title ? `an error page saying "${title}"` : 'an HTML error page';
  }
  return 'a response that is not JSON';
};

/** The secrets an answer may echo: the connection's and the ones its request carried. */
export const responseSecrets = (
  response: HttpResponse,
  bundle: Partial<Bundle> | undefined,
): string[] => [...knownSecrets(bundle), ...bodySecrets(response.request.body)];

/** HighLevel's words for an answer, with every secret known for this call taken out. */
export const safeMessage = (response: HttpResponse, bundle: Partial<Bundle> | undefined): string =>
  scrub(highLevelWords(response), responseSecrets(response, bundle));

/**
 * A 1xx or 3xx is not an answer: the client does not follow redirects, so a 3xx means something
 * between the app and HighLevel wanted the request sent elsewhere.
 */
export const refuseNonFinal = (response: HttpResponse, what: string): void => {
  const { status } = response;
  if (status >= 300 && status < 400) {
    throw new HighLevelError(
      `${what} answered with a redirect (HTTP ${status}) instead of a result. HighLevel's API does ` +
        'not redirect, so the app did not follow it: nothing was sent to the other address. ' +
        'Please try again later; if it keeps happening, contact whoever runs this integration.',
      'redirect_refused',
      status,
    );
  }
  if (status < 200) {
    throw new HighLevelError(
      `${what} answered with HTTP ${status}, which is not a final answer. Please try again.`,
      'not_final',
      status,
    );
  }
};

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

const secondsUntilUtcMidnight = (now: Date): number => {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
};

/** The ThrottledError for a 429, with a delay read from HighLevel's rate-limit headers. */
export const throttled = (response: HttpResponse): Error => {
  const retryAfter = header(response, 'retry-after');
  // Not header(): it drops 0 as not positive, and 0 is the one value that matters here.
  const dailyRemaining = Number(response.getHeader('x-ratelimit-daily-remaining') || NaN);
  const dailyLimit = header(response, 'x-ratelimit-limit-daily');
  if (dailyRemaining === 0) {
    // HighLevel documents a per-day quota but no reset header: its day turns at midnight UTC.
    const delay = boundedDelay(retryAfter ?? secondsUntilUtcMidnight(new Date()));
    const hours = Math.ceil(delay / 3600);
    return new errors.ThrottledError(
      `${HIGHLEVEL}'s daily API limit${dailyLimit ? ` of ${thousands(dailyLimit)} requests` : ''} ` +
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
  return new errors.ThrottledError(
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

/** What a failed call leaves behind: a read changed nothing (`retry` says what next); a write may have. */
export const afterFailure = (method: string, path: string, retry: string): string =>
  isRead(method, path)
    ? retry
    : 'The change may or may not have been made; check HighLevel before running this step again.';

const isExpiredTokenMessage = (message: string): boolean =>
  /invalid jwt|jwt expired|token (is )?(expired|invalid)|invalid token|access token is invalid/i.test(
    message,
  );

/** A user or record that is not there: HighLevel says 404, or 401 "The user does not exist." */
const notFound = (path: string, message: string, status: number): Error => {
  const what = /^\/users\/(?!search$)[^/]+$/.test(path) ? 'that user' : 'what was asked for';
  return new HighLevelError(
    `${HIGHLEVEL} could not find ${what} (HTTP ${status}${message ? `: ${message}` : ''}). Check the ID, or whether it was deleted.`,
    'not_found',
    404,
  );
};

const forbidden = (message: string, status: number): Error =>
  new HighLevelError(
    `${HIGHLEVEL} refused access (HTTP ${status}): ${message || 'forbidden'}. This connection cannot reach ` +
      'that sub-account or user: connect at Agency level, or with the sub-account that owns it.',
    'forbidden',
    403,
  );

const missingScope = (method: string, path: string, message: string, status: number): Error => {
  const scope = scopeFor(method, path);
  if (scope === undefined) {
    // API Request: a scope beyond the app's own, which the consent page asks for only when the
    // deployment lists it in EXTRA_SCOPES.
    return new HighLevelError(
      `Your ${HIGHLEVEL} connection is not allowed to do this: the token lacks the scope this endpoint ` +
        `needs; ${HIGHLEVEL}'s API reference lists it (${API_REFERENCE_URL}). (${HIGHLEVEL} said: "${message}.") ` +
        'To add it: whoever deployed this integration adds the scope to its HighLevel Marketplace app ' +
        `and to EXTRA_SCOPES (\`npx zapier-platform env:set ${packageJson.version} EXTRA_SCOPES="…"\`, ` +
        'space-separated, with the scopes already there); then reconnect your HighLevel account in Zapier.',
      'missing_scope',
      status,
    );
  }
  return new HighLevelError(
    `Your ${HIGHLEVEL} connection is not allowed to do this: the token lacks the "${scope}" scope ` +
      `(${HIGHLEVEL} said: "${message}."). Add "${scope}" to the scopes of your HighLevel Marketplace app, ` +
      `then reconnect your HighLevel account in Zapier.`,
    'missing_scope',
    status,
  );
};

const unauthorized = (method: string, path: string, message: string, status: number): Error => {
  if (/not authorized for this scope/i.test(message)) {
    return missingScope(method, path, message, status);
  }
  // HighLevel answers a user ID that does not exist with a 401 (docs/highlevel-behaviour.md, U1):
  // not a token problem, so no refresh and no "reconnect".
  if (/does not exist|not found/i.test(message)) return notFound(path, message, status);
  // Another service's word for a 403 (a sub-account the token cannot reach).
  if (/not accessible from this token|does not have access/i.test(message)) {
    return forbidden(message, status);
  }
  if (/location is not active/i.test(message)) {
    return new HighLevelError(
      `${HIGHLEVEL} refused the request because the sub-account is paused or inactive ` +
        `(${HIGHLEVEL} said: "${message}."). Reactivate it in HighLevel; the connection then works ` +
        'again, with no need to reconnect.',
      'location_inactive',
      status,
    );
  }
  if (message === '' || isExpiredTokenMessage(message)) {
    // Expired or invalid access token: Zapier refreshes it and retries the step once.
    return withoutContext(
      new errors.RefreshAuthError(
        `${HIGHLEVEL} rejected the access token (${message || 'HTTP 401'}).`,
      ),
    );
  }
  return new HighLevelError(
    `${HIGHLEVEL} refused the request (HTTP 401): ${message}. Reconnect your HighLevel account in Zapier.`,
    'unauthorized',
    status,
  );
};

/** For a 2xx that cannot be read: a write was probably made, a read can simply be repeated. */
const unreadable = (what: string, status: number, method: string, path: string): string =>
  `${HIGHLEVEL} returned ${what} (HTTP ${status}) to ${method} ${path}. ` +
  (!isRead(method, path) && (status === 201 || status === 200)
    ? `${HIGHLEVEL} said it succeeded, so the change was probably made: check HighLevel ` +
      '(for a new user, look it up with Find User by email) before running this step again.'
    : afterFailure(method, path, 'Nothing was changed; please try again.'));

/**
 * The error for one of HighLevel's answers, or undefined when it is a usable result. A 2xx must
 * carry JSON unless `anyBody` (API Request) says any body will do.
 */
export const errorForResponse = (
  response: HttpResponse,
  secrets: readonly string[],
  call: { method: string; path: string; anyBody: boolean },
): Error | undefined => {
  const { status } = response;
  const { method, path } = call;
  if (status >= 200 && status < 300) {
    if (call.anyBody) return undefined;
    if (response.content.trim() === '') {
      return new HighLevelError(
        unreadable('an empty response', status, method, path),
        'empty_response',
        status,
      );
    }
    if (response.data === undefined) {
      return new HighLevelError(
        unreadable('a response that is not valid JSON', status, method, path),
        'invalid_json',
        status,
      );
    }
    return undefined;
  }
  // HighLevel's sentences often end with a period; each template below adds its own.
  const message = scrub(highLevelWords(response), secrets).replace(/\.+$/, '');
  if (status === 401) return unauthorized(method, path, message, status);
  if (status === 403) return forbidden(message, status);
  if (status === 404) return notFound(path, message, status);
  if (status === 429) return throttled(response);
  // An error, not a halt: Zapier reserves HaltedError for "nothing to do", and the Zap's owner
  // must learn that, say, no user was created.
  if (status === 400 || status === 422) {
    return new HighLevelError(
      `${HIGHLEVEL} rejected the request (HTTP ${status}): ${message || 'bad request'}.`,
      'rejected',
      status,
    );
  }
  if (status >= 500) {
    // A gateway's 502/503 says nothing about whether HighLevel behind it made a change.
    return new HighLevelError(
      `${HIGHLEVEL} is having trouble right now (HTTP ${status}${message ? `: ${message}` : ''}). ` +
        afterFailure(
          method,
          path,
          'Nothing was changed by this error; please try again in a few minutes.',
        ),
      'server_error',
      status,
    );
  }
  if (status >= 400) {
    return new HighLevelError(
      `${HIGHLEVEL} returned HTTP ${status}${message ? `: ${message}` : ''}.`,
      'http_error',
      status,
    );
  }
  return undefined;
};

/**
 * The error for an answer that cannot be read. After a write that HighLevel answered with success,
 * `written` says how to check what was done: "please try again" would invite a duplicate.
 */
export const unexpectedResponse = (what: string, written?: string): Error =>
  new HighLevelError(
    written
      ? `${HIGHLEVEL} said it succeeded but returned an unexpected response for ${what}, so the ` +
          `change was probably made: ${written} before running this step again.`
      : `${HIGHLEVEL} returned an unexpected response for ${what}; please try again, and contact support if it keeps happening.`,
    'unexpected_response',
  );
