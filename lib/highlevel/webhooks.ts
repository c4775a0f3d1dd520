// HighLevel's webhook deliveries: whether one really comes from HighLevel (its signature over the
// raw body, its age), and what a user event says. HighLevel signs with Ed25519 in X-GHL-Signature
// and, until it retires it, RSA-SHA256 in x-wh-signature; both keys are published (sources in
// docs/highlevel-behaviour.md, "Webhooks"), and either can be replaced by an environment variable.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { Bundle } from 'zapier-platform-core';
import { asString, isRecord } from '../safety/values';
import { mapUser, type UserOutput } from './user';

// HighLevel's Webhook Integration Guide, "GHL Signature (Ed25519) public key".
const HIGHLEVEL_ED25519_KEY = [
  '-----BEGIN PUBLIC KEY-----',
  'MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=',
  '-----END PUBLIC KEY-----',
].join('\n');

// HighLevel's Webhook Authentication Guide (the legacy x-wh-signature key).
const HIGHLEVEL_RSA_KEY = [
  '-----BEGIN PUBLIC KEY-----',
  'MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC',
  'Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6',
  'dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB',
  'csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv',
  'uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF',
  '3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU',
  'J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp',
  'IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN',
  'h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC',
  'HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ',
  'PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk',
  'T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==',
  '-----END PUBLIC KEY-----',
].join('\n');

export const KEY_GUIDE = 'https://marketplace.gohighlevel.com/docs/webhook/WebhookIntegrationGuide';

/** A key from its variable (PEM, real newlines or "\n" escapes), else HighLevel's own. */
const keyOf = (
  variable: string,
  published: string,
  type: 'ed25519' | 'rsa',
): KeyObject | string => {
  const pem = (process.env[variable] ?? '').replace(/\\n/g, '\n').trim() || published;
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === type
      ? key
      : `${variable} is a ${String(key.asymmetricKeyType)} key, not ${type}`;
  } catch {
    return `${variable} is not a PEM public key`;
  }
};

// Parsed once per process: a key does not change while the app runs.
let keys: { ed25519: KeyObject | string; rsa: KeyObject | string } | undefined;
const webhookKeys = () =>
  (keys ??= {
    ed25519: keyOf('GHL_WEBHOOK_PUBLIC_KEY', HIGHLEVEL_ED25519_KEY, 'ed25519'),
    rsa: keyOf('GHL_WEBHOOK_RSA_PUBLIC_KEY', HIGHLEVEL_RSA_KEY, 'rsa'),
  });

/** For tests and the sandbox: read the keys again from the environment. */
export const forgetWebhookKeys = (): void => {
  keys = undefined;
};

/** A header of the delivery, whatever its case, with or without Zapier's "Http-" prefix. */
const headerOf = (headers: Record<string, unknown>, name: string): string | undefined => {
  for (const [key, value] of Object.entries(headers)) {
    const bare = key.toLowerCase().replace(/^http-/, '');
    if (bare === name && typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
};

// A base64 signature of a plausible size: 64 bytes (Ed25519) or up to a 4096-bit RSA key's 512.
const SIGNATURE = /^[A-Za-z0-9+/]{40,700}={0,2}$/;

/** Why a delivery is not HighLevel's, or undefined when its signature verifies. */
export const signatureProblem = (
  body: string,
  headers: Record<string, unknown>,
): string | undefined => {
  const ed25519 = headerOf(headers, 'x-ghl-signature');
  const rsa = headerOf(headers, 'x-wh-signature');
  // HighLevel's guide: verify X-GHL-Signature when present; x-wh-signature only without it.
  const [signature, kind] =
    ed25519 !== undefined && ed25519 !== 'N/A'
      ? ([ed25519, 'ed25519'] as const)
      : rsa !== undefined
        ? ([rsa, 'rsa'] as const)
        : [undefined, undefined];
  if (signature === undefined || kind === undefined) {
    return 'it carries no X-GHL-Signature or x-wh-signature header';
  }
  const key = webhookKeys()[kind];
  if (typeof key === 'string') {
    return `no usable ${kind === 'ed25519' ? 'Ed25519' : 'RSA'} key to check it (${key}; HighLevel publishes its keys at ${KEY_GUIDE})`;
  }
  const header = kind === 'ed25519' ? 'X-GHL-Signature' : 'x-wh-signature';
  if (!SIGNATURE.test(signature)) return `its ${header} is not a signature`;
  const valid = verify(
    kind === 'ed25519' ? null : 'sha256',
    Buffer.from(body, 'utf8'),
    key,
    Buffer.from(signature, 'base64'),
  );
  return valid ? undefined : `its ${header} does not match its body`;
};

/** How old a delivery may be: HighLevel's guide suggests five minutes against replays. */
export const MAX_AGE_MS = 5 * 60 * 1000;

export type UserEventKind = 'created' | 'updated' | 'deleted';

/** The user event a payload's `type` names (both of HighLevel's spellings), or undefined. */
export const userEventKind = (type: unknown): UserEventKind | undefined => {
  if (typeof type !== 'string') return undefined;
  const bare = type.toLowerCase().replace(/[^a-z]/g, '');
  if (/^user(create|created)$/.test(bare)) return 'created';
  if (/^user(update|updated)$/.test(bare)) return 'updated';
  if (/^user(delete|deleted)$/.test(bare)) return 'deleted';
  return undefined;
};

export interface UserEventOutput extends UserOutput {
  event: UserEventKind;
  webhookId: string;
  companyId: string;
  locationId: string;
}

/**
 * A user event as the polling triggers output a user, plus `event` and `webhookId`. HighLevel's
 * event names no user type (docs/highlevel-behaviour.md, "Webhooks"); its sub-accounts come as
 * `locations`, or as the one `locationId`.
 */
export const userFromEvent = (
  payload: Record<string, unknown>,
  event: UserEventKind,
): UserEventOutput => {
  const locations = Array.isArray(payload.locations)
    ? payload.locations.filter((id): id is string => typeof id === 'string')
    : asString(payload.locationId)
      ? [asString(payload.locationId)]
      : [];
  const permissions = isRecord(payload.permissions) ? payload.permissions : undefined;
  return {
    ...mapUser({
      id: asString(payload.id),
      firstName: asString(payload.firstName),
      lastName: asString(payload.lastName),
      email: asString(payload.email),
      phone: asString(payload.phone),
      extension: asString(payload.extension),
      ...(permissions ? { permissions } : {}),
      roles: { role: asString(payload.role), locationIds: locations },
      deleted: event === 'deleted',
    }),
    event,
    webhookId: asString(payload.webhookId),
    companyId: asString(payload.companyId),
    locationId: asString(payload.locationId),
  };
};

/** The delivery's body exactly as received, when Zapier hands it over. */
export const rawBodyOf = (bundle: Bundle): string | undefined => {
  const content = bundle.rawRequest?.content;
  if (typeof content === 'string' && content !== '') return content;
  // Without the raw body, HighLevel's own SDK verifies the JSON written out again.
  return bundle.cleanedRequest && typeof bundle.cleanedRequest === 'object'
    ? JSON.stringify(bundle.cleanedRequest)
    : undefined;
};
