/**
 * The open world of POST/PUT /users (docs/highlevel-behaviour.md U14, U16): HighLevel mode takes
 * any well-formed scope code and any boolean permission switch; spec mode keeps the document's
 * enum and PermissionsDto.
 */
import { PERMISSION_DEFAULTS, PERMISSION_KEYS } from '../../dev/sandbox/constants';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { admin, allUsers, call } from '../helpers/sandbox';
import { asGetUser, type SearchBody, type UserLike } from '../helpers/users';

const V3_CODES = [
  'ai-studio.readonly',
  'ai-studio.write',
  'askai.write',
  'copilot.readonly',
  'pipelines.create',
];
const PATTERN = '/^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/';
const SEED_SWITCH = 'opportunitiesBulkActionsEnabled';

const unprocessable = (...message: string[]) => ({
  statusCode: 422,
  message,
  error: 'Unprocessable Entity',
});

let n = 0;
function newUser(sb: Sandbox, extra: Record<string, unknown> = {}): Record<string, unknown> {
  n++;
  return {
    companyId: sb.company.id,
    firstName: 'Open',
    lastName: `World${n}`,
    email: `open.world.${n}@example.com`,
    password: 'Open-world-123',
    type: 'account',
    role: 'user',
    locationIds: [sb.locations[0]?.id],
    ...extra,
  };
}

const create = (sb: Sandbox, body: Record<string, unknown>) =>
  call<UserLike>(sb, '/users/', { method: 'POST', body });
const put = (sb: Sandbox, id: string, body: Record<string, unknown>) =>
  call<UserLike>(sb, `/users/${id}`, {
    method: 'PUT',
    body: { companyId: sb.company.id, ...body },
  });

describe('HighLevel mode (default): scopes', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false });
  });
  afterAll(() => sb.close());

  it('POST takes the five v3 codes and codes nobody documents, stored and answered as sent', async () => {
    const scopes = [...V3_CODES, 'contacts.write', 'brand-new/feature.write', 'X'];
    const assigned = ['copilot.readonly', 'nobody.documents_this-yet'];
    const r = await create(sb, newUser(sb, { scopes, scopesAssignedToOnly: assigned }));
    expect(r.status).toBe(201);
    expect(r.json.scopes).toEqual(scopes);
    expect(r.json.scopesAssignedToOnly).toEqual(assigned);
    const g = await call<UserLike>(sb, `/users/${r.json.id}`);
    expect(g.json).toEqual(asGetUser(r.json));
  });

  it('PUT replaces them with any well-formed codes, 100 characters at most', async () => {
    const u = (await create(sb, newUser(sb))).json;
    const longest = `a${'b'.repeat(99)}`;
    const r = await put(sb, u.id, {
      scopes: ['askai.write', 'future.scope', longest],
      scopesAssignedToOnly: ['pipelines.create'],
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      ...u,
      scopes: ['askai.write', 'future.scope', longest],
      scopesAssignedToOnly: ['pipelines.create'],
    });
  });

  it.each([
    ['a space', ['contacts.write', 'contacts write']],
    ['an empty code', ['']],
    ['a leading dot', ['.readonly']],
    ['101 characters', [`a${'b'.repeat(100)}`]],
    ['a comma', ['a,b']],
  ])('a malformed code (%s) is 422 in class-validator wording', async (_name, bad) => {
    const u = (await create(sb, newUser(sb))).json;
    const onPost = await create(sb, newUser(sb, { scopes: bad }));
    expect(onPost.status).toBe(422);
    expect(onPost.json).toEqual(
      unprocessable(`each value in scopes must match ${PATTERN} regular expression`),
    );
    const onPut = await put(sb, u.id, { scopesAssignedToOnly: bad });
    expect(onPut.status).toBe(422);
    expect(onPut.json).toEqual(
      unprocessable(`each value in scopesAssignedToOnly must match ${PATTERN} regular expression`),
    );
    // Nothing changed.
    expect((await call<UserLike>(sb, `/users/${u.id}`)).json).toEqual(asGetUser(u));
  });

  it('a code that is not a string is still "must be a string"', async () => {
    const r = await create(sb, newUser(sb, { scopes: ['contacts.write', 7] }));
    expect(r.status).toBe(422);
    expect(r.json).toEqual(unprocessable('each value in scopes must be a string'));
  });
});

describe('HighLevel mode (default): permission switches', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false });
  });
  afterAll(() => sb.close());

  it('POST stores an undocumented switch and answers it everywhere', async () => {
    const permissions = { [SEED_SWITCH]: false, someFutureSwitch: true, contactsEnabled: false };
    const r = await create(sb, newUser(sb, { permissions }));
    expect(r.status).toBe(201);
    expect(r.json.permissions).toEqual({ ...PERMISSION_DEFAULTS, ...permissions });
    expect((await call<UserLike>(sb, `/users/${r.json.id}`)).json.permissions).toEqual(
      r.json.permissions,
    );
    const f = await call<SearchBody>(sb, '/users/search/filter-by-email', {
      method: 'POST',
      body: { companyId: sb.company.id, emails: r.json.email, projection: 'all' },
    });
    expect(f.json.users[0]?.permissions).toEqual(r.json.permissions);
  });

  it('PUT merges undocumented switches key by key', async () => {
    const u = (await create(sb, newUser(sb, { permissions: { someFutureSwitch: true } }))).json;
    const r = await put(sb, u.id, { permissions: { someFutureSwitch: false, anotherOne: true } });
    expect(r.status).toBe(200);
    expect(r.json.permissions).toEqual({
      ...PERMISSION_DEFAULTS,
      someFutureSwitch: false,
      anotherOne: true,
    });
  });

  it('a value that is not a boolean is 422, for a known or an unknown switch', async () => {
    const u = (await create(sb, newUser(sb))).json;
    const r = await put(sb, u.id, {
      permissions: { someFutureSwitch: 'yes', contactsEnabled: 1 },
    });
    expect(r.status).toBe(422);
    expect(r.json).toEqual(
      unprocessable(
        'permissions.someFutureSwitch must be a boolean value',
        'permissions.contactsEnabled must be a boolean value',
      ),
    );
    const c = await create(sb, newUser(sb, { permissions: { [SEED_SWITCH]: null } }));
    expect(c.json).toEqual(unprocessable(`permissions.${SEED_SWITCH} must be a boolean value`));
  });

  it('seeded users carry opportunitiesBulkActionsEnabled, the same for the same seed', async () => {
    const [one, two] = await Promise.all([
      startSandbox({ rateLimit: false, users: 60 }),
      startSandbox({ rateLimit: false, users: 60 }),
    ]);
    try {
      const [seeded, theirs] = await Promise.all([allUsers(one), allUsers(two)]);
      expect(seeded).toHaveLength(60);
      for (const u of seeded) {
        expect(Object.keys(u.permissions).sort()).toEqual([...PERMISSION_KEYS, SEED_SWITCH].sort());
        // Derived from the role and assignedDataOnly, so no random draw moved the rest.
        expect(u.permissions[SEED_SWITCH]).toBe(
          u.roles.role === 'admin' || !u.permissions.assignedDataOnly,
        );
        expect(theirs.find((t) => t.id === u.id)?.permissions).toEqual(u.permissions);
      }
      expect(new Set(seeded.map((u) => u.permissions[SEED_SWITCH])).size).toBe(2);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});

describe("HighLevel mode, partialUpdates 'reset'", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false, partialUpdates: 'reset' });
  });
  afterAll(() => sb.close());

  it('a switch left out goes back to its default; an undocumented one to false', async () => {
    const u = (
      await create(
        sb,
        newUser(sb, {
          permissions: { [SEED_SWITCH]: true, someFutureSwitch: true, websitesEnabled: true },
        }),
      )
    ).json;
    const r = await put(sb, u.id, { permissions: { contactsEnabled: false } });
    expect(r.status).toBe(200);
    expect(r.json.permissions).toEqual({
      ...PERMISSION_DEFAULTS,
      [SEED_SWITCH]: false,
      someFutureSwitch: false,
      contactsEnabled: false,
    });
    const on = await put(sb, u.id, { permissions: { someFutureSwitch: true } });
    expect(on.json.permissions).toEqual({
      ...PERMISSION_DEFAULTS,
      [SEED_SWITCH]: false,
      someFutureSwitch: true,
    });
  });

  it("a seeded user's undocumented switch resets to false too", async () => {
    const seeded = (await allUsers(sb)).find((u) => u.permissions[SEED_SWITCH]) as UserLike;
    const r = await put(sb, seeded.id, { permissions: { campaignsEnabled: true } });
    expect(r.json.permissions).toEqual({ ...PERMISSION_DEFAULTS, [SEED_SWITCH]: false });
  });
});

describe('spec mode', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false, spec: true });
  });
  afterAll(() => sb.close());

  it("takes the v3 document's five codes (they are in the sandbox's scope list)", async () => {
    const r = await create(sb, newUser(sb, { scopes: V3_CODES, scopesAssignedToOnly: V3_CODES }));
    expect(r.status).toBe(201);
    // The document's shape: one scope string, no scopesAssignedToOnly.
    expect((r.json as unknown as Record<string, unknown>).scopes).toBe('ai-studio.readonly');
  });

  it('refuses a code outside the enum, as before', async () => {
    const r = await create(sb, newUser(sb, { scopes: ['contacts.write', 'made.up', 'x.y'] }));
    expect(r.status).toBe(422);
    expect(r.json).toEqual(
      unprocessable(
        'each value in scopes must be one of the documented scope values (invalid: made.up, x.y)',
      ),
    );
  });

  it('refuses a switch PermissionsDto does not list, as before', async () => {
    const r = await create(sb, newUser(sb, { permissions: { [SEED_SWITCH]: true } }));
    expect(r.status).toBe(422);
    expect(r.json).toEqual(unprocessable(`property permissions.${SEED_SWITCH} should not exist`));
  });

  it('seeded users answer the 38 documented switches only', async () => {
    const users = await allUsers(sb);
    // The sandbox's 12 seeded users, and the one the first test of this block created.
    expect(users.length).toBeGreaterThanOrEqual(12);
    for (const u of users) {
      expect(Object.keys(u.permissions).sort()).toEqual([...PERMISSION_KEYS].sort());
    }
  });

  it('a user given an undocumented switch in HighLevel mode shows only the 38 in spec mode', async () => {
    await admin(sb, 'POST', 'mode', { spec: false });
    const created = await create(sb, newUser(sb, { permissions: { someFutureSwitch: true } }));
    await admin(sb, 'POST', 'mode', { spec: true });
    expect(created.json.permissions.someFutureSwitch).toBe(true);
    const g = await call<UserLike>(sb, `/users/${created.json.id}`);
    expect(g.json.permissions).toEqual(PERMISSION_DEFAULTS);
  });
});
