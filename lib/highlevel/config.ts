// Where the app talks to, and the few constants every request carries.
import { setupError } from './errors';

export const DEFAULT_API_BASE_URL = 'https://services.leadconnectorhq.com';
export const DEFAULT_AUTHORIZE_BASE_URL = 'https://marketplace.gohighlevel.com';

// HighLevel versions its API by header; the Users endpoints are documented for this one only.
export const API_VERSION = '2021-07-28';

/** What `Version` may be: a dated version (2021-07-28) or a vN one. */
export const API_VERSION_PATTERN = /^(\d{4}-\d{2}-\d{2}|v\d+)$/;

// Scopes the Marketplace app must offer: users.* for every operation, locations.readonly for the
// location dropdown (it degrades to the connected sub-account without it).
export const OAUTH_SCOPES = ['users.readonly', 'users.write', 'locations.readonly'] as const;

// One page is all a poll or a dropdown page may ask for; HighLevel's own default is 25.
export const PAGE_SIZE = 100;

// Zapier gives an invocation 30 s (triggers) to 15 min; a hung HighLevel call should fail early
// enough to report a readable error instead of Zapier's generic timeout.
const DEFAULT_TIMEOUT_MS = 20_000;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export const isLoopbackHost = (hostname: string): boolean =>
  LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);

/** True when a URL may be called at all: HTTPS anywhere, plain HTTP only on this machine. */
export const isAllowedUrl = (url: URL): boolean =>
  url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));

// Only ever set in development (the sandbox), so naming the variable helps whoever set it.
const baseFromEnv = (name: string, fallback: string): string => {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw setupError(`${name} is not a valid URL: "${raw}".`);
  }
  if (!isAllowedUrl(url)) {
    throw setupError(
      `${name} must use https (plain http is accepted only for a loopback host such as 127.0.0.1): "${raw}".`,
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
};

/** The HighLevel API root: services.leadconnectorhq.com, or the local sandbox via GHL_API_BASE_URL. */
export const apiBaseUrl = (): string => baseFromEnv('GHL_API_BASE_URL', DEFAULT_API_BASE_URL);

/** Where the OAuth consent page lives (the marketplace host; the sandbox serves it too). */
export const authorizeBaseUrl = (): string =>
  baseFromEnv('GHL_AUTHORIZE_BASE_URL', DEFAULT_AUTHORIZE_BASE_URL);

export const requestTimeoutMs = (): number => {
  const fromEnv = Number(process.env.GHL_REQUEST_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_TIMEOUT_MS;
};
