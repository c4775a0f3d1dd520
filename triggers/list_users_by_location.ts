// New User in Sub-account: the users of one sub-account, newest first.
//
// HighLevel's "Get User by Location" (GET /users/?locationId=) is deprecated, accepts only
// sub-account tokens and has no paging or sort. Search Users with `locationId` returns the same
// users for agency and sub-account tokens alike, sorted and pageable, so that is the call made.
import {
  defineInputFields,
  defineTrigger,
  type Bundle,
  type PollingTriggerPerform,
  type ZObject,
} from 'zapier-platform-core';
import { isSubAccount } from '../lib/highlevel/connection';
import { type UserOutput, USER_RESOURCE } from '../lib/highlevel/user';
import { inputError } from '../lib/safety/checks';
import { text } from '../lib/safety/values';
import { locationIdField } from '../lib/users/fields';
import { searchUsers } from '../lib/users/search';

// Required on an Agency connection, optional on a Sub-account one: the form shows which, because
// the field is made per connection. The tuple keeps `locationId` typed in inputData.
const locationField = (_z: ZObject, bundle: Bundle) => {
  const subAccount = isSubAccount(bundle.authData);
  const field = locationIdField({
    required: !subAccount,
    helpText: subAccount
      ? 'Leave empty for the connected sub-account; its new users run the Zap.'
      : 'The sub-account whose new users run the Zap.',
  });
  return [field] as [typeof field];
};

const inputFields = defineInputFields([locationField]);

const perform = (async (z, bundle) => {
  const locationId = text(bundle.inputData.locationId) ?? text(bundle.authData.locationId);
  if (locationId === undefined) {
    throw inputError([
      'Sub-account (locationId) is required on an Agency connection: pick the sub-account whose new ' +
        'users should run this Zap',
    ]);
  }
  const users = await searchUsers(z, bundle, { locationId, newestFirst: true });
  return users;
}) satisfies PollingTriggerPerform<typeof inputFields, UserOutput>;

export default defineTrigger({
  key: 'list_users_by_location',
  noun: 'User',
  display: {
    label: 'New User in Sub-account',
    description: 'Triggers when a new user is added to the one HighLevel sub-account you pick.',
  },
  operation: {
    type: 'polling',
    inputFields,
    perform,
    // Sample and output fields come from the User resource (index.ts), shared by every user step.
    resource: USER_RESOURCE,
  },
});
