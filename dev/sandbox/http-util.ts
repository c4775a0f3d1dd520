/** HTTP plumbing shared by the routes: results, HighLevel-shaped errors, body parsing. */
import type { IncomingHttpHeaders, IncomingMessage } from 'http';
import { accessError } from './behaviour';
import { MSG } from './constants';
import type { Answer } from './types';
import { isPlainObject } from './util';

/** What a route answers; the server turns it into bytes (and a request-log entry). */
export interface RouteResult {
  status: number;
  /** Serialized with JSON.stringify unless `raw` is given. */
  json?: unknown;
  /** A ready body (pre-serialized JSON or HTML). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }

  /** An answer decided below the HTTP layer (behaviour.ts), thrown from a route. */
  static from(answer: Answer): HttpError {
    return new HttpError(answer.status, answer.json, answer.headers);
  }
}

/**
 * HighLevel-shaped error bodies: 400 `{statusCode, message}`; 401/403 `{statusCode, message}`
 * live and with `error` in spec mode (behaviour.ts `accessError`); 422 `{statusCode, message: [..], error}`.
 */
export const fail = {
  badRequest: (message: string): HttpError => new HttpError(400, { statusCode: 400, message }),
  invalidJwt: (spec: boolean): HttpError => HttpError.from(accessError(spec, 401, MSG.invalidJwt)),
  scope: (spec: boolean): HttpError => HttpError.from(accessError(spec, 401, MSG.scope)),
  forbidden: (spec: boolean, message: string = MSG.location): HttpError =>
    HttpError.from(accessError(spec, 403, message)),
  notFound: (message: string): HttpError => new HttpError(404, { statusCode: 404, message }),
  /** NestJS's default for an unmatched route. */
  noRoute: (method: string, url: string): HttpError =>
    new HttpError(404, { statusCode: 404, message: `Cannot ${method} ${url}`, error: 'Not Found' }),
  unprocessable: (messages: string[]): HttpError =>
    new HttpError(422, { statusCode: 422, message: messages, error: 'Unprocessable Entity' }),
  tooMany: (): HttpError => new HttpError(429, { statusCode: 429, message: MSG.tooMany }),
};

export const MAX_BODY_BYTES = 1_000_000;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) reject(new HttpError(413, { statusCode: 413, message: 'Payload Too Large' }));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
    // A client that went away (e.g. while a 'slow' fault held its request) never sends 'end'.
    req.once('close', () => reject(new Error('request closed before its body was read')));
    if (req.destroyed) reject(new Error('request already closed'));
  });
}

export function contentTypeOf(headers: IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Parses a JSON body the way NestJS's body parser does: an empty body is `{}`, malformed JSON
 * is 400, and anything other than an object cannot satisfy a DTO.
 */
export function jsonBody(raw: Buffer, headers: IncomingHttpHeaders): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  const ct = contentTypeOf(headers);
  if (ct === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(text));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw fail.badRequest(e instanceof Error ? e.message : 'Invalid JSON body');
  }
  if (!isPlainObject(parsed)) throw fail.badRequest('Request body must be a JSON object');
  return parsed;
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
