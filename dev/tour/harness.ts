// Runs the app through the real Zapier runtime (zapier-platform-core's app tester, the same code
// Zapier executes) against a local sandbox: shared by `npm start`, the end-to-end tests and the
// benchmark.
import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import App from '../../index';
import authentication from '../../authentication';
import { forgetWebhookKeys } from '../../lib/highlevel/webhooks';
import type { Sandbox } from '../sandbox/server';
import { bundleFor, type AuthData } from './bundle';

export { bundleFor, type AuthData };

export type AppTester = ReturnType<typeof zapier.createAppTester>;
export type Perform = (z: ZObject, bundle: Bundle) => unknown;

/** An operation's perform, looked up by key the way Zapier does. */
export const performOf = (kind: 'triggers' | 'creates' | 'searches', key: string): Perform => {
  const definitions = App[kind] as Record<string, { operation: { perform?: unknown } }> | undefined;
  const perform = definitions?.[key]?.operation.perform;
  if (typeof perform !== 'function') throw new Error(`${kind}.${key} has no perform function`);
  return perform as Perform;
};

export const REDIRECT_URI = 'https://zapier.com/dashboard/auth/oauth/return/App000CLIAPI/';

/**
 * Points the app at the sandbox, exactly as an agency would with environment variables: its API,
 * its consent page, its client credentials, and the keys it signs webhooks with.
 */
export const useSandbox = (sandbox: Sandbox): void => {
  process.env.GHL_API_BASE_URL = sandbox.url;
  process.env.GHL_AUTHORIZE_BASE_URL = sandbox.url;
  process.env.CLIENT_ID = sandbox.clientId;
  process.env.CLIENT_SECRET = sandbox.clientSecret;
  process.env.GHL_WEBHOOK_PUBLIC_KEY = sandbox.webhookKeys.ed25519;
  process.env.GHL_WEBHOOK_RSA_PUBLIC_KEY = sandbox.webhookKeys.rsa;
  forgetWebhookKeys();
};

export const createTester = (): AppTester => zapier.createAppTester(App);

/** The number of HTTP requests the sandbox saw while `work` ran, and its result. */
export const counted = async <T>(
  sandbox: Sandbox,
  work: () => Promise<T>,
): Promise<{ result: T; requests: number }> => {
  const before = sandbox.requestLog.length;
  const result = await work();
  return { result, requests: sandbox.requestLog.length - before };
};

/**
 * The OAuth dance as Zapier does it: authorize URL → consent page → redirect with code → token
 * exchange → connection test → label. `choose` is the sandbox's stand-in for the person clicking
 * the agency or a location on HighLevel's page.
 */
export const connect = async (
  appTester: AppTester,
  level: 'Company' | 'Location',
  choose: string,
): Promise<{ authData: AuthData; label: string }> => {
  const state = `state-${Date.now()}`;
  const inputData = { redirect_uri: REDIRECT_URI, state, userType: level };
  const authorizeUrl = (await appTester(
    authentication.oauth2Config.authorizeUrl,
    bundleFor({}, inputData),
  )) as string;
  const consent = await fetch(`${authorizeUrl}&choose=${encodeURIComponent(choose)}`, {
    redirect: 'manual',
  });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) {
    throw new Error(`The consent page answered ${consent.status} without a redirect.`);
  }
  const back = new URL(location);
  if (back.searchParams.get('state') !== state)
    throw new Error('The OAuth state came back changed.');
  const code = back.searchParams.get('code');
  if (!code) throw new Error('The consent redirect carried no code.');

  const tokens = (await appTester(
    authentication.oauth2Config.getAccessToken,
    bundleFor({}, { ...inputData, code }),
  )) as AuthData;
  const authData: AuthData = { userType: level, ...tokens };
  const user = (await appTester(authentication.test, bundleFor(authData))) as Record<
    string,
    unknown
  >;
  const label = (await appTester(
    authentication.connectionLabel,
    bundleFor(authData, user),
  )) as string;
  return { authData, label };
};

/** What Zapier does when a step throws RefreshAuthError: refresh, store the new tokens, retry. */
export const refresh = async (appTester: AppTester, authData: AuthData): Promise<AuthData> => {
  const fresh = (await appTester(
    authentication.oauth2Config.refreshAccessToken,
    bundleFor(authData),
  )) as AuthData;
  return { ...authData, ...fresh };
};

/**
 * Find or Create User as Zapier runs a search-or-create step: the search first, and the create
 * only when the search returned nothing.
 */
export const findOrCreate = async (
  appTester: AppTester,
  authData: AuthData,
  inputData: Record<string, unknown>,
): Promise<{ user: Record<string, unknown>; created: boolean }> => {
  const found = (await appTester(
    performOf('searches', 'find_user'),
    bundleFor(authData, inputData),
  )) as Array<Record<string, unknown>>;
  if (found.length > 0) return { user: found[0], created: false };
  const user = (await appTester(
    performOf('creates', 'create_user'),
    bundleFor(authData, inputData),
  )) as Record<string, unknown>;
  return { user, created: true };
};

export { App };
