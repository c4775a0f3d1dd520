/** PUT /users/{id} partial-update semantics: 'merge' (default) and 'reset'. */
import { PERMISSION_DEFAULTS } from '../../dev/sandbox/constants';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { admin, call } from '../helpers/sandbox';
import type { UserLike } from '../helpers/users';

let n = 0;
async function createUser(sb: Sandbox): Promise<UserLike> {
  n++;
  const r = await call<UserLike>(sb, '/users/', {
    method: 'POST',
    body: {
      companyId: sb.company.id,
      firstName: 'Part',
      lastName: `Ial${n}`,
      email: `partial.${n}@example.com`,
      password: 'Partial-123',
      type: 'account',
      role: 'user',
      locationIds: [sb.locations[0]?.id, sb.locations[1]?.id],
      // Three switches away from their defaults.
      permissions: { campaignsEnabled: false, websitesEnabled: true, settingsEnabled: false },
      scopes: ['contacts.write', 'campaigns.readonly'],
      scopesAssignedToOnly: ['contacts.write'],
    },
  });
  expect(r.status).toBe(201);
  return r.json;
}

const put = (sb: Sandbox, id: string, body: Record<string, unknown>) =>
  call<UserLike & { message?: string[] }>(sb, `/users/${id}`, {
    method: 'PUT',
    body: { companyId: sb.company.id, ...body },
  });

describe("partialUpdates 'merge' (default)", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false });
  });
  afterAll(() => sb.close());

  it('permissions merge key by key', async () => {
    const u = await createUser(sb);
    const r = await put(sb, u.id, { permissions: { contactsEnabled: false } });
    expect(r.status).toBe(200);
    expect(r.json.permissions).toEqual({ ...u.permissions, contactsEnabled: false });
    expect(r.json.permissions.websitesEnabled).toBe(true);
  });

  it('locationIds: [] is 422 "should not be empty"; scopes: [] clears', async () => {
    const u = await createUser(sb);
    const bad = await put(sb, u.id, { locationIds: [] });
    expect(bad.status).toBe(422);
    expect(bad.json).toEqual({
      statusCode: 422,
      message: ['locationIds should not be empty'],
      error: 'Unprocessable Entity',
    });
    const s = await put(sb, u.id, { scopes: [], scopesAssignedToOnly: [] });
    expect(s.status).toBe(200);
    expect(s.json.scopes).toEqual([]);
    expect(s.json.scopesAssignedToOnly).toEqual([]);
    expect(s.json.roles.locationIds).toEqual(u.roles.locationIds);
  });
});

describe("partialUpdates 'reset'", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false, partialUpdates: 'reset' });
  });
  afterAll(() => sb.close());

  it('a permissions object resets every switch it does not name to its default', async () => {
    const u = await createUser(sb);
    expect(u.permissions.websitesEnabled).toBe(true);
    const r = await put(sb, u.id, { permissions: { contactsEnabled: false } });
    expect(r.status).toBe(200);
    expect(r.json.permissions).toEqual({ ...PERMISSION_DEFAULTS, contactsEnabled: false });
    expect(Object.keys(r.json.permissions)).toHaveLength(38);
    // A PUT without permissions leaves them alone.
    const again = await put(sb, u.id, { firstName: 'Still' });
    expect(again.json.permissions).toEqual(r.json.permissions);
  });

  it('empty arrays clear scopes, scopesAssignedToOnly and locationIds', async () => {
    const u = await createUser(sb);
    const r = await put(sb, u.id, { scopes: [], scopesAssignedToOnly: [], locationIds: [] });
    expect(r.status).toBe(200);
    expect(r.json.scopes).toEqual([]);
    expect(r.json.scopesAssignedToOnly).toEqual([]);
    expect(r.json.roles.locationIds).toEqual([]);
    const g = await call<UserLike>(sb, `/users/${u.id}`);
    expect(g.json.roles.locationIds).toEqual([]);
    // The user belongs to no location now: a sub-account token cannot reach it any more.
    const sub = await call(sb, `/users/${u.id}`, { token: sb.subAccount.access_token });
    expect(sub.status).toBe(403);
  });
});

describe('POST /_sandbox/mode {partialUpdates}', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false });
  });
  afterAll(() => sb.close());

  it('switches at run time and answers the current modes', async () => {
    const u = await createUser(sb);
    const toReset = await admin(sb, 'POST', 'mode', { partialUpdates: 'reset' });
    expect(toReset.status).toBe(200);
    expect(toReset.headers.get('content-type')).toMatch(/^application\/json/);
    expect(toReset.json).toEqual({ spec: false, partialUpdates: 'reset' });
    const r = await put(sb, u.id, { permissions: { contactsEnabled: false }, locationIds: [] });
    expect(r.status).toBe(200);
    expect(r.json.permissions).toEqual({ ...PERMISSION_DEFAULTS, contactsEnabled: false });

    const toMerge = await admin(sb, 'POST', 'mode', { partialUpdates: 'merge' });
    expect(toMerge.json).toEqual({ spec: false, partialUpdates: 'merge' });
    const m = await put(sb, u.id, { permissions: { websitesEnabled: true } });
    expect(m.json.permissions).toEqual({
      ...PERMISSION_DEFAULTS,
      contactsEnabled: false,
      websitesEnabled: true,
    });
    expect((await put(sb, u.id, { locationIds: [] })).status).toBe(422);
    expect(sb.modes().partialUpdates).toBe('merge');
  });
});
