/**
 * `/_sandbox/...`: control endpoints for out-of-process clients (e.g. `zapier-platform invoke`
 * or a shell script). No auth, not rate limited, never written to the request log.
 */
import type { IncomingHttpHeaders } from 'http';
import type { SandboxTokenSet } from './auth';
import { PARTIAL_UPDATE_MODES, type PartialUpdates } from './behaviour';
import type { MintOptions, PageQuirk } from './context';
import { faultProblem, type FaultSpec } from './faults';
import type { RouteResult } from './http-util';
import { isPlainObject, oneOf } from './util';
import { parseWebhookPatch, type WebhookPatch, type WebhookSettings } from './webhook-settings';
import type { WebhookDelivery, WebhookKeys } from './webhooks';

/** A request `/_sandbox/elsewhere` received (where the 'redirect' fault points by default). */
export interface ElsewhereEntry {
  method: string;
  /** Path and query as requested. */
  url: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text ('' when none). */
  body: string;
  at: number;
}

export interface Modes {
  spec: boolean;
  partialUpdates: PartialUpdates;
}

/** What an admin request carries besides method, path and body. */
export interface AdminRequest {
  url: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
}

export interface AdminApi {
  log(): unknown[];
  clearLog(): void;
  injectFault(f: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  expireAccessTokens(): number;
  mintToken(opts: MintOptions): SandboxTokenSet;
  info(): unknown;
  modes(): Modes;
  setModes(m: Partial<Modes>): void;
  /** Pauses (true) or resumes (false) a location; throws for an unknown id. */
  setPaused(locationId: string, paused: boolean): void;
  /** The ids of the paused locations. */
  pausedLocations(): string[];
  bulkInstall(): boolean;
  setBulkInstall(on: boolean): void;
  /** Returns how many raw users there are now. */
  addRawUsers(users: Record<string, unknown>[]): number;
  clearRawUsers(): void;
  /** Returns how many page quirks are pending. */
  queuePageQuirk(q: PageQuirk): number;
  clearPageQuirks(): void;
  recordElsewhere(e: ElsewhereEntry): void;
  elsewhereLog(): ElsewhereEntry[];
  clearElsewhereLog(): void;
  webhook(): WebhookSettings;
  /** Applies a checked change (`parseWebhookPatch`). */
  setWebhook(patch: WebhookPatch): void;
  webhookDeliveries(): WebhookDelivery[];
  webhookKeys(): WebhookKeys;
}

const ELSEWHERE = '/_sandbox/elsewhere';

/** `{pages?, overfill?}` of duplicate-next-page / overfill-next-page; a problem or the quirk. */
function pageQuirkOf(
  body: unknown,
  duplicate: boolean,
): { ok: true; pages: number; quirk: PageQuirk } | { ok: false; problem: string } {
  if (!isPlainObject(body)) return { ok: false, problem: 'Body must be a JSON object' };
  const pages = body.pages ?? 1;
  if (!Number.isInteger(pages) || (pages as number) < 1 || (pages as number) > 1000) {
    return { ok: false, problem: 'pages must be an integer from 1 to 1000' };
  }
  const overfill = body.overfill ?? (duplicate ? 0 : undefined);
  if (!Number.isInteger(overfill) || (overfill as number) < 0 || (overfill as number) > 1000) {
    return {
      ok: false,
      problem: duplicate
        ? 'overfill must be an integer from 0 to 1000'
        : 'overfill is required: an integer from 0 to 1000',
    };
  }
  for (const k of Object.keys(body)) {
    if (k !== 'pages' && k !== 'overfill') {
      return { ok: false, problem: `property ${k} should not exist` };
    }
  }
  return { ok: true, pages: pages as number, quirk: { duplicate, overfill: overfill as number } };
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
  req: AdminRequest = { url: path, query: {}, headers: {} },
): RouteResult {
  if (path === ELSEWHERE || path.startsWith(`${ELSEWHERE}/`)) {
    // Any method: recorded, then a 200 that looks like a (users) answer, so a client that did
    // follow a redirect would not notice from the body alone.
    api.recordElsewhere({
      method,
      url: req.url,
      query: { ...req.query },
      headers: { ...req.headers },
      body: rawBody.toString('utf8'),
      at: Date.now(),
    });
    return { status: 200, json: { id: 'elsewhere', users: [] } };
  }
  const pause = /^\/_sandbox\/locations\/([^/]+)\/(pause|resume)$/.exec(path);
  if (pause) {
    if (method !== 'POST') {
      return {
        status: 404,
        json: { statusCode: 404, message: `Cannot ${method} ${path}`, error: 'Not Found' },
      };
    }
    let id: string;
    try {
      id = decodeURIComponent(pause[1] as string);
    } catch {
      id = pause[1] as string;
    }
    try {
      api.setPaused(id, pause[2] === 'pause');
    } catch {
      return { status: 404, json: { statusCode: 404, message: `Location not found: ${id}` } };
    }
    return {
      status: 200,
      json: {
        locationId: id,
        paused: pause[2] === 'pause',
        pausedLocations: api.pausedLocations(),
      },
    };
  }
  const route = `${method} ${path}`;
  switch (route) {
    case 'GET /_sandbox/elsewhere-log':
      return { status: 200, json: api.elsewhereLog() };
    case 'DELETE /_sandbox/elsewhere-log':
      api.clearElsewhereLog();
      return { status: 204, raw: '' };
    case 'GET /_sandbox/bulk-install':
      return { status: 200, json: { bulkInstall: api.bulkInstall() } };
    case 'POST /_sandbox/bulk-install': {
      const body = parse(rawBody);
      if (!body.ok || !isPlainObject(body.value)) return bad('Body must be a JSON object');
      for (const k of Object.keys(body.value)) {
        if (k !== 'bulkInstall') return bad(`property ${k} should not exist`);
      }
      if (typeof body.value.bulkInstall !== 'boolean') {
        return bad('bulkInstall must be a boolean value');
      }
      api.setBulkInstall(body.value.bulkInstall);
      return { status: 200, json: { bulkInstall: api.bulkInstall() } };
    }
    case 'GET /_sandbox/webhook':
      return { status: 200, json: { ...api.webhook(), deliveries: api.webhookDeliveries() } };
    case 'POST /_sandbox/webhook': {
      const body = parse(rawBody);
      if (!body.ok) return bad('Body must be a JSON object');
      const checked = parseWebhookPatch(body.value);
      if (!checked.ok) return bad(checked.problem);
      api.setWebhook(checked.patch);
      return { status: 200, json: api.webhook() };
    }
    case 'GET /_sandbox/webhook-keys':
      return { status: 200, json: api.webhookKeys() };
    case 'GET /_sandbox/mode':
      return { status: 200, json: api.modes() };
    case 'POST /_sandbox/mode': {
      const body = parse(rawBody);
      if (!body.ok || !isPlainObject(body.value)) return bad('Body must be a JSON object');
      const m = body.value;
      for (const k of Object.keys(m)) {
        if (k !== 'partialUpdates' && k !== 'spec') return bad(`property ${k} should not exist`);
      }
      if (
        m.partialUpdates !== undefined &&
        !(PARTIAL_UPDATE_MODES as readonly unknown[]).includes(m.partialUpdates)
      ) {
        return bad(oneOf('partialUpdates', PARTIAL_UPDATE_MODES));
      }
      if (m.spec !== undefined && typeof m.spec !== 'boolean') {
        return bad('spec must be a boolean value');
      }
      api.setModes(m as Partial<Modes>);
      return { status: 200, json: api.modes() };
    }
    case 'POST /_sandbox/raw-users': {
      const body = parse(rawBody);
      if (!body.ok || !Array.isArray(body.value) || !body.value.every(isPlainObject)) {
        return bad('Body must be a JSON array of objects (the raw users)');
      }
      return { status: 201, json: { rawUsers: api.addRawUsers(body.value) } };
    }
    case 'DELETE /_sandbox/raw-users':
      api.clearRawUsers();
      return { status: 204, raw: '' };
    case 'POST /_sandbox/duplicate-next-page':
    case 'POST /_sandbox/overfill-next-page': {
      const body = parse(rawBody);
      if (!body.ok) return bad('Body must be a JSON object');
      const q = pageQuirkOf(body.value, path.endsWith('/duplicate-next-page'));
      if (!q.ok) return bad(q.problem);
      let pending = 0;
      for (let i = 0; i < q.pages; i++) pending = api.queuePageQuirk({ ...q.quirk });
      return { status: 201, json: { pendingPages: pending } };
    }
    case 'DELETE /_sandbox/next-page':
      api.clearPageQuirks();
      return { status: 204, raw: '' };
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
