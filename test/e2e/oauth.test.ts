// The OAuth dance end to end against the sandbox, as Zapier runs it with the app's own functions:
// authorize URL → consent (the sandbox's `choose=` stands in for the click) → code exchange →
// connection test → label; then refresh with rotation, and a step retried after its access token
// expired.
import type { UserOutput } from '../../lib/highlevel/user';
import {
  connect,
  createTester,
  refresh,
  REDIRECT_URI,
  type AuthData,
} from '../../dev/tour/harness';
import { authDataOf } from '../helpers/bundle';
import { failureOf, userMessage } from '../helpers/errors';
import { invoker, line, traced } from '../helpers/invoke';
import { sandboxForFile } from '../helpers/sandbox';
import { sleep } from '../helpers/wait';

const sandbox = sandboxForFile();
const appTester = createTester();
const invoke = invoker(sandbox, appTester);

const poll = (authData: AuthData) => invoke<UserOutput[]>('triggers', 'search_users', authData);

const LEVELS = [
  { level: 'Company', choose: () => 'agency', label: 'Agency' },
  { level: 'Location', choose: () => sandbox().locations[1].id, label: 'Sub-account' },
] as const;

describe('connecting', () => {
  it('a bulk installation: a Sub-account chosen, an agency token answered, an Agency connection', async () => {
    sandbox().setBulkInstall(true);
    try {
      const { authData, label } = await connect(appTester, 'Location', sandbox().locations[1].id);
      expect(authData).toEqual({
        access_token: expect.stringMatching(/^[0-9a-f]{64}$/),
        refresh_token: expect.stringMatching(/^[0-9a-f]{64}$/),
        companyId: sandbox().company.id,
        userType: 'Company',
        userId: expect.any(String),
      });
      // Nothing the user sees is false: the label and every step treat it as the agency it is.
      expect(label).toMatch(/ · Agency$/);
      const users = await poll(authData);
      expect(users.requests.map((request) => request.query.locationId)).toEqual([undefined]);
    } finally {
      sandbox().setBulkInstall(false);
    }
  });

  it('an agency: three requests, and the authData and label Zapier keeps', async () => {
    const { result, requests } = await traced(sandbox(), () =>
      connect(appTester, 'Company', 'agency'),
    );
    expect(requests.map(line)).toEqual([
      'GET /v2/oauth/chooselocation',
      'POST /oauth/token',
      `GET /users/${sandbox().agency.userId}`,
    ]);
    // What the consent page was asked for: the app's client, redirect URI and scopes.
    expect(requests[0].query).toMatchObject({
      response_type: 'code',
      client_id: sandbox().clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'users.readonly users.write locations.readonly',
    });
    const { authData, label } = result;
    expect(authData).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{64}$/),
      refresh_token: expect.stringMatching(/^[0-9a-f]{64}$/),
      companyId: sandbox().company.id,
      userType: 'Company',
      userId: sandbox().agency.userId,
    });
    expect(label).toMatch(/^.+ \(.+@.+\) · Agency$/);

    const users = await poll(authData);
    expect(users.requests).toHaveLength(1);
    expect(users.result.length).toBeGreaterThan(0);
  });

  it('a sub-account: its location comes with the connection', async () => {
    const location = sandbox().locations[1];
    const { authData, label } = await connect(appTester, 'Location', location.id);
    expect(authData).toMatchObject({
      companyId: sandbox().company.id,
      locationId: location.id,
      userType: 'Location',
    });
    expect(label).toMatch(/ · Sub-account$/);

    const users = await poll(authData);
    expect(users.requests[0].query.locationId).toBe(location.id);
    for (const user of users.result) expect(user.locationIds).toContain(location.id);
  });
});

describe.each(LEVELS)('$label connection', ({ level, choose }) => {
  it('a refresh rotates both tokens; the old one, used again, says "replay", not "reconnect"', async () => {
    const { authData } = await connect(appTester, level, choose());
    const { result: fresh, requests } = await traced(sandbox(), () => refresh(appTester, authData));
    expect(requests.map(line)).toEqual(['POST /oauth/token']);
    expect(fresh.access_token).not.toBe(authData.access_token);
    expect(fresh.refresh_token).not.toBe(authData.refresh_token);
    expect(fresh).toMatchObject({
      companyId: authData.companyId,
      userType: level,
      userId: authData.userId,
    });
    expect((await poll(fresh)).result.length).toBeGreaterThan(0);

    // A used refresh token is what a step that lost the race to renew sees: the connection still
    // works (with the winner's tokens), so it is not marked stale.
    const err = await failureOf(() => refresh(appTester, authData));
    expect(err.name).toBe('AppError');
    expect(JSON.parse(err.message)).toMatchObject({ code: 'refresh_token_used' });
    expect(userMessage(err)).toMatch(
      /^HighLevel refused this connection's refresh token because it was already used \(HighLevel said: "Invalid grant: refresh token is invalid"\)\. /,
    );
    expect(userMessage(err)).toContain('replay this run');
    expect((await poll(fresh)).result.length).toBeGreaterThan(0);
  });

  it('an expired access token: RefreshAuthError, refresh, and the retried step succeeds', async () => {
    const { authData } = await connect(appTester, level, choose());
    expect((await poll(authData)).result.length).toBeGreaterThan(0);

    sandbox().expireAccessTokens();
    const err = await failureOf(() => poll(authData));
    expect(err.name).toBe('RefreshAuthError');
    expect(err.message).toContain('Invalid JWT');

    const fresh = await refresh(appTester, authData);
    const retried = await poll(fresh);
    expect(retried.requests).toHaveLength(1);
    expect(retried.requests[0].status).toBe(200);
    expect(retried.result.length).toBeGreaterThan(0);
  });
});

describe('expiry and mistakes', () => {
  it('a token past its lifetime is refreshed the same way (2-second token)', async () => {
    const minted = Date.now();
    const authData = authDataOf(sandbox().mintToken({ userType: 'Company', ttlSeconds: 2 }));
    expect((await poll(authData)).result.length).toBeGreaterThan(0);
    await sleep(minted + 2050 - Date.now());

    const err = await failureOf(() => poll(authData));
    expect(err.name).toBe('RefreshAuthError');
    const fresh = await refresh(appTester, authData);
    expect((await poll(fresh)).result.length).toBeGreaterThan(0);
  });

  it('a consent for one level exchanged as the other is refused with what to check', async () => {
    // Zapier sends the Account Level the user picked; HighLevel binds the code to what was clicked.
    const err = await failureOf(() => connect(appTester, 'Company', sandbox().locations[0].id));
    expect(err.name).toBe('AppError');
    expect(userMessage(err)).toMatch(
      /^HighLevel did not accept the sign-in \(.+\)\. .*Account Level you chose matches/,
    );
  });
});
