// The user as HighLevel sends it (its wire shape, checked in plain code so a Get User poll never
// loads zod) and as every operation returns it: HighLevel's whole object, never trimmed, with the
// fields people map most (type, role, sub-account IDs) lifted to the top level.
import type { ZObject } from 'zapier-platform-core';
import { isRecord } from '../safety/values';
import { PERMISSION_KEYS, PERMISSION_LABELS } from './catalog';
import { callApi } from './client';
import { PAGE_SIZE } from './config';
import { unexpectedResponse } from './errors';

export interface Roles {
  [key: string]: unknown;
  type?: string | null;
  role?: string | null;
  locationIds?: string[] | null;
  restrictSubAccount?: boolean | null;
}

/** A user as HighLevel returns it: only `id` is certain; the rest may be missing or null. */
export interface User {
  [key: string]: unknown;
  id: string;
  name?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  extension?: string | null;
  permissions?: Record<string, unknown> | null;
  scopes?: string[] | string | null;
  scopesAssignedToOnly?: string[] | string | null;
  roles?: Roles | null;
  deleted?: boolean | null;
  lcPhone?: Record<string, unknown> | null;
  platformLanguage?: string | null;
  profilePhoto?: string | null;
}

const nullish = (value: unknown): value is null | undefined =>
  value === undefined || value === null;

const isText = (value: unknown): boolean => nullish(value) || typeof value === 'string';

const isTextList = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

const USER_TEXT = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'extension',
  'platformLanguage',
  'profilePhoto',
] as const;

const isRoles = (value: unknown): boolean =>
  nullish(value) ||
  (isRecord(value) &&
    isText(value.type) &&
    isText(value.role) &&
    (nullish(value.locationIds) || isTextList(value.locationIds)) &&
    (nullish(value.restrictSubAccount) || typeof value.restrictSubAccount === 'boolean'));

/**
 * Whether HighLevel's answer is a user the app can use. Tolerant: other keys pass, and every field
 * but `id` may be missing or null (docs/highlevel-behaviour.md, U13); `scopes` may be one string
 * (the v2 document) or a list (real answers).
 */
export const isUser = (value: unknown): value is User =>
  isRecord(value) &&
  typeof value.id === 'string' &&
  value.id !== '' &&
  USER_TEXT.every((key) => isText(value[key])) &&
  (nullish(value.permissions) || isRecord(value.permissions)) &&
  (nullish(value.lcPhone) || isRecord(value.lcPhone)) &&
  [value.scopes, value.scopesAssignedToOnly].every(
    (scopes) => nullish(scopes) || typeof scopes === 'string' || isTextList(scopes),
  ) &&
  isRoles(value.roles) &&
  (nullish(value.deleted) || typeof value.deleted === 'boolean');

/** A page of users: `{users: [...]}`, each judged on its own later. */
export const isUserPage = (value: unknown): value is { users: unknown[]; count?: number | null } =>
  isRecord(value) &&
  Array.isArray(value.users) &&
  (nullish(value.count) || typeof value.count === 'number');

export interface UserOutput {
  [key: string]: unknown;
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  type: string;
  role: string;
  locationIds: string[];
  restrictSubAccount: boolean;
  scopes: string[];
  scopesAssignedToOnly: string[];
  deleted: boolean;
}

const asList = (value: string[] | string | null | undefined): string[] =>
  Array.isArray(value)
    ? value
    : value
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];

export const mapUser = (user: User): UserOutput => {
  const firstName = user.firstName ?? '';
  const lastName = user.lastName ?? '';
  // HighLevel never returns a password; if an answer ever did, no output would carry it.
  const { password: _password, ...fields } = user;
  void _password;
  return {
    ...fields,
    id: user.id,
    name: user.name ?? [firstName, lastName].filter(Boolean).join(' '),
    firstName,
    lastName,
    email: user.email ?? '',
    phone: user.phone ?? '',
    type: user.roles?.type ?? '',
    role: user.roles?.role ?? '',
    locationIds: user.roles?.locationIds ?? [],
    restrictSubAccount: user.roles?.restrictSubAccount ?? false,
    scopes: asList(user.scopes),
    scopesAssignedToOnly: asList(user.scopesAssignedToOnly),
    deleted: user.deleted ?? false,
  };
};

/** One user from HighLevel, mapped; `written` as in unexpectedResponse, after a write. */
export const parseUser = (data: unknown, what: string, written?: string): UserOutput => {
  if (!isUser(data)) throw unexpectedResponse(what, written);
  return mapUser(data);
};

/** GET /users/{id}: one user, mapped. `userId` is checked and encoded already (`pathId`). */
export const getUser = async (z: ZObject, userId: string, what: string): Promise<UserOutput> =>
  parseUser(await callApi(z, { path: `/users/${userId}` }), what);

/**
 * A page of users from HighLevel, each parsed on its own: a user with an ID is kept however odd
 * the rest of it (null name, email or roles); one without is skipped with a note in the log. The
 * page never holds more than asked for, nor the same user twice.
 */
export const parseUsers = (
  z: ZObject,
  data: unknown,
  what: string,
  limit: number = PAGE_SIZE,
): UserOutput[] => {
  if (!isUserPage(data)) throw unexpectedResponse(what);
  const seen = new Set<string>();
  const users: UserOutput[] = [];
  let skipped = 0;
  for (const item of data.users) {
    if (!isUser(item)) {
      skipped += 1;
      continue;
    }
    if (seen.has(item.id) || users.length >= limit) continue;
    seen.add(item.id);
    users.push(mapUser(item));
  }
  if (skipped) {
    z.console.log(
      `Skipped ${skipped} user(s) in ${what} that HighLevel returned without a usable ID; the others are kept.`,
    );
  }
  return users;
};

/** "Jane Doe (jane@agency.com)": how a user is named in labels and dropdowns. */
export const userLabel = (user: Pick<UserOutput, 'name' | 'email' | 'id'>): string => {
  const name = user.name.trim();
  if (name && user.email) return `${name} (${user.email})`;
  return name || user.email || user.id;
};

// Shaped like a real answer, with only keys every mapped user has (no per-sub-account maps, no
// IDs from HighLevel's documents).
export const userSample: UserOutput = {
  id: 'Tq8v2LmZ4xNc7RbW1sKd',
  name: 'Maria Lopez',
  firstName: 'Maria',
  lastName: 'Lopez',
  email: 'maria.lopez@brightsmiledental.com',
  phone: '+1 415-555-0132',
  type: 'account',
  role: 'user',
  locationIds: ['k3Jd9QwE1rTy7UiO5pAs'],
  restrictSubAccount: true,
  // A few of the switches (every user has dozens): core copies the sample on every invocation, so
  // it shows the shape without the bulk.
  permissions: {
    contactsEnabled: true,
    conversationsEnabled: true,
    appointmentsEnabled: true,
    opportunitiesEnabled: true,
    workflowsEnabled: false,
    settingsEnabled: false,
  },
  scopes: ['contacts.write', 'conversations.write', 'calendars.write', 'opportunities.write'],
  scopesAssignedToOnly: [],
  deleted: false,
};

const outputField = (key: string, label: string, type: 'string' | 'boolean' = 'string') => ({
  key,
  label,
  type,
});

export const userOutputFields = [
  outputField('id', 'User ID'),
  outputField('name', 'Full Name'),
  outputField('firstName', 'First Name'),
  outputField('lastName', 'Last Name'),
  outputField('email', 'Email'),
  outputField('phone', 'Phone'),
  outputField('extension', 'Phone Extension'),
  outputField('type', 'User Type'),
  outputField('role', 'Role'),
  outputField('locationIds[]', 'Sub-account IDs'),
  outputField('restrictSubAccount', 'Restricted to Sub-accounts', 'boolean'),
  outputField('scopes[]', 'Scopes'),
  outputField('scopesAssignedToOnly[]', 'Scopes (Assigned Data Only)'),
  outputField('deleted', 'Deleted', 'boolean'),
  outputField('platformLanguage', 'Platform Language'),
  outputField('profilePhoto', 'Profile Photo URL'),
  ...PERMISSION_KEYS.map((key) =>
    outputField(`permissions__${key}`, `Permissions: ${PERMISSION_LABELS[key]}`, 'boolean'),
  ),
];

/** The shared output fields of these keys, in this order: a step that outputs part of a user. */
export const userOutputFieldsOf = (keys: readonly string[]) =>
  keys.map((key) => {
    const field = userOutputFields.find((candidate) => candidate.key === key);
    if (field === undefined) throw new Error(`No user output field ${key}`);
    return field;
  });

export const USER_RESOURCE = 'user';

/**
 * The User resource: the sample and output fields every user step shares, written once. Steps
 * link to it with `operation.resource`; core copies both into each of them in the definition
 * Zapier reads, and its per-invocation copy of the definition then holds one list instead of six.
 */
export const userResource = {
  key: USER_RESOURCE,
  noun: 'User',
  sample: userSample,
  outputFields: userOutputFields,
};
