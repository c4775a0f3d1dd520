// What the sandbox-based reliability tests share: a sandbox per test file with the app pointed at
// it, the connections it hands out, direct calls for setting up data, and the way a Zapier user
// reads an error.
import {
  startSandbox,
  type Sandbox,
  type SandboxOptions,
  type SandboxTokenSet,
} from '../../sandbox/server';
import { useSandbox, type AuthData } from '../../tour/harness';
import { userMessage } from './fuzz';

const APP_ENV = [
  'GHL_API_BASE_URL',
  'GHL_AUTHORIZE_BASE_URL',
  'CLIENT_ID',
  'CLIENT_SECRET',
  'GHL_REQUEST_TIMEOUT_MS',
];

/** A sandbox for the test file (a getter: it exists once beforeAll ran); the env is restored after. */
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
    if (!sandbox) throw new Error('The sandbox is not running yet');
    return sandbox;
  };
};

/** The authData Zapier keeps for a connection made with these tokens. */
export const authOf = (tokens: SandboxTokenSet): AuthData => ({
  access_token: tokens.access_token,
  refresh_token: tokens.refresh_token,
  companyId: tokens.companyId,
  userType: tokens.userType,
  userId: tokens.userId,
  ...(tokens.locationId ? { locationId: tokens.locationId } : {}),
});

/** A direct call to the sandbox with an agency token, for setting up data (not the app). */
export const direct = async <T>(
  sandbox: Sandbox,
  path: string,
  options: { method?: string; body?: unknown; token?: string } = {},
): Promise<T> => {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: options.method ?? 'GET',
    headers: {
      Version: '2021-07-28',
      Accept: 'application/json',
      // A token of its own: tests expire the connections' tokens.
      Authorization: `Bearer ${options.token ?? sandbox.mintToken({ userType: 'Company' }).access_token}`,
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as T;
};

export interface SandboxUser {
  id: string;
  email: string;
  roles?: { locationIds?: string[] };
}

/** Users of the company with this email, deleted ones left out (what a duplicate check needs). */
export const usersWithEmail = async (sandbox: Sandbox, email: string): Promise<SandboxUser[]> => {
  const found = await direct<{ users: SandboxUser[] }>(sandbox, '/users/search/filter-by-email', {
    method: 'POST',
    body: { companyId: sandbox.company.id, emails: email, projection: 'all' },
  });
  return found.users;
};

let sequence = 0;

/** An email no user has yet. */
export const freshEmail = (what: string): string =>
  `${what}-${process.pid}-${Date.now().toString(36)}-${(sequence += 1)}@example.com`;

/** A new sub-account user, made directly in the sandbox (to be updated or deleted). */
export const newUser = async (sandbox: Sandbox, what = 'victim'): Promise<SandboxUser> =>
  direct<SandboxUser>(sandbox, '/users/', {
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

/** The rejection of `work`, which must fail. */
export const failureOf = async (work: () => Promise<unknown>): Promise<Error> => {
  try {
    await work();
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`threw a non-Error: ${String(err)}`, { cause: err });
  }
  throw new Error('expected a failure, but it succeeded');
};

/** What a failure shows: the readable message, and the delay of a ThrottledError. */
export const shown = (error: Error): { name: string; message: string; delay?: number } => {
  let delay: number | undefined;
  if (error.name === 'ThrottledError') {
    delay = (JSON.parse(error.message) as { delay?: number }).delay;
  }
  return {
    name: error.name,
    message: userMessage(error),
    ...(delay === undefined ? {} : { delay }),
  };
};

/** Internals a user must never read in an error: stack frames, parser errors, raw JSON dumps. */
export const INTERNALS =
  /\n\s+at |SyntaxError|TypeError|Unexpected (token|end)|JSON\.parse|"status":|<html/i;

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Faults queued and not yet consumed (a consumed 'slow' fault is never logged: the app hung up). */
export const pendingFaults = async (sandbox: Sandbox): Promise<number> => {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', body: '[]' });
  return ((await response.json()) as { pending: number }).pending;
};

/** Waits until the sandbox logged `count` requests since `from` (a slow answer is logged late). */
export const settled = async (sandbox: Sandbox, from: number, count: number, withinMs = 3000) => {
  const until = Date.now() + withinMs;
  while (sandbox.requestLog.length - from < count && Date.now() < until) await sleep(20);
};
