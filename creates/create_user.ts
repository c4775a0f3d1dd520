import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import {
  createUserBody,
  userInputFieldGroups,
  userInputFields,
  writeUser,
} from '../lib/user-fields';
import { userOutputFields, userSample, type UserOutput } from '../lib/users';

const inputFields = userInputFields({ mode: 'create' });

const perform = (async (z, bundle) => {
  const body = createUserBody(bundle.inputData, bundle.authData);
  return writeUser(z, { method: 'POST', path: '/users/', body }, 'the new user');
}) satisfies CreatePerform<typeof inputFields, UserOutput>;

const sample: UserOutput = userSample;

export default defineCreate({
  key: 'create_user',
  noun: 'User',
  display: {
    label: 'Create User',
    description:
      'Creates a new HighLevel user with a login, a role and access to the sub-accounts you choose.',
  },
  operation: {
    inputFields,
    inputFieldGroups: userInputFieldGroups,
    perform,
    sample,
    outputFields: userOutputFields,
  },
});
