// Recovering from what HighLevel refuses, end to end against the sandbox: an expired token is
// refreshed and the step succeeds on Zapier's retry; a dead refresh token asks the user to
// reconnect; a missing scope or location is named (a new token would not help, so no refresh);
// and a retried Find or Create User never makes a second user.
import { authDataOf } from '../helpers/bundle';
import { authentication } from '../helpers/definition';
import { failureOf, INTERNALS, shown } from '../helpers/errors';
import { createRunner, line, traced } from '../helpers/invoke';
import { direct, knownUser, newUser, sandboxForFile, usersWithEmail } from '../helpers/sandbox';
import { freshEmail, type UserLike } from '../helpers/users';
import { MISSING_SCOPE_CHOICE } from '../../triggers/location_choices';
import { bundleFor, findOrCreate, performOf, refresh, type AuthData } from '../../dev/tour/harness';
import { sandboxOperations } from './sandbox-operations';
import { tallyFor } from './tally';

const tally = tallyFor(__filename);
const appTester = createRunner();
const sandbox = sandboxForFile({ rateLimit: false, deleteDelayMs: 0 });

let agency: AuthData;
let known: UserLike;

beforeAll(async () => {
  agency = authDataOf(sandbox().agency);
  known = await knownUser(sandbox());
});

const OPERATIONS = sandboxOperations(sandbox, appTester, () => known);

/** The requests the sandbox answered while `work` ran, as "METHOD /path". */
const during = async <T>(work: () => Promise<T>): Promise<{ result: T; requests: string[] }> => {
  const { result, requests } = await traced(sandbox(), work);
  return { result, requests: requests.map(line) };
};

const failing = (work: () => Promise<unknown>) => during(() => failureOf(work).then(shown));

describe('an expired access token', () => {
  it.each(OPERATIONS.map((op) => [op.name, op] as const))(
    '%s: RefreshAuthError, then Zapier refreshes and the retried step succeeds with the new token',
    (_name, op) =>
      tally.check('faultsTried', 'faultsSurvived', async () => {
        const input = await op.input();
        sandbox().expireAccessTokens();

        const first = await failing(() => op.run(agency, input));
        expect(first.result.name).toBe('RefreshAuthError');
        expect(first.result.message).toContain('HighLevel');
        expect(first.result.message).not.toMatch(INTERNALS);
        expect(first.requests).toEqual([expect.stringContaining(op.path)]);

        // What Zapier does on RefreshAuthError: refresh once, store the new tokens, run again.
        const renewed = await during(() => refresh(appTester, agency));
        expect(renewed.requests).toEqual(['POST /oauth/token']);
        expect(renewed.result.access_token).not.toBe(agency.access_token);
        expect(renewed.result.refresh_token).not.toBe(agency.refresh_token);
        expect(renewed.result.companyId).toBe(agency.companyId);

        const retried = await during(() => op.run(renewed.result, input));
        expect(retried.requests).toHaveLength(1);
        agency = renewed.result;
      }),
  );

  // A used refresh token is what the loser of a refresh race sends: the connection still works
  // (Zapier stored the winner's tokens), so it must not be marked dead (docs/highlevel-behaviour.md).
  it('a refresh token already used (rotated away) is "replay", not "reconnect"', () =>
    tally.check('faultsTried', 'faultsSurvived', async () => {
      const before = authDataOf(sandbox().mintToken({ userType: 'Company' }));
      const after = await refresh(appTester, before);
      expect(after.refresh_token).not.toBe(before.refresh_token);

      // Zapier stored `after`; a stale copy of `before` (another Zap run) must not work...
      const stale = await failing(() =>
        appTester(authentication.oauth2Config.refreshAccessToken, bundleFor(before)),
      );
      expect(stale.requests).toEqual(['POST /oauth/token']);
      expect(stale.result.name).toBe('AppError');
      expect(stale.result.message).toMatch(/already used/);
      expect(stale.result.message).toMatch(/replay this run/);
      expect(stale.result.message).not.toMatch(INTERNALS);
      expect(stale.result.message).not.toContain(before.refresh_token);
      // ...and the stored one still does.
      await expect(refresh(appTester, after)).resolves.toMatchObject({
        companyId: before.companyId,
      });
    }));

  it('an expired token on a dead connection ends with one error, not a loop', () =>
    tally.check('faultsTried', 'faultsSurvived', async () => {
      const dead: AuthData = { ...agency, refresh_token: 'test-refresh-token-revoked' };
      sandbox().expireAccessTokens();
      const step = await failing(() =>
        appTester(performOf('triggers', 'search_users'), bundleFor(dead, {})),
      );
      expect(step.result.name).toBe('RefreshAuthError');
      const renewal = await failing(() => refresh(appTester, dead));
      // Not a RefreshAuthError (which would loop): an error that says what to do.
      expect(renewal.result.name).toBe('AppError');
      expect(renewal.result.message).toContain('reconnect your HighLevel account');
      expect([...step.requests, ...renewal.requests]).toEqual([
        'GET /users/search',
        'POST /oauth/token',
      ]);
      // The connection itself is fine after a real refresh.
      agency = await refresh(appTester, agency);
    }));
});

describe('a token that lacks a scope or a location: named, never refreshed', () => {
  const withScopes = (scopes: string[]): AuthData =>
    authDataOf(sandbox().mintToken({ userType: 'Company', scopes }));

  it.each(
    OPERATIONS.filter((op) => op.name !== 'location_choices').map((op) => [op.name, op] as const),
  )('%s without its users scope', (_name, op) =>
    tally.check('faultsTried', 'faultsSurvived', async () => {
      const input = await op.input();
      const needed = op.write ? 'users.write' : 'users.readonly';
      const other = op.write ? 'users.readonly' : 'users.write';
      const { result, requests } = await failing(() =>
        op.run(withScopes([other, 'locations.readonly']), input),
      );
      expect(result.name).toBe('AppError');
      expect(result.message).toContain(`lacks the "${needed}" scope`);
      expect(result.message).toContain('reconnect');
      expect(result.message).not.toMatch(INTERNALS);
      // One request: no refresh, no retry.
      expect(requests).toHaveLength(1);
    }),
  );

  it('location_choices without locations.readonly says so in the dropdown, in one request', () =>
    tally.check('faultsTried', 'faultsSurvived', async () => {
      const { result, requests } = await during(() =>
        appTester(
          performOf('triggers', 'location_choices'),
          bundleFor(withScopes(['users.readonly', 'users.write']), {}),
        ),
      );
      expect(result).toEqual([MISSING_SCOPE_CHOICE]);
      expect(requests).toEqual(['GET /locations/search']);
    }));

  describe('a sub-account token reaching into another sub-account', () => {
    let sub: AuthData;
    let outsider: UserLike;
    beforeAll(async () => {
      sub = authDataOf(
        sandbox().mintToken({ userType: 'Location', locationId: sandbox().locations[0]?.id }),
      );
      const [, other] = sandbox().locations;
      const found = await direct<{ users: UserLike[] }>(
        sandbox(),
        `/users/search?companyId=${sandbox().company.id}&locationId=${other?.id}&type=account`,
      );
      const own = sub.locationId;
      const user = found.users.find((u) => !u.roles?.locationIds?.includes(own ?? ''));
      if (!user) throw new Error('no user outside the first sub-account');
      outsider = user;
    });

    it.each([
      ['get_user', 'triggers', () => ({ userId: outsider.id })],
      ['update_user', 'creates', () => ({ userId: outsider.id, lastName: 'Nope' })],
      ['delete_user', 'creates', () => ({ userId: outsider.id })],
    ] as const)('%s: HTTP 403 naming the location, one request', (key, kind, input) =>
      tally.check('faultsTried', 'faultsSurvived', async () => {
        const { result, requests } = await failing(() =>
          appTester(performOf(kind, key), bundleFor(sub, input())),
        );
        expect(result.name).toBe('AppError');
        expect(result.message).toContain('HighLevel refused access (HTTP 403)');
        expect(result.message).toContain('location');
        expect(result.message).not.toMatch(INTERNALS);
        expect(requests).toHaveLength(1);
      }),
    );

    it.each([
      ['search_users', 'triggers', () => ({ locationId: sandbox().locations[1]?.id })],
      ['find_user', 'searches', () => ({ query: 'x', locationId: sandbox().locations[1]?.id })],
    ] as const)('%s: another sub-account is refused by name, with no request', (key, kind, input) =>
      tally.check('faultsTried', 'faultsSurvived', async () => {
        const { result, requests } = await failing(() =>
          appTester(performOf(kind, key), bundleFor(sub, input())),
        );
        expect(result.name).toBe('AppError');
        expect(result.message).toContain("must be this connection's own sub-account");
        expect(requests).toHaveLength(0);
      }),
    );
  });
});

describe('Find or Create User, retried', () => {
  const newcomer = (email: string) => ({
    email,
    firstName: 'Retry',
    lastName: 'Safe',
    password: 'test-Password-1',
    type: 'account',
    role: 'user',
    locationIds: [sandbox().locations[0]?.id],
  });

  it('a second run finds the user the first one made', () =>
    tally.check('faultsTried', 'faultsSurvived', async () => {
      const email = freshEmail('retry');
      const first = await findOrCreate(appTester, agency, newcomer(email));
      expect(first.created).toBe(true);
      const again = await during(() =>
        findOrCreate(appTester, agency, newcomer(email.toUpperCase())),
      );
      expect(again.result).toMatchObject({ created: false, user: { id: first.user.id } });
      expect(again.requests).toEqual(['POST /users/search/filter-by-email']);
      expect(await usersWithEmail(sandbox(), email)).toHaveLength(1);
    }));

  it.each([
    ['a reset connection', { kind: 'reset' }],
    ['a 502 from a gateway', { kind: 'status', status: 502 }],
  ] as const)('a create that met %s, retried by Zapier, makes one user', (_name, fault) =>
    tally.check('faultsTried', 'faultsSurvived', async () => {
      const email = freshEmail('retry');
      // Zapier runs a search-or-create as two steps: the search (nothing found), then the create.
      const search = () =>
        appTester(performOf('searches', 'find_user'), bundleFor(agency, newcomer(email)));
      await expect(search()).resolves.toEqual([]);
      // Faults match by path prefix: queued now, it meets the create only.
      sandbox().injectFault({ ...fault, path: '/users/' });
      const failed = await failing(() =>
        appTester(performOf('creates', 'create_user'), bundleFor(agency, newcomer(email))),
      );
      expect(failed.result.message).toContain('may or may not have been made');
      // ONE write: the app never repeats a write by itself.
      expect(failed.requests).toEqual(['POST /users/']);
      // Zapier (or the user) runs the step again: search first, then create.
      const retried = await findOrCreate(appTester, agency, newcomer(email));
      expect(retried.created).toBe(true);
      expect(await usersWithEmail(sandbox(), email)).toHaveLength(1);
    }),
  );

  it('a create HighLevel made but whose answer was lost is found on the retry', () =>
    tally.check('faultsTried', 'faultsSurvived', async () => {
      // The first attempt reached HighLevel (the user exists) but the step failed after it.
      const made = await newUser(sandbox(), 'lost-answer');
      const retried = await during(() => findOrCreate(appTester, agency, newcomer(made.email)));
      expect(retried.result).toMatchObject({ created: false, user: { id: made.id } });
      expect(retried.requests).toEqual(['POST /users/search/filter-by-email']);
      expect(await usersWithEmail(sandbox(), made.email)).toHaveLength(1);
    }));

  it('Create User alone, run twice, is refused by HighLevel the second time: still one user', () =>
    tally.check('faultsTried', 'faultsSurvived', async () => {
      const email = freshEmail('twice');
      const create = () =>
        appTester(performOf('creates', 'create_user'), bundleFor(agency, newcomer(email)));
      await create();
      const second = await failing(create);
      // An error the Zap's owner is alerted to, not a quiet halt: no user was created.
      expect(second.result.name).toBe('AppError');
      expect(second.result.message).toContain('HighLevel rejected the request (HTTP 400)');
      expect(second.result.message).not.toContain('test-Password-1');
      expect(second.requests).toEqual(['POST /users/']);
      expect(await usersWithEmail(sandbox(), email)).toHaveLength(1);
    }));
});
