// The end-to-end tests' shared setup: a real sandbox on a free loopback port per test file, the
// app pointed at it through its environment variables (as an agency would), and small helpers
// that run an operation through Zapier's runtime and return what the sandbox saw meanwhile.
import {
  startSandbox,
  type RequestLogEntry,
  type Sandbox,
  type SandboxOptions,
  type SandboxTokenSet,
} from '../../sandbox/server';
import { API_VERSION } from '../../lib/config';
import {
  bundleFor,
  createTester,
  performOf,
  useSandbox,
  type AppTester,
  type AuthData,
} from '../../tour/harness';

const APP_ENV = ['GHL_API_BASE_URL', 'GHL_AUTHORIZE_BASE_URL', 'CLIENT_ID', 'CLIENT_SECRET'];

/**
 * Starts a sandbox before the file's tests and closes it after them, restoring the environment
 * variables `useSandbox` changed. Returns a getter: the sandbox exists only once beforeAll ran.
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

/** The authData Zapier keeps for a connection, from one of the sandbox's ready token sets. */
export const authDataOf = (tokens: SandboxTokenSet): AuthData => ({
  access_token: tokens.access_token,
  refresh_token: tokens.refresh_token,
  companyId: tokens.companyId,
  userType: tokens.userType,
  userId: tokens.userId,
  ...(tokens.locationId ? { locationId: tokens.locationId } : {}),
});

export interface Invoked<T> {
  result: T;
  /** The HTTP requests the sandbox answered while the operation ran. */
  requests: RequestLogEntry[];
}

type Kind = 'triggers' | 'creates' | 'searches';

/** What `work` returned, and the requests the sandbox answered meanwhile. */
export const traced = async <T>(sandbox: Sandbox, work: () => Promise<T>): Promise<Invoked<T>> => {
  const before = sandbox.requestLog.length;
  const result = await work();
  return { result, requests: sandbox.requestLog.slice(before) };
};

/** Runs an operation by key, as Zapier runs a step, and returns its result and its requests. */
export const invoker =
  (getSandbox: () => Sandbox, appTester: AppTester = createTester()) =>
  <T>(
    kind: Kind,
    key: string,
    authData: AuthData,
    inputData: Record<string, unknown> = {},
    meta: Parameters<typeof bundleFor>[2] = {},
  ): Promise<Invoked<T>> =>
    traced(
      getSandbox(),
      async () =>
        (await appTester(performOf(kind, key), bundleFor(authData, inputData, meta))) as T,
    );

/** The requests the sandbox answered while `work` ran (`work` checks its own outcome). */
export const requestsDuring = async (
  sandbox: Sandbox,
  work: () => Promise<unknown>,
): Promise<RequestLogEntry[]> => (await traced(sandbox, work)).requests;

/** A request as `METHOD /path`, for readable assertions. */
export const line = (entry: RequestLogEntry): string => `${entry.method} ${entry.path}`;

/**
 * A user as the sandbox holds it, read with the sandbox's own API outside the app (with a token
 * minted for the purpose, so it works whatever the test did to the connection's tokens).
 */
export const storedUser = async (
  sandbox: Sandbox,
  userId: string,
): Promise<Record<string, unknown>> => {
  const { access_token } = sandbox.mintToken({ userType: 'Company' });
  const response = await fetch(`${sandbox.url}/users/${encodeURIComponent(userId)}`, {
    headers: {
      Authorization: `Bearer ${access_token}`,
      Version: API_VERSION,
      Accept: 'application/json',
    },
  });
  if (response.status !== 200) {
    throw new Error(`The sandbox answered ${response.status} for user ${userId}`);
  }
  return (await response.json()) as Record<string, unknown>;
};

/** Waits until `check` holds (polling every 20 ms), or fails after `timeoutMs`. */
export const eventually = async (
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 3000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** The keys whose values differ between two JSON objects. */
export const changedKeys = (
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort();

/** The message a user reads from a z.errors.Error (AppError), whose message is JSON. */
export const appErrorMessage = (err: unknown): string => {
  if (!(err instanceof Error)) return String(err);
  try {
    const parsed = JSON.parse(err.message) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : err.message;
  } catch {
    return err.message;
  }
};

/** Runs `work`, which must fail, and returns the error. */
export const failureOf = async (work: () => Promise<unknown>): Promise<Error> => {
  try {
    await work();
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`Expected an Error, got ${String(err)}`, { cause: err });
  }
  throw new Error('Expected the call to fail, but it succeeded');
};
