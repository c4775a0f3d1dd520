import nock from 'nock';
import zapier from 'zapier-platform-core';
import App from '../../index';
import { highlevel } from '../helpers/api';
import { agencyAuth, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { documentedUser, ENDPOINT_WORDS } from '../helpers/users';

const appTester = zapier.createAppTester(App);
const { operation } = App.triggers.deleted_user;
if (operation.type !== 'polling' || typeof operation.perform !== 'function') {
  throw new Error('deleted_user must be a polling trigger with a perform function');
}
const perform = operation.perform;

const userNumber = (i: number) => ({
  ...documentedUser,
  id: `goneUser${String(i).padStart(12, '0')}`,
  name: `User ${i}`,
  email: `user${i}@example.com`,
});
const everyone = (n: number) => Array.from({ length: n }, (_v, i) => userNumber(i));

let zaps = 0;
const newZap = () => ({ zap: { id: `deleted-zap-${(zaps += 1)}`, user: { timezone: 'UTC' } } });

/** One poll: Search Users answers with `users`, Get User as `gets` says; returns the requests. */
const poll = async (
  zap: ReturnType<typeof newZap>,
  users: Array<Record<string, unknown>>,
  gets: Record<string, [number, unknown]> = {},
  auth = agencyAuth(),
) => {
  const asked: string[] = [];
  highlevel()
    .get('/users/search')
    .query(true)
    .times(10)
    .optionally()
    .reply(200, (request: Request) => {
      const skip = Number(new URL(request.url).searchParams.get('skip'));
      asked.push(`GET search ${skip}`);
      return { users: users.slice(skip, skip + 100), count: users.length };
    });
  for (const [id, [status, body]] of Object.entries(gets)) {
    highlevel()
      .get(`/users/${id}`)
      .reply(status, () => {
        asked.push(`GET ${id}`);
        return body as Record<string, unknown>;
      });
  }
  const result = (await appTester(perform, makeBundle({}, auth, zap))) as Array<
    Record<string, unknown>
  >;
  nock.cleanAll();
  return { result, asked };
};

const asLastSeen = (user: ReturnType<typeof userNumber>) => ({
  id: user.id,
  name: user.name,
  email: user.email,
  phone: user.phone,
  type: user.roles.type,
  role: user.roles.role,
  locationIds: user.roles.locationIds,
  deleted: true,
});

describe('deleted_user (Deleted User)', () => {
  it('sets a baseline on its first poll: the pages only, nothing fired', async () => {
    const { result, asked } = await poll(newZap(), everyone(150));
    expect(result).toEqual([]);
    expect(asked).toEqual(['GET search 0', 'GET search 100']);
  });

  it.each([
    ['answers deleted: true', [200, { ...userNumber(7), deleted: true }]],
    [
      'answers "The user does not exist."',
      [401, { statusCode: 401, message: 'The user does not exist.' }],
    ],
    ['answers 404', [404, { statusCode: 404, message: 'User not found' }]],
  ] as const)(
    'fires once, with the user as last seen, for a user gone whose Get User %s',
    async (_what, answer) => {
      const zap = newZap();
      const users = everyone(20);
      await poll(zap, users);
      const gone = users.filter((user) => user.id !== userNumber(7).id);
      const { result, asked } = await poll(zap, gone, { [userNumber(7).id]: [...answer] });
      expect(result).toEqual([asLastSeen(userNumber(7))]);
      // The page, and one request to confirm the one user that disappeared.
      expect(asked).toEqual(['GET search 0', `GET ${userNumber(7).id}`]);
      // Fired once: the next poll neither asks again nor fires.
      expect(await poll(zap, gone)).toEqual({ result: [], asked: ['GET search 0'] });
    },
  );

  it.each([
    ['is still there (taken out of the sub-account)', [200, { ...userNumber(3), deleted: false }]],
    [
      'is out of reach (403: moved to another sub-account)',
      [403, { statusCode: 403, message: 'The token does not have access to this location.' }],
    ],
  ] as const)('never fires for a user gone from the pages who %s', async (_what, answer) => {
    const zap = newZap();
    const users = everyone(5);
    await poll(zap, users, {}, subAccountAuth());
    const { result } = await poll(
      zap,
      users.filter((user) => user.id !== userNumber(3).id),
      { [userNumber(3).id]: [...answer] },
      subAccountAuth(),
    );
    expect(result).toEqual([]);
  });

  it('never fires, nor asks, for a user renamed or changed', async () => {
    const zap = newZap();
    const users = everyone(5);
    await poll(zap, users);
    const changed = users.map((user, i) =>
      i === 2 ? { ...user, name: 'Renamed', phone: '+1 555 010 0000' } : user,
    );
    expect(await poll(zap, changed)).toEqual({ result: [], asked: ['GET search 0'] });
  });

  it('keeps one state per Zap: two Zaps on one connection each fire', async () => {
    const [one, two] = [newZap(), newZap()];
    const users = everyone(4);
    await poll(one, users);
    await poll(two, users);
    const gone = users.slice(1);
    const deleted: [number, unknown] = [200, { ...userNumber(0), deleted: true }];
    expect((await poll(one, gone, { [userNumber(0).id]: deleted })).result).toHaveLength(1);
    expect((await poll(two, gone, { [userNumber(0).id]: deleted })).result).toHaveLength(1);
  });

  it('narrows to one sub-account with Sub-account', async () => {
    const asked: string[] = [];
    highlevel()
      .get('/users/search')
      .query((query) => {
        asked.push(String(query.locationId));
        return true;
      })
      .reply(200, { users: [], count: 0 });
    await appTester(perform, makeBundle({ locationId: LOCATION_ID }, agencyAuth(), newZap()));
    expect(asked).toEqual([LOCATION_ID]);
  });

  it('is described in Zapier words, naming no endpoint', () => {
    const { display } = App.triggers.deleted_user;
    expect(display.label).toBe('Deleted User');
    expect(display.description).toMatch(/^Triggers when a HighLevel user is deleted/);
    expect(display.description).not.toMatch(ENDPOINT_WORDS);
  });

  it('has a sample shaped like its output', () => {
    const keys = (operation.outputFields ?? []).map((field) =>
      typeof field === 'object' ? String(field.key).replace(/\[\]$/, '') : '',
    );
    expect(Object.keys(operation.sample ?? {}).sort()).toEqual([...keys].sort());
    expect(operation.sample).toMatchObject({ deleted: true });
  });
});
