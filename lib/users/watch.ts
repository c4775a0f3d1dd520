// Watching users between polls: every user the connection sees (Search Users, 100 a page, paced
// under HighLevel's burst limit), a fingerprint of what a person can change about each, and what
// the last poll saw, kept in Zapier's cache (z.cache) per Zap, so that every change fires, a change
// back to an earlier state included. docs/instant-triggers.md says what each poll costs.
import { createHash } from 'node:crypto';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { PERMISSION_KEYS } from '../highlevel/catalog';
import { PAGE_SIZE } from '../highlevel/config';
import type { UserOutput } from '../highlevel/user';
import { inputError, named, type FieldLabels } from '../safety/checks';
import { searchPage } from './search';
import { thousands } from '../text';

/** The most users one poll reads: ten pages, well inside HighLevel's 100 requests per 10 s. */
export const MAX_WATCHED = 1_000;

/**
 * What a person can change about a user, and so what makes a new version. A fixed list, not the
 * whole object: a key HighLevel adds to its answers later must not give every user a new version
 * (and fire every Zap at once).
 */
export const VERSIONED_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'extension',
  'type',
  'role',
  'locationIds',
  'permissions',
  'scopes',
  'scopesAssignedToOnly',
  'platformLanguage',
  'profilePhoto',
  'deleted',
] as const satisfies ReadonlyArray<
  keyof UserOutput | 'extension' | 'permissions' | 'platformLanguage' | 'profilePhoto'
>;

/** Lists of codes sorted (HighLevel's order carries no meaning); switches sorted by name. */
const sortedForHash = (value: unknown): unknown => {
  if (Array.isArray(value))
    return value.every((item) => typeof item === 'string') ? [...value].sort() : value;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, record[key]]),
    );
  }
  return value ?? null;
};

/** Only the switches the app knows: a switch HighLevel adds later is not a change of the user. */
const knownSwitches = (permissions: unknown): Record<string, unknown> | null => {
  if (permissions === null || typeof permissions !== 'object') return null;
  const record = permissions as Record<string, unknown>;
  return Object.fromEntries(
    PERMISSION_KEYS.filter((key) => key in record).map((key) => [key, record[key]]),
  );
};

/** A fingerprint of the versioned fields of a mapped user: 16 hex characters. */
export const userFingerprint = (user: UserOutput): string =>
  createHash('sha1')
    .update(
      JSON.stringify(
        VERSIONED_FIELDS.map((key) =>
          sortedForHash(key === 'permissions' ? knownSwitches(user.permissions) : user[key]),
        ),
      ),
    )
    .digest('hex')
    .slice(0, 16);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every user the connection sees (in one sub-account when `locationId` is given), one request per
 * 100 users. Past MAX_WATCHED it stops with an error that says how to narrow the watch: it never
 * watches some users and silently not others.
 */
export const watchedUsers = async (
  z: ZObject,
  bundle: Pick<Bundle, 'authData'>,
  locationId: unknown,
  labels: FieldLabels,
): Promise<UserOutput[]> => {
  const users: UserOutput[] = [];
  let count: number | undefined;
  const tooMany = (): Error =>
    inputError([
      `This connection sees more than ${thousands(MAX_WATCHED)} users, more than one ` +
        'poll can watch. Pick a User to watch one, or a ' +
        `${named('locationId', labels)} to watch the users of one sub-account; nothing was fired`,
    ]);
  for (let page = 0; page < MAX_WATCHED / PAGE_SIZE; page += 1) {
    const found = await searchPage(z, bundle, { locationId, page, newestFirst: true }, labels);
    count ??= found.count;
    if (count !== undefined && count > MAX_WATCHED) throw tooMany();
    users.push(...found.users);
    // HighLevel documents `count` without saying what it counts: only one above a page's size is
    // surely the total, and lets a poll stop without asking for an empty last page.
    const total = count !== undefined && count > PAGE_SIZE ? count : undefined;
    if (found.users.length < PAGE_SIZE || (total !== undefined && users.length >= total)) {
      return users;
    }
    // HighLevel allows 100 requests per 10 s per app and account: when this poll would run out,
    // it waits for the window to turn rather than be refused midway.
    if (found.remaining !== undefined && found.remaining < 2) {
      await sleep(Math.min(found.windowMs ?? 10_000, 10_000));
    }
  }
  // Ten full pages: exactly the limit when HighLevel's count says so; else one look further.
  if (count !== undefined && count > PAGE_SIZE) return users;
  const next = await searchPage(
    z,
    bundle,
    { locationId, page: MAX_WATCHED / PAGE_SIZE, newestFirst: true },
    labels,
  );
  if (next.users.length > 0) throw tooMany();
  return users;
};

/** Zapier's cache, as the watches use it. */
interface Cache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttl?: number, scope?: string[]): Promise<unknown>;
}

// Kept as long as a Zap may sit paused; an expired state only means a new baseline.
const STATE_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Where a Zap's state lives: per connection (scope "auth") and per Zap, so that two Zaps on one
 * connection each see every change. Outside a Zap (a test run by hand) the inputs name it.
 */
export const stateKey = (bundle: Bundle, watch: string, ...inputs: unknown[]): string =>
  [
    watch,
    typeof bundle.meta?.zap?.id === 'string' || typeof bundle.meta?.zap?.id === 'number'
      ? `zap-${String(bundle.meta.zap.id)}`
      : 'no-zap',
    ...inputs.map((input) => (typeof input === 'string' && input !== '' ? input : '-')),
  ].join(':');

export const readState = async <T>(z: ZObject, key: string): Promise<T | undefined> => {
  const value: unknown = await (z.cache as Cache).get(key);
  return value === null || value === undefined ? undefined : (value as T);
};

/** Keeps a Zap's state for the next poll, writing it only when it differs from what was read. */
export const saveState = async (
  z: ZObject,
  key: string,
  before: unknown,
  now: unknown,
): Promise<void> => {
  if (JSON.stringify(before) === JSON.stringify(now)) return;
  await (z.cache as Cache).set(key, now, STATE_TTL_SECONDS, ['auth']);
};
