// Updated User: polls HighLevel's Get User (GET /users/{userId}) and fires once per version.
import { createHash } from 'node:crypto';
import { defineInputFields, defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { userIdField } from '../lib/fields';
import { callApi } from '../lib/http';
import { schemas, type User } from '../lib/schemas';
import { mapUser, userOutputFields, userSample, type UserOutput } from '../lib/users';
import { parseResponse, pathId } from '../lib/validate';

const inputFields = defineInputFields([
  {
    ...userIdField(true),
    helpText:
      'The HighLevel user to watch. The Zap runs each time any of their details changes (name, phone, role, type, ' +
      'locations, permissions, scopes, deleted...). Pick one, map a User ID, or use "Find User" to look one up by email.',
  },
]);

/** The user as Zapier sees it here: `id` names one version of the user, `userId` the user. */
export interface UserVersionOutput extends UserOutput {
  userId: string;
}

/**
 * A canonical form of the user: keys sorted at every level, and lists of plain strings (scopes,
 * location IDs) sorted, since HighLevel's order there carries no meaning.
 */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.every((item) => typeof item === 'string') ? [...items].sort() : items;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, canonical(record[key])]),
    );
  }
  return value;
};

/**
 * A fingerprint of everything HighLevel returned for the user. Users carry no "updated at" field,
 * so the whole object is the version: Zapier deduplicates on `id`, and an id that changes with the
 * content makes each change (and only a change) trigger the Zap once.
 */
export const userVersion = (user: User): string =>
  createHash('sha1')
    .update(JSON.stringify(canonical(user)))
    .digest('hex')
    .slice(0, 16);

const perform = (async (z, bundle) => {
  const userId = pathId(bundle.inputData.userId, 'userId', 'User');
  const data = await callApi(z, { path: `/users/${userId}` });
  const user = parseResponse(schemas().user, data, 'Get User');
  return [{ ...mapUser(user), id: `${user.id}:${userVersion(user)}`, userId: user.id }];
}) satisfies PollingTriggerPerform<typeof inputFields, UserVersionOutput>;

const sample: UserVersionOutput = {
  ...userSample,
  id: `${userSample.id}:5f2b9c0e41d7a3b8`,
  userId: userSample.id,
};

export default defineTrigger({
  key: 'get_user',
  noun: 'User',
  display: {
    label: 'Updated User',
    description:
      'Triggers when a HighLevel user changes (Get User): name, phone, role, type, locations, permissions, scopes or deleted status.',
  },
  operation: {
    type: 'polling',
    inputFields,
    perform,
    sample,
    outputFields: [
      { key: 'id', label: 'Version ID', type: 'string' },
      { key: 'userId', label: 'User ID', type: 'string' },
      ...userOutputFields.filter((field) => field.key !== 'id'),
    ],
  },
});
