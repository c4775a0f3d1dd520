// Every operation end to end: the app (TypeScript source) through zapier.createAppTester against
// a running sandbox, for an agency and a sub-account connection. Each invocation's HTTP traffic
// is read from the sandbox's request log: a trigger, search, create or dropdown page costs one
// request, a find-or-create at most two.
import type { UserVersionOutput } from '../../triggers/get_user';
import type { DeletedUserOutput } from '../../triggers/deleted_user';
import type { LocationChoice } from '../../triggers/location_choices';
import type { DeleteUserOutput } from '../../creates/delete_user';
import type { UserOutput } from '../../lib/highlevel/user';
import { PAGE_SIZE } from '../../lib/highlevel/config';
import { createTester, findOrCreate, type AuthData } from '../../dev/tour/harness';
import { authDataOf } from '../helpers/bundle';
import { failureOf, userMessage } from '../helpers/errors';
import { invoker, line, requestsDuring, traced } from '../helpers/invoke';
import { changedKeys, direct, sandboxForFile, storedUser } from '../helpers/sandbox';
import { eventually } from '../helpers/wait';

const DELETE_DELAY_MS = 400;

// 150 users so the User dropdown has a second page; no rate limit, since this file alone makes
// well over 100 requests in ten seconds (limits have their own file).
const sandbox = sandboxForFile({ users: 150, deleteDelayMs: DELETE_DELAY_MS, rateLimit: false });
const appTester = createTester();
const invoke = invoker(sandbox, appTester);

let agency: AuthData;
let sub: AuthData;
let subLocation: string;

beforeAll(() => {
  agency = authDataOf(sandbox().agency);
  sub = authDataOf(sandbox().subAccount);
  subLocation = sandbox().subAccount.locationId ?? '';
});

let counter = 0;
/** Create User input for a new, unique user. */
const newUser = (fields: Record<string, unknown> = {}): Record<string, unknown> => {
  counter += 1;
  return {
    firstName: 'End',
    lastName: `ToEnd${counter}`,
    email: `e2e.user${counter}@example.com`,
    password: 'Sandbox-Password-1',
    type: 'account',
    role: 'user',
    locationIds: [subLocation],
    ...fields,
  };
};

const createUser = async (authData: AuthData, fields: Record<string, unknown> = {}) =>
  (await invoke<UserOutput>('creates', 'create_user', authData, newUser(fields))).result;

/** Each test that runs for both connection levels; `auth` is read once beforeAll has run. */
const CONNECTIONS = [
  { level: 'agency', auth: () => agency },
  { level: 'sub-account', auth: () => sub },
];

const ids = (users: Array<{ id: string }>): string[] => users.map((user) => user.id);

describe('New User (search_users)', () => {
  it('agency: one request for one page of the company, newest first', async () => {
    const { result, requests } = await invoke<UserOutput[]>('triggers', 'search_users', agency);
    expect(requests).toHaveLength(1);
    expect(line(requests[0])).toBe('GET /users/search');
    expect(requests[0].query).toEqual({
      companyId: agency.companyId,
      sort: 'dateAdded',
      sortDirection: 'desc',
      limit: String(PAGE_SIZE),
      skip: '0',
    });
    expect(result).toHaveLength(PAGE_SIZE);
    expect(new Set(ids(result)).size).toBe(PAGE_SIZE);
    for (const user of result) {
      const roles = user.roles as { type: string; role: string; locationIds: string[] };
      expect(user).toMatchObject({
        type: roles.type,
        role: roles.role,
        locationIds: roles.locationIds,
        deleted: false,
      });
    }
  });

  it('agency: a user created since the last poll comes first', async () => {
    const created = await createUser(agency);
    const { result } = await invoke<UserOutput[]>('triggers', 'search_users', agency);
    expect(result[0]).toEqual(created);
  });

  it('agency: the Search Query finds one person by email', async () => {
    const created = await createUser(agency);
    const { result, requests } = await invoke<UserOutput[]>('triggers', 'search_users', agency, {
      query: created.email,
    });
    expect(requests).toHaveLength(1);
    expect(requests[0].query.query).toBe(created.email);
    expect(ids(result)).toEqual([created.id]);
  });

  it('sub-account: only the connected location, one request', async () => {
    const { result, requests } = await invoke<UserOutput[]>('triggers', 'search_users', sub);
    expect(requests).toHaveLength(1);
    expect(requests[0].query).toMatchObject({ locationId: subLocation, sort: 'dateAdded' });
    expect(result.length).toBeGreaterThan(0);
    for (const user of result) expect(user.locationIds).toContain(subLocation);
  });
});

describe('New User With Email (filter_users_by_email)', () => {
  it('agency: the users with those emails, whole, in one request', async () => {
    const first = await createUser(agency);
    const second = await createUser(agency);
    const { result, requests } = await invoke<UserOutput[]>(
      'triggers',
      'filter_users_by_email',
      agency,
      { emails: [first.email.toUpperCase(), `${second.email}, nobody@example.com`] },
    );
    expect(requests.map(line)).toEqual(['POST /users/search/filter-by-email']);
    expect(result).toEqual([first, second]);
  });

  it('sub-account: says it needs an Agency connection, and sends nothing', async () => {
    const requests = await requestsDuring(sandbox(), async () => {
      const err = await failureOf(() =>
        invoke('triggers', 'filter_users_by_email', sub, { emails: ['a@example.com'] }),
      );
      expect(err.name).toBe('AppError');
      expect(userMessage(err)).toMatch(
        /^New User With Email needs an Agency connection: .*Account Level "Agency"/,
      );
    });
    expect(requests).toEqual([]);
  });
});

let zaps = 0;
/** A Zap of its own: the polling triggers keep their state per Zap. */
const aZap = () => ({ zap: { id: `e2e-zap-${(zaps += 1)}`, user: { timezone: 'UTC' } } });

describe('Updated User (get_user)', () => {
  it.each(CONNECTIONS)(
    '$level: a baseline, then one item per change, a change back included; one request a poll',
    async ({ auth }) => {
      const created = await createUser(agency);
      const zap = aZap();
      const poll = () =>
        invoke<UserVersionOutput[]>('triggers', 'get_user', auth(), { userId: created.id }, zap);

      const first = await poll();
      expect(first.requests.map(line)).toEqual([`GET /users/${created.id}`]);
      expect(first.result).toEqual([]);
      expect((await poll()).result).toEqual([]);

      await invoke('creates', 'update_user', auth(), { userId: created.id, lastName: 'Changed' });
      const changed = await poll();
      expect(changed.requests).toHaveLength(1);
      expect(changed.result).toEqual([
        expect.objectContaining({
          id: created.id,
          lastName: 'Changed',
          version: expect.stringMatching(/^[0-9a-f]{16}-1$/),
        }),
      ]);
      expect((await poll()).result).toEqual([]);

      await invoke('creates', 'update_user', auth(), {
        userId: created.id,
        lastName: created.lastName,
      });
      const back = await poll();
      expect(back.result).toEqual([
        expect.objectContaining({
          lastName: created.lastName,
          version: expect.stringMatching(/-2$/),
        }),
      ]);
    },
  );

  it('agency, every user: one request per 100, and only the user changed fires', async () => {
    const zap = aZap();
    const poll = () => invoke<UserVersionOutput[]>('triggers', 'get_user', agency, {}, zap);
    const { count: users } = await direct<{ count: number }>(
      sandbox(),
      `/users/search?companyId=${sandbox().company.id}&limit=1`,
    );
    const first = await poll();
    expect(first.result).toEqual([]);
    expect(first.requests.every((request) => line(request) === 'GET /users/search')).toBe(true);
    expect(first.requests).toHaveLength(Math.ceil(users / PAGE_SIZE));
    const someone = await createUser(agency);
    expect((await poll()).result).toEqual([]); // a new user is not an update
    await invoke('creates', 'update_user', agency, { userId: someone.id, firstName: 'Renamed' });
    const changed = await poll();
    expect(changed.result.map((user) => [user.id, user.firstName])).toEqual([
      [someone.id, 'Renamed'],
    ]);
  });
});

describe('New User in Sub-account (list_users_by_location)', () => {
  it('agency: the users of the chosen location, newest first, one request', async () => {
    const other = sandbox().locations[1].id;
    const created = await createUser(agency, { locationIds: [other] });
    const { result, requests } = await invoke<UserOutput[]>(
      'triggers',
      'list_users_by_location',
      agency,
      { locationId: other },
    );
    expect(requests).toHaveLength(1);
    expect(line(requests[0])).toBe('GET /users/search');
    expect(requests[0].query).toMatchObject({ locationId: other, sort: 'dateAdded' });
    expect(result[0].id).toBe(created.id);
    for (const user of result) expect(user.locationIds).toContain(other);
  });

  it('sub-account: the connected location when none is chosen', async () => {
    const created = await createUser(sub, { locationIds: undefined });
    const { result, requests } = await invoke<UserOutput[]>(
      'triggers',
      'list_users_by_location',
      sub,
    );
    expect(requests).toHaveLength(1);
    expect(requests[0].query.locationId).toBe(subLocation);
    expect(result[0].id).toBe(created.id);
    for (const user of result) expect(user.locationIds).toContain(subLocation);
  });
});

describe('User dropdown (user_choices)', () => {
  it('agency: page 0 and page 1 hold different users, one request each, labelled "Name (email)"', async () => {
    const page0 = await invoke<UserOutput[]>('triggers', 'user_choices', agency, {}, { page: 0 });
    const page1 = await invoke<UserOutput[]>('triggers', 'user_choices', agency, {}, { page: 1 });
    expect(page0.requests).toHaveLength(1);
    expect(page1.requests).toHaveLength(1);
    expect(page0.requests[0].query).toMatchObject({ skip: '0', limit: String(PAGE_SIZE) });
    expect(page1.requests[0].query).toMatchObject({ skip: String(PAGE_SIZE) });
    // Alphabetical (HighLevel's default), so no sort is asked for.
    expect(page0.requests[0].query.sort).toBeUndefined();
    expect(page0.result).toHaveLength(PAGE_SIZE);
    expect(page1.result.length).toBeGreaterThan(0);
    const overlap = ids(page1.result).filter((id) => ids(page0.result).includes(id));
    expect(overlap).toEqual([]);
    for (const user of [...page0.result, ...page1.result]) {
      expect(user.name).toBe(`${user.firstName} ${user.lastName} (${user.email})`);
    }
  });

  it('sub-account: users of the connected location', async () => {
    const { result, requests } = await invoke<UserOutput[]>('triggers', 'user_choices', sub);
    expect(requests).toHaveLength(1);
    expect(requests[0].query.locationId).toBe(subLocation);
    expect(result.length).toBeGreaterThan(0);
    for (const user of result) expect(user.locationIds).toContain(subLocation);
  });
});

describe('Location dropdown (location_choices)', () => {
  it("agency: the agency's sub-accounts, one request", async () => {
    const { result, requests } = await invoke<LocationChoice[]>(
      'triggers',
      'location_choices',
      agency,
    );
    expect(requests.map(line)).toEqual(['GET /locations/search']);
    expect(result.map(({ id, name }) => ({ id, name }))).toEqual(sandbox().locations);
  });

  it('sub-account: the connected sub-account, named, one request', async () => {
    const { result, requests } = await invoke<LocationChoice[]>(
      'triggers',
      'location_choices',
      sub,
    );
    expect(requests.map(line)).toEqual([`GET /locations/${subLocation}`]);
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      id: subLocation,
      name: sandbox().locations.find((l) => l.id === subLocation)?.name,
    });
  });
});

describe('Create User (create_user)', () => {
  it('agency: one request; the sandbox holds the user as returned', async () => {
    const input = newUser({ phone: '+1 202-555-0101', role: 'admin' });
    const { result, requests } = await invoke<UserOutput>('creates', 'create_user', agency, input);
    expect(requests.map(line)).toEqual(['POST /users/']);
    expect(result).toMatchObject({
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      phone: '+1 202-555-0101',
      type: 'account',
      role: 'admin',
      locationIds: [subLocation],
      deleted: false,
    });
    const stored = await storedUser(sandbox(), result.id);
    expect(result).toMatchObject(stored);
    expect(JSON.stringify(result)).not.toContain('Sandbox-Password-1');
  });

  it('sub-account: without Locations, the user gets the connected sub-account', async () => {
    const { result, requests } = await invoke<UserOutput>(
      'creates',
      'create_user',
      sub,
      newUser({ locationIds: undefined }),
    );
    expect(requests).toHaveLength(1);
    expect(result.locationIds).toEqual([subLocation]);
  });
});

describe('Update User (update_user)', () => {
  it.each(CONNECTIONS)(
    '$level: only the fields sent change in the sandbox (scopes untouched)',
    async ({ auth }) => {
      const created = await createUser(agency, {
        scopes: ['campaigns.readonly', 'contacts.write'],
      });
      const before = await storedUser(sandbox(), created.id);

      const { result, requests } = await invoke<UserOutput>('creates', 'update_user', auth(), {
        userId: created.id,
        lastName: 'Renamed',
        phone: '+1 202-555-0199',
      });

      expect(requests.map(line)).toEqual([`PUT /users/${created.id}`]);
      const after = await storedUser(sandbox(), created.id);
      expect(changedKeys(before, after)).toEqual(['lastName', 'name', 'phone']);
      expect(after).toMatchObject({ lastName: 'Renamed', name: 'End Renamed' });
      expect(after.scopes).toEqual(['campaigns.readonly', 'contacts.write']);
      expect(result).toMatchObject(after);
    },
  );
});

describe('Delete User (delete_user)', () => {
  it.each(CONNECTIONS)(
    '$level: queued, then the user is deleted and leaves New User',
    async ({ auth }) => {
      const created = await createUser(agency);
      // Updated User (this user) and Deleted User (everyone) set their baselines first.
      const [updated, deletions] = [aZap(), aZap()];
      await invoke('triggers', 'get_user', auth(), { userId: created.id }, updated);
      expect((await invoke('triggers', 'deleted_user', auth(), {}, deletions)).result).toEqual([]);
      const { result, requests } = await invoke<DeleteUserOutput>(
        'creates',
        'delete_user',
        auth(),
        { userId: created.id },
      );
      expect(requests.map(line)).toEqual([`DELETE /users/${created.id}`]);
      expect(result).toEqual({
        id: created.id,
        deleted: true,
        message: `Queued deleting user with e-mail ${created.email} and name ${created.name}. Will take effect in a few minutes.`,
      });

      // Queued: HighLevel takes a while; until then nothing about the user changes.
      expect((await storedUser(sandbox(), created.id)).deleted).toBe(false);
      await eventually(
        async () => (await storedUser(sandbox(), created.id)).deleted === true,
        'the queued deletion took effect',
      );

      const version = await invoke<UserVersionOutput[]>(
        'triggers',
        'get_user',
        auth(),
        { userId: created.id },
        updated,
      );
      expect(version.result).toEqual([expect.objectContaining({ deleted: true })]);
      const gone = await invoke<DeletedUserOutput[]>(
        'triggers',
        'deleted_user',
        auth(),
        {},
        deletions,
      );
      expect(gone.result).toEqual([
        expect.objectContaining({ id: created.id, email: created.email, deleted: true }),
      ]);
      // One request per 100 users, and one to confirm the one user that disappeared.
      expect(gone.requests.map(line).filter((request) => request !== 'GET /users/search')).toEqual([
        `GET /users/${created.id}`,
      ]);
      const search = await invoke<UserOutput[]>('triggers', 'search_users', auth(), {
        query: created.email,
      });
      expect(search.result).toEqual([]);
    },
  );
});

describe('Find User (find_user)', () => {
  it("agency: by email through HighLevel's exact email filter, one request", async () => {
    const created = await createUser(agency);
    const { result, requests } = await invoke<UserOutput[]>('searches', 'find_user', agency, {
      email: created.email.toUpperCase(),
    });
    expect(requests.map(line)).toEqual(['POST /users/search/filter-by-email']);
    expect(result).toEqual([created]);
  });

  it('sub-account: by email through Search Users in the connected location, one request', async () => {
    const created = await createUser(sub, { locationIds: undefined });
    const { result, requests } = await invoke<UserOutput[]>('searches', 'find_user', sub, {
      email: created.email,
    });
    expect(requests.map(line)).toEqual(['GET /users/search']);
    expect(requests[0].query).toMatchObject({ query: created.email, locationId: subLocation });
    expect(result).toEqual([created]);
  });

  it('sub-account: by name, the exact match first', async () => {
    const created = await createUser(sub, { firstName: 'Zebedee', locationIds: undefined });
    const { result, requests } = await invoke<UserOutput[]>('searches', 'find_user', sub, {
      query: created.name,
    });
    expect(requests).toHaveLength(1);
    expect(result[0]).toEqual(created);
  });

  it.each(CONNECTIONS)('$level: no match is an empty list', async ({ auth }) => {
    const { result, requests } = await invoke<UserOutput[]>('searches', 'find_user', auth(), {
      email: 'no.such.user@example.com',
    });
    expect(requests).toHaveLength(1);
    expect(result).toEqual([]);
  });
});

describe('Find or Create User (find_user + create_user)', () => {
  it.each(CONNECTIONS)(
    '$level: creates once; a retry finds the same user and creates no duplicate',
    async ({ auth }) => {
      // On a sub-account, Locations may stay empty: the connected one is used.
      const input = newUser(auth() === sub ? { locationIds: undefined } : {});

      const first = await traced(sandbox(), () => findOrCreate(appTester, auth(), input));
      expect(first.result.created).toBe(true);
      // The search that found nothing, then the create: never more than two.
      expect(first.requests).toHaveLength(2);
      expect(line(first.requests[1])).toBe('POST /users/');

      const retry = await traced(sandbox(), () => findOrCreate(appTester, auth(), input));
      expect(retry.result).toEqual({ user: first.result.user, created: false });
      expect(retry.requests).toHaveLength(1);

      const everyone = await invoke<UserOutput[]>('searches', 'find_user', agency, {
        email: input.email,
      });
      expect(ids(everyone.result)).toEqual([first.result.user.id]);
    },
  );
  it.each(CONNECTIONS)(
    '$level: an Email left empty by an earlier step, with a Sub-account, finds and creates no one',
    async ({ auth }) => {
      const input = newUser({ email: '', locationIds: undefined, locationId: subLocation });
      const requests = await requestsDuring(sandbox(), async () => {
        const error = await failureOf(() => findOrCreate(appTester, auth(), input));
        expect(userMessage(error)).toContain(
          'Nothing was searched, so no user was found or created',
        );
      });
      expect(requests).toEqual([]);
    },
  );
});
