/** Small HTTP helpers for the sandbox tests (real requests with global fetch). */
import type { Sandbox } from '../../dev/sandbox/server';

export const VERSION = '2021-07-28';

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
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as T };
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

export interface UserLike {
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  deleted: boolean;
  scopes: string[];
  scopesAssignedToOnly: string[];
  permissions: Record<string, boolean>;
  roles: { type: string; role: string; locationIds: string[]; restrictSubAccount: boolean };
  platformLanguage: string;
  profilePhoto?: string;
  lcPhone: Record<string, string>;
  extension: string;
}

export interface SearchBody {
  users: UserLike[];
  count: number;
}

/**
 * A user as live Get User answers it: without `roles.restrictSubAccount` (Search keeps it).
 */
export function asGetUser<T extends { roles: object }>(u: T): T {
  const roles: Record<string, unknown> = { ...u.roles };
  delete roles.restrictSubAccount;
  return { ...u, roles } as T;
}

/** Live HighLevel's answer for a well-formed user id that does not exist. */
export const USER_DOES_NOT_EXIST = {
  message: 'The user does not exist.',
  error: 'Unauthorized',
  statusCode: 401,
};

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
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as T };
}
