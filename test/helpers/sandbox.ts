// A real sandbox per test file, and every way a test reaches it outside the app: raw HTTP as any
// client sends it, data set up or read back directly, and its /_sandbox admin endpoints.
import { startSandbox, type Sandbox, type SandboxOptions } from '../../dev/sandbox/server';
import { useSandbox } from '../../dev/tour/harness';
import { freshEmail, type SearchBody, type UserLike } from './users';

// What useSandbox sets, and the timeout the fault tests shorten.
const APP_ENV = [
  'GHL_API_BASE_URL',
  'GHL_AUTHORIZE_BASE_URL',
  'CLIENT_ID',
  'CLIENT_SECRET',
  'GHL_WEBHOOK_PUBLIC_KEY',
  'GHL_WEBHOOK_RSA_PUBLIC_KEY',
  'GHL_REQUEST_TIMEOUT_MS',
];

/**
 * Starts a sandbox before the file's tests and closes it after them, restoring the environment
 * variables the file changed. Returns a getter: the sandbox exists only once beforeAll ran.
 */
export const sandboxForFile = (options: SandboxOptions = {}): (() => Sandbox) => {
  let sandbox: Sandbox | undefined;
  const saved = new Map<string, string | undefined>();
  beforeAll(async () => {
    for (const key of APP_ENV) saved.set(key, process.env[key]);
    sandbox = await startSandbox({ port: 0, quiet: true, ...options });
    useSandbox(sandbox);
  });
  afterAll(async () => {
    await sandbox?.close();
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  return () => {
    if (!sandbox) throw new Error('The sandbox is not running (used outside a test?)');
    return sandbox;
  };
};

// ---- raw HTTP: requests exactly as a test writes them, answers as they come ----

const VERSION = '2021-07-28';

export interface CallOptions {
  method?: string;
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  version?: string | null;
}

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

/** An answer as the tests read it: the JSON body when there is one, else undefined. */
const answerOf = async <T>(res: Response): Promise<CallResult<T>> => {
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as T };
};

/** Calls the sandbox API with a bearer token (agency by default) and the Version header. */
export async function call<T = unknown>(
  sb: Sandbox,
  path: string,
  opts: CallOptions = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
  const token = opts.token === undefined ? sb.agency.access_token : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const version = opts.version === undefined ? VERSION : opts.version;
  if (version !== null) headers.Version = version;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    if (headers['Content-Type'] === undefined) headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${sb.url}${path}`, {
    method: opts.method ?? 'GET',
    headers,
    body,
    redirect: 'manual',
  });
  return answerOf<T>(res);
}

/** POST /oauth/token with a form body. */
export async function tokenRequest(
  sb: Sandbox,
  form: Record<string, string>,
  contentType = 'application/x-www-form-urlencoded',
): Promise<CallResult<Record<string, unknown>>> {
  const body =
    contentType === 'application/x-www-form-urlencoded'
      ? new URLSearchParams(form).toString()
      : JSON.stringify(form);
  const res = await fetch(`${sb.url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
  };
}

/** Calls a `/_sandbox/...` admin endpoint (no auth) with an optional JSON body. */
export async function admin<T = Record<string, unknown>>(
  sb: Sandbox,
  method: string,
  path: string,
  body?: unknown,
): Promise<CallResult<T>> {
  const res = await fetch(`${sb.url}/_sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answerOf<T>(res);
}

/**
 * Runs a client script in a separate Node process. Used where the connection itself is the
 * subject (resets, close): in the jest process every client socket goes through nock's
 * interceptor, which does not cope well with connections the server destroys.
 * The script gets `URL` and `TOKEN` in process.env, may print 'READY' to signal the parent
 * (`onReady`), and must print one JSON line starting with 'RESULT ' before exiting.
 */
export async function runClient(
  script: string,
  env: Record<string, string>,
  onReady?: () => Promise<void>,
): Promise<Record<string, unknown>> {
  const { spawn } = await import('child_process');
  const child = spawn(process.execPath, ['-e', `(async () => { ${script} })()`], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let readyFired = false;
  let readyDone: Promise<void> = Promise.resolve();
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (!readyFired && out.includes('READY') && onReady) {
      readyFired = true;
      readyDone = onReady();
    }
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  await readyDone;
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`client exited ${code} without a result.\n${out}\n${err}`);
  return JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>;
}

// ---- data set up and read back directly, outside the app ----

/**
 * A call to the sandbox's own API outside the app, with an agency token minted for the purpose
 * (so it works whatever the test did to the connections' tokens). Fails unless the answer is 2xx.
 */
export const direct = async <T>(
  sandbox: Sandbox,
  path: string,
  options: { method?: string; body?: unknown; token?: string } = {},
): Promise<T> => {
  const answer = await call<T>(sandbox, path, {
    method: options.method,
    body: options.body,
    token: options.token ?? sandbox.mintToken({ userType: 'Company' }).access_token,
  });
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`${path}: HTTP ${answer.status} ${answer.text}`);
  }
  return answer.json;
};

/** Every user of the company, newest first, page by page as Search Users answers them. */
export const allUsers = async (sb: Sandbox): Promise<UserLike[]> => {
  const out: UserLike[] = [];
  for (let skip = 0; ; skip += 100) {
    const r = await call<SearchBody>(
      sb,
      `/users/search?companyId=${sb.company.id}&sort=dateAdded&limit=100&skip=${skip}`,
    );
    out.push(...r.json.users);
    if (r.json.users.length < 100) return out;
  }
};

/** A user as the sandbox holds it, read with the sandbox's own API outside the app. */
export const storedUser = (sandbox: Sandbox, userId: string): Promise<Record<string, unknown>> =>
  direct(sandbox, `/users/${encodeURIComponent(userId)}`);

/** The keys whose values differ between two JSON objects. */
export const changedKeys = (
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort();

/** Users of the company with this email, deleted ones left out (what a duplicate check needs). */
export const usersWithEmail = async (sandbox: Sandbox, email: string): Promise<UserLike[]> => {
  const found = await direct<{ users: UserLike[] }>(sandbox, '/users/search/filter-by-email', {
    method: 'POST',
    body: { companyId: sandbox.company.id, emails: email, projection: 'all' },
  });
  return found.users;
};

/** A new sub-account user, made directly in the sandbox (to be updated or deleted). */
export const newUser = async (sandbox: Sandbox, what = 'victim'): Promise<UserLike> =>
  direct<UserLike>(sandbox, '/users/', {
    method: 'POST',
    body: {
      companyId: sandbox.company.id,
      firstName: 'Test',
      lastName: 'Victim',
      email: freshEmail(what),
      password: 'test-password-1',
      type: 'account',
      role: 'user',
      locationIds: [sandbox.locations[0]?.id],
    },
  });

/** A sub-account user of the first location (a user every operation may act on). */
export const knownUser = async (sandbox: Sandbox): Promise<UserLike> => {
  const found = await direct<{ users: UserLike[] }>(
    sandbox,
    `/users/search?companyId=${sandbox.company.id}&locationId=${sandbox.locations[0]?.id}&type=account&limit=5`,
  );
  const user = found.users[found.users.length - 1];
  if (!user) throw new Error('The sandbox has no sub-account user in its first location');
  return user;
};

/** Faults queued and not yet consumed (a consumed 'slow' fault is never logged: the app hung up). */
export const pendingFaults = async (sandbox: Sandbox): Promise<number> =>
  (await admin<{ pending: number }>(sandbox, 'POST', 'faults', [])).json.pending;
