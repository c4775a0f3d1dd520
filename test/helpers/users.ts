// HighLevel's user as its API reference documents it and as the sandbox answers it, in one place
// for every suite, and the check that holds an operation's sample against a real mapped result.
import {
  PERMISSION_DEFAULTS,
  PERMISSION_KEYS,
  type PermissionKey,
} from '../../lib/highlevel/catalog';
import { passwordProblems } from '../../lib/safety/password';
import { LOCATION_ID } from './bundle';

/** A user as HighLevel documents it in the Get User response (UserSchema; no date field). */
export const documentedUser = {
  id: '0IHuJvc2ofPAAA8GzTRi',
  name: 'John Deo',
  firstName: 'John',
  lastName: 'Deo',
  email: 'john@deo.com',
  phone: '+1 808-868-8888',
  extension: '',
  permissions: { campaignsEnabled: true, campaignsReadOnly: false, contactsEnabled: true },
  scopes: ['contacts.write', 'campaigns.readonly'],
  roles: {
    type: 'account',
    role: 'admin',
    locationIds: [LOCATION_ID],
    restrictSubAccount: true,
  },
  deleted: false,
  lcPhone: { locationId: '+1234556677' },
  platformLanguage: 'en_US',
};

/**
 * documentedUser as the recorder in helpers/api.ts answers it: a switch that is off, assigned-only
 * scopes and a phone keyed by sub-account, so the fuzzed and hostile steps meet all three.
 */
export const recorderUser = {
  ...documentedUser,
  permissions: { campaignsEnabled: true, contactsEnabled: true, websitesEnabled: false },
  scopesAssignedToOnly: ['contacts.write'],
  lcPhone: { [LOCATION_ID]: '+1234556677' },
};

/** The same user in a Search Users answer, whose documented `scopes` is one string. */
export const documentedSearchUser = { ...documentedUser, scopes: 'campaigns.readonly' };

/**
 * documentedUser as every operation returns it: HighLevel's whole object, the fields people map
 * most lifted beside `roles`. Written out rather than computed, so it checks lib/highlevel/user.ts.
 */
export const mappedUser = {
  id: '0IHuJvc2ofPAAA8GzTRi',
  name: 'John Deo',
  firstName: 'John',
  lastName: 'Deo',
  email: 'john@deo.com',
  phone: '+1 808-868-8888',
  extension: '',
  permissions: { campaignsEnabled: true, campaignsReadOnly: false, contactsEnabled: true },
  scopes: ['contacts.write', 'campaigns.readonly'],
  scopesAssignedToOnly: [],
  roles: {
    type: 'account',
    role: 'admin',
    locationIds: [LOCATION_ID],
    restrictSubAccount: true,
  },
  type: 'account',
  role: 'admin',
  locationIds: [LOCATION_ID],
  restrictSubAccount: true,
  deleted: false,
  lcPhone: { locationId: '+1234556677' },
  platformLanguage: 'en_US',
};

/** documentedSearchUser as the operations return it: its one scope becomes a list. */
export const mappedSearchUser = { ...mappedUser, scopes: ['campaigns.readonly'] };

/** Each key's JSON type (arrays and null told apart from objects): a sample must match its output's. */
export const shape = (value: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v,
    ]),
  );

/** IDs from HighLevel's API documents: a sample must not show them as if they were real. */
export const DOCUMENTATION_IDS = ['0IHuJvc2ofPAAA8GzTRi', 've9EPM428h8vShlRW1KT'];

/** The top-level output keys an operation declares ("locationIds[]" → locationIds, "roles__type" → roles). */
export const outputKeys = (outputFields: unknown): string[] =>
  Array.isArray(outputFields)
    ? outputFields
        .map((field: unknown) =>
          field !== null && typeof field === 'object' && 'key' in field ? String(field.key) : '',
        )
        .filter(Boolean)
        .map((key) => key.replace(/\[\]$/, '').split('__')[0] ?? key)
    : [];

/**
 * An operation's sample must hold only keys its output fields declare, each with the JSON type a
 * mapped real answer gives it, every one of them present in that answer, and no documentation ID
 * nor per-sub-account phone map (lcPhone).
 */
export const expectSampleFits = (
  sample: Record<string, unknown> | undefined,
  outputFields: unknown,
  mapped: Record<string, unknown>,
): void => {
  expect(sample).toBeDefined();
  const keys = Object.keys(sample ?? {});
  const declared = new Set(outputKeys(outputFields));
  expect(keys.filter((key) => !declared.has(key))).toEqual([]);
  expect(keys.filter((key) => !(key in mapped))).toEqual([]);
  const real = shape(mapped);
  expect(Object.fromEntries(keys.map((key) => [key, real[key]]))).toEqual(shape(sample ?? {}));
  expect(keys).not.toContain('lcPhone');
  for (const id of DOCUMENTATION_IDS) expect(JSON.stringify(sample)).not.toContain(id);
};

/** What no operation's description may name: HighLevel's endpoints, verbs and catalog names. */
export const ENDPOINT_WORDS =
  /\bGET\b|\bPOST\b|\bPUT\b|Search Users|\(Get User\)|\/users|filter-by-email/;

/** All 38 of HighLevel's switches, as a real Get User answer holds them: the defaults, then these. */
export const allSwitches = (
  overrides: Partial<Record<PermissionKey, boolean>> = {},
): Record<PermissionKey, boolean> => ({ ...PERMISSION_DEFAULTS, ...overrides });

/** Every switch off but the ones named: a template whose every switch differs from the defaults. */
export const switchesOnly = (...on: PermissionKey[]): Record<PermissionKey, boolean> =>
  Object.fromEntries(PERMISSION_KEYS.map((key) => [key, on.includes(key)])) as Record<
    PermissionKey,
    boolean
  >;

export const TEMPLATE_ID = 'templateUser00000001';
export const TEMPLATE_LOCATION = 'templateLocation0001';

/** The user whose access a step copies: a Get User answer with every switch. */
export const templateUser = {
  id: TEMPLATE_ID,
  name: 'Tess Template',
  firstName: 'Tess',
  lastName: 'Template',
  email: 'tess@agency.com',
  phone: '+1 415-555-0100',
  permissions: switchesOnly('contactsEnabled', 'conversationsEnabled', 'tagsEnabled'),
  scopes: ['contacts.write', 'conversations.readonly', 'calendars.readonly'],
  scopesAssignedToOnly: ['conversations/message.readonly'],
  roles: {
    type: 'account',
    role: 'user',
    locationIds: [TEMPLATE_LOCATION, LOCATION_ID],
    restrictSubAccount: true,
  },
  deleted: false,
};

/** True when a password meets HighLevel's policy (12+ characters, upper, lower, digit, special). */
export const meetsPasswordPolicy = (password: unknown): boolean =>
  typeof password === 'string' && passwordProblems(password).length === 0;

// ---- the user as the sandbox answers it ----

/** A user as the sandbox (and live HighLevel) answers Search Users: every field present. */
export interface UserLike {
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  deleted: boolean;
  scopes: string[];
  scopesAssignedToOnly: string[];
  permissions: Record<string, boolean>;
  roles: { type: string; role: string; locationIds: string[]; restrictSubAccount: boolean };
  platformLanguage: string;
  profilePhoto?: string;
  lcPhone: Record<string, string>;
  extension: string;
}

export interface SearchBody {
  users: UserLike[];
  count: number;
}

/**
 * A user as live Get User answers it: without `roles.restrictSubAccount` (Search keeps it).
 */
export function asGetUser<T extends { roles: object }>(u: T): T {
  const roles: Record<string, unknown> = { ...u.roles };
  delete roles.restrictSubAccount;
  return { ...u, roles } as T;
}

/** Live HighLevel's answer for a well-formed user id that does not exist. */
export const USER_DOES_NOT_EXIST = {
  message: 'The user does not exist.',
  error: 'Unauthorized',
  statusCode: 401,
};

let sequence = 0;

/** An email no user has yet. */
export const freshEmail = (what: string): string =>
  `${what}-${process.pid}-${Date.now().toString(36)}-${(sequence += 1)}@example.com`;
