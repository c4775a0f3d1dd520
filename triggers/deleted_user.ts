// Deleted User: fires once for each user deleted since the last poll. It reads the same pages as
// Updated User and keeps, per Zap, the users it saw last; a user gone from them is confirmed with
// one GET /users/{id} (deleted: true, or not found) before it fires. A user only taken out of a
// sub-account, renamed or changed is not deleted, and never fires.
import {
  defineInputFields,
  defineTrigger,
  type PollingTriggerPerform,
  type ZObject,
} from 'zapier-platform-core';
import { errorFacts } from '../lib/highlevel/errors';
import { getUser, userOutputFieldsOf, userSample, type UserOutput } from '../lib/highlevel/user';
import { labelsOf, pathId } from '../lib/safety/checks';
import { text } from '../lib/safety/values';
import { locationIdField } from '../lib/users/fields';
import { MAX_WATCHED, readState, saveState, stateKey, watchedUsers } from '../lib/users/watch';
import { thousands } from '../lib/text';

const inputFields = defineInputFields([
  locationIdField({
    helpText:
      "Only the users of this sub-account. Leave empty for every user this connection sees (all of the agency's users on an Agency connection). Needed when the connection sees more than " +
      `${thousands(MAX_WATCHED)} users.`,
  }),
]);

const LABELS = labelsOf(inputFields);

/** What the trigger outputs of a deleted user: the user as last seen. */
interface LastSeen {
  name: string;
  email: string;
  phone: string;
  type: string;
  role: string;
  locationIds: string[];
}

/** The user as last seen, with `deleted: true`. */
export interface DeletedUserOutput extends LastSeen {
  [key: string]: unknown;
  id: string;
  deleted: true;
}

// Kept per user as a tuple, not an object: a thousand users' key names would double the state.
type Kept = [
  name: string,
  email: string,
  phone: string,
  type: string,
  role: string,
  locationIds: string[],
];

const kept = (user: UserOutput): Kept => [
  user.name,
  user.email,
  user.phone,
  user.type,
  user.role,
  user.locationIds,
];

const lastSeen = ([name, email, phone, type, role, locationIds]: Kept): LastSeen => ({
  name,
  email,
  phone,
  type,
  role,
  locationIds,
});

/** What the last poll saw, by user ID. */
interface Seen {
  v: 1;
  users: Record<string, Kept>;
}

/**
 * Whether HighLevel says the user is deleted: `deleted: true`, or no such user (404, or its 401
 * "does not exist"). A user the connection can no longer reach (403) was moved, not deleted.
 */
const isDeleted = async (z: ZObject, userId: string): Promise<boolean> => {
  try {
    return (await getUser(z, pathId(userId, 'userId', 'User'), 'the deleted user')).deleted;
  } catch (err) {
    const { status } = errorFacts(err);
    if (status === 404) return true;
    if (status === 403) return false;
    throw err;
  }
};

const perform = (async (z, bundle) => {
  const locationId = text(bundle.inputData.locationId);
  const users = await watchedUsers(z, bundle, locationId, LABELS);
  if (bundle.meta?.isLoadingSample) return [];

  const key = stateKey(bundle, 'deleted-user', locationId);
  const before = await readState<Seen>(z, key);
  const now: Record<string, Kept> = Object.fromEntries(users.map((user) => [user.id, kept(user)]));
  const deleted: DeletedUserOutput[] = [];
  for (const [id, user] of Object.entries(before?.users ?? {})) {
    // At most one request per user that disappeared; none for those still there.
    if (id in now) continue;
    if (await isDeleted(z, id)) deleted.push({ id, ...lastSeen(user), deleted: true });
  }
  await saveState(z, key, before, { v: 1, users: now } satisfies Seen);
  // A first poll only sets the baseline.
  return before === undefined ? [] : deleted;
}) satisfies PollingTriggerPerform<typeof inputFields, DeletedUserOutput>;

const sample: DeletedUserOutput = {
  id: userSample.id,
  ...lastSeen(kept(userSample)),
  deleted: true,
};

export default defineTrigger({
  key: 'deleted_user',
  noun: 'User',
  display: {
    label: 'Deleted User',
    description:
      'Triggers when a HighLevel user is deleted: any of the agency’s users, or the sub-account’s users on a Sub-account connection.',
  },
  operation: {
    type: 'polling',
    inputFields,
    perform,
    sample,
    outputFields: userOutputFieldsOf([
      'id',
      'name',
      'email',
      'phone',
      'type',
      'role',
      'locationIds[]',
      'deleted',
    ]),
  },
});
