// The end-to-end tests' shared setup: a real sandbox on a free loopback port per test file, the
// app pointed at it through its environment variables (as an agency would), and small helpers
// that run an operation through Zapier's runtime and return what the sandbox saw meanwhile.
import type { RequestLogEntry, Sandbox } from '../../dev/sandbox/server';
import {
  bundleFor,
  createTester,
  performOf,
  type AppTester,
  type AuthData,
} from '../../dev/tour/harness';

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
