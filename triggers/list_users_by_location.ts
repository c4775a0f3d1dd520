// New User in Location: the users of one sub-account, newest first.
//
// HighLevel's "Get User by Location" (GET /users/?locationId=) is deprecated, accepts only
// sub-account tokens and has no paging or sort. Search Users with `locationId` returns the same
// users for agency and sub-account tokens alike, sorted and pageable, so that is the call made.
import { defineInputFields, defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { locationIdField } from '../lib/fields';
import { text } from '../lib/input';
import { searchUsers } from '../lib/triggers-shared';
import { mapUser, userOutputFields, userSample, type UserOutput } from '../lib/users';
import { inputError } from '../lib/validate';

const inputFields = defineInputFields([
  locationIdField({
    helpText:
      'The sub-account (location) whose new users run the Zap. On a Sub-account connection leave it empty ' +
      'for the connected sub-account; on an Agency connection pick one.',
  }),
]);

const perform = (async (z, bundle) => {
  const locationId = text(bundle.inputData.locationId) ?? text(bundle.authData.locationId);
  if (locationId === undefined) {
    throw inputError([
      'Location (locationId) is required on an Agency connection: pick the sub-account whose new ' +
        'users should run this Zap',
    ]);
  }
  const users = await searchUsers(z, bundle, { locationId, newestFirst: true });
  return users.map(mapUser);
}) satisfies PollingTriggerPerform<typeof inputFields, UserOutput>;

const sample: UserOutput = userSample;

export default defineTrigger({
  key: 'list_users_by_location',
  noun: 'User',
  display: {
    label: 'New User in Location',
    description:
      'Triggers when a new user is added to a HighLevel sub-account (List Users by Location).',
  },
  operation: {
    type: 'polling',
    inputFields,
    perform,
    sample,
    outputFields: userOutputFields,
  },
});
