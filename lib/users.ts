// The user as every operation returns it: HighLevel's whole object, never trimmed, with the fields
// people map most (type, role, location IDs) lifted to the top level beside the nested `roles`.
import type { ZObject } from 'zapier-platform-core';
import { PERMISSION_KEYS } from './catalog';
import { PAGE_SIZE } from './config';
import { PERMISSION_LABELS } from './labels';
import { isUser, isUserPage, type User } from './shapes';
import { unexpectedResponse } from './validate';

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

/** One user from HighLevel, mapped; `written` as in parseResponse, after a write. */
export const parseUser = (data: unknown, what: string, written?: string): UserOutput => {
  if (!isUser(data)) throw unexpectedResponse(what, written);
  return mapUser(data);
};

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
  // A few of the 38 switches (every user has all of them): core copies the sample on every
  // invocation, so it shows the shape without the bulk.
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
  roles: {
    type: 'account',
    role: 'user',
    locationIds: ['k3Jd9QwE1rTy7UiO5pAs'],
    restrictSubAccount: true,
  },
  deleted: false,
};

const field = (key: string, label: string, type: 'string' | 'boolean' = 'string') => ({
  key,
  label,
  type,
});

export const userOutputFields = [
  field('id', 'User ID'),
  field('name', 'Full Name'),
  field('firstName', 'First Name'),
  field('lastName', 'Last Name'),
  field('email', 'Email'),
  field('phone', 'Phone'),
  field('extension', 'Phone Extension'),
  field('type', 'User Type (agency or account)'),
  field('role', 'Role (admin or user)'),
  field('locationIds[]', 'Sub-account IDs'),
  field('restrictSubAccount', 'Restricted to Sub-accounts', 'boolean'),
  field('scopes[]', 'Scopes'),
  field('scopesAssignedToOnly[]', 'Scopes (Assigned Data Only)'),
  field('deleted', 'Deleted', 'boolean'),
  field('platformLanguage', 'Platform Language'),
  field('profilePhoto', 'Profile Photo URL'),
  field('roles__type', 'Roles: User Type'),
  field('roles__role', 'Roles: Role'),
  field('roles__locationIds[]', 'Roles: Sub-account IDs'),
  ...PERMISSION_KEYS.map((key) =>
    field(`permissions__${key}`, `Permissions: ${PERMISSION_LABELS[key]}`, 'boolean'),
  ),
];

export const USER_RESOURCE = 'user';

/**
 * The User resource: the sample and output fields every user step shares, written once. Steps
 * link to it with `operation.resource`; core copies both into each of them in the definition
 * Zapier reads, and its per-invocation copy of the definition then holds one list instead of
 * six (bench/README.md).
 */
export const userResource = {
  key: USER_RESOURCE,
  noun: 'User',
  sample: userSample,
  outputFields: userOutputFields,
};
