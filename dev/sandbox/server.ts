/**
 * A local, stateful, HighLevel-compatible HTTP server ("the sandbox") for developing and testing
 * the Users integration without a HighLevel account: Users API 2.0, the two Locations reads, the
 * OAuth 2.0 code flow, rate limits, and injectable faults. See sandbox/README.md.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { TokenStore, type Grant, type SandboxTokenSet, type TokenUserType } from './auth';
import {
  inactiveLocationApiError,
  PARTIAL_UPDATE_MODES,
  userJson,
  type PartialUpdates,
} from './behaviour';
import {
  API_VERSION,
  DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_RATE_LIMIT,
  DEFAULT_TOKEN_SCOPES,
  DEFAULT_USER_SCOPES,
  MSG,
  PERMISSION_DEFAULTS,
} from './constants';
import {
  isPaused,
  type ApiContext,
  type ApiRoute,
  type MintOptions,
  type RequestContext,
  type SandboxState,
} from './context';
import { FaultQueue, faultHeaders, type FaultSpec } from './faults';
import { fail, headerValue, HttpError, readBody, type RouteResult } from './http-util';
import { RateLimiter } from './rate-limit';
import { handleAdmin, type AdminApi, type ElsewhereEntry } from './routes-admin';
import { locationRoutes } from './routes-locations';
import { chooseLocation, token } from './routes-oauth';
import { userRoutes } from './routes-users';
import { Store, type StoredUser } from './store';
import type { UserJson } from './types';
import type { WebhookEventNaming } from './webhook-events';
import {
  parseWebhookPatch,
  type WebhookPatch,
  type WebhookSettings,
  type WebhookSignatures,
} from './webhook-settings';
import { webhookKeyPairs, WebhookSender, type WebhookDelivery, type WebhookKeys } from './webhooks';

export type { SandboxTokenSet } from './auth';
export type { FaultSpec, FaultKind } from './faults';
export type { PartialUpdates } from './behaviour';
export type { WebhookEventNaming } from './webhook-events';
export type { WebhookSettings, WebhookSignatures } from './webhook-settings';
export type { WebhookDelivery, WebhookKeys } from './webhooks';

export interface SandboxOptions {
  /** 0 = a free port (default for this function; the CLI defaults to 4010). */
  port?: number;
  /** Default '127.0.0.1'; only loopback addresses are allowed. */
  host?: string;
  /** Seeded users, default 12. At least one per location plus an agency admin are always made. */
  users?: number;
  /** Seeded locations (sub-accounts), default 3. */
  locations?: number;
  /** PRNG seed, default 42: same seed (and counts) => identical data and IDs. */
  seed?: number;
  clientId?: string;
  clientSecret?: string;
  accessTokenTtlSeconds?: number;
  /** Delay before a queued DELETE takes effect, default 3000 ms. */
  deleteDelayMs?: number;
  /** Default {burst: 100, windowMs: 10000, daily: 200000}; false: never 429 (headers still sent). */
  rateLimit?: { burst: number; windowMs: number; daily: number } | false;
  /** Default true for startSandbox (no console output); the CLI logs each request. */
  quiet?: boolean;
  /**
   * false (default): behave as HighLevel really does; true: as its OpenAPI document says where
   * the two differ (see behaviour.ts; e.g. `scopes` one string). CLI `--spec`.
   */
  spec?: boolean;
  /**
   * PUT /users/{id}: 'merge' (default; permissions merge key by key, `locationIds: []` is 422)
   * or 'reset' (a `permissions` object resets the switches it does not name to their defaults,
   * `locationIds: []` clears). CLI `--reset-partial-updates`; `POST /_sandbox/mode` at run time.
   */
  partialUpdates?: PartialUpdates;
  /**
   * Bulk installation, as HighLevel's "Allow Agency to Bulk Install the App" listing setting:
   * choosing a sub-account on the consent page yields a Company token (no `locationId`,
   * `isBulkInstallation: true`). Default false. CLI `--bulk-install`; `POST /_sandbox/bulk-install`.
   */
  bulkInstall?: boolean;
  /**
   * Where user events are posted (docs/highlevel-behaviour.md W1-W6): an http(s) URL on loopback
   * only. Default none. CLI `--webhook-url`; `POST /_sandbox/webhook` or `setWebhook` at run time.
   */
  webhookUrl?: string;
  /** The events' `type` spelling: 'legacy' (default, UserCreate), 'dotted' (user.created), 'both'. */
  webhookEvents?: WebhookEventNaming;
  /** Which signature headers events carry: 'both' (default), 'ed25519' or 'rsa'. */
  webhookSignatures?: WebhookSignatures;
  /** The wait before retrying an event answered 429, default 600000 (HighLevel's 10 minutes). */
  webhookRetryMs?: number;
}

export interface RequestLogEntry {
  method: string;
  /** Path without the query string, as requested. */
  path: string;
  query: Record<string, string>;
  /** 0 for a connection reset by a 'reset' fault. */
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface Sandbox {
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  company: { id: string; name: string };
  locations: Array<{ id: string; name: string }>;
  /** Ready agency (Company) connection; installing user = an agency admin. */
  agency: SandboxTokenSet;
  /** Ready sub-account (Location) connection for the first location; installing user = its admin. */
  subAccount: SandboxTokenSet;
  mintToken(opts: {
    userType: 'Company' | 'Location';
    locationId?: string;
    scopes?: string[];
    ttlSeconds?: number;
  }): SandboxTokenSet;
  /** Every current access token becomes expired (401 Invalid JWT); refresh tokens still work. */
  expireAccessTokens(): void;
  injectFault(f: FaultSpec): void;
  /** API + OAuth requests (not /_sandbox), in the order their responses were sent. */
  requestLog: RequestLogEntry[];
  clearLog(): void;
  /** The current behaviour switches (`POST /_sandbox/mode` changes them at run time). */
  modes(): { spec: boolean; partialUpdates: PartialUpdates };
  /**
   * Pauses a sub-account (as an agency or a lapsed SaaS plan does): its tokens' API calls answer
   * 401 "Location is not active", their refreshes 400 "Location is not active" without using up
   * the refresh token. Throws for an unknown location id. Idempotent.
   */
  pauseLocation(locationId: string): void;
  /** Makes a paused sub-account active again; the refresh tokens refused meanwhile work. */
  resumeLocation(locationId: string): void;
  /** Whether bulk installation is on (see `SandboxOptions.bulkInstall`). */
  bulkInstall(): boolean;
  /** Switches bulk installation on or off at run time. */
  setBulkInstall(on: boolean): void;
  /** The public keys (SPKI PEM) the user events' signatures verify with; new at every start. */
  webhookKeys: WebhookKeys;
  /** The current webhook settings (URL, event spelling, signatures, retry interval). */
  webhook(): WebhookSettings;
  /**
   * Sets the webhook URL (undefined: none; clearing drops every attempt not yet sent) and any
   * setting given; the others keep their value. Throws for a URL off loopback or a bad value.
   */
  setWebhook(url: string | undefined, options?: Partial<Omit<WebhookSettings, 'url'>>): void;
  /** Every delivery attempt, oldest first (the same array as it grows). */
  webhookDeliveries: WebhookDelivery[];
  /** Resolves once no event waits to be sent, is on the wire, or waits for a retry. */
  webhooksIdle(): Promise<void>;
  /** Closes the server and every socket, clears all timers. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

interface CompiledRoute {
  route: ApiRoute;
  regex: RegExp;
  keys: string[];
}

function compile(routes: ApiRoute[]): CompiledRoute[] {
  return routes.map((route) => {
    const keys: string[] = [];
    const source = route.pattern
      .split('/')
      .map((seg) => {
        if (seg.startsWith(':')) {
          keys.push(seg.slice(1));
          return '([^/]+)';
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    return { route, regex: new RegExp(`^${source}$`), keys };
  });
}

type Match = { kind: 'ok'; route: ApiRoute; params: Record<string, string> } | { kind: 'none' };

function matchRoute(table: CompiledRoute[], method: string, path: string): Match {
  for (const c of table) {
    if (c.route.method !== method) continue;
    const m = c.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    c.keys.forEach((k, i) => {
      const raw = m[i + 1] as string;
      try {
        params[k] = decodeURIComponent(raw);
      } catch {
        params[k] = raw;
      }
    });
    return { kind: 'ok', route: c.route, params };
  }
  return { kind: 'none' };
}

function errorResult(e: HttpError): RouteResult {
  return { status: e.status, json: e.body, headers: { ...e.headers } };
}

const OAUTH_PREFIXES = ['/oauth/', '/v2/oauth/'];

/** A webhook change from options or a Sandbox method, checked as the admin route checks a body. */
function checkedWebhookPatch(patch: WebhookPatch): WebhookPatch {
  const checked = parseWebhookPatch(patch);
  if (!checked.ok) throw new Error(checked.problem);
  return checked.patch;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    throw new Error(
      `The sandbox only listens on loopback (127.0.0.1, localhost, ::1), not ${host}`,
    );
  }
  const clientId = opts.clientId ?? 'sandbox-client-id';
  const clientSecret = opts.clientSecret ?? 'sandbox-client-secret';
  const accessTokenTtlSeconds = opts.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  const deleteDelayMs = opts.deleteDelayMs ?? 3000;
  const quiet = opts.quiet ?? true;
  const partialUpdates = opts.partialUpdates ?? 'merge';
  if (!PARTIAL_UPDATE_MODES.includes(partialUpdates)) {
    throw new Error(`partialUpdates must be one of: ${PARTIAL_UPDATE_MODES.join(', ')}`);
  }
  // Checked before the keys are made.
  const webhookOptions = checkedWebhookPatch({
    url: opts.webhookUrl,
    events: opts.webhookEvents,
    signatures: opts.webhookSignatures,
    retryMs: opts.webhookRetryMs,
  });
  // Made on libuv's threads while the store seeds.
  const keyPairs = webhookKeyPairs();

  const store = new Store({
    seed: opts.seed ?? 42,
    users: opts.users ?? 12,
    locations: opts.locations ?? 3,
  });
  const tokens = new TokenStore();
  const limiter = new RateLimiter(
    opts.rateLimit === false || opts.rateLimit === undefined
      ? { ...DEFAULT_RATE_LIMIT }
      : { ...opts.rateLimit },
    opts.rateLimit !== false,
  );
  const faults = new FaultQueue();
  const webhooks = new WebhookSender(await keyPairs, webhookOptions);
  const requestLog: RequestLogEntry[] = [];
  const elsewhereLog: ElsewhereEntry[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sleepers = new Set<() => void>();
  let closed = false;

  function grantFor(
    userType: TokenUserType,
    locationId: string | undefined,
    scopes: string[],
    bulk = false,
  ): Grant {
    if (userType === 'Company') {
      return {
        userType,
        companyId: store.company.id,
        userId: store.agencyAdminId,
        scopes: [...scopes],
        // A bulk installation approves the sub-accounts chosen, not all of them.
        approvedLocations:
          bulk && locationId !== undefined ? [locationId] : store.locations.map((l) => l.id),
        planId: store.planId,
        ...(bulk ? { bulk } : {}),
      };
    }
    const loc = locationId ?? store.locations[0]?.id ?? '';
    return {
      userType,
      companyId: store.company.id,
      locationId: loc,
      userId: store.locationAdminId(loc),
      scopes: [...scopes],
      approvedLocations: [loc],
      planId: store.planId,
    };
  }

  function mint(o: MintOptions): SandboxTokenSet {
    if (o.userType !== 'Company' && o.userType !== 'Location') {
      throw new Error('userType must be one of the following values: Company, Location');
    }
    if (o.locationId !== undefined && !store.locationById.has(o.locationId)) {
      throw new Error(`Unknown locationId: ${String(o.locationId)}`);
    }
    if (o.scopes !== undefined) {
      if (!Array.isArray(o.scopes) || !o.scopes.every((s) => typeof s === 'string')) {
        throw new Error('scopes must be an array of strings');
      }
    }
    const ttl = o.ttlSeconds ?? accessTokenTtlSeconds;
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) {
      throw new Error('ttlSeconds must be a non-negative number');
    }
    const scopes = o.scopes ?? [...DEFAULT_TOKEN_SCOPES];
    return tokens.issue(grantFor(o.userType, o.locationId, scopes), ttl);
  }

  function scheduleDelete(user: StoredUser): void {
    user.deleteQueued = true;
    const t = setTimeout(() => {
      timers.delete(t);
      store.markDeleted(user);
      webhooks.userEvent('delete', user, state.spec);
    }, deleteDelayMs);
    t.unref();
    timers.add(t);
  }

  const state: SandboxState = {
    spec: opts.spec === true,
    partialUpdates,
    rawUsers: [],
    pageQuirks: [],
    pausedLocations: new Set<string>(),
    bulkInstall: opts.bulkInstall === true,
    store,
    tokens,
    clientId,
    clientSecret,
    accessTokenTtlSeconds,
    scheduleDelete,
    userEvent: (kind, user) => webhooks.userEvent(kind, user, state.spec),
    mint,
    grantFor,
  };

  const apiTable = compile([...userRoutes, ...locationRoutes]);

  /** Resolves after ms, or at once when the sandbox closes (then `closed` is true). */
  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        timers.delete(t);
        sleepers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      timers.add(t);
      sleepers.add(done);
    });
  }

  function rateKey(grant: Grant): string {
    // Limits are per app and per resource: the location of a sub-account token, the company of
    // an agency token.
    return grant.userType === 'Location'
      ? `location:${grant.locationId}`
      : `company:${grant.companyId}`;
  }

  function handleApi(ctx: RequestContext): RouteResult {
    const auth = tokens.authenticate(headerValue(ctx.headers, 'authorization'));
    const key = auth.ok ? rateKey(auth.grant) : undefined;
    let result: RouteResult;
    try {
      const match = matchRoute(apiTable, ctx.method, ctx.path);
      if (match.kind === 'none') throw fail.noRoute(ctx.method, ctx.url);
      // Version first: HighLevel routes on it before anything else looks at the request.
      const version = headerValue(ctx.headers, 'version');
      if (version === undefined || version.trim() === '') throw fail.badRequest(MSG.versionMissing);
      if (version.trim() !== API_VERSION) {
        throw fail.badRequest(
          `Version header "${version}" is not supported by this endpoint; use ${API_VERSION}`,
        );
      }
      // Missing, unknown and expired tokens all get the same answer.
      if (!auth.ok) throw fail.invalidJwt(state.spec);
      // A paused sub-account's token: 401, before the rate limit counts the call.
      if (isPaused(state, auth.grant)) throw HttpError.from(inactiveLocationApiError(state.spec));
      const verdict = limiter.hit(key as string);
      if (verdict.limited) throw fail.tooMany();
      const { route } = match;
      const grant = auth.grant;
      const kindOk =
        route.access === 'any' ||
        (route.access === 'agency' && grant.userType === 'Company') ||
        (route.access === 'location' && grant.userType === 'Location');
      if (!kindOk || !grant.scopes.includes(route.scope)) throw fail.scope(state.spec);
      const apiCtx: ApiContext = { ...ctx, params: match.params, grant };
      result = route.handler(apiCtx, state);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      result = errorResult(e);
    }
    // Every API response carries the five rate-limit headers.
    result.headers = { ...limiter.headers(key), ...(result.headers ?? {}) };
    return result;
  }

  function handleOAuth(ctx: RequestContext): RouteResult {
    if (
      ctx.method === 'GET' &&
      (ctx.path === '/oauth/chooselocation' || ctx.path === '/v2/oauth/chooselocation')
    ) {
      return chooseLocation(ctx, state);
    }
    if (ctx.method === 'POST' && ctx.path === '/oauth/token') return token(ctx, state);
    return errorResult(fail.noRoute(ctx.method, ctx.url));
  }

  function faultAnswer(f: FaultSpec, ctx: RequestContext): RouteResult {
    const auth = tokens.authenticate(headerValue(ctx.headers, 'authorization'));
    const rl = limiter.headers(auth.ok ? rateKey(auth.grant) : undefined);
    switch (f.kind) {
      case 'status': {
        // What a load balancer in front of the API sends: HTML, not JSON.
        const status = f.status ?? 500;
        const text = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
        return {
          status,
          raw: `<html><body><h1>${text}</h1></body></html>`,
          contentType: 'text/html',
        };
      }
      case 'rate-limit':
        return {
          status: 429,
          json: { statusCode: 429, message: MSG.tooMany },
          headers: { ...rl, 'X-RateLimit-Remaining': '0' },
        };
      case 'daily-limit':
        return {
          status: 429,
          json: { statusCode: 429, message: MSG.tooMany },
          headers: { ...rl, 'X-RateLimit-Daily-Remaining': '0' },
        };
      case 'malformed':
        return {
          status: f.status ?? 200,
          raw: '{"users": [',
          contentType: 'application/json',
          headers: rl,
        };
      case 'redirect':
        // A proxy or gateway redirecting the API call somewhere else: the client must not follow.
        return {
          status: f.status ?? 307,
          json: { redirected: true },
          headers: { Location: f.location ?? `${url}/_sandbox/elsewhere` },
        };
      case 'json-status':
        return { status: f.status ?? 200, json: f.body ?? defaultFaultUser(), headers: rl };
      case 'echo-secret': {
        const status = f.status ?? 400;
        return { status, json: { statusCode: status, message: echoMessage(ctx) }, headers: rl };
      }
      case 'empty':
      default:
        return { status: f.status ?? 200, raw: '', contentType: 'application/json', headers: rl };
    }
  }

  function faultResult(f: FaultSpec, ctx: RequestContext): RouteResult {
    const result = faultAnswer(f, ctx);
    if (f.headers !== undefined) result.headers = { ...(result.headers ?? {}), ...faultHeaders(f) };
    return result;
  }

  /** 'json-status' default body: a user object that looks valid (in the current mode's shape). */
  function defaultFaultUser(): UserJson {
    return userJson(state.spec, {
      id: 'x1',
      name: 'Xavier One',
      firstName: 'Xavier',
      lastName: 'One',
      email: 'xavier.one@example.com',
      phone: '+1 512-555-0101',
      extension: '',
      permissions: { ...PERMISSION_DEFAULTS },
      scopes: [...DEFAULT_USER_SCOPES],
      scopesAssignedToOnly: [],
      roles: {
        type: 'account',
        role: 'user',
        locationIds: [store.locations[0]?.id ?? ''],
        restrictSubAccount: false,
      },
      deleted: false,
      lcPhone: {},
      platformLanguage: 'en_US',
    });
  }

  /**
   * 'echo-secret': what a misbehaving proxy answers, quoting the credentials it got: the bearer
   * token, and on /oauth/token the client_secret, refresh_token and code form fields.
   */
  function echoMessage(ctx: RequestContext): string {
    const parts: string[] = [];
    const authz = headerValue(ctx.headers, 'authorization');
    const bearer = authz === undefined ? undefined : /^Bearer\s+(\S+)/i.exec(authz)?.[1];
    if (bearer !== undefined) parts.push(`token ${bearer}`);
    if (ctx.path === '/oauth/token') {
      const form = new URLSearchParams(ctx.rawBody.toString('utf8'));
      for (const [field, label] of [
        ['client_secret', 'secret'],
        ['refresh_token', 'refresh_token'],
        ['code', 'code'],
      ] as const) {
        const v = form.get(field);
        if (v !== null && v !== '') parts.push(`${label} ${v}`);
      }
    }
    return parts.length > 0 ? `Bad request for ${parts.join(' ')}` : 'Bad request';
  }

  function send(res: ServerResponse, result: RouteResult, entry: RequestLogEntry | null): void {
    const body =
      result.raw !== undefined
        ? result.raw
        : result.json !== undefined
          ? JSON.stringify(result.json)
          : '';
    const headers: Record<string, string> = { ...(result.headers ?? {}) };
    if (result.contentType !== undefined) headers['Content-Type'] = result.contentType;
    else if (body !== '') headers['Content-Type'] = 'application/json; charset=utf-8';
    headers['Content-Length'] = String(Buffer.byteLength(body));
    if (entry) {
      // Recorded before the bytes go out, so a client that reads the log right after its
      // response always finds the entry.
      entry.status = result.status;
      requestLog.push(entry);
      if (!quiet) console.log(`${entry.method} ${entry.path} -> ${result.status}`);
    }
    res.writeHead(result.status, headers);
    res.end(body);
  }

  function setPaused(locationId: string, paused: boolean): void {
    if (typeof locationId !== 'string' || !store.locationById.has(locationId)) {
      throw new Error(`Unknown locationId: ${String(locationId)}`);
    }
    if (paused) state.pausedLocations.add(locationId);
    else state.pausedLocations.delete(locationId);
  }

  const admin: AdminApi = {
    log: () => requestLog.map((e) => ({ ...e, query: { ...e.query } })),
    clearLog: () => {
      requestLog.length = 0;
    },
    injectFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    pendingFaults: () => faults.size,
    expireAccessTokens: () => tokens.expireAccessTokens(),
    mintToken: (o) => mint(o),
    info: () => info(),
    modes: () => ({ spec: state.spec, partialUpdates: state.partialUpdates }),
    setModes: (m) => {
      if (m.spec !== undefined) state.spec = m.spec;
      if (m.partialUpdates !== undefined) state.partialUpdates = m.partialUpdates;
    },
    setPaused,
    pausedLocations: () => [...state.pausedLocations],
    bulkInstall: () => state.bulkInstall,
    setBulkInstall: (on) => {
      state.bulkInstall = on;
    },
    addRawUsers: (users) => {
      state.rawUsers.push(...users.map((u) => structuredClone(u)));
      return state.rawUsers.length;
    },
    clearRawUsers: () => {
      state.rawUsers.length = 0;
    },
    queuePageQuirk: (q) => {
      state.pageQuirks.push(q);
      return state.pageQuirks.length;
    },
    clearPageQuirks: () => {
      state.pageQuirks.length = 0;
    },
    recordElsewhere: (e) => {
      elsewhereLog.push(e);
    },
    elsewhereLog: () => elsewhereLog.map((e) => structuredClone(e)),
    clearElsewhereLog: () => {
      elsewhereLog.length = 0;
    },
    webhook: () => webhooks.settings(),
    setWebhook: (patch) => webhooks.configure(patch),
    webhookDeliveries: () => webhooks.deliveries.map((d) => ({ ...d })),
    webhookKeys: () => webhooks.publicKeys,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const parsed = new URL(rawUrl, 'http://sandbox.invalid');
    const pathname = parsed.pathname;
    const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : pathname;
    const query = Object.fromEntries(parsed.searchParams);

    if (path === '/_sandbox' || path.startsWith('/_sandbox/')) {
      const rawBody = await readBody(req);
      send(
        res,
        handleAdmin(method, path, rawBody, admin, { url: rawUrl, query, headers: req.headers }),
        null,
      );
      return;
    }

    const entry: RequestLogEntry = { method, path: pathname, query, status: 0, at: Date.now() };
    const fault = faults.take(pathname);
    if (fault?.kind === 'reset') {
      requestLog.push(entry);
      if (!quiet) console.log(`${method} ${pathname} -> connection reset (fault)`);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') {
      await sleep(fault.delayMs ?? 5000);
      if (closed) return;
    }
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req);
    } catch (e) {
      if (e instanceof HttpError) send(res, errorResult(e), entry);
      else req.socket.destroy();
      return;
    }
    const ctx: RequestContext = {
      method,
      path,
      url: rawUrl,
      query,
      headers: req.headers,
      rawBody,
      params: {},
    };
    if (fault && fault.kind !== 'slow') {
      send(res, faultResult(fault, ctx), entry);
      return;
    }
    const isOAuth = OAUTH_PREFIXES.some((p) => path.startsWith(p));
    send(res, isOAuth ? handleOAuth(ctx) : handleApi(ctx), entry);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('[sandbox] unexpected error:', err);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ statusCode: 500, message: 'Internal server error' }));
      } else {
        res.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host === '::1' ? '[::1]' : host}:${port}`;

  const agency = mint({ userType: 'Company' });
  const subAccount = mint({ userType: 'Location', locationId: store.locations[0]?.id });
  const company = { id: store.company.id, name: store.company.name };
  const locations = store.locations.map((l) => ({ id: l.id, name: l.name }));

  function info(): Record<string, unknown> {
    return {
      url,
      clientId,
      clientSecret,
      company,
      locations,
      agency,
      subAccount,
      spec: state.spec,
      partialUpdates: state.partialUpdates,
      pausedLocations: [...state.pausedLocations],
      bulkInstall: state.bulkInstall,
    };
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    webhooks.close();
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const wake of [...sleepers]) wake();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  return {
    url,
    port,
    clientId,
    clientSecret,
    company,
    locations,
    agency,
    subAccount,
    mintToken: (o) => mint(o),
    expireAccessTokens: () => {
      tokens.expireAccessTokens();
    },
    injectFault: (f) => faults.add(f),
    requestLog,
    clearLog: () => {
      requestLog.length = 0;
    },
    modes: () => admin.modes(),
    pauseLocation: (id) => setPaused(id, true),
    resumeLocation: (id) => setPaused(id, false),
    bulkInstall: () => state.bulkInstall,
    setBulkInstall: (on) => admin.setBulkInstall(on === true),
    webhookKeys: webhooks.publicKeys,
    webhook: () => webhooks.settings(),
    setWebhook: (webhookUrl, options = {}) =>
      webhooks.configure(checkedWebhookPatch({ ...options, url: webhookUrl ?? null })),
    webhookDeliveries: webhooks.deliveries,
    webhooksIdle: () => webhooks.idle(),
    close,
  };
}
