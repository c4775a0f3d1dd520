/**
 * The sandbox's webhook settings and their checks, as data (docs/highlevel-behaviour.md W1, W3,
 * W5, W6): where user events go (loopback only), how they are spelled and signed, how long a 429
 * waits. webhooks.ts applies them.
 */
import { isPlainObject, oneOf } from './util';
import { WEBHOOK_EVENT_NAMINGS, type WebhookEventNaming } from './webhook-events';

/** Which signature headers events carry (W1, W2): both by default, as during the transition. */
export type WebhookSignatures = 'both' | 'ed25519' | 'rsa';

const WEBHOOK_SIGNATURES: readonly WebhookSignatures[] = ['both', 'ed25519', 'rsa'];

export interface WebhookSettings {
  /** null: no webhook is sent. */
  url: string | null;
  events: WebhookEventNaming;
  signatures: WebhookSignatures;
  /** The wait before a retry after a 429; HighLevel waits 10 minutes (W6). */
  retryMs: number;
}

/** A change of the settings: fields left out keep their value; `url: null` clears the URL. */
export type WebhookPatch = Partial<WebhookSettings>;

const DEFAULT_WEBHOOK_RETRY_MS = 600_000;
const MAX_RETRY_MS = 86_400_000;

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  url: null,
  events: 'legacy',
  signatures: 'both',
  retryMs: DEFAULT_WEBHOOK_RETRY_MS,
};

const LOOPBACK_IPV4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** A resolved address the sandbox may connect to. */
export function isLoopbackAddress(address: string): boolean {
  return LOOPBACK_IPV4.test(address) || address === '::1' || /^::ffff:127\./i.test(address);
}

/**
 * Why a URL cannot be the webhook URL, or undefined. WHATWG URL parsing canonicalises IPv4 forms
 * (`127.1`, `0x7f.0.0.1`), so the host check sees `127.0.0.1`.
 */
function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `url must be an absolute http(s) URL, not ${JSON.stringify(url)}`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `url must be http or https, not ${parsed.protocol}`;
  }
  const host = parsed.hostname;
  if (host !== 'localhost' && host !== '[::1]' && !LOOPBACK_IPV4.test(host)) {
    return `url must be on loopback (127.0.0.0/8, localhost, [::1]): the sandbox posts nowhere else, not to ${host}`;
  }
  return undefined;
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value);
}

/** Checks a settings change (an admin body, options, or a Sandbox method's arguments). */
export function parseWebhookPatch(
  body: unknown,
): { ok: true; patch: WebhookPatch } | { ok: false; problem: string } {
  if (!isPlainObject(body)) return { ok: false, problem: 'Body must be a JSON object' };
  const patch: WebhookPatch = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    switch (key) {
      case 'url': {
        if (value !== null && typeof value !== 'string') {
          return { ok: false, problem: 'url must be a string or null' };
        }
        const problem = value === null ? undefined : webhookUrlProblem(value);
        if (problem !== undefined) return { ok: false, problem };
        patch.url = value;
        break;
      }
      case 'events':
        if (!isOneOf(WEBHOOK_EVENT_NAMINGS, value)) {
          return { ok: false, problem: oneOf('events', WEBHOOK_EVENT_NAMINGS) };
        }
        patch.events = value;
        break;
      case 'signatures':
        if (!isOneOf(WEBHOOK_SIGNATURES, value)) {
          return { ok: false, problem: oneOf('signatures', WEBHOOK_SIGNATURES) };
        }
        patch.signatures = value;
        break;
      case 'retryMs':
        if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_RETRY_MS) {
          return { ok: false, problem: `retryMs must be an integer from 0 to ${MAX_RETRY_MS}` };
        }
        patch.retryMs = value as number;
        break;
      default:
        return { ok: false, problem: `property ${key} should not exist` };
    }
  }
  return { ok: true, patch };
}
