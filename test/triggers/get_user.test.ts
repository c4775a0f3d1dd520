import zapier from 'zapier-platform-core';
import App from '../../index';
import { highlevel } from '../helpers/api';
import { agencyAuth, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import { documentedUser, mappedUser, shape } from '../helpers/users';

const appTester = zapier.createAppTester(App);
const { operation } = App.triggers.get_user;
if (operation.type !== 'polling' || typeof operation.perform !== 'function') {
  throw new Error('get_user must be a polling trigger with a perform function');
}
const perform = operation.perform;

const USER_ID = documentedUser.id;

/** Polls once against a HighLevel that answers with this user; returns the one item. */
const poll = async (user: Record<string, unknown>, auth = agencyAuth()) => {
  highlevel().get(`/users/${USER_ID}`).reply(200, user);
  const result = await appTester(perform, makeBundle({ userId: USER_ID }, auth));
  expect(result).toHaveLength(1);
  return result[0] as Record<string, unknown>;
};

describe('get_user (Updated User)', () => {
  it('reads the user and returns it whole, with a version ID and the real user ID', async () => {
    highlevel().get(`/users/${USER_ID}`).reply(200, documentedUser);
    const result = await appTester(perform, makeBundle({ userId: ` ${USER_ID} ` }, agencyAuth()));
    expect(result).toEqual([
      {
        ...mappedUser,
        // Pinned: a new fingerprint for unchanged users would re-run every Zap once.
        id: `${USER_ID}:cce067c436bef2be`,
        userId: USER_ID,
      },
    ]);
  });

  it('gives the same user the same ID on every poll, whatever the key or scope order', async () => {
    const first = await poll(documentedUser);
    const again = await poll(documentedUser);
    const reordered = await poll({
      platformLanguage: 'en_US',
      lcPhone: { locationId: '+1234556677' },
      deleted: false,
      roles: {
        restrictSubAccount: true,
        locationIds: [LOCATION_ID],
        role: 'admin',
        type: 'account',
      },
      scopes: ['campaigns.readonly', 'contacts.write'],
      permissions: { contactsEnabled: true, campaignsReadOnly: false, campaignsEnabled: true },
      extension: '',
      phone: '+1 808-868-8888',
      email: 'john@deo.com',
      lastName: 'Deo',
      firstName: 'John',
      name: 'John Deo',
      id: USER_ID,
    });
    expect(again.id).toBe(first.id);
    expect(reordered.id).toBe(first.id);
  });

  it.each([
    ['phone', { phone: '+1 808-868-9999' }],
    ['role', { roles: { ...documentedUser.roles, role: 'user' } }],
    ['type', { roles: { ...documentedUser.roles, type: 'agency' } }],
    ['locations', { roles: { ...documentedUser.roles, locationIds: [LOCATION_ID, 'loc2'] } }],
    ['a permission', { permissions: { ...documentedUser.permissions, contactsEnabled: false } }],
    ['scopes', { scopes: ['contacts.write'] }],
    ['deleted', { deleted: true }],
    ['name', { name: 'John Doe', lastName: 'Doe' }],
    ['a field HighLevel adds', { profilePhoto: 'https://img.png' }],
  ])('gives a new ID when %s changes, keeping the real user ID', async (_what, change) => {
    const before = await poll(documentedUser);
    const after = await poll({ ...documentedUser, ...change });
    expect(after.id).not.toBe(before.id);
    expect(String(after.id)).toMatch(new RegExp(`^${USER_ID}:[0-9a-f]{16}$`));
    expect(after.userId).toBe(USER_ID);
  });

  it('works the same on a sub-account connection', async () => {
    const agency = await poll(documentedUser, agencyAuth());
    const subAccount = await poll(documentedUser, subAccountAuth());
    expect(subAccount).toEqual(agency);
  });

  itTurnsHighLevelErrors(
    highlevelErrors({
      scope: 'users.readonly',
      notFound: { message: 'User not found', what: 'that user' },
      invalid: ['userId must be a mongodb id', 'userId should not be empty'],
    }),
    () => highlevel().get(`/users/${USER_ID}`),
    () => appTester(perform, makeBundle({ userId: USER_ID }, agencyAuth())),
  );

  it.each([
    [
      'a user ID with a slash',
      { userId: 'abc/def' },
      'User (userId) must be a single HighLevel ID',
    ],
    ['a user ID with ..', { userId: '..' }, 'User (userId) must be a single HighLevel ID'],
    ['no user ID', {}, 'User (userId) is required'],
    ['an empty user ID', { userId: '  ' }, 'User (userId) must not be empty'],
  ])('refuses %s before any request, naming the field', async (_what, inputData, message) => {
    // No nock scope: a request would fail with NetConnectNotAllowedError, not this error.
    await expect(appTester(perform, makeBundle(inputData, agencyAuth()))).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining(message),
    });
  });

  it('has a sample shaped like its output, showing a version ID', async () => {
    const mapped = await poll(documentedUser);
    const { sample } = operation;
    expect(sample).toBeDefined();
    expect(shape(sample ?? {})).toEqual(shape(mapped));
    expect(sample?.id).toMatch(new RegExp(`^${String(sample?.userId)}:[0-9a-f]{16}$`));
  });

  it('labels the version ID apart from the user ID', () => {
    expect(operation.outputFields?.slice(0, 2)).toEqual([
      { key: 'id', label: 'Version ID', type: 'string' },
      { key: 'userId', label: 'User ID', type: 'string' },
    ]);
  });

  it('is described for people who know the catalog name', () => {
    expect(App.triggers.get_user.display.description).toMatch(/^Triggers when .*Get User/);
  });
});
