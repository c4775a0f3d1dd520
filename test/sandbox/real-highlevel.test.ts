/**
 * Live-HighLevel behaviours (the default) against the document's (`spec: true`): unknown users,
 * Get User's roles, agency users and sub-account tokens, refresh errors, paused sub-accounts.
 */
import { startSandbox, type Sandbox, type SandboxTokenSet } from '../../dev/sandbox/server';
import { admin, allUsers, call, tokenRequest } from '../helpers/sandbox';
import { USER_DOES_NOT_EXIST, type SearchBody, type UserLike } from '../helpers/users';

const UNKNOWN = 'AAAAAAAAAAAAAAAAAAAA';
// Live 401/403 bodies carry no `error`; the document's (spec mode) do.
const INVALID_JWT = { statusCode: 401, message: 'Invalid JWT' };
const INVALID_JWT_SPEC = { ...INVALID_JWT, error: 'Unauthorized' };
const NO_LOCATION_ACCESS = {
  statusCode: 403,
  message: 'The token does not have access to this location.',
};
const NOT_ACTIVE_API = { statusCode: 401, message: 'Location is not active' };
const NOT_ACTIVE_API_SPEC = { ...NOT_ACTIVE_API, error: 'Unauthorized' };
const NOT_ACTIVE_REFRESH = { statusCode: 400, message: 'Location is not active' };
const INVALID_REFRESH = { statusCode: 400, message: 'Invalid grant: refresh token is invalid' };

function refresh(sb: Sandbox, token: string, userType?: string) {
  return tokenRequest(sb, {
    client_id: sb.clientId,
    client_secret: sb.clientSecret,
    grant_type: 'refresh_token',
    refresh_token: token,
    ...(userType ? { user_type: userType } : {}),
  });
}

const writeOf = (sb: Sandbox) => ({
  PUT: { companyId: sb.company.id, firstName: 'Nobody' },
  DELETE: undefined,
  GET: undefined,
});

describe('real mode (default)', () => {
  let sb: Sandbox;
  let users: UserLike[];
  beforeAll(async () => {
    sb = await startSandbox({ users: 60, locations: 3, rateLimit: false });
    users = await allUsers(sb);
  });
  afterAll(() => sb.close());

  describe('unknown user', () => {
    it.each(['GET', 'PUT', 'DELETE'] as const)(
      '%s /users/{unknown id}: 401 "The user does not exist."',
      async (method) => {
        const r = await call(sb, `/users/${UNKNOWN}`, { method, body: writeOf(sb)[method] });
        expect(r.status).toBe(401);
        expect(r.headers.get('content-type')).toMatch(/^application\/json/);
        expect(r.text).toBe(JSON.stringify(USER_DOES_NOT_EXIST));
        // Still an API answer: the rate-limit headers are there.
        expect(r.headers.get('x-ratelimit-max')).not.toBeNull();
      },
    );

    it.each(['GET', 'PUT', 'DELETE'] as const)(
      '%s: the token is checked first (bad token: Invalid JWT; no Version: 400)',
      async (method) => {
        const body = writeOf(sb)[method];
        const bad = await call(sb, `/users/${UNKNOWN}`, { method, body, token: 'nope' });
        expect(bad.status).toBe(401);
        expect(bad.json).toEqual(INVALID_JWT);
        const none = await call(sb, `/users/${UNKNOWN}`, { method, body, token: null });
        expect(none.json).toEqual(INVALID_JWT);
        const noVersion = await call(sb, `/users/${UNKNOWN}`, { method, body, version: null });
        expect(noVersion.status).toBe(400);
        // A sub-account token without users.write scope: the scope error, not the user error.
        const readOnly = sb.mintToken({ userType: 'Company', scopes: ['users.readonly'] });
        if (method !== 'GET') {
          const r = await call(sb, `/users/${UNKNOWN}`, {
            method,
            body,
            token: readOnly.access_token,
          });
          expect(r.json).toMatchObject({ message: 'The token is not authorized for this scope.' });
        }
      },
    );

    it('a malformed id is still 400; a deleted user is still returned by GET', async () => {
      const bad = await call(sb, `/users/${encodeURIComponent('no such id!')}`);
      expect(bad.status).toBe(400);
      const created = await call<UserLike>(sb, '/users/', {
        method: 'POST',
        body: {
          companyId: sb.company.id,
          firstName: 'Gone',
          lastName: 'Soon',
          email: 'gone.soon@example.com',
          password: 'Gone-soon-123',
          type: 'account',
          role: 'user',
          locationIds: [sb.locations[0]?.id],
        },
      });
      expect(created.status).toBe(201);
      expect((await call(sb, `/users/${created.json.id}`, { method: 'DELETE' })).status).toBe(200);
      // A second DELETE while queued answers the same 200.
      expect((await call(sb, `/users/${created.json.id}`, { method: 'DELETE' })).status).toBe(200);
    });
  });

  describe('Get User and roles.restrictSubAccount', () => {
    it('Get User leaves it out; Search Users and filter-by-email (all) keep it', async () => {
      const flagged = users.find((u) => u.roles.restrictSubAccount) ?? (users[0] as UserLike);
      for (const u of [flagged, users[1] as UserLike]) {
        expect(typeof u.roles.restrictSubAccount).toBe('boolean');
        const g = await call<UserLike>(sb, `/users/${u.id}`);
        expect(g.status).toBe(200);
        expect(g.json.roles).toEqual({
          type: u.roles.type,
          role: u.roles.role,
          locationIds: u.roles.locationIds,
        });
        expect(g.text).not.toContain('restrictSubAccount');
        const f = await call<SearchBody>(sb, '/users/search/filter-by-email', {
          method: 'POST',
          body: { companyId: sb.company.id, emails: u.email, projection: 'all' },
        });
        expect(f.json.users[0]?.roles.restrictSubAccount).toBe(u.roles.restrictSubAccount);
      }
    });

    it('create and update answers keep it', async () => {
      const u = users.find(
        (x) => x.roles.type === 'account' && x.roles.role === 'user',
      ) as UserLike;
      const r = await call<UserLike>(sb, `/users/${u.id}`, {
        method: 'PUT',
        body: { companyId: sb.company.id, lastName: 'Kept' },
      });
      expect(r.status).toBe(200);
      expect(typeof r.json.roles.restrictSubAccount).toBe('boolean');
    });
  });

  describe('agency-type users and sub-account tokens', () => {
    it('Search Users with a sub-account token leaves agency users out (count too)', async () => {
      const own = sb.subAccount.locationId as string;
      const users = await allUsers(sb); // fresh: earlier tests created some
      const agencyUsers = users.filter((u) => u.roles.type === 'agency');
      expect(agencyUsers.length).toBeGreaterThan(1);
      expect(agencyUsers.every((u) => u.roles.locationIds.includes(own))).toBe(true);
      const r = await call<SearchBody>(sb, `/users/search?companyId=${sb.company.id}&limit=100`, {
        token: sb.subAccount.access_token,
      });
      expect(r.status).toBe(200);
      expect(r.json.users.some((u) => u.roles.type === 'agency')).toBe(false);
      const expected = users.filter(
        (u) => u.roles.type === 'account' && u.roles.locationIds.includes(own),
      );
      expect(r.json.count).toBe(expected.length);
      const byType = await call<SearchBody>(
        sb,
        `/users/search?companyId=${sb.company.id}&type=agency`,
        { token: sb.subAccount.access_token },
      );
      expect(byType.json).toEqual({ users: [], count: 0 });
      const ids = await call<SearchBody>(
        sb,
        `/users/search?companyId=${sb.company.id}&ids=${agencyUsers.map((u) => u.id).join(',')}`,
        { token: sb.subAccount.access_token },
      );
      expect(ids.json.count).toBe(0);
      // The agency token sees them all.
      const ag = await call<SearchBody>(sb, `/users/search?companyId=${sb.company.id}&type=agency`);
      expect(ag.json.count).toBe(agencyUsers.length);
    });

    it('GET /users/{agency user} with a sub-account token is 403; account users are fine', async () => {
      const agencyUser = users.find((u) => u.roles.type === 'agency') as UserLike;
      const r = await call(sb, `/users/${agencyUser.id}`, { token: sb.subAccount.access_token });
      expect(r.status).toBe(403);
      expect(r.json).toEqual(NO_LOCATION_ACCESS);
      expect((await call(sb, `/users/${agencyUser.id}`)).status).toBe(200);
      const inside = users.find(
        (u) =>
          u.roles.type === 'account' &&
          u.roles.locationIds.includes(sb.subAccount.locationId as string),
      ) as UserLike;
      const ok = await call(sb, `/users/${inside.id}`, { token: sb.subAccount.access_token });
      expect(ok.status).toBe(200);
    });

    it('raw users of type agency are hidden from sub-account tokens too', async () => {
      const own = sb.subAccount.locationId as string;
      await admin(sb, 'POST', 'raw-users', [
        { id: 'rawAgency1', roles: { type: 'agency', role: 'user', locationIds: [own] } },
        { id: 'rawAccount1', roles: { type: 'account', role: 'user', locationIds: [own] } },
      ]);
      try {
        const path = `/users/search?companyId=${sb.company.id}&sort=dateAdded&sortDirection=desc&limit=5`;
        const sub = await call<{ users: Array<{ id: string }> }>(sb, path, {
          token: sb.subAccount.access_token,
        });
        expect(sub.json.users.map((u) => u.id)).toContain('rawAccount1');
        expect(sub.json.users.map((u) => u.id)).not.toContain('rawAgency1');
        const ag = await call<{ users: Array<{ id: string }> }>(sb, path);
        expect(ag.json.users.slice(0, 2).map((u) => u.id)).toEqual(['rawAccount1', 'rawAgency1']);
      } finally {
        await admin(sb, 'DELETE', 'raw-users');
      }
    });

    it('the deprecated location list leaves agency users out too', async () => {
      const own = sb.subAccount.locationId as string;
      const r = await call<{ users: UserLike[] }>(sb, `/users/?locationId=${own}`, {
        token: sb.subAccount.access_token,
      });
      expect(r.status).toBe(200);
      expect(r.json.users.length).toBeGreaterThan(0);
      expect(r.json.users.every((u) => u.roles.type === 'account')).toBe(true);
    });
  });

  describe('refresh with an unknown or used refresh token', () => {
    it("400 with HighLevel's {statusCode, message}", async () => {
      const unknown = await refresh(sb, 'f'.repeat(64), 'Company');
      expect(unknown.status).toBe(400);
      expect(unknown.json).toEqual(INVALID_REFRESH);
      expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
      const start = sb.mintToken({ userType: 'Location' });
      expect((await refresh(sb, start.refresh_token)).status).toBe(200);
      const used = await refresh(sb, start.refresh_token);
      expect(used.json).toEqual(INVALID_REFRESH);
    });

    it("other token errors are HighLevel's shape too (token-errors.test.ts has them all)", async () => {
      const t = sb.mintToken({ userType: 'Location' });
      const wrongType = await refresh(sb, t.refresh_token, 'Company');
      expect(wrongType.json).toEqual({ statusCode: 400, message: 'Invalid parameter: userType' });
      const badClient = await tokenRequest(sb, {
        client_id: sb.clientId,
        client_secret: 'wrong',
        grant_type: 'refresh_token',
        refresh_token: t.refresh_token,
      });
      expect(badClient.status).toBe(400);
      expect(badClient.json).toEqual({
        statusCode: 400,
        message: 'Invalid parameter: clientSecret',
      });
    });
  });
});

describe('spec mode (spec: true)', () => {
  let sb: Sandbox;
  let users: UserLike[];
  beforeAll(async () => {
    sb = await startSandbox({ users: 60, locations: 3, rateLimit: false, spec: true });
    users = await allUsers(sb);
  });
  afterAll(() => sb.close());

  it.each(['GET', 'PUT', 'DELETE'] as const)(
    '%s /users/{unknown id}: 404 "User not found"; a bad token is still Invalid JWT',
    async (method) => {
      const body = writeOf(sb)[method];
      const r = await call(sb, `/users/${UNKNOWN}`, { method, body });
      expect(r.status).toBe(404);
      expect(r.json).toEqual({ statusCode: 404, message: 'User not found' });
      const bad = await call(sb, `/users/${UNKNOWN}`, { method, body, token: 'nope' });
      expect(bad.json).toEqual(INVALID_JWT_SPEC);
    },
  );

  it('Get User keeps roles.restrictSubAccount', async () => {
    const u = users[3] as UserLike;
    const g = await call<UserLike>(sb, `/users/${u.id}`);
    expect(g.json.roles).toEqual(u.roles);
    expect(typeof g.json.roles.restrictSubAccount).toBe('boolean');
  });

  it('sub-account tokens see agency users (search and get)', async () => {
    const own = sb.subAccount.locationId as string;
    const r = await call<SearchBody>(sb, `/users/search?companyId=${sb.company.id}&limit=100`, {
      token: sb.subAccount.access_token,
    });
    expect(r.json.count).toBe(users.filter((u) => u.roles.locationIds.includes(own)).length);
    expect(r.json.users.some((u) => u.roles.type === 'agency')).toBe(true);
    const agencyUser = users.find((u) => u.roles.type === 'agency') as UserLike;
    const g = await call(sb, `/users/${agencyUser.id}`, { token: sb.subAccount.access_token });
    expect(g.status).toBe(200);
  });

  it("an unknown or used refresh token: HighLevel's own body, as in real mode", async () => {
    const r = await refresh(sb, 'nope');
    expect(r.status).toBe(400);
    expect(r.json).toEqual(INVALID_REFRESH);
  });

  it('POST /_sandbox/mode switches the 401 shape and the unknown-user answer', async () => {
    await admin(sb, 'POST', 'mode', { spec: false });
    try {
      expect((await call(sb, '/users/search', { token: 'nope' })).json).toEqual(INVALID_JWT);
      expect((await call(sb, `/users/${UNKNOWN}`)).json).toEqual(USER_DOES_NOT_EXIST);
    } finally {
      await admin(sb, 'POST', 'mode', { spec: true });
    }
    expect((await call(sb, '/users/search', { token: 'nope' })).json).toEqual(INVALID_JWT_SPEC);
    expect((await call(sb, `/users/${UNKNOWN}`)).status).toBe(404);
  });
});

describe('installing users of sub-account connections', () => {
  it.each([
    [42, 1, 3],
    [7, 6, 7],
    [99, 10, 300],
  ])(
    'seed %i, %i locations, %i users: every location admin is an account admin',
    async (seed, locations, count) => {
      const sb = await startSandbox({ seed, locations, users: count, rateLimit: false });
      try {
        for (const loc of sb.locations) {
          const t = sb.mintToken({ userType: 'Location', locationId: loc.id });
          // Readable with its own token in real mode (agency users would be 403).
          const g = await call<UserLike>(sb, `/users/${t.userId}`, { token: t.access_token });
          expect(g.status).toBe(200);
          expect(g.json.roles).toMatchObject({ type: 'account', role: 'admin' });
          expect(g.json.roles.locationIds).toContain(loc.id);
        }
      } finally {
        await sb.close();
      }
    },
  );
});

describe.each([
  ['real (default)', false],
  ['spec', true],
])('paused sub-account, %s mode', (_name, spec) => {
  let sb: Sandbox;
  let loc: string;
  let other: string;
  beforeAll(async () => {
    sb = await startSandbox({ users: 20, locations: 3, rateLimit: false, spec });
    loc = sb.locations[0]?.id as string;
    other = sb.locations[1]?.id as string;
  });
  afterAll(() => sb.close());
  afterEach(() => {
    for (const l of sb.locations) sb.resumeLocation(l.id);
  });

  const search = (t: SandboxTokenSet) =>
    call<SearchBody>(sb, `/users/search?companyId=${sb.company.id}&limit=1`, {
      token: t.access_token,
    });

  it('admin endpoints pause and resume; unknown ids are 404', async () => {
    const p = await admin(sb, 'POST', `locations/${loc}/pause`);
    expect(p.status).toBe(200);
    expect(p.json).toEqual({ locationId: loc, paused: true, pausedLocations: [loc] });
    expect((await admin(sb, 'POST', `locations/${loc}/pause`)).json).toMatchObject({
      pausedLocations: [loc],
    });
    expect((await admin(sb, 'GET', 'info')).json).toMatchObject({ pausedLocations: [loc] });
    const r = await admin(sb, 'POST', `locations/${loc}/resume`);
    expect(r.json).toEqual({ locationId: loc, paused: false, pausedLocations: [] });
    const unknown = await admin(sb, 'POST', `locations/${UNKNOWN}/pause`);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ statusCode: 404, message: `Location not found: ${UNKNOWN}` });
    expect((await admin(sb, 'GET', `locations/${loc}/pause`)).status).toBe(404);
    expect(() => sb.pauseLocation(UNKNOWN)).toThrow(/Unknown locationId/);
    expect(() => sb.resumeLocation(UNKNOWN)).toThrow(/Unknown locationId/);
  });

  it("API calls with the location's token are 401 Location is not active", async () => {
    const t = sb.mintToken({ userType: 'Location', locationId: loc });
    const o = sb.mintToken({ userType: 'Location', locationId: other });
    expect((await search(t)).status).toBe(200);
    sb.pauseLocation(loc);
    for (const path of [
      `/users/search?companyId=${sb.company.id}`,
      `/users/${t.userId}`,
      `/locations/${loc}`,
      `/users/${UNKNOWN}`,
    ]) {
      const r = await call(sb, path, { token: t.access_token });
      expect(r.status).toBe(401);
      expect(r.text).toBe(JSON.stringify(spec ? NOT_ACTIVE_API_SPEC : NOT_ACTIVE_API));
      expect(r.headers.get('x-ratelimit-max')).not.toBeNull();
    }
    // Bad tokens and the Version header are checked first.
    expect((await call(sb, `/users/${t.userId}`, { token: 'nope' })).json).toEqual(
      spec ? INVALID_JWT_SPEC : INVALID_JWT,
    );
    expect(
      (await call(sb, `/users/${t.userId}`, { token: t.access_token, version: null })).status,
    ).toBe(400);
    // Other locations and agency tokens are unaffected (the agency still reads the location).
    expect((await search(o)).status).toBe(200);
    expect((await search(sb.agency)).status).toBe(200);
    expect((await call(sb, `/locations/${loc}`)).status).toBe(200);
    sb.resumeLocation(loc);
    expect((await search(t)).status).toBe(200);
  });

  it('a refresh is 400 Location is not active and does not use up the refresh token', async () => {
    const t = sb.mintToken({ userType: 'Location', locationId: loc });
    const pause = await admin(sb, 'POST', `locations/${loc}/pause`);
    expect(pause.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const r = await refresh(sb, t.refresh_token, 'Location');
      expect(r.status).toBe(400);
      expect(r.json).toEqual(NOT_ACTIVE_REFRESH);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    }
    // Agency connections and other locations refresh as usual.
    const ag = sb.mintToken({ userType: 'Company' });
    expect((await refresh(sb, ag.refresh_token, 'Company')).status).toBe(200);
    const o = sb.mintToken({ userType: 'Location', locationId: other });
    expect((await refresh(sb, o.refresh_token)).status).toBe(200);

    expect((await admin(sb, 'POST', `locations/${loc}/resume`)).status).toBe(200);
    const ok = await refresh(sb, t.refresh_token, 'Location');
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ userType: 'Location', locationId: loc });
    expect((await search(ok.json as unknown as SandboxTokenSet)).status).toBe(200);
    // Now it is used: the usual invalid-grant answer (the same in both modes).
    const again = await refresh(sb, t.refresh_token, 'Location');
    expect(again.status).toBe(400);
    expect(again.json).toEqual(INVALID_REFRESH);
  });

  it('an unknown refresh token is still invalid grant while a location is paused', async () => {
    sb.pauseLocation(loc);
    const r = await refresh(sb, 'nope');
    expect(r.status).toBe(400);
    expect(r.json).not.toEqual(NOT_ACTIVE_REFRESH);
  });

  it('concurrent refreshes of a paused location: all five 400, none uses the token', async () => {
    const t = sb.mintToken({ userType: 'Location', locationId: loc });
    sb.pauseLocation(loc);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => refresh(sb, t.refresh_token)),
    );
    expect(results.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    for (const r of results) expect(r.json).toEqual(NOT_ACTIVE_REFRESH);
    sb.resumeLocation(loc);
    const after = await Promise.all(Array.from({ length: 5 }, () => refresh(sb, t.refresh_token)));
    expect(after.filter((r) => r.status === 200)).toHaveLength(1);
    expect(after.filter((r) => r.status === 400)).toHaveLength(4);
  });
});
