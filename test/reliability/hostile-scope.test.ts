// A Sub-account connection stays in its sub-account, against the sandbox over real HTTP: a search
// for another sub-account is refused by name with no request, and Copy Access From with "Also Copy
// Sub-accounts" never asks HighLevel, through that connection, for an agency user or for other
// sub-accounts. A template of the connection's own sub-account still copies.
import { performOf, type AuthData } from '../../dev/tour/harness';
import { authDataOf } from '../helpers/bundle';
import { shown } from '../helpers/errors';
import { createRunner, line, traced } from '../helpers/invoke';
import { direct, sandboxForFile } from '../helpers/sandbox';
import type { UserLike } from '../helpers/users';
import { checkAll, type Case } from './hostile-cases';
import { tallyFor } from './tally';
import { bundleFor } from '../../dev/tour/bundle';

const tally = tallyFor(__filename);
const sandbox = sandboxForFile({ users: 60, locations: 3, rateLimit: false });
const appTester = createRunner();

let sub: AuthData;
let own: string;
let other: string;
let agencyUser: UserLike;
let wanderer: UserLike;
let local: UserLike;

beforeAll(async () => {
  sub = authDataOf(sandbox().subAccount);
  own = sandbox().subAccount.locationId ?? '';
  other = sandbox().locations.find((location) => location.id !== own)?.id ?? '';
  const users = await direct<{ users: UserLike[] }>(
    sandbox(),
    `/users/search?companyId=${sandbox().company.id}&limit=100`,
  );
  const find = (what: string, test: (user: UserLike) => boolean): UserLike => {
    const user = users.users.find(test);
    if (!user) throw new Error(`the sandbox has no ${what}`);
    return user;
  };
  agencyUser = find('agency user', (user) => user.roles?.type === 'agency');
  wanderer = find(
    'sub-account user in more than the connected sub-account',
    (user) =>
      user.roles?.type === 'account' &&
      (user.roles.locationIds ?? []).includes(own) &&
      (user.roles.locationIds ?? []).some((id) => id !== own),
  );
  local = find(
    'user of the connected sub-account only',
    (user) =>
      user.roles?.type === 'account' &&
      JSON.stringify(user.roles.locationIds) === JSON.stringify([own]),
  );
});

const run = (
  kind: 'triggers' | 'searches' | 'creates',
  key: string,
  input: Record<string, unknown>,
) =>
  traced(sandbox(), () =>
    appTester(performOf(kind, key), bundleFor(sub, input)).then(
      (value) => ({ ok: true as const, value }),
      (err: Error) => ({ ok: false as const, error: shown(err) }),
    ),
  );

let counter = 0;
const newcomer = () => {
  counter += 1;
  return {
    firstName: 'Scoped',
    lastName: `User${counter}`,
    email: `scoped${counter}-${Date.now()}@example.com`,
  };
};

describe('a Sub-account connection stays in its sub-account', () => {
  it('a search for another sub-account is refused by name, with no request', async () => {
    const cases: Case[] = [
      ['triggers', 'search_users', { locationId: () => other }],
      ['triggers', 'list_users_by_location', { locationId: () => other }],
      ['searches', 'find_user', { email: () => 'someone@example.com', locationId: () => other }],
    ].map(([kind, key, fields]) => ({
      name: String(key),
      run: async () => {
        const input = Object.fromEntries(
          Object.entries(fields as Record<string, () => string>).map(([k, make]) => [k, make()]),
        );
        const { result, requests } = await run(kind as 'triggers', String(key), input);
        expect(result.ok).toBe(false);
        if (!result.ok)
          expect(result.error.message).toContain(
            "Sub-account (locationId) must be this connection's own sub-account",
          );
        expect(requests).toEqual([]);
      },
    }));
    await checkAll(tally, 'Sub-account stays put', cases);
  });

  it('Copy Access From an agency user, or one in other sub-accounts, is refused by name before any write', async () => {
    const cases: Case[] = [
      ['an agency user', () => agencyUser],
      ['a user of other sub-accounts too', () => wanderer],
    ].flatMap(([what, template]) => [
      {
        name: `Create User copying ${String(what)}`,
        run: async () => {
          const source = (template as () => UserLike)();
          const { result, requests } = await run('creates', 'create_user', {
            ...newcomer(),
            copyAccessFromUserId: source.id,
            copySubAccounts: true,
          });
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error.message).toContain('Copy Access From (copyAccessFromUserId)');
            // HighLevel itself refuses a sub-account token an agency user (U5); either way, the
            // step names the field and writes nothing.
            expect(result.error.message).toMatch(
              source === agencyUser
                ? /cannot read that user|can give access to its own sub-account only/
                : /a Sub-account connection can give access to its own sub-account only/,
            );
          }
          expect(requests.map(line)).toEqual([`GET /users/${source.id}`]);
        },
      },
      {
        name: `Update User copying ${String(what)}`,
        run: async () => {
          const source = (template as () => UserLike)();
          const { result, requests } = await run('creates', 'update_user', {
            userId: local.id,
            copyAccessFromUserId: source.id,
            copySubAccounts: 'yes',
          });
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error.message).toContain('Copy Access From (copyAccessFromUserId)');
          }
          // Refused once the template is read: neither the user nor a write follows.
          expect(requests.map(line)).toEqual([`GET /users/${source.id}`]);
        },
      },
    ]);
    await checkAll(tally, 'Sub-account stays put', cases);
  });

  it('copies from a user of its own sub-account, or with type and sub-accounts set by the Zap', async () => {
    await checkAll(tally, 'Sub-account stays put', [
      {
        name: 'a template of the connected sub-account',
        run: async () => {
          const { result } = await run('creates', 'create_user', {
            ...newcomer(),
            copyAccessFromUserId: local.id,
            copySubAccounts: true,
          });
          expect(result.ok).toBe(true);
          if (result.ok)
            expect(result.value).toMatchObject({ type: 'account', locationIds: [own] });
        },
      },
      {
        name: 'a template of other sub-accounts too, with the Zap setting type and sub-accounts',
        run: async () => {
          const { result } = await run('creates', 'create_user', {
            ...newcomer(),
            copyAccessFromUserId: wanderer.id,
            copySubAccounts: true,
            type: 'account',
            locationIds: [own],
          });
          expect(result.ok).toBe(true);
        },
      },
    ]);
  });
});
