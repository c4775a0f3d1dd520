import { defineCreate, defineInputFields, type CreatePerform } from 'zapier-platform-core';
import { callApi } from '../lib/highlevel/client';
import { deleteResult, parseAnswer } from '../lib/highlevel/schemas';
import { pathId } from '../lib/safety/checks';
import { HIGHLEVEL } from '../lib/text';
import { userIdField } from '../lib/users/fields';

const inputFields = defineInputFields([
  {
    key: 'warning',
    type: 'copy',
    helpText:
      '**This cannot be undone.** The user loses access to HighLevel. HighLevel queues the ' +
      'deletion and completes it a few minutes after this step runs.',
  },
  {
    ...userIdField(true),
    helpText:
      'The HighLevel user to delete. Pick one, map a User ID, or use "Find User" to look one up by ' +
      'email. HighLevel queues the deletion: it takes effect within a few minutes.',
  },
]);

export type DeleteUserOutput = {
  id: string;
  deleted: boolean;
  message: string;
};

const perform = (async (z, bundle) => {
  const userId = pathId(bundle.inputData.userId, 'userId', 'User');
  const data = await callApi(z, { method: 'DELETE', path: `/users/${userId}` });
  const result = parseAnswer(deleteResult(), data, 'the deletion', 'check the user in HighLevel');
  const succeeded = result.succeded ?? result.succeeded;
  if (succeeded === false) {
    throw new z.errors.Error(
      `${HIGHLEVEL} did not delete the user${result.message ? `: ${result.message}` : ''}.`,
      'delete_failed',
      200,
    );
  }
  return {
    id: decodeURIComponent(userId),
    deleted: true,
    message: result.message ?? '',
  };
}) satisfies CreatePerform<typeof inputFields, DeleteUserOutput>;

const sample: DeleteUserOutput = {
  id: 'Tq8v2LmZ4xNc7RbW1sKd',
  deleted: true,
  message:
    'Queued deleting user with e-mail maria.lopez@brightsmiledental.com and name Maria Lopez. Will take effect in a few minutes.',
};

export default defineCreate({
  key: 'delete_user',
  noun: 'User',
  display: {
    label: 'Delete User',
    description:
      'Deletes a HighLevel user for good; HighLevel completes the deletion a few minutes later.',
  },
  operation: {
    inputFields,
    perform,
    sample,
    outputFields: [
      { key: 'id', label: 'User ID', type: 'string' },
      { key: 'deleted', label: 'Deletion Queued', type: 'boolean' },
      { key: 'message', label: 'Message From HighLevel', type: 'string' },
    ],
  },
});
