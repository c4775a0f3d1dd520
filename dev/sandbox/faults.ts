/**
 * Fault injection: queued failures consumed, in order, by the next matching API or OAuth
 * requests. They reproduce what an integration meets in the wild in front of HighLevel: gateway
 * errors with HTML bodies, 429s, truncated or empty JSON, dropped connections, slow answers,
 * redirects, odd statuses with JSON bodies, and proxies that quote the credentials they got.
 */

export type FaultKind =
  | 'status'
  | 'rate-limit'
  | 'daily-limit'
  | 'malformed'
  | 'empty'
  | 'reset'
  | 'slow'
  | 'redirect'
  | 'json-status'
  | 'echo-secret';

export interface FaultSpec {
  kind: FaultKind;
  /** How many requests it applies to; default 1. */
  count?: number;
  /**
   * 'status': 500 | 502 | 503 (default 500). 'redirect': 301 | 302 | 303 | 307 | 308 (default
   * 307). 'json-status': any of 200-599 but 204 and 304 (default 200). 'empty', 'malformed':
   * 200-599 but 204 and 304 (default 200). 'echo-secret': 200-599 but 204 and 304 (default 400).
   */
  status?: number;
  /** For 'slow': default 5000. */
  delayMs?: number;
  /** Only requests whose path starts with this. */
  path?: string;
  /** For 'redirect': the Location header; default `<sandbox url>/_sandbox/elsewhere`. */
  location?: string;
  /** For 'json-status': the JSON body; default a valid-looking user `{"id":"x1", ...}`. */
  body?: unknown;
  /**
   * Extra or replacing response headers (any kind that answers; meant for 'rate-limit', e.g.
   * `{"Retry-After": "-5"}`). Numbers are turned into strings. Content-Length,
   * Transfer-Encoding and Connection cannot be set.
   */
  headers?: Record<string, string | number>;
}

const KINDS: readonly FaultKind[] = [
  'status',
  'rate-limit',
  'daily-limit',
  'malformed',
  'empty',
  'reset',
  'slow',
  'redirect',
  'json-status',
  'echo-secret',
];

export const FAULT_STATUSES: readonly number[] = [500, 502, 503];
export const REDIRECT_STATUSES: readonly number[] = [301, 302, 303, 307, 308];

/**
 * Statuses a fault with a body may answer: 200-599 except 204 and 304 (no body allowed).
 * 1xx are informational: node's http server sends them without a body and the client keeps
 * waiting for the final answer, so they cannot be produced as an answer at all.
 */
export function isBodyStatus(n: unknown): boolean {
  return (
    Number.isInteger(n) && (n as number) >= 200 && (n as number) <= 599 && n !== 204 && n !== 304
  );
}

/** Header names a fault may not set: they describe the message framing. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function statusProblem(kind: FaultKind, status: unknown): string | null {
  if (status === undefined) return null;
  switch (kind) {
    case 'status':
      return FAULT_STATUSES.includes(status as number)
        ? null
        : `status must be one of the following values: ${FAULT_STATUSES.join(', ')}`;
    case 'redirect':
      return REDIRECT_STATUSES.includes(status as number)
        ? null
        : `status must be one of the following values: ${REDIRECT_STATUSES.join(', ')}`;
    case 'json-status':
    case 'empty':
    case 'malformed':
    case 'echo-secret':
      return isBodyStatus(status)
        ? null
        : 'status must be an integer from 200 to 599 other than 204 and 304 ' +
            '(1xx cannot be answered by node, 204/304 cannot carry a body)';
    default:
      return `status is not an option of ${kind}`;
  }
}

/** Checks a FaultSpec coming from outside (admin endpoint or API); returns a problem or null. */
export function faultProblem(spec: unknown): string | null {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return 'fault must be an object';
  }
  const f = spec as Record<string, unknown>;
  if (typeof f.kind !== 'string' || !(KINDS as readonly string[]).includes(f.kind)) {
    return `kind must be one of the following values: ${KINDS.join(', ')}`;
  }
  const kind = f.kind as FaultKind;
  if (f.count !== undefined && (!Number.isInteger(f.count) || (f.count as number) < 1)) {
    return 'count must be a positive integer';
  }
  const sp = statusProblem(kind, f.status);
  if (sp) return sp;
  if (
    f.delayMs !== undefined &&
    (typeof f.delayMs !== 'number' || !Number.isFinite(f.delayMs) || f.delayMs < 0)
  ) {
    return 'delayMs must be a non-negative number';
  }
  if (f.path !== undefined && typeof f.path !== 'string') return 'path must be a string';
  if (f.location !== undefined) {
    if (kind !== 'redirect') return 'location is an option of redirect only';
    if (typeof f.location !== 'string' || !HEADER_VALUE.test(f.location) || f.location === '') {
      return 'location must be a non-empty header value';
    }
  }
  if (f.body !== undefined && kind !== 'json-status')
    return 'body is an option of json-status only';
  if (f.headers !== undefined) {
    if (typeof f.headers !== 'object' || f.headers === null || Array.isArray(f.headers)) {
      return 'headers must be an object of header names to values';
    }
    for (const [name, value] of Object.entries(f.headers)) {
      if (!TOKEN.test(name)) return `headers: "${name}" is not a valid header name`;
      if (FRAMING_HEADERS.has(name.toLowerCase())) return `headers: ${name} cannot be set`;
      if (typeof value !== 'string' && (typeof value !== 'number' || !Number.isFinite(value))) {
        return `headers.${name} must be a string or a finite number`;
      }
      if (!HEADER_VALUE.test(String(value))) return `headers.${name} is not a valid header value`;
    }
  }
  return null;
}

/** A fault's `headers`, as strings. */
export function faultHeaders(f: FaultSpec): Record<string, string> {
  return Object.fromEntries(Object.entries(f.headers ?? {}).map(([k, v]) => [k, String(v)]));
}

interface Pending {
  spec: FaultSpec;
  remaining: number;
}

export class FaultQueue {
  private readonly pending: Pending[] = [];

  add(spec: FaultSpec): void {
    const problem = faultProblem(spec);
    if (problem) throw new Error(`Invalid fault: ${problem}`);
    this.pending.push({ spec: { ...spec }, remaining: spec.count ?? 1 });
  }

  /** The first queued fault matching this path, consumed once. */
  take(path: string): FaultSpec | undefined {
    const idx = this.pending.findIndex(
      (p) => p.spec.path === undefined || path.startsWith(p.spec.path),
    );
    if (idx < 0) return undefined;
    const p = this.pending[idx] as Pending;
    p.remaining--;
    if (p.remaining <= 0) this.pending.splice(idx, 1);
    return p.spec;
  }

  get size(): number {
    return this.pending.reduce((n, p) => n + p.remaining, 0);
  }

  clear(): void {
    this.pending.length = 0;
  }
}
