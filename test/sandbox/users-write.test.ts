import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { call } from '../helpers/sandbox';
import { asGetUser, USER_DOES_NOT_EXIST, type SearchBody, type UserLike } from '../helpers/users';
import { sleep } from '../helpers/wait';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ deleteDelayMs: 150, rateLimit: false });
});

afterAll(() => sb.close());

let counter = 0;
function newUserBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    companyId: sb.company.id,
    firstName: 'Ada',
    lastName: `Lovelace${counter}`,
    email: `ada.lovelace${counter}@Example.com`,
    password: 'S3cret-password!',
    phone: '+18832327657',
    type: 'account',
    role: 'user',
    locationIds: [sb.locations[0]?.id],
    ...overrides,
  };
}

const create = (body: unknown, token?: string) =>
  call<UserLike>(sb, '/users/', { method: 'POST', body, token });

describe('POST /users/', () => {
  it('201 with the created user object; newest first in sort=dateAdded desc', async () => {
    const r = await create(
      newUserBody({
        permissions: { campaignsEnabled: false, websitesEnabled: true },
        scopes: ['contacts.write', 'campaigns.readonly'],
        platformLanguage: 'fr_CA',
        profilePhoto: 'https://img.example.com/ada.png',
      }),
    );
    expect(r.status).toBe(201);
    const u = r.json;
    expect(u.id).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(u).toMatchObject({
      name: `Ada Lovelace${counter}`,
      firstName: 'Ada',
      email: `ada.lovelace${counter}@example.com`, // stored lowercase
      phone: '+18832327657',
      deleted: false,
      scopes: ['contacts.write', 'campaigns.readonly'],
      scopesAssignedToOnly: [],
      platformLanguage: 'fr_CA',
      profilePhoto: 'https://img.example.com/ada.png',
      roles: {
        type: 'account',
        role: 'user',
        locationIds: [sb.locations[0]?.id],
        restrictSubAccount: false,
      },
    });
    // Unsent permissions take their documented defaults.
    expect(u.permissions).toMatchObject({
      campaignsEnabled: false,
      websitesEnabled: true,
      contactsEnabled: true,
      assignedDataOnly: false,
    });
    expect(r.text).not.toMatch(/password/i);

    const newest = await call<SearchBody>(
      sb,
      `/users/search?companyId=${sb.company.id}&sort=dateAdded&sortDirection=desc&limit=1`,
    );
    expect(newest.json.users[0]?.id).toBe(u.id);
    // Get User answers the same user, without roles.restrictSubAccount (live).
    const got = await call<UserLike>(sb, `/users/${u.id}`);
    expect(got.json).toEqual(asGetUser(u));
    expect('restrictSubAccount' in got.json.roles).toBe(false);
  });

  it('422 lists every problem, class-validator style', async () => {
    const r = await call<{ statusCode: number; message: string[]; error: string }>(sb, '/users/', {
      method: 'POST',
      body: {
        companyId: sb.company.id,
        firstName: '',
        email: 'not-an-email',
        type: 'owner',
        role: 'admin',
        locationIds: [],
        scopes: ['contacts.write', 'made up'],
        platformLanguage: 'klingon',
        permissions: { flyingEnabled: true, contactsEnabled: 'yes' },
        hobby: 'chess',
      },
    });
    expect(r.status).toBe(422);
    expect(r.json.statusCode).toBe(422);
    expect(r.json.error).toBe('Unprocessable Entity');
    expect(r.json.message).toEqual(
      expect.arrayContaining([
        'firstName should not be empty',
        'lastName should not be empty',
        'lastName must be a string',
        'email must be an email',
        'password should not be empty',
        'type must be one of the following values: agency, account',
        'locationIds should not be empty',
        'platformLanguage must be one of the following values: en_US, es, fr_CA, fr_FR, nl, de, pt_PT, pt_BR, it, sv, da, fi, no',
        'permissions.contactsEnabled must be a boolean value',
        'property hobby should not exist',
      ]),
    );
    // HighLevel mode: an unknown switch (flyingEnabled) and scope code are fine, a malformed code
    // is not (open-world.test.ts has the details and spec mode).
    expect(r.json.message).toContain(
      'each value in scopes must match /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/ regular expression',
    );
    expect(r.json.message.join(' ')).not.toContain('flyingEnabled');
  });

  it('duplicate email in the company is 400 (case-insensitive)', async () => {
    const first = await create(newUserBody());
    expect(first.status).toBe(201);
    const dup = await create(newUserBody({ email: first.json.email.toUpperCase() }));
    expect(dup.status).toBe(400);
    expect(dup.json).toEqual({ statusCode: 400, message: 'User already exists with this email' });
  });

  it('unknown location is 400; another company 403; malformed JSON 400', async () => {
    const r = await create(newUserBody({ locationIds: ['AAAAAAAAAAAAAAAAAAAA'] }));
    expect(r.status).toBe(400);
    const other = await create(newUserBody({ companyId: 'AAAAAAAAAAAAAAAAAAAA' }));
    expect(other.status).toBe(403);
    const bad = await call(sb, '/users/', { method: 'POST', body: '{"firstName": ' });
    expect(bad.status).toBe(400);
  });

  it('a sub-account token may create users in its own location only', async () => {
    const own = sb.subAccount.locationId as string;
    const ok = await create(newUserBody({ locationIds: [own] }), sb.subAccount.access_token);
    expect(ok.status).toBe(201);
    const other = await create(
      newUserBody({ locationIds: [sb.locations[1]?.id] }),
      sb.subAccount.access_token,
    );
    expect(other.status).toBe(403);
  });
});

describe('PUT /users/{userId}', () => {
  let user: UserLike;
  beforeEach(async () => {
    user = (
      await create(
        newUserBody({
          scopes: ['contacts.write', 'campaigns.readonly'],
          permissions: { campaignsEnabled: true, contactsEnabled: true },
        }),
      )
    ).json;
  });

  const put = (id: string, body: unknown, token?: string) =>
    call<UserLike>(sb, `/users/${id}`, { method: 'PUT', body, token });

  it('changes only the fields sent; permissions merge key by key', async () => {
    const r = await put(user.id, {
      companyId: sb.company.id,
      firstName: 'Augusta',
      permissions: { campaignsEnabled: false },
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      ...user,
      firstName: 'Augusta',
      name: `Augusta ${user.lastName}`,
      permissions: { ...user.permissions, campaignsEnabled: false },
    });
    const got = await call<UserLike>(sb, `/users/${user.id}`);
    expect(got.json).toEqual(asGetUser(r.json));
  });

  it('scopes: [] really removes every scope', async () => {
    const r = await put(user.id, { companyId: sb.company.id, scopes: [] });
    expect(r.status).toBe(200);
    expect(r.json.scopes).toEqual([]);
    expect(r.json.permissions).toEqual(user.permissions);
  });

  it('refuses an email change (400) but accepts the same email', async () => {
    const r = await put(user.id, { companyId: sb.company.id, email: 'someone.else@example.com' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ statusCode: 400, message: 'Email cannot be updated' });
    const same = await put(user.id, {
      companyId: sb.company.id,
      email: user.email.toUpperCase(),
      lastName: 'Byron',
    });
    expect(same.status).toBe(200);
    expect(same.json.lastName).toBe('Byron');
  });

  it('agency tokens must send companyId (422); sub-account tokens need not', async () => {
    const r = await call<{ message: string[] }>(sb, `/users/${user.id}`, {
      method: 'PUT',
      body: { firstName: 'X' },
    });
    expect(r.status).toBe(422);
    expect(r.json.message).toEqual(['companyId is required for agency-level access']);
    const loc = await put(user.id, { lastName: 'Sub' }, sb.subAccount.access_token);
    expect(loc.status).toBe(200);
    expect(loc.json.lastName).toBe('Sub');
  });

  it('validates like create; unknown user 401 "The user does not exist." (live)', async () => {
    const r = await call<{ message: string[] }>(sb, `/users/${user.id}`, {
      method: 'PUT',
      body: { companyId: sb.company.id, role: 'owner', locationIds: 'x', nope: true },
    });
    expect(r.status).toBe(422);
    expect(r.json.message).toEqual(
      expect.arrayContaining([
        'role must be one of the following values: admin, user',
        'locationIds must be an array',
        'property nope should not exist',
      ]),
    );
    const missing = await put('AAAAAAAAAAAAAAAAAAAA', { companyId: sb.company.id });
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual(USER_DOES_NOT_EXIST);
  });

  it('a sub-account token cannot move a user to another location', async () => {
    const r = await put(
      user.id,
      { locationIds: [sb.locations[1]?.id as string] },
      sb.subAccount.access_token,
    );
    expect(r.status).toBe(403);
  });
});

describe('DELETE /users/{userId}', () => {
  it('queues the deletion: succeded flag now, deleted after the delay', async () => {
    const user = (await create(newUserBody())).json;
    const r = await call<{ succeded: boolean; message: string }>(sb, `/users/${user.id}`, {
      method: 'DELETE',
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      succeded: true,
      message: `Queued deleting user with e-mail ${user.email} and name ${user.name}. Will take effect in a few minutes.`,
    });
    // Still there right after the call.
    expect((await call<UserLike>(sb, `/users/${user.id}`)).json.deleted).toBe(false);
    const q = `/users/search?companyId=${sb.company.id}&query=${encodeURIComponent(user.email)}`;
    expect((await call<SearchBody>(sb, q)).json.count).toBe(1);

    await sleep(300);
    const after = await call<UserLike>(sb, `/users/${user.id}`);
    expect(after.status).toBe(200);
    expect(after.json.deleted).toBe(true);
    expect((await call<SearchBody>(sb, q)).json).toEqual({ users: [], count: 0 });
    // filter-by-email: deleted users only with deleted: true.
    const active = await call<SearchBody>(sb, '/users/search/filter-by-email', {
      method: 'POST',
      body: { companyId: sb.company.id, emails: user.email },
    });
    expect(active.json.count).toBe(0);
    const deleted = await call<SearchBody>(sb, '/users/search/filter-by-email', {
      method: 'POST',
      body: { companyId: sb.company.id, emails: user.email, deleted: true, projection: 'all' },
    });
    expect(deleted.json.users.map((u) => [u.id, u.deleted])).toEqual([[user.id, true]]);

    // Deleting again, or updating, a deleted user is 404; its email is free again.
    expect((await call(sb, `/users/${user.id}`, { method: 'DELETE' })).status).toBe(404);
    const upd = await call(sb, `/users/${user.id}`, {
      method: 'PUT',
      body: { companyId: sb.company.id, firstName: 'Zombie' },
    });
    expect(upd.status).toBe(404);
    const again = await create(newUserBody({ email: user.email }));
    expect(again.status).toBe(201);
  });

  it('unknown user is 401 "The user does not exist." (live)', async () => {
    const r = await call(sb, '/users/AAAAAAAAAAAAAAAAAAAA', { method: 'DELETE' });
    expect(r.status).toBe(401);
    expect(r.json).toEqual(USER_DOES_NOT_EXIST);
  });

  it('a sub-account token cannot delete users of other locations', async () => {
    const user = (await create(newUserBody({ locationIds: [sb.locations[2]?.id] }))).json;
    const r = await call(sb, `/users/${user.id}`, {
      method: 'DELETE',
      token: sb.subAccount.access_token,
    });
    expect(r.status).toBe(403);
  });
});
