import zapier from 'zapier-platform-core';
import App from '../../index';
import { highlevel } from '../helpers/api';
import { agencyAuth, makeBundle, subAccountAuth } from '../helpers/bundle';
import { fieldError, highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import { DOCUMENTATION_IDS, ENDPOINT_WORDS, shape } from '../helpers/users';

const appTester = zapier.createAppTester(App);
const { operation } = App.creates.delete_user;
if (typeof operation.perform !== 'function' || !operation.inputFields) {
  throw new Error('delete_user must have a perform function and input fields');
}
const { perform, inputFields } = operation;

const USER_ID = '0IHuJvc2ofPAAA8GzTRi';
const QUEUED =
  'Queued deleting user with e-mail john@deo.com and name John Deo. Will take effect in a few minutes.';

describe('delete_user (Delete User)', () => {
  it('deletes by ID and reports the queued deletion (2021-07-28 spelling "succeded")', async () => {
    highlevel().delete(`/users/${USER_ID}`).reply(200, { succeded: true, message: QUEUED });
    const result = await appTester(perform, makeBundle({ userId: USER_ID }, agencyAuth()));
    expect(result).toEqual({ id: USER_ID, deleted: true, message: QUEUED });
  });

  it('accepts the later spelling "succeeded"', async () => {
    highlevel().delete(`/users/${USER_ID}`).reply(200, { succeeded: true, message: QUEUED });
    const result = await appTester(perform, makeBundle({ userId: USER_ID }, subAccountAuth()));
    expect(result).toEqual({ id: USER_ID, deleted: true, message: QUEUED });
  });

  it('sends no body and no query', async () => {
    highlevel()
      .delete(`/users/${USER_ID}`, (body) => body === '' || body === undefined)
      .query({})
      .reply(200, { succeded: true });
    const result = await appTester(perform, makeBundle({ userId: ` ${USER_ID} ` }, agencyAuth()));
    expect(result).toEqual({ id: USER_ID, deleted: true, message: '' });
  });

  it('fails when HighLevel answers that it did not delete', async () => {
    highlevel()
      .delete(`/users/${USER_ID}`)
      .reply(200, { succeded: false, message: 'User is the last admin' });
    await expect(
      appTester(perform, makeBundle({ userId: USER_ID }, agencyAuth())),
    ).rejects.toMatchObject(fieldError('did not delete the user: User is the last admin'));
  });

  it('puts the trimmed ID into the path and returns it', async () => {
    highlevel().delete('/users/abc_DEF-123').reply(200, { succeded: true, message: QUEUED });
    const result = await appTester(perform, makeBundle({ userId: ' abc_DEF-123 ' }, agencyAuth()));
    expect(result).toEqual({ id: 'abc_DEF-123', deleted: true, message: QUEUED });
  });

  it.each([
    ['a slash (never DELETE /users/)', 'abc/', 'must be a single HighLevel ID'],
    ['only a slash', '/', 'must be a single HighLevel ID'],
    ['dots', '..', 'must be a single HighLevel ID'],
    ['a percent sign', 'abc%2F', 'must be a single HighLevel ID'],
    ['a plus sign', 'user+1', 'must be a single HighLevel ID: letters and digits only'],
    ['a dot', 'a.b', 'must be a single HighLevel ID: letters and digits only'],
    ['nothing', '', 'must not be empty'],
    ['only spaces', '   ', 'must not be empty'],
  ])('refuses a user ID with %s before any request', async (_case, userId, problem) => {
    await expect(appTester(perform, makeBundle({ userId }, agencyAuth()))).rejects.toMatchObject(
      fieldError(`User (userId) ${problem}`),
    );
  });

  it('refuses a missing user ID before any request', async () => {
    await expect(appTester(perform, makeBundle({}, agencyAuth()))).rejects.toMatchObject(
      fieldError('User (userId) is required'),
    );
  });

  describe("HighLevel's errors", () => {
    const run = () => appTester(perform, makeBundle({ userId: USER_ID }, agencyAuth()));

    itTurnsHighLevelErrors(
      highlevelErrors({
        scope: 'users.write',
        notFound: { message: 'User not found', what: 'that user' },
      }),
      () => highlevel().delete(`/users/${USER_ID}`),
      run,
    );

    it('an unexpected body is a readable error', async () => {
      highlevel().delete(`/users/${USER_ID}`).reply(200, ['nope']);
      await expect(run()).rejects.toMatchObject(fieldError('unexpected response for the deletion'));
    });
  });

  it('warns that it cannot be undone, and says HighLevel queues the deletion', () => {
    expect(inputFields).toEqual([
      {
        key: 'warning',
        type: 'copy',
        helpText: expect.stringMatching(
          /^\*\*This cannot be undone\.\*\* .*HighLevel queues the deletion/,
        ),
      },
      expect.objectContaining({
        key: 'userId',
        label: 'User',
        required: true,
        dynamic: 'user_choices.id.name',
        search: 'find_user.id',
        helpText: expect.stringContaining('queues the deletion'),
      }),
    ]);
    const { display } = App.creates.delete_user;
    expect(display.description).toBe(
      'Deletes a HighLevel user for good; HighLevel completes the deletion a few minutes later.',
    );
    expect(display.description).not.toMatch(ENDPOINT_WORDS);
  });

  it('has a sample shaped like a real result', async () => {
    highlevel().delete(`/users/${USER_ID}`).reply(200, { succeded: true, message: QUEUED });
    const real = await appTester(perform, makeBundle({ userId: USER_ID }, agencyAuth()));
    expect(shape(operation.sample as Record<string, unknown>)).toEqual(
      shape(real as Record<string, unknown>),
    );
    expect((operation.outputFields ?? []).map((field) => 'key' in field && field.key)).toEqual(
      Object.keys(real as object),
    );
    for (const id of DOCUMENTATION_IDS) expect(JSON.stringify(operation.sample)).not.toContain(id);
  });
});
