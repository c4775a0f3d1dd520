import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { callApi } from '../lib/highlevel/client';
import { companyIdOf, ownLocationOf } from '../lib/highlevel/connection';
import { parseUser, type UserOutput, USER_RESOURCE } from '../lib/highlevel/user';
import { readTemplate } from '../lib/users/access';
import { checkBeforeCopy, createBody } from '../lib/users/body';
import { createUserFields, userInputFieldGroups } from '../lib/users/fields';
import { readUserForm } from '../lib/users/form';

const inputFields = createUserFields();

const perform = (async (z, bundle) => {
  const plan = readUserForm(bundle.inputData, 'create');
  const { authData } = bundle;
  const connection = {
    companyId: companyIdOf(authData),
    ownLocation: ownLocationOf(authData),
  };
  // What the copy cannot supply must be right before anything is read.
  if (plan.copyFrom !== undefined) checkBeforeCopy(plan, connection);
  const template = await readTemplate(z, plan, connection.ownLocation);
  const body = createBody(plan, connection, template);
  const data = await callApi(z, { method: 'POST', path: '/users/', body: { ...body } });
  return parseUser(data, 'the new user', 'look it up in HighLevel (or with Find User by email)');
}) satisfies CreatePerform<typeof inputFields, UserOutput>;

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
