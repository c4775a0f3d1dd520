// A real sandbox per test file, for the end-to-end and the reliability tests: started on a free
// loopback port, the app pointed at it through its environment variables (as an agency would), and
// direct calls for reading and setting up its data outside the app.
import {
  startSandbox,
  type Sandbox,
  type SandboxOptions,
  type SandboxTokenSet,
} from '../../dev/sandbox/server';
import { useSandbox, type AuthData } from '../../dev/tour/harness';

// What useSandbox sets, and the timeout the fault tests shorten.
const APP_ENV = [
  'GHL_API_BASE_URL',
  'GHL_AUTHORIZE_BASE_URL',
  'CLIENT_ID',
  'CLIENT_SECRET',
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

/** The authData Zapier keeps for a connection, from one of the sandbox's token sets. */
export const authDataOf = (tokens: SandboxTokenSet): AuthData => ({
  access_token: tokens.access_token,
  refresh_token: tokens.refresh_token,
  companyId: tokens.companyId,
  userType: tokens.userType,
  userId: tokens.userId,
  ...(tokens.locationId ? { locationId: tokens.locationId } : {}),
});

/**
 * A call to the sandbox's own API outside the app, with an agency token minted for the purpose
 * (so it works whatever the test did to the connections' tokens). Fails unless the answer is 2xx.
 */
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
      Authorization: `Bearer ${options.token ?? sandbox.mintToken({ userType: 'Company' }).access_token}`,
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as T;
};
