import zapier from 'zapier-platform-core';
import App from '../../index';
import { highlevel } from '../helpers/api';
import { agencyAuth, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import { PERMISSION_KEYS } from '../../lib/highlevel/catalog';
import { VERSIONED_FIELDS } from '../../triggers/get_user';
import { documentedUser, ENDPOINT_WORDS, expectSampleFits, mappedUser } from '../helpers/users';

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
  it('reads the user and returns it whole: id is the HighLevel user ID, version one state of it', async () => {
    highlevel().get(`/users/${USER_ID}`).reply(200, documentedUser);
    const result = await appTester(perform, makeBundle({ userId: ` ${USER_ID} ` }, agencyAuth()));
    expect(result).toEqual([
      {
        ...mappedUser,
        id: USER_ID,
        // Pinned: a new fingerprint for unchanged users would re-run every Zap once.
        version: '13bfd724b02d5404',
      },
    ]);
  });

  it('versions only the fields a person can change', () => {
    expect(VERSIONED_FIELDS).toEqual([
      'name',
      'firstName',
      'lastName',
      'email',
      'phone',
      'extension',
      'type',
      'role',
      'locationIds',
      'permissions',
      'scopes',
      'scopesAssignedToOnly',
      'platformLanguage',
      'profilePhoto',
      'deleted',
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
    expect(again.version).toBe(first.version);
    expect(reordered.version).toBe(first.version);
  });

  it.each([
    ['a key HighLevel adds to its answers', { newThing: 1 }],
    [
      'a new permission switch',
      { permissions: { ...documentedUser.permissions, fooEnabled: true } },
    ],
    ['the per-sub-account phones', { lcPhone: { other: '+1 555' } }],
    [
      'the order of the sub-accounts',
      { roles: { ...documentedUser.roles, locationIds: ['loc2', LOCATION_ID] } },
    ],
    [
      'a field of roles that is not versioned',
      { roles: { ...documentedUser.roles, locationIds: [LOCATION_ID, 'loc2'], extra: 'x' } },
    ],
  ])('keeps the version when only %s changes', async (_what, change) => {
    const base = {
      ...documentedUser,
      roles: { ...documentedUser.roles, locationIds: [LOCATION_ID, 'loc2'] },
    };
    const before = await poll(base);
    const after = await poll({ ...base, ...change });
    expect(after.version).toBe(before.version);
  });

  it('keeps the version when the scopes come in another order', async () => {
    const before = await poll({ ...documentedUser, scopes: ['a.write', 'b.readonly', 'c.write'] });
    const after = await poll({ ...documentedUser, scopes: ['c.write', 'a.write', 'b.readonly'] });
    expect(after.version).toBe(before.version);
  });

  it('knows all 38 permission switches: turning any of them changes the version', async () => {
    expect(PERMISSION_KEYS).toHaveLength(38);
    const allOn = Object.fromEntries(PERMISSION_KEYS.map((key) => [key, true]));
    const before = await poll({ ...documentedUser, permissions: allOn });
    const last = PERMISSION_KEYS[PERMISSION_KEYS.length - 1] ?? '';
    const after = await poll({ ...documentedUser, permissions: { ...allOn, [last]: false } });
    expect(after.version).not.toBe(before.version);
  });

  it.each([
    ['phone', { phone: '+1 808-868-9999' }],
    ['role', { roles: { ...documentedUser.roles, role: 'user' } }],
    ['type', { roles: { ...documentedUser.roles, type: 'agency' } }],
    ['locations', { roles: { ...documentedUser.roles, locationIds: [LOCATION_ID, 'loc2'] } }],
    ['a permission', { permissions: { ...documentedUser.permissions, contactsEnabled: false } }],
    ['scopes', { scopes: ['contacts.write'] }],
    ['the assigned-data scopes', { scopesAssignedToOnly: ['contacts.write'] }],
    ['deleted', { deleted: true }],
    ['name', { name: 'John Doe', lastName: 'Doe' }],
    ['email', { email: 'john.deo@deo.com' }],
    ['extension', { extension: '12' }],
    ['the platform language', { platformLanguage: 'es' }],
    ['the profile photo', { profilePhoto: 'https://img.png' }],
  ])('gives a new version when %s changes, keeping the user ID', async (_what, change) => {
    const before = await poll(documentedUser);
    const after = await poll({ ...documentedUser, ...change });
    expect(after.version).not.toBe(before.version);
    expect(after.version).toMatch(/^[0-9a-f]{16}$/);
    expect(after.id).toBe(USER_ID);
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

  it('has a sample shaped like its output, showing a version', async () => {
    const mapped = await poll(documentedUser);
    const { sample } = operation;
    expectSampleFits(sample, operation.outputFields, mapped);
    expect(sample?.version).toMatch(/^[0-9a-f]{16}$/);
    expect(sample?.id).not.toContain(':');
  });

  it('marks the user ID and the version primary: Zapier deduplicates on the pair', () => {
    expect(operation.outputFields?.slice(0, 2)).toEqual([
      { key: 'id', label: 'User ID', type: 'string', primary: true },
      { key: 'version', label: 'Version', type: 'string', primary: true },
    ]);
    const primary = (operation.outputFields ?? []).filter(
      (field) => typeof field === 'object' && 'primary' in field && field.primary,
    );
    expect(primary).toHaveLength(2);
  });

  it('is described in Zapier words, naming no endpoint', () => {
    const { display } = App.triggers.get_user;
    expect(display.label).toBe('Updated User');
    expect(display.description).toMatch(/^Triggers when one HighLevel user you pick changes/);
    expect(display.description).not.toMatch(ENDPOINT_WORDS);
  });
});
