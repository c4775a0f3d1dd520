/** Odd users (POST /_sandbox/raw-users) and page quirks (duplicate / overfill the next page). */
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { admin, call } from '../helpers/sandbox';

type Page = { users: Array<Record<string, unknown>>; count: number };

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ rateLimit: false, users: 30 });
});
afterAll(() => sb.close());
beforeEach(async () => {
  await admin(sb, 'DELETE', 'raw-users');
  await admin(sb, 'DELETE', 'next-page');
});

const ODD = [
  { id: 'odd1', name: null, email: null, roles: null },
  { name: 'no id' },
  { id: 'odd3', email: 'Odd.Three@Example.COM', roles: { locationIds: ['elsewhere'] } },
];

const search = (q: string, token?: string) =>
  call<Page>(sb, `/users/search?companyId=${sb.company.id}&${q}`, { token });

describe('POST /_sandbox/raw-users', () => {
  it('201 {rawUsers}; a body that is not an array of objects is 400', async () => {
    const r = await admin(sb, 'POST', 'raw-users', ODD);
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ rawUsers: 3 });
    expect((await admin(sb, 'POST', 'raw-users', [{ id: 'odd4' }])).json).toEqual({ rawUsers: 4 });
    for (const bad of [{ id: 'x' }, [1], ['x'], [null], 'not json']) {
      const b = await admin(sb, 'POST', 'raw-users', bad);
      expect(b.status).toBe(400);
      expect(b.json).toMatchObject({ statusCode: 400 });
    }
    expect((await admin(sb, 'DELETE', 'raw-users')).status).toBe(204);
    const plain = await search('limit=100');
    expect(plain.json.users.some((u) => String(u.id).startsWith('odd'))).toBe(false);
  });

  it('appended as-is at the newest end: first with sort=dateAdded&sortDirection=desc', async () => {
    const before = await search('limit=1');
    const total = before.json.count;
    await admin(sb, 'POST', 'raw-users', ODD);
    const desc = await search('sort=dateAdded&sortDirection=desc&limit=4');
    expect(desc.status).toBe(200);
    expect(desc.json.count).toBe(total + 3);
    expect(desc.json.users.slice(0, 3)).toEqual([ODD[2], ODD[1], ODD[0]]);
    expect(typeof desc.json.users[3]?.id).toBe('string');
    // Ascending (and the default name order): after every real user; paging crosses over.
    const asc = await search(`sort=dateAdded&skip=${total - 1}&limit=3`);
    expect(asc.json.users).toHaveLength(3);
    expect(asc.json.users.slice(1)).toEqual([ODD[0], ODD[1]]);
    const byName = await search(`skip=${total}&limit=10`);
    expect(byName.json.users).toEqual(ODD);
    // Desc paging past the raw users continues with the newest real users.
    const descPage2 = await search('sort=dateAdded&sortDirection=desc&skip=2&limit=2');
    expect(descPage2.json.users[0]).toEqual(ODD[0]);
    expect(descPage2.json.users[1]?.id).toBe(desc.json.users[3]?.id);
  });

  it('sub-account searches see raw users without roles, and those naming their location', async () => {
    const loc = sb.locations[0]?.id as string;
    await admin(sb, 'POST', 'raw-users', [...ODD, { id: 'odd5', roles: { locationIds: [loc] } }]);
    const r = await search('sort=dateAdded&sortDirection=desc&limit=5', sb.subAccount.access_token);
    expect(r.status).toBe(200);
    const ids = r.json.users.slice(0, 3).map((u) => u.id ?? '(none)');
    expect(ids).toEqual(['odd5', '(none)', 'odd1']);
    expect(r.json.users.some((u) => u.id === 'odd3')).toBe(false);
  });

  it('filter-by-email returns a raw user whose email matches case-insensitively', async () => {
    await admin(sb, 'POST', 'raw-users', ODD);
    const real = (await search('limit=1')).json.users[0]?.email as string;
    const r = await call<Page>(sb, '/users/search/filter-by-email', {
      method: 'POST',
      body: { companyId: sb.company.id, emails: `odd.three@example.com,${real}` },
    });
    expect(r.status).toBe(200);
    expect(r.json.count).toBe(2);
    expect(r.json.users[0]?.email).toBe(real);
    expect(r.json.users[1]).toEqual(ODD[2]);
    const deleted = await call<Page>(sb, '/users/search/filter-by-email', {
      method: 'POST',
      body: { companyId: sb.company.id, emails: 'odd.three@example.com', deleted: true },
    });
    expect(deleted.json).toEqual({ users: [], count: 0 });
  });
});

describe('page quirks', () => {
  it('duplicate-next-page: the next page repeats one id twice, once', async () => {
    const normal = await search('limit=5');
    const r = await admin(sb, 'POST', 'duplicate-next-page');
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ pendingPages: 1 });
    const dup = await search('limit=5');
    expect(dup.status).toBe(200);
    const ids = dup.json.users.map((u) => u.id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(4);
    expect(ids[4]).toBe(ids[0]);
    expect(ids.slice(0, 4)).toEqual(normal.json.users.slice(0, 4).map((u) => u.id));
    expect((await search('limit=5')).json.users.map((u) => u.id)).toEqual(
      normal.json.users.map((u) => u.id),
    );
  });

  it('overfill-next-page: the page holds N more users than limit; count unchanged', async () => {
    const r = await admin(sb, 'POST', 'overfill-next-page', { overfill: 3, pages: 2 });
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ pendingPages: 2 });
    const a = await search('limit=4');
    const b = await search('limit=4&skip=4');
    const c = await search('limit=4&skip=8');
    expect(a.json.users).toHaveLength(7);
    expect(b.json.users).toHaveLength(7);
    expect(c.json.users).toHaveLength(4);
    expect(a.json.count).toBe(c.json.count);
    // The extra users are the next ones in order (so they repeat on the next page).
    expect(a.json.users.slice(4).map((u) => u.id)).toEqual(
      b.json.users.slice(0, 3).map((u) => u.id),
    );
  });

  it('duplicate + overfill together, on filter-by-email too; DELETE next-page clears', async () => {
    const emails = (await search('limit=3')).json.users.map((u) => u.email).join(',');
    await admin(sb, 'POST', 'duplicate-next-page', { overfill: 1 });
    const f = await call<Page>(sb, '/users/search/filter-by-email', {
      method: 'POST',
      body: { companyId: sb.company.id, emails, limit: '2' },
    });
    expect(f.status).toBe(200);
    const ids = f.json.users.map((u) => u.id);
    expect(ids).toHaveLength(3);
    expect(ids[2]).toBe(ids[0]);
    await admin(sb, 'POST', 'overfill-next-page', { overfill: 5 });
    expect((await admin(sb, 'DELETE', 'next-page')).status).toBe(204);
    expect((await search('limit=2')).json.users).toHaveLength(2);
  });

  it('bad bodies are 400', async () => {
    for (const [path, body] of [
      ['overfill-next-page', {}],
      ['overfill-next-page', { overfill: -1 }],
      ['duplicate-next-page', { pages: 0 }],
      ['duplicate-next-page', { extra: true }],
      ['duplicate-next-page', [1]],
    ] as const) {
      expect((await admin(sb, 'POST', path, body)).status).toBe(400);
    }
  });
});
