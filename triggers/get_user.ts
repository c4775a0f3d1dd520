// Updated User: polls one user (GET /users/{userId}) and fires once per version of it: Zapier
// deduplicates on the pair (id, version), both marked primary.
import { createHash } from 'node:crypto';
import { defineInputFields, defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { PERMISSION_KEYS } from '../lib/highlevel/catalog';
import { callApi } from '../lib/highlevel/client';
import { parseUser, userOutputFields, userSample, type UserOutput } from '../lib/highlevel/user';
import { pathId } from '../lib/safety/checks';
import { userIdField } from '../lib/users/fields';

const inputFields = defineInputFields([
  {
    ...userIdField(true),
    helpText:
      'The one HighLevel user to watch. The Zap runs each time one of these changes: name, email, ' +
      'phone, extension, user type, role, sub-accounts, permissions, scopes, assigned-data scopes, ' +
      'platform language, profile photo, or deleted status. Pick one, map a User ID, or use "Find ' +
      'User" to look one up by email.',
  },
]);

/** The user as Zapier sees it here: `id` is the user, `version` one state of it. */
export interface UserVersionOutput extends UserOutput {
  version: string;
}

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

/** A fingerprint of the versioned fields of the mapped user. */
export const userVersion = (user: UserOutput): string =>
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

const perform = (async (z, bundle) => {
  const userId = pathId(bundle.inputData.userId, 'userId', 'User');
  const data = await callApi(z, { path: `/users/${userId}` });
  const user = parseUser(data, 'the watched user');
  return [{ ...user, version: userVersion(user) }];
}) satisfies PollingTriggerPerform<typeof inputFields, UserVersionOutput>;

const sample: UserVersionOutput = { ...userSample, version: userVersion(userSample) };

export default defineTrigger({
  key: 'get_user',
  noun: 'User',
  display: {
    label: 'Updated User',
    description:
      'Triggers when one HighLevel user you pick changes: name, contact details, role, sub-accounts, permissions, scopes or deleted status.',
  },
  operation: {
    type: 'polling',
    inputFields,
    perform,
    sample,
    outputFields: [
      { key: 'id', label: 'User ID', type: 'string', primary: true },
      { key: 'version', label: 'Version', type: 'string', primary: true },
      ...userOutputFields.filter((field) => field.key !== 'id'),
    ],
  },
});
