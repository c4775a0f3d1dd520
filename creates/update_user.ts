import { defineCreate, defineInputFields, type CreatePerform } from 'zapier-platform-core';
import { callApi } from '../lib/highlevel/client';
import { companyIdOf, isSubAccount, ownLocationOf } from '../lib/highlevel/connection';
import { parseUser, type UserOutput, USER_RESOURCE } from '../lib/highlevel/user';
import { pathId } from '../lib/safety/checks';
import { readCurrentAccess, readTemplate } from '../lib/users/access';
import { needsCurrentAccess, updateBody } from '../lib/users/body';
import { updateUserFields, userIdField, userInputFieldGroups } from '../lib/users/fields';
import { changesSomething, readUserForm } from '../lib/users/form';

const inputFields = defineInputFields([
  {
    ...userIdField(true),
    helpText:
      'The HighLevel user to change. Pick one, map a User ID, or use "Find User" to look one up by ' +
      'email. The email address itself cannot be changed: HighLevel no longer allows it, so this step ' +
      'has no Email field.',
  },
  ...updateUserFields(),
]);

const perform = (async (z, bundle) => {
  const userId = pathId(bundle.inputData.userId, 'userId', 'User');
  const plan = readUserForm(bundle.inputData, 'update');
  if (!changesSomething(plan)) {
    throw new z.errors.Error(
      'Fill in at least one field to change: nothing was sent to HighLevel.',
      'invalid_input',
      400,
    );
  }
  const { authData } = bundle;
  // HighLevel wants the company for agency-level access only.
  const companyId = isSubAccount(authData) ? undefined : companyIdOf(authData);
  const template = await readTemplate(z, plan, ownLocationOf(authData));
  const current = needsCurrentAccess(plan, template)
    ? await readCurrentAccess(z, userId)
    : undefined;
  const body = updateBody(plan, companyId, template, current);
  const data = await callApi(z, { method: 'PUT', path: `/users/${userId}`, body: { ...body } });
  return parseUser(data, 'the updated user', 'check the user in HighLevel');
}) satisfies CreatePerform<typeof inputFields, UserOutput>;

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
