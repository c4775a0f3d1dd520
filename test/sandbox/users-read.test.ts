import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { call } from '../helpers/sandbox';
import { asGetUser, USER_DOES_NOT_EXIST, type SearchBody, type UserLike } from '../helpers/users';

let sb: Sandbox;
let all: UserLike[]; // every user, oldest first

beforeAll(async () => {
  sb = await startSandbox({ users: 80, locations: 3, rateLimit: false });
  const r = await call<SearchBody>(
    sb,
    `/users/search?companyId=${sb.company.id}&sort=dateAdded&sortDirection=asc&limit=100`,
  );
  all = r.json.users;
});

afterAll(() => sb.close());

const search = (q: string, token?: string) =>
  call<SearchBody>(sb, `/users/search?companyId=${sb.company.id}${q}`, { token });

describe('GET /users/search', () => {
  it('returns {users, count} with default limit 25 and the total count', async () => {
    const r = await search('');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(r.json).sort()).toEqual(['count', 'users']);
    expect(r.json.count).toBe(80);
    expect(r.json.users).toHaveLength(25);
    expect(all).toHaveLength(80);
  });

  it('default order is by first and last name', async () => {
    const r = await search('&limit=100');
    const names = r.json.users.map((u) => `${u.firstName} ${u.lastName}`.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('sort=dateAdded: asc is oldest first, desc newest first; skip/limit page through', async () => {
    const asc = await search('&sort=dateAdded&sortDirection=asc&limit=10&skip=5');
    expect(asc.json.users.map((u) => u.id)).toEqual(all.slice(5, 15).map((u) => u.id));
    const desc = await search('&sort=dateAdded&sortDirection=desc&limit=3');
    expect(desc.json.users.map((u) => u.id)).toEqual(
      all
        .slice(-3)
        .reverse()
        .map((u) => u.id),
    );
    expect(desc.json.count).toBe(80);
    const past = await search('&sort=dateAdded&skip=200');
    expect(past.json).toEqual({ users: [], count: 80 });
  });

  it('query matches name, email and phone digits, case-insensitively', async () => {
    const target = all[17] as UserLike;
    const byFirst = await search(`&query=${encodeURIComponent(target.firstName.toUpperCase())}`);
    expect(byFirst.json.users.map((u) => u.id)).toContain(target.id);
    expect(
      byFirst.json.users.every((u) =>
        `${u.name}\n${u.email}`.toLowerCase().includes(target.firstName.toLowerCase()),
      ),
    ).toBe(true);
    const byEmail = await search(`&query=${encodeURIComponent(target.email)}`);
    expect(byEmail.json.users.map((u) => u.id)).toEqual([target.id]);
    expect(byEmail.json.count).toBe(1);
    const full = await search(`&query=${encodeURIComponent(target.name)}`);
    expect(full.json.users.map((u) => u.id)).toContain(target.id);
    const digits = target.phone.replace(/\D/g, '').slice(-7); // e.g. 5550143
    const byPhone = await search(`&query=${digits}`);
    expect(byPhone.json.users.map((u) => u.id)).toContain(target.id);
    const none = await search('&query=zzzz-no-such-user');
    expect(none.json).toEqual({ users: [], count: 0 });
  });

  it('filters by locationId, type, role, ids and enabled2waySync', async () => {
    const loc = sb.locations[1]?.id as string;
    const byLoc = await search(`&locationId=${loc}&limit=100`);
    expect(byLoc.json.count).toBe(all.filter((u) => u.roles.locationIds.includes(loc)).length);
    expect(byLoc.json.users.every((u) => u.roles.locationIds.includes(loc))).toBe(true);

    const agency = await search('&type=agency&limit=100');
    expect(agency.json.count).toBe(all.filter((u) => u.roles.type === 'agency').length);
    expect(agency.json.users.every((u) => u.roles.type === 'agency')).toBe(true);

    const admins = await search('&role=admin&type=account&limit=100');
    expect(
      admins.json.users.every((u) => u.roles.role === 'admin' && u.roles.type === 'account'),
    ).toBe(true);
    expect(admins.json.count).toBeGreaterThanOrEqual(3);

    const ids = [all[3]?.id, all[40]?.id, 'AAAAAAAAAAAAAAAAAAAA'].join(',');
    const byIds = await search(`&ids=${ids}&sort=dateAdded`);
    expect(byIds.json.users.map((u) => u.id)).toEqual([all[3]?.id, all[40]?.id]);

    const on = await search('&enabled2waySync=true&limit=100');
    const off = await search('&enabled2waySync=false&limit=100');
    expect(on.json.count + off.json.count).toBe(80);
  });

  it('validates skip, limit, sortDirection and companyId (422 with a message array)', async () => {
    const bad = await search('&limit=abc');
    expect(bad.status).toBe(422);
    expect(bad.json).toEqual({
      statusCode: 422,
      message: ['limit must be a number string'],
      error: 'Unprocessable Entity',
    });
    expect((await search('&limit=101')).json).toMatchObject({
      message: ['limit must not be greater than 100'],
    });
    expect((await search('&limit=0')).status).toBe(422);
    expect((await search('&skip=-1')).status).toBe(422);
    expect((await search('&sortDirection=up')).json).toMatchObject({
      statusCode: 422,
      message: ['sortDirection must be one of the following values: asc, desc'],
    });
    const noCompany = await call<{ message: string[] }>(sb, '/users/search');
    expect(noCompany.status).toBe(422);
    expect(noCompany.json.message).toContain('companyId should not be empty');
    expect((await search('&limit=100')).json.users).toHaveLength(80);
  });

  it('companyId of another company is 403', async () => {
    const r = await call(sb, '/users/search?companyId=AAAAAAAAAAAAAAAAAAAA');
    expect(r.status).toBe(403);
    expect(r.json).toEqual({
      statusCode: 403,
      message: 'The token does not have access to this company.',
    });
  });

  it('a sub-account token only sees account users of its location; another locationId is 403', async () => {
    const own = sb.subAccount.locationId as string;
    const r = await search('&limit=100', sb.subAccount.access_token);
    expect(r.status).toBe(200);
    // Live, agency-type users are left out for sub-account tokens.
    const visible = all.filter(
      (u) => u.roles.locationIds.includes(own) && u.roles.type !== 'agency',
    );
    expect(all.some((u) => u.roles.type === 'agency')).toBe(true);
    expect(r.json.count).toBe(visible.length);
    expect(r.json.users.map((u) => u.id).sort()).toEqual(visible.map((u) => u.id).sort());
    const agencyOnly = await search('&type=agency', sb.subAccount.access_token);
    expect(agencyOnly.json).toEqual({ users: [], count: 0 });
    const other = await search(`&locationId=${sb.locations[2]?.id}`, sb.subAccount.access_token);
    expect(other.status).toBe(403);
    expect(other.json).toEqual({
      statusCode: 403,
      message: 'The token does not have access to this location.',
    });
  });
});

describe('GET /users/{userId}', () => {
  it('returns the user object itself', async () => {
    const u = all[5] as UserLike;
    const r = await call<UserLike>(sb, `/users/${u.id}`);
    expect(r.status).toBe(200);
    // Live Get User leaves out roles.restrictSubAccount (Search Users has it).
    expect(r.json).toEqual(asGetUser(u));
    expect(typeof u.roles.restrictSubAccount).toBe('boolean');
    expect(Object.keys(r.json.roles).sort()).toEqual(['locationIds', 'role', 'type']);
  });

  it('unknown id is 401 "The user does not exist." (live), malformed id is 400', async () => {
    const r = await call(sb, '/users/AAAAAAAAAAAAAAAAAAAA');
    expect(r.status).toBe(401);
    expect(r.json).toEqual(USER_DOES_NOT_EXIST);
    expect(r.text).toBe(
      '{"message":"The user does not exist.","error":"Unauthorized","statusCode":401}',
    );
    const bad = await call(sb, `/users/${encodeURIComponent('not a valid id!')}`);
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ statusCode: 400 });
  });

  it('a sub-account token may read users of its location only (403 otherwise)', async () => {
    const own = sb.subAccount.locationId as string;
    const inside = all.find(
      (u) => u.roles.locationIds.includes(own) && u.roles.type === 'account',
    ) as UserLike;
    const outside = all.find((u) => !u.roles.locationIds.includes(own)) as UserLike;
    expect(
      (await call(sb, `/users/${inside.id}`, { token: sb.subAccount.access_token })).status,
    ).toBe(200);
    const r = await call(sb, `/users/${outside.id}`, { token: sb.subAccount.access_token });
    expect(r.status).toBe(403);
  });
});

describe('GET /users/?locationId= (deprecated)', () => {
  it('sub-account tokens get {users} of their location, no count', async () => {
    const own = sb.subAccount.locationId as string;
    const r = await call<{ users: UserLike[] }>(sb, `/users/?locationId=${own}`, {
      token: sb.subAccount.access_token,
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['users']);
    // Agency-type users left out, as in Search Users (live).
    expect(r.json.users.map((u) => u.id)).toEqual(
      all
        .filter((u) => u.roles.locationIds.includes(own) && u.roles.type !== 'agency')
        .map((u) => u.id),
    );
  });

  it('agency tokens are refused (401 scope), other locations 403, missing locationId 422', async () => {
    const own = sb.subAccount.locationId as string;
    const agency = await call(sb, `/users/?locationId=${own}`);
    expect(agency.status).toBe(401);
    expect(agency.json).toEqual({
      statusCode: 401,
      message: 'The token is not authorized for this scope.',
    });
    const other = await call(sb, `/users/?locationId=${sb.locations[1]?.id}`, {
      token: sb.subAccount.access_token,
    });
    expect(other.status).toBe(403);
    const missing = await call(sb, '/users/', { token: sb.subAccount.access_token });
    expect(missing.status).toBe(422);
  });
});

describe('POST /users/search/filter-by-email', () => {
  const filter = (body: unknown, token?: string) =>
    call<SearchBody>(sb, '/users/search/filter-by-email', { method: 'POST', body, token });

  it('takes ONE comma-separated string and returns {id, email} by default', async () => {
    const [a, b] = [all[2] as UserLike, all[9] as UserLike];
    const r = await filter({
      companyId: sb.company.id,
      emails: `${a.email.toUpperCase()}, ${b.email},nobody@example.com`,
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      users: [
        { id: a.id, email: a.email },
        { id: b.id, email: b.email },
      ],
      count: 2,
    });
  });

  it('projection "all" returns full users; a field list returns id plus those fields', async () => {
    const a = all[2] as UserLike;
    const full = await filter({ companyId: sb.company.id, emails: a.email, projection: 'all' });
    expect(full.json.users).toEqual([a]);
    const some = await filter({
      companyId: sb.company.id,
      emails: a.email,
      projection: 'firstName,lastName',
    });
    expect(some.json.users).toEqual([{ id: a.id, firstName: a.firstName, lastName: a.lastName }]);
  });

  it('skip/limit are strings; count is before paging', async () => {
    const emails = all
      .slice(0, 5)
      .map((u) => u.email)
      .join(',');
    const r = await filter({ companyId: sb.company.id, emails, skip: '1', limit: '2' });
    expect(r.json.count).toBe(5);
    expect(r.json.users.map((u) => u.id)).toEqual([all[1]?.id, all[2]?.id]);
    const num = await filter({ companyId: sb.company.id, emails, limit: 2 });
    expect(num.status).toBe(422);
  });

  it('an array of emails is 422 "emails must be a string"', async () => {
    const r = await filter({ companyId: sb.company.id, emails: [all[0]?.email] });
    expect(r.status).toBe(422);
    expect(r.json).toEqual({
      statusCode: 422,
      message: ['emails must be a string'],
      error: 'Unprocessable Entity',
    });
  });

  it('requires companyId and emails; unknown properties are refused', async () => {
    const r = await call<{ message: string[] }>(sb, '/users/search/filter-by-email', {
      method: 'POST',
      body: { foo: 1 },
    });
    expect(r.status).toBe(422);
    expect(r.json.message).toEqual(
      expect.arrayContaining([
        'companyId should not be empty',
        'emails should not be empty',
        'property foo should not exist',
      ]),
    );
  });

  it('is agency-only: a sub-account token gets 401 not authorized for this scope', async () => {
    const r = await filter(
      { companyId: sb.company.id, emails: all[0]?.email },
      sb.subAccount.access_token,
    );
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ message: 'The token is not authorized for this scope.' });
  });
});
