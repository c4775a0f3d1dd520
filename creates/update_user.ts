import { defineCreate, defineInputFields, type CreatePerform } from 'zapier-platform-core';
import { userIdField } from '../lib/fields';
import {
  updateUserBody,
  userInputFieldGroups,
  userInputFields,
  writeUser,
} from '../lib/user-fields';
import { userOutputFields, userSample, type UserOutput } from '../lib/users';
import { pathId } from '../lib/validate';

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

const perform = (async (z, bundle) => {
  const userId = pathId(bundle.inputData.userId, 'userId', 'User');
  const body = updateUserBody(bundle.inputData, bundle.authData);
  return writeUser(z, { method: 'PUT', path: `/users/${userId}`, body }, 'the updated user');
}) satisfies CreatePerform<typeof inputFields, UserOutput>;

const sample: UserOutput = userSample;

export default defineCreate({
  key: 'update_user',
  noun: 'User',
  display: {
    label: 'Update User',
    description:
      "Updates a HighLevel user's name, password, phone, role, locations, scopes or permissions; only the fields you fill in change.",
  },
  operation: {
    inputFields,
    inputFieldGroups: userInputFieldGroups,
    perform,
    sample,
    outputFields: userOutputFields,
  },
});
