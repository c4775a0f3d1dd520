/**
 * `/_sandbox/...`: control endpoints for out-of-process clients (e.g. `zapier-platform invoke`
 * or a shell script). No auth, not rate limited, never written to the request log.
 */
import type { SandboxTokenSet } from './auth';
import type { MintOptions } from './context';
import { faultProblem, type FaultSpec } from './faults';
import { isPlainObject } from './validation';
import type { RouteResult } from './http-util';

export interface AdminApi {
  log(): unknown[];
  clearLog(): void;
  injectFault(f: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  expireAccessTokens(): number;
  mintToken(opts: MintOptions): SandboxTokenSet;
  info(): unknown;
}

function bad(message: string): RouteResult {
  return { status: 400, json: { statusCode: 400, message } };
}

function parse(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
  const text = raw.toString('utf8').trim();
  if (text === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function handleAdmin(
  method: string,
  path: string,
  rawBody: Buffer,
  api: AdminApi,
): RouteResult {
  const route = `${method} ${path}`;
  switch (route) {
    case 'GET /_sandbox/log':
      return { status: 200, json: api.log() };
    case 'DELETE /_sandbox/log':
      api.clearLog();
      return { status: 204, raw: '' };
    case 'GET /_sandbox/info':
      return { status: 200, json: api.info() };
    case 'POST /_sandbox/expire-tokens':
      return { status: 200, json: { expired: api.expireAccessTokens() } };
    case 'DELETE /_sandbox/faults':
      api.clearFaults();
      return { status: 204, raw: '' };
    case 'POST /_sandbox/faults': {
      const body = parse(rawBody);
      if (!body.ok) return bad('Body must be JSON: a FaultSpec or an array of FaultSpecs');
      const specs = Array.isArray(body.value) ? body.value : [body.value];
      for (const s of specs) {
        const problem = faultProblem(s);
        if (problem) return bad(problem);
      }
      for (const s of specs) api.injectFault(s as FaultSpec);
      return { status: 201, json: { pending: api.pendingFaults() } };
    }
    case 'POST /_sandbox/tokens': {
      const body = parse(rawBody);
      if (!body.ok || !isPlainObject(body.value)) return bad('Body must be a JSON object');
      try {
        return { status: 201, json: api.mintToken(body.value as unknown as MintOptions) };
      } catch (e) {
        return bad(e instanceof Error ? e.message : String(e));
      }
    }
    default:
      return {
        status: 404,
        json: { statusCode: 404, message: `Cannot ${method} ${path}`, error: 'Not Found' },
      };
  }
}
