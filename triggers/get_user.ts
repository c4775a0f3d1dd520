// Updated User: one user (GET /users/{userId}, one request), or every user the connection sees
// (Search Users, one request per 100). It fires once per change: the last poll's state lives in
// Zapier's cache per Zap, and each change gets a new version, a change back included.
import { defineInputFields, defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { getUser, userOutputFields, userSample, type UserOutput } from '../lib/highlevel/user';
import { inputError, labelsOf, named, pathId } from '../lib/safety/checks';
import { text } from '../lib/safety/values';
import { locationIdField, userIdField } from '../lib/users/fields';
import {
  MAX_WATCHED,
  readState,
  saveState,
  stateKey,
  userFingerprint,
  watchedUsers,
} from '../lib/users/watch';
import { thousands } from '../lib/text';

export { VERSIONED_FIELDS } from '../lib/users/watch';

const inputFields = defineInputFields([
  {
    ...userIdField(false),
    helpText:
      'The one HighLevel user to watch. Leave empty to watch every user this connection sees: all ' +
      "of the agency's users on an Agency connection, the sub-account's on a Sub-account connection " +
      `(up to ${thousands(MAX_WATCHED)}; beyond that, pick a Sub-account). The Zap runs each ` +
      'time one of these changes: name, email, phone, extension, user type, role, sub-accounts, ' +
      'permissions, scopes, assigned-data scopes, platform language, profile photo, or deleted status.',
  },
  locationIdField({
    helpText:
      'With User left empty: only the users of this sub-account. Needed when the connection sees ' +
      `more than ${thousands(MAX_WATCHED)} users. On a Sub-account connection it is the ` +
      'connected one.',
  }),
]);

const LABELS = labelsOf(inputFields);

/** The user as Zapier sees it here: `id` is the user, `version` one state of it. */
export interface UserVersionOutput extends UserOutput {
  version: string;
}

/** What the last poll saw: each user's version ("fingerprint-changes"), by ID. */
interface Seen {
  v: 1;
  seen: Record<string, string>;
}

const fingerprintOf = (version: string): string => version.split('-')[0] ?? '';
const changesOf = (version: string): number => Number(version.split('-')[1] ?? 0) || 0;

const perform = (async (z, bundle) => {
  const userId = text(bundle.inputData.userId);
  const locationId = text(bundle.inputData.locationId);
  if (userId !== undefined && locationId !== undefined) {
    throw inputError([
      `${named('locationId', LABELS)} narrows watching every user: with ${named('userId', LABELS)} ` +
        'picked, leave it empty',
    ]);
  }
  const users =
    userId === undefined
      ? await watchedUsers(z, bundle, locationId, LABELS)
      : [await getUser(z, pathId(userId, 'userId', 'User'), 'the watched user')];
  // The editor's test shows users as they are now; it changes nothing a Zap relies on.
  if (bundle.meta?.isLoadingSample) {
    return users.slice(0, 3).map((user) => ({ ...user, version: `${userFingerprint(user)}-0` }));
  }

  const key = stateKey(bundle, 'updated-user', userId, locationId);
  const before = await readState<Seen>(z, key);
  const seen: Record<string, string> = {};
  const changed: UserVersionOutput[] = [];
  for (const user of users) {
    const fingerprint = userFingerprint(user);
    const previous = before?.seen[user.id];
    if (previous === undefined || fingerprintOf(previous) === fingerprint) {
      // A user new to the watch sets its baseline; an unchanged one keeps its version.
      seen[user.id] = previous ?? `${fingerprint}-0`;
    } else {
      seen[user.id] = `${fingerprint}-${changesOf(previous) + 1}`;
      changed.push({ ...user, version: seen[user.id] as string });
    }
  }
  await saveState(z, key, before, { v: 1, seen } satisfies Seen);
  // A first poll only sets the baseline: nothing has changed yet.
  return before === undefined ? [] : changed;
}) satisfies PollingTriggerPerform<typeof inputFields, UserVersionOutput>;

const sample: UserVersionOutput = { ...userSample, version: `${userFingerprint(userSample)}-1` };

export default defineTrigger({
  key: 'get_user',
  noun: 'User',
  display: {
    label: 'Updated User',
    description:
      'Triggers when a HighLevel user changes (one you pick, or any the connection sees): name, contact details, role, sub-accounts, permissions, scopes or deleted status.',
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
