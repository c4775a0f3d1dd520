/** The real-vs-spec switch (`spec` / `--spec`) and the /_sandbox/mode endpoint. */
import { parseArgs } from '../../dev/sandbox/cli';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { admin, call } from '../helpers/sandbox';
import type { SearchBody, UserLike } from '../helpers/users';

const JSON_TYPE = /^application\/json/;

function newUser(sb: Sandbox, n: string): Record<string, unknown> {
  return {
    companyId: sb.company.id,
    firstName: 'Spec',
    lastName: `Mode${n}`,
    email: `spec.mode.${n}@example.com`,
    password: 'Spec-mode-123',
    type: 'account',
    role: 'user',
    locationIds: [sb.locations[0]?.id],
    scopes: ['contacts.write', 'campaigns.readonly'],
    scopesAssignedToOnly: ['contacts.write'],
  };
}

describe('real mode (default)', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false, deleteDelayMs: 50 });
  });
  afterAll(() => sb.close());

  it('returns scopes and scopesAssignedToOnly as arrays of strings', async () => {
    const c = await call<UserLike>(sb, '/users/', { method: 'POST', body: newUser(sb, 'r1') });
    expect(c.status).toBe(201);
    expect(c.headers.get('content-type')).toMatch(JSON_TYPE);
    expect(c.json.scopes).toEqual(['contacts.write', 'campaigns.readonly']);
    expect(c.json.scopesAssignedToOnly).toEqual(['contacts.write']);
    const s = await call<SearchBody>(sb, `/users/search?companyId=${sb.company.id}&limit=5`);
    expect(s.status).toBe(200);
    expect(s.json.users).toHaveLength(5);
    for (const u of s.json.users) {
      expect(Array.isArray(u.scopes)).toBe(true);
      expect(Array.isArray(u.scopesAssignedToOnly)).toBe(true);
    }
    expect(sb.modes()).toEqual({ spec: false, partialUpdates: 'merge' });
  });

  it('DELETE answers {succeded: true, message}', async () => {
    const c = await call<UserLike>(sb, '/users/', { method: 'POST', body: newUser(sb, 'r2') });
    const d = await call(sb, `/users/${c.json.id}`, { method: 'DELETE' });
    expect(d.status).toBe(200);
    expect(d.headers.get('content-type')).toMatch(JSON_TYPE);
    expect(d.json).toEqual({
      succeded: true,
      message:
        'Queued deleting user with e-mail spec.mode.r2@example.com and name Spec Moder2. Will take effect in a few minutes.',
    });
  });
});

describe('spec mode (spec: true)', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false, deleteDelayMs: 50, spec: true });
  });
  afterAll(() => sb.close());

  it('users carry scopes as ONE documented string and no scopesAssignedToOnly', async () => {
    const c = await call<Record<string, unknown>>(sb, '/users/', {
      method: 'POST',
      body: newUser(sb, 's1'),
    });
    expect(c.status).toBe(201);
    expect(c.json.scopes).toBe('contacts.write');
    expect(c.json).not.toHaveProperty('scopesAssignedToOnly');
    const id = c.json.id as string;

    const g = await call<Record<string, unknown>>(sb, `/users/${id}`);
    expect(g.status).toBe(200);
    expect(g.json.scopes).toBe('contacts.write');

    const u = await call<Record<string, unknown>>(sb, `/users/${id}`, {
      method: 'PUT',
      body: { companyId: sb.company.id, scopes: ['campaigns.readonly'] },
    });
    expect(u.status).toBe(200);
    expect(u.json.scopes).toBe('campaigns.readonly');

    // No scopes at all: the optional member is left out (no value fits the enum).
    const none = await call<Record<string, unknown>>(sb, `/users/${id}`, {
      method: 'PUT',
      body: { companyId: sb.company.id, scopes: [] },
    });
    expect(none.status).toBe(200);
    expect(none.json).not.toHaveProperty('scopes');
  });

  it('search, filter-by-email and the deprecated location list use the same shape', async () => {
    const s = await call<{ users: Record<string, unknown>[]; count: number }>(
      sb,
      `/users/search?companyId=${sb.company.id}&limit=10`,
    );
    expect(s.status).toBe(200);
    expect(s.json.users.length).toBeGreaterThan(0);
    for (const u of s.json.users) {
      expect(typeof u.scopes === 'string' || u.scopes === undefined).toBe(true);
      expect(u).not.toHaveProperty('scopesAssignedToOnly');
    }
    const email = s.json.users[0]?.email as string;
    const f = await call<{ users: Record<string, unknown>[] }>(
      sb,
      '/users/search/filter-by-email',
      { method: 'POST', body: { companyId: sb.company.id, emails: email, projection: 'all' } },
    );
    expect(f.status).toBe(200);
    expect(f.json.users[0]?.scopes).toBe(s.json.users[0]?.scopes);
    expect(f.json.users[0]).not.toHaveProperty('scopesAssignedToOnly');

    const l = await call<{ users: Record<string, unknown>[] }>(
      sb,
      `/users/?locationId=${sb.locations[0]?.id}`,
      { token: sb.subAccount.access_token },
    );
    expect(l.status).toBe(200);
    for (const u of l.json.users) expect(Array.isArray(u.scopes)).toBe(false);
  });

  it('DELETE answers the same {succeded: true, message} as real mode', async () => {
    const c = await call<UserLike>(sb, '/users/', { method: 'POST', body: newUser(sb, 's2') });
    const d = await call<Record<string, unknown>>(sb, `/users/${c.json.id}`, { method: 'DELETE' });
    expect(d.status).toBe(200);
    expect(d.json).toEqual({
      succeded: true,
      message:
        'Queued deleting user with e-mail spec.mode.s2@example.com and name Spec Modes2. Will take effect in a few minutes.',
    });
  });

  it('GET /_sandbox/info and /_sandbox/mode report the modes', async () => {
    const info = await admin(sb, 'GET', 'info');
    expect(info.json).toMatchObject({ spec: true, partialUpdates: 'merge' });
    const m = await admin(sb, 'GET', 'mode');
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toMatch(JSON_TYPE);
    expect(m.json).toEqual({ spec: true, partialUpdates: 'merge' });
  });
});

describe('POST /_sandbox/mode', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false });
  });
  afterAll(() => sb.close());

  it('switches spec at run time; cached user JSON follows', async () => {
    const path = `/users/search?companyId=${sb.company.id}&limit=1`;
    const before = await call<SearchBody>(sb, path);
    expect(Array.isArray(before.json.users[0]?.scopes)).toBe(true);
    const r = await admin(sb, 'POST', 'mode', { spec: true });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ spec: true, partialUpdates: 'merge' });
    const during = await call<{ users: Record<string, unknown>[] }>(sb, path);
    expect(typeof during.json.users[0]?.scopes).toBe('string');
    await admin(sb, 'POST', 'mode', { spec: false });
    const after = await call<SearchBody>(sb, path);
    expect(after.json.users[0]?.scopes).toEqual(before.json.users[0]?.scopes);
  });

  it('refuses unknown values and properties with 400', async () => {
    for (const body of [{ partialUpdates: 'replace' }, { spec: 'yes' }, { mode: 'x' }, [1]]) {
      const r = await admin(sb, 'POST', 'mode', body);
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ statusCode: 400 });
    }
    expect(sb.modes()).toEqual({ spec: false, partialUpdates: 'merge' });
  });
});

describe('CLI flags', () => {
  it('--spec and --reset-partial-updates', () => {
    expect(parseArgs(['--spec'], {})).toEqual({ port: 4010, quiet: false, spec: true });
    expect(parseArgs(['--reset-partial-updates'], {})).toEqual({
      port: 4010,
      quiet: false,
      partialUpdates: 'reset',
    });
  });

  it('startSandbox refuses an unknown partialUpdates mode', async () => {
    await expect(startSandbox({ partialUpdates: 'replace' as unknown as 'merge' })).rejects.toThrow(
      /partialUpdates/,
    );
  });
});
