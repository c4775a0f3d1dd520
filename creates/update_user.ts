import { defineCreate, defineInputFields, type CreatePerform } from 'zapier-platform-core';
import { userIdField } from '../lib/fields';
import { userInputFieldGroups, userInputFields } from '../lib/user-fields';
import { updateUser } from '../lib/user-write';
import { type UserOutput, USER_RESOURCE } from '../lib/users';

const inputFields = defineInputFields([
  {
    ...userIdField(true),
    helpText:
      'The HighLevel user to change. Pick one, map a User ID, or use "Find User" to look one up by ' +
      'email. The email address itself cannot be changed: HighLevel no longer allows it, so this step ' +
      'has no Email field.',
  },
  ...userInputFields({ mode: 'update' }),
]);

const perform = (async (z, bundle) => updateUser(z, bundle)) satisfies CreatePerform<
  typeof inputFields,
  UserOutput
>;

export default defineCreate({
  key: 'update_user',
  noun: 'User',
  display: {
    label: 'Update User',
    description:
      'Updates only what you fill in of a HighLevel user (details, role, sub-accounts, scopes, permissions); Sub-accounts and Scopes replace the whole list, while the "to Add", "to Remove", "to Turn On" and "to Turn Off" fields change just a few.',
  },
  operation: {
    inputFields,
    inputFieldGroups: userInputFieldGroups,
    perform,
    // Sample and output fields come from the User resource (index.ts), shared by every user step.
    resource: USER_RESOURCE,
  },
});
