import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { callApi } from '../lib/http';
import { schemas } from '../lib/schemas';
import {
  createUserBody,
  hidePassword,
  userInputFieldGroups,
  userInputFields,
} from '../lib/user-fields';
import { mapUser, userOutputFields, userSample, type UserOutput } from '../lib/users';
import { parseResponse } from '../lib/validate';

const inputFields = userInputFields({ mode: 'create' });

const perform = (async (z, bundle) => {
  const body = createUserBody(bundle.inputData, bundle.authData);
  let data: unknown;
  try {
    data = await callApi(z, { method: 'POST', path: '/users/', body });
  } catch (err) {
    throw hidePassword(err, body.password);
  }
  return mapUser(parseResponse(schemas().user, data, 'the new user'));
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
