// Runs the app's steps as Zapier does, through core's app tester: by kind and key with the requests
// the sandbox answered meanwhile, the fields the editor would show, and hundreds of calls a file.
import zapier, { type PlainInputField } from 'zapier-platform-core';
import App from '../../index';
import type { RequestLogEntry, Sandbox } from '../../dev/sandbox/server';
import {
  bundleFor,
  createTester,
  performOf,
  type AppTester,
  type AuthData,
} from '../../dev/tour/harness';
import { makeBundle } from './bundle';

export type Kind = 'triggers' | 'creates' | 'searches';

const RENEW_EVERY = 200;

type Call = (...args: unknown[]) => Promise<unknown>;

/**
 * An app tester for files that run the app hundreds of times in one jest worker. Core's memory
 * checker exits a process that made 250 invocations holding more than 450 MB (sensible for a
 * Zapier worker, fatal for a jest one); the count lives in core's module, so a fresh copy of
 * zapier-platform-core every 200 calls keeps it low. Nothing else about an invocation changes.
 */
export const createRunner = (): AppTester => {
  let tester: AppTester = zapier.createAppTester(App);
  let calls = 0;
  const run: Call = async (...args) => {
    calls += 1;
    if (calls % RENEW_EVERY === 0) {
      await jest.isolateModulesAsync(async () => {
        const core = await import('zapier-platform-core');
        tester = core.default.createAppTester(App);
      });
    }
    return (tester as unknown as Call)(...args);
  };
  return run as unknown as AppTester;
};

export interface Invoked<T> {
  result: T;
  /** The HTTP requests the sandbox answered while the operation ran. */
  requests: RequestLogEntry[];
}

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

interface Definition {
  operation: { perform?: unknown; inputFields?: unknown };
}

const definitionOf = (kind: Kind, key: string): Definition => {
  const definitions = App[kind] as Record<string, Definition> | undefined;
  const definition = definitions?.[key];
  if (!definition) throw new Error(`${kind}.${key} is not registered`);
  return definition;
};

/**
 * An operation's input fields as the editor shows them to this connection: field functions
 * (Create User's Locations depends on the account level) are called the way Zapier calls them.
 */
export const inputFieldsOf = async (
  appTester: AppTester,
  kind: Kind,
  key: string,
  auth: AuthData,
  /** What the form holds so far: fields made by a function may depend on it. */
  inputData: Record<string, unknown> = {},
): Promise<PlainInputField[]> => {
  const declared = (definitionOf(kind, key).operation.inputFields ?? []) as unknown[];
  const resolved = await appTester(
    async (z, bundle) => {
      const fields: PlainInputField[] = [];
      for (const entry of declared) {
        if (typeof entry === 'function') {
          const more = (await entry(z, bundle)) as PlainInputField[];
          fields.push(...more);
        } else fields.push(entry as PlainInputField);
      }
      return fields;
    },
    makeBundle(inputData, auth),
  );
  return resolved as PlainInputField[];
};
