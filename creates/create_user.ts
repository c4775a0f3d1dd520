import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { userInputFieldGroups, userInputFields } from '../lib/user-fields';
import { createUser } from '../lib/user-write';
import { type UserOutput, USER_RESOURCE } from '../lib/users';

const inputFields = userInputFields({ mode: 'create' });

const perform = (async (z, bundle) => createUser(z, bundle)) satisfies CreatePerform<
  typeof inputFields,
  UserOutput
>;

export default defineCreate({
  key: 'create_user',
  noun: 'User',
  display: {
    label: 'Create User',
    description:
      'Creates a HighLevel user with a login, a role and access to the sub-accounts you choose, optionally copying the access of an existing user.',
  },
  operation: {
    inputFields,
    inputFieldGroups: userInputFieldGroups,
    perform,
    // Sample and output fields come from the User resource (index.ts), shared by every user step.
    resource: USER_RESOURCE,
  },
});
