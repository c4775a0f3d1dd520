import { PERMISSION_KEYS, PLATFORM_LANGUAGES, USER_SCOPES } from '../../dev/sandbox/constants';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { Store, toUserJson, type StoredUser } from '../../dev/sandbox/store';
import { allUsers, call } from '../helpers/sandbox';
import type { UserLike } from '../helpers/users';

const ID_RE = /^[A-Za-z0-9]{20}$/;

describe('seed data', () => {
  it('is deterministic: same seed, same company, locations, users and IDs', async () => {
    const a = await startSandbox({ seed: 7, users: 40, locations: 4 });
    const b = await startSandbox({ seed: 7, users: 40, locations: 4 });
    const c = await startSandbox({ seed: 8, users: 40, locations: 4 });
    try {
      expect(b.company).toEqual(a.company);
      expect(b.locations).toEqual(a.locations);
      const [ua, ub, uc] = await Promise.all([allUsers(a), allUsers(b), allUsers(c)]);
      expect(ua).toHaveLength(40);
      expect(ub).toEqual(ua);
      expect(uc.map((u) => u.id)).not.toEqual(ua.map((u) => u.id));
      expect(c.company.id).not.toBe(a.company.id);
      // Tokens are random, data is not.
      expect(b.agency.access_token).not.toBe(a.agency.access_token);
      expect(b.agency.userId).toBe(a.agency.userId);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('IDs of users created at run time are deterministic too', async () => {
    const body = (sb: Sandbox) => ({
      companyId: sb.company.id,
      firstName: 'Dee',
      lastName: 'Terministic',
      email: 'dee@example.com',
      password: 'Secret123!',
      type: 'account',
      role: 'user',
      locationIds: [sb.locations[0]?.id],
    });
    const a = await startSandbox();
    const b = await startSandbox();
    try {
      const ra = await call<UserLike>(a, '/users/', { method: 'POST', body: body(a) });
      const rb = await call<UserLike>(b, '/users/', { method: 'POST', body: body(b) });
      expect(ra.status).toBe(201);
      expect(ra.json.id).toMatch(ID_RE);
      expect(rb.json.id).toBe(ra.json.id);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('users look like HighLevel users and cover every location', async () => {
    const sb = await startSandbox({ users: 60, locations: 5 });
    try {
      const users = await allUsers(sb);
      expect(users).toHaveLength(60);
      const emails = users.map((u) => u.email);
      expect(new Set(emails).size).toBe(60);
      expect(new Set(users.map((u) => u.name)).size).toBe(60);
      expect(new Set(users.map((u) => u.phone)).size).toBe(60);
      for (const u of users) {
        expect(u.id).toMatch(ID_RE);
        expect(u.email).toBe(u.email.toLowerCase());
        expect(u.email).toMatch(/^[a-z0-9.-]+@[a-z0-9.-]+\.[a-z]+$/);
        expect(u.name).toBe(`${u.firstName} ${u.lastName}`);
        expect(u.deleted).toBe(false);
        // The 38 documented switches plus the one live users carry (HighLevel mode).
        expect(Object.keys(u.permissions).sort()).toEqual(
          [...PERMISSION_KEYS, 'opportunitiesBulkActionsEnabled'].sort(),
        );
        expect(Object.values(u.permissions).every((v) => typeof v === 'boolean')).toBe(true);
        expect(Array.isArray(u.scopes)).toBe(true);
        expect(u.scopes.every((s) => USER_SCOPES.includes(s))).toBe(true);
        expect(Array.isArray(u.scopesAssignedToOnly)).toBe(true);
        expect(['agency', 'account']).toContain(u.roles.type);
        expect(['admin', 'user']).toContain(u.roles.role);
        expect(typeof u.roles.restrictSubAccount).toBe('boolean');
        expect(u.roles.locationIds.length).toBeGreaterThan(0);
        expect(PLATFORM_LANGUAGES).toContain(u.platformLanguage);
        expect(typeof u.lcPhone).toBe('object');
        expect(typeof u.extension).toBe('string');
        // HighLevel user objects carry no date field, and never a password.
        for (const k of ['dateAdded', 'createdAt', 'password', 'passwordHash', 'seq']) {
          expect(u).not.toHaveProperty(k);
        }
      }
      const agencyAdmins = users.filter(
        (u) => u.roles.type === 'agency' && u.roles.role === 'admin',
      );
      expect(agencyAdmins.length).toBeGreaterThanOrEqual(1);
      for (const a of agencyAdmins) {
        expect([...a.roles.locationIds].sort()).toEqual(sb.locations.map((l) => l.id).sort());
      }
      for (const loc of sb.locations) {
        const members = users.filter(
          (u) => u.roles.type === 'account' && u.roles.locationIds.includes(loc.id),
        );
        expect(members.length).toBeGreaterThan(0);
      }
      expect(users.some((u) => u.roles.type === 'account' && u.roles.locationIds.length > 1)).toBe(
        true,
      );
      // The ready-made token sets are installed by an agency admin / an admin of the location.
      const byId = new Map(users.map((u) => [u.id, u]));
      expect(byId.get(sb.agency.userId)?.roles).toMatchObject({ type: 'agency', role: 'admin' });
      const locAdmin = byId.get(sb.subAccount.userId);
      expect(locAdmin?.roles.role).toBe('admin');
      expect(locAdmin?.roles.locationIds).toContain(sb.subAccount.locationId);
    } finally {
      await sb.close();
    }
  });

  it('seeds 10,000 users fast and searches them in milliseconds', () => {
    const t0 = performance.now();
    const store = new Store({ seed: 42, users: 10_000, locations: 3 });
    const seedMs = performance.now() - t0;
    expect(store.users).toHaveLength(10_000);
    expect(new Set(store.users.map((u) => u.email)).size).toBe(10_000);
    expect(seedMs).toBeLessThan(2500);
    // Warm up, then time a typical polling search and a text search.
    store.searchUsers({}, { field: 'dateAdded', direction: 'desc' }, 0, 100);
    store.searchUsers({ query: 'smith' }, { field: 'name', direction: 'asc' }, 0, 25);
    const t1 = performance.now();
    for (let i = 0; i < 20; i++) {
      store.searchUsers({}, { field: 'dateAdded', direction: 'desc' }, 0, 100);
      store.searchUsers({ query: 'smith' }, { field: 'name', direction: 'asc' }, 0, 25);
    }
    const perSearch = (performance.now() - t1) / 40;
    expect(perSearch).toBeLessThan(25);
    expect(toUserJson(store.users[0] as StoredUser)).not.toHaveProperty('passwordHash');
  });

  it('always seeds an agency admin plus an admin per location, even when asked for fewer users', () => {
    const store = new Store({ seed: 1, users: 0, locations: 4 });
    expect(store.users).toHaveLength(5);
    for (const l of store.locations) {
      expect(
        store.users.some((u) => u.roles.role === 'admin' && u.roles.locationIds.includes(l.id)),
      ).toBe(true);
    }
  });
});
