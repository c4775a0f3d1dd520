import nock from 'nock';
import zapier from 'zapier-platform-core';
import App from '../../index';
import { highlevel } from '../helpers/api';
import { agencyAuth, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import { PERMISSION_KEYS } from '../../lib/highlevel/catalog';
import { VERSIONED_FIELDS } from '../../triggers/get_user';
import { parseUser } from '../../lib/highlevel/user';
import { userFingerprint } from '../../lib/users/watch';
import { documentedUser, ENDPOINT_WORDS, expectSampleFits, mappedUser } from '../helpers/users';

const appTester = zapier.createAppTester(App);
const { operation } = App.triggers.get_user;
if (operation.type !== 'polling' || typeof operation.perform !== 'function') {
  throw new Error('get_user must be a polling trigger with a perform function');
}
const perform = operation.perform;

const USER_ID = documentedUser.id;

/** A user's state as the trigger fingerprints it (the first part of its version). */
const poll = async (user: Record<string, unknown>) => ({
  id: parseUser(user, 'the user').id,
  version: userFingerprint(parseUser(user, 'the user')),
});

let zaps = 0;
/** A new Zap: the trigger's state is kept per Zap. */
const newZap = () => ({ zap: { id: `zap-${(zaps += 1)}`, user: { timezone: 'UTC' } } });

/** One poll of a Zap against a HighLevel that answers Get User with `user`. */
const pollZap = async (
  zap: ReturnType<typeof newZap>,
  user: Record<string, unknown>,
  auth = agencyAuth(),
) => {
  highlevel().get(`/users/${USER_ID}`).reply(200, user);
  return (await appTester(perform, makeBundle({ userId: USER_ID }, auth, zap))) as Array<
    Record<string, unknown>
  >;
};

describe('get_user (Updated User)', () => {
  it('sets a baseline on its first poll, then returns the whole user once per change', async () => {
    const zap = newZap();
    expect(await pollZap(zap, documentedUser)).toEqual([]);
    expect(await pollZap(zap, documentedUser)).toEqual([]);
    const changed = { ...documentedUser, phone: '+1 808-868-9999' };
    expect(await pollZap(zap, changed)).toEqual([
      {
        ...mappedUser,
        phone: '+1 808-868-9999',
        id: USER_ID,
        version: `${userFingerprint(parseUser(changed, 'x'))}-1`,
      },
    ]);
    expect(await pollZap(zap, changed)).toEqual([]);
  });

  it('fingerprints a user as before: a new fingerprint for an unchanged user would re-run Zaps', async () => {
    // Pinned.
    expect((await poll(documentedUser)).version).toBe('13bfd724b02d5404');
  });

  it('fires a change back to an earlier state too (A → B → A), each with a new version', async () => {
    const zap = newZap();
    const a = documentedUser;
    const b = { ...documentedUser, roles: { ...documentedUser.roles, role: 'user' } };
    await pollZap(zap, a);
    const [toB] = await pollZap(zap, b);
    const [backToA] = await pollZap(zap, a);
    expect(toB?.version).toBe(`${userFingerprint(parseUser(b, 'x'))}-1`);
    expect(backToA?.version).toBe(`${userFingerprint(parseUser(a, 'x'))}-2`);
    expect(backToA?.role).toBe('admin');
  });

  it('gives two Zaps on one connection every change each', async () => {
    const [one, two] = [newZap(), newZap()];
    await pollZap(one, documentedUser);
    await pollZap(two, documentedUser);
    const changed = { ...documentedUser, email: 'john.new@deo.com' };
    expect(await pollZap(one, changed)).toHaveLength(1);
    expect(await pollZap(two, changed)).toHaveLength(1);
  });

  it("shows the user as it is in the editor's test, keeping no state", async () => {
    highlevel().get(`/users/${USER_ID}`).reply(200, documentedUser);
    const zap = newZap();
    const sampled = await appTester(
      perform,
      makeBundle({ userId: USER_ID }, agencyAuth(), { ...zap, isLoadingSample: true }),
    );
    expect(sampled).toEqual([{ ...mappedUser, id: USER_ID, version: '13bfd724b02d5404-0' }]);
    // Nothing was kept: the Zap's first real poll is still its baseline.
    expect(await pollZap(zap, { ...documentedUser, phone: '+1 555 0100 222' })).toEqual([]);
  });

  it('refuses a Sub-account together with a User, naming both, before any request', async () => {
    await expect(
      appTester(perform, makeBundle({ userId: USER_ID, locationId: LOCATION_ID }, agencyAuth())),
    ).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining(
        'Sub-account (locationId) narrows watching every user: with User (userId) picked, leave it empty',
      ),
    });
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
    // And the trigger fires for it.
    const zap = newZap();
    await pollZap(zap, documentedUser);
    expect(await pollZap(zap, { ...documentedUser, ...change })).toHaveLength(1);
  });

  it('works the same on a sub-account connection', async () => {
    const [agency, sub] = [newZap(), newZap()];
    const changed = { ...documentedUser, phone: '+1 808-868-1234' };
    await pollZap(agency, documentedUser, agencyAuth());
    await pollZap(sub, documentedUser, subAccountAuth());
    expect(await pollZap(sub, changed, subAccountAuth())).toEqual(
      await pollZap(agency, changed, agencyAuth()),
    );
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
  ])('refuses %s before any request, naming the field', async (_what, inputData, message) => {
    // No nock scope: a request would fail with NetConnectNotAllowedError, not this error.
    await expect(appTester(perform, makeBundle(inputData, agencyAuth()))).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining(message),
    });
  });

  it('has a sample shaped like its output, showing a version', async () => {
    const zap = newZap();
    await pollZap(zap, documentedUser);
    const [mapped] = await pollZap(zap, { ...documentedUser, extension: '7' });
    const { sample } = operation;
    expectSampleFits(sample, operation.outputFields, mapped ?? {});
    expect(sample?.version).toMatch(/^[0-9a-f]{16}-1$/);
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
    expect(display.description).toMatch(/^Triggers when a HighLevel user changes/);
    expect(display.description).not.toMatch(ENDPOINT_WORDS);
  });
});

describe('get_user (Updated User) watching every user', () => {
  const userNumber = (i: number) => ({
    ...documentedUser,
    id: `watchUser${String(i).padStart(11, '0')}`,
    email: `user${i}@example.com`,
  });
  const everyone = (n: number) => Array.from({ length: n }, (_v, i) => userNumber(i));

  /** HighLevel's Search Users, newest first, 100 a page, for `users`; returns the pages asked for. */
  const searchPages = (
    users: Array<Record<string, unknown>>,
    count: number | null = users.length,
  ) => {
    const asked: string[] = [];
    highlevel()
      .get('/users/search')
      .query(true)
      .times(20)
      .reply(200, (request: Request) => {
        const query = new URL(request.url).searchParams;
        asked.push(
          `${query.get('skip')}+${query.get('limit')}${query.get('locationId') ? ` @${query.get('locationId')}` : ''}`,
        );
        const skip = Number(query.get('skip'));
        return { users: users.slice(skip, skip + 100), ...(count === null ? {} : { count }) };
      });
    return asked;
  };

  const pollAll = async (
    zap: ReturnType<typeof newZap>,
    users: Array<Record<string, unknown>>,
    input: Record<string, unknown> = {},
    auth = agencyAuth(),
  ) => {
    const asked = searchPages(users);
    const result = (await appTester(perform, makeBundle(input, auth, zap))) as Array<
      Record<string, unknown>
    >;
    nock.cleanAll();
    return { result, asked };
  };

  it.each([
    [100, ['0+100', '100+100']],
    [250, ['0+100', '100+100', '200+100']],
    [1000, Array.from({ length: 10 }, (_v, i) => `${i * 100}+100`)],
  ])('reads %i users in one request per 100, newest first', async (n, pages) => {
    const { result, asked } = await pollAll(newZap(), everyone(n));
    expect(result).toEqual([]);
    expect(asked).toEqual(pages);
  });

  it('fires for each changed user only: not for a new one, nor one gone', async () => {
    const zap = newZap();
    const users = everyone(150);
    await pollAll(zap, users);
    const next = [
      ...users.slice(0, 99),
      { ...userNumber(120), phone: '+1 808-868-1111' },
      ...users.slice(100, 120),
      ...users.slice(121),
      userNumber(999),
    ].filter((user) => user.id !== userNumber(5).id);
    next[40] = { ...next[40], email: 'renamed@example.com' } as (typeof next)[number];
    const { result } = await pollAll(zap, next);
    expect(result.map((user) => [user.id, user.email])).toEqual([
      [next[40]?.id, 'renamed@example.com'],
      [userNumber(120).id, userNumber(120).email],
    ]);
    expect(result.every((user) => String(user.version).endsWith('-1'))).toBe(true);
  });

  it('narrows to one sub-account with Sub-account, and stays in the connected one otherwise', async () => {
    const { asked } = await pollAll(newZap(), everyone(3), { locationId: LOCATION_ID });
    expect(asked).toEqual([`0+100 @${LOCATION_ID}`]);
    const sub = await pollAll(newZap(), everyone(3), {}, subAccountAuth());
    expect(sub.asked).toEqual([`0+100 @${LOCATION_ID}`]);
  });

  it('past 1,000 users says so, naming Sub-account, after one request', async () => {
    const asked = searchPages(everyone(100), 1001);
    await expect(appTester(perform, makeBundle({}, agencyAuth(), newZap()))).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining(
        'This connection sees more than 1,000 users, more than one poll can watch. Pick a User to watch one, or a Sub-account (locationId)',
      ),
    });
    expect(asked).toEqual(['0+100']);
    nock.cleanAll();
  });

  it('with no count from HighLevel, looks one page further after ten full ones', async () => {
    const asked = searchPages(everyone(1050), null);
    await expect(appTester(perform, makeBundle({}, agencyAuth(), newZap()))).rejects.toMatchObject({
      message: expect.stringContaining('more than 1,000 users'),
    });
    expect(asked).toHaveLength(11);
    nock.cleanAll();
  });

  it('waits for the rate-limit window to turn rather than run out midway', async () => {
    const times: number[] = [];
    highlevel()
      .get('/users/search')
      .query(true)
      .times(2)
      .reply(
        200,
        (request: Request) => {
          times.push(Date.now());
          const skip = Number(new URL(request.url).searchParams.get('skip'));
          return { users: everyone(150).slice(skip, skip + 100), count: 150 };
        },
        { 'X-RateLimit-Remaining': '1', 'X-RateLimit-Interval-Milliseconds': '300' },
      );
    await appTester(perform, makeBundle({}, agencyAuth(), newZap()));
    expect(times).toHaveLength(2);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(290);
  });
});
