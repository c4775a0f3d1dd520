import nock from 'nock';
import zapier from 'zapier-platform-core';
import App from '../index';
import { API, highlevel } from './helpers/api';
import {
  AGENCY_USER_ID,
  agencyAuth,
  COMPANY_ID,
  LOCATION_ID,
  makeBundle,
  subAccountAuth,
} from './helpers/bundle';
import { authentication } from './helpers/definition';
import { failureOf, shown } from './helpers/errors';

const appTester = zapier.createAppTester(App);

/** A sign-in code as long as HighLevel's (a short one is refused before any request). */
const CODE = 'the-sign-in-code-0123456789abcdef';

/** What a refused refresh rejects with: its class, and the text of an AppError's JSON. */
const refreshFailure = async (auth = agencyAuth()) => {
  const {
    name,
    code,
    message: text,
  } = shown(
    await failureOf(() =>
      appTester(authentication.oauth2Config.refreshAccessToken, makeBundle({}, auth)),
    ),
  );
  // Never a field of the connection; the deployment's variables only where they are the fix.
  expect(text).not.toMatch(/authData|EXTRA_SCOPES|environment variable/);
  if (code !== 'invalid_client') expect(text).not.toMatch(/CLIENT_ID|CLIENT_SECRET/);
  expect(text).not.toContain(agencyAuth().refresh_token);
  expect(text).not.toContain('test-client-secret-value');
  return { name, code, text };
};

const agencyUser = {
  id: AGENCY_USER_ID,
  name: 'Jane Doe',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@agency.com',
  roles: { type: 'agency', role: 'admin', locationIds: [LOCATION_ID], restrictSubAccount: false },
};

describe('authorize URL', () => {
  it('sends every OAuth parameter with the three scopes, space separated', async () => {
    const url = new URL(
      (await appTester(
        authentication.oauth2Config.authorizeUrl,
        makeBundle({
          redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/',
          state: 'st4te',
          userType: 'Company',
        }),
      )) as string,
    );
    expect(url.origin + url.pathname).toBe(
      'https://marketplace.gohighlevel.com/v2/oauth/chooselocation',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'test-client-id',
      redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/',
      state: 'st4te',
      scope: 'users.readonly users.write locations.readonly',
    });
    expect(url.search).toContain('scope=users.readonly%20users.write%20locations.readonly');
  });
});

describe('code exchange', () => {
  it.each([
    ['Company', { companyId: COMPANY_ID, userId: AGENCY_USER_ID }],
    ['Location', { companyId: COMPANY_ID, locationId: LOCATION_ID, userId: 'locUser' }],
  ])('posts a form with user_type=%s and keeps every account field', async (userType, account) => {
    nock(API)
      .post('/oauth/token', (body) => {
        expect(body).toEqual({
          client_id: 'test-client-id',
          client_secret: 'test-client-secret-value',
          grant_type: 'authorization_code',
          code: CODE,
          user_type: userType,
          redirect_uri: 'https://zapier.com/return',
        });
        return true;
      })
      .matchHeader('content-type', /application\/x-www-form-urlencoded/)
      .reply(200, {
        access_token: 'test-new-access-0123456789',
        refresh_token: 'test-new-refresh-0123456789',
        token_type: 'Bearer',
        expires_in: 86399,
        userType,
        ...account,
      });
    const result = await appTester(
      authentication.oauth2Config.getAccessToken,
      makeBundle({ code: CODE, redirect_uri: 'https://zapier.com/return', userType }, {}),
    );
    expect(result).toEqual({
      access_token: 'test-new-access-0123456789',
      refresh_token: 'test-new-refresh-0123456789',
      userType,
      ...account,
    });
  });
});

describe('refresh', () => {
  it('returns the rotated refresh token', async () => {
    nock(API)
      .post(
        '/oauth/token',
        (body) =>
          body.grant_type === 'refresh_token' &&
          body.refresh_token === agencyAuth().refresh_token &&
          body.user_type === 'Company',
      )
      .reply(200, {
        access_token: 'test-access-2-0123456789',
        refresh_token: 'test-refresh-2-0123456789',
        userType: 'Company',
        companyId: COMPANY_ID,
        userId: AGENCY_USER_ID,
      });
    const result = await appTester(
      authentication.oauth2Config.refreshAccessToken,
      makeBundle({}, agencyAuth()),
    );
    expect(result).toEqual({
      access_token: 'test-access-2-0123456789',
      refresh_token: 'test-refresh-2-0123456789',
      userType: 'Company',
      companyId: COMPANY_ID,
      userId: AGENCY_USER_ID,
    });
  });

  it('reads a used refresh token (a lost race) as "replay", not as a dead connection', async () => {
    nock(API).post('/oauth/token').reply(400, {
      error: 'invalid_grant',
      error_description: 'Invalid grant: refresh token is invalid',
    });
    // Not ExpiredAuthError: Zapier would mark the connection stale and stop every Zap on it.
    expect(await refreshFailure()).toEqual({
      name: 'AppError',
      code: 'refresh_token_used',
      text:
        "HighLevel refused this connection's refresh token because it was already used (HighLevel " +
        'said: "Invalid grant: refresh token is invalid"). That happens when several steps of the ' +
        'same connection renew it at the same moment: one of them succeeded and the connection ' +
        'keeps working, so replay this run. If every run fails this way, reconnect your HighLevel ' +
        'account in Zapier.',
    });
  });

  it('waits for a paused sub-account instead of asking to reconnect', async () => {
    nock(API)
      .post('/oauth/token')
      .reply(400, { statusCode: 400, message: 'Location is not active' });
    const failure = await refreshFailure(subAccountAuth());
    expect(failure).toMatchObject({ name: 'AppError', code: 'location_inactive' });
    expect(failure.text).toContain('Reactivate the sub-account in HighLevel');
    expect(failure.text).toContain('with no need to reconnect');
    expect(failure.text).not.toMatch(/Reconnect your/);
  });

  it.each([
    ['a 401', 401, { error: 'unauthorized', error_description: 'Unauthorized' }],
    ['a 400 invalid_client', 400, { error: 'invalid_client', error_description: 'invalid_client' }],
  ])(
    'blames the app credentials on %s: reconnecting will not help',
    async (_label, status, body) => {
      nock(API).post('/oauth/token').reply(status, body);
      const failure = await refreshFailure();
      expect(failure).toMatchObject({ name: 'AppError', code: 'invalid_client' });
      expect(failure.text).toContain('Reconnecting will not help');
      expect(failure.text).not.toMatch(/Reconnect your/);
    },
  );

  it.each([
    ['a 400', 400, { error: 'invalid_request', error_description: 'The app was uninstalled' }],
    ['a 403', 403, { message: 'Forbidden' }],
  ])('tells the user to reconnect on any other refusal (%s)', async (_label, status, body) => {
    nock(API).post('/oauth/token').reply(status, body);
    const failure = await refreshFailure();
    expect(failure.name).toBe('ExpiredAuthError');
    expect(failure.text).toMatch(
      /^Your HighLevel connection has expired or was revoked \(.+\)\. Reconnect your HighLevel account in Zapier\.$/,
    );
  });

  it('asks a Private Integration Token connection (no refresh token) to reconnect, sending nothing', async () => {
    const failure = await refreshFailure({ ...agencyAuth(), refresh_token: '' });
    expect(failure).toEqual({
      name: 'ExpiredAuthError',
      code: undefined,
      text:
        "HighLevel no longer accepts this connection's token, and it has no refresh token to renew " +
        'it. Reconnect your HighLevel account in Zapier.',
    });
  });

  it('refuses a redirect from the token endpoint without following it', async () => {
    // No scope for evil.example: a followed redirect would fail differently (and leak the form).
    nock(API).post('/oauth/token').reply(307, '', { Location: 'https://evil.example/token' });
    const failure = await refreshFailure();
    expect(failure).toMatchObject({ name: 'AppError', code: 'redirect_refused' });
    expect(failure.text).toContain(
      'HighLevel answered with a redirect (HTTP 307) instead of a result.',
    );
    expect(failure.text).toContain('nothing was sent to the other address');
  });

  it('never quotes the refresh token or the client secret HighLevel echoes back', async () => {
    nock(API)
      .post('/oauth/token')
      .reply(400, {
        error: 'invalid_request',
        error_description: `bad token ${agencyAuth().refresh_token} for test-client-secret-value`,
      });
    const failure = await refreshFailure();
    expect(failure.name).toBe('ExpiredAuthError');
    expect(failure.text).toContain('bad token [hidden] for [hidden]');
  });
});

describe('Account Level field', () => {
  it('speaks of agencies and sub-accounts, never of locations', () => {
    const [field] = authentication.fields;
    expect(field).toMatchObject({ key: 'userType', label: 'Account Level' });
    expect(field?.helpText).not.toMatch(/location/i);
    expect(field?.choices).toEqual([
      { value: 'Company', label: 'Agency', sample: 'Company' },
      { value: 'Location', label: 'Sub-account', sample: 'Location' },
    ]);
  });
});

describe('connection test and label', () => {
  it('asks a connection that does not know its user to reconnect, naming no internal field', async () => {
    const auth: Record<string, string> = { ...agencyAuth() };
    delete auth.userId;
    const error: unknown = await appTester(authentication.test, makeBundle({}, auth)).catch(
      (err: unknown) => err,
    );
    expect(error).toMatchObject({
      name: 'AppError',
      message: JSON.stringify({
        message:
          'This connection does not know which HighLevel user installed it. Reconnect your ' +
          'HighLevel account in Zapier.',
        code: 'missing_user_id',
      }),
    });
  });

  it('reads the installing user and labels the connection', async () => {
    highlevel().get(`/users/${AGENCY_USER_ID}`).reply(200, agencyUser);
    const user = await appTester(authentication.test, makeBundle({}, agencyAuth()));
    expect(user).toMatchObject({ id: AGENCY_USER_ID, email: 'jane@agency.com', type: 'agency' });
    const label = await appTester(
      authentication.connectionLabel,
      makeBundle(user as Record<string, unknown>, agencyAuth()),
    );
    expect(label).toBe('Jane Doe (jane@agency.com) · Agency');
  });

  it('refreshes on Invalid JWT but not on a missing scope', async () => {
    highlevel()
      .get(`/users/${AGENCY_USER_ID}`)
      .reply(401, { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' });
    await expect(
      appTester(authentication.test, makeBundle({}, agencyAuth())),
    ).rejects.toMatchObject({ name: 'RefreshAuthError' });
    highlevel().get(`/users/locationUser00000001`).reply(401, {
      statusCode: 401,
      message: 'The token is not authorized for this scope.',
      error: 'Unauthorized',
    });
    await expect(
      appTester(authentication.test, makeBundle({}, subAccountAuth())),
    ).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining('users.readonly'),
    });
  });
});

describe('authorize URL with EXTRA_SCOPES (scopes for API Request)', () => {
  const saved = process.env.EXTRA_SCOPES;
  afterEach(() => {
    if (saved === undefined) delete process.env.EXTRA_SCOPES;
    else process.env.EXTRA_SCOPES = saved;
  });

  const scopeOf = async (): Promise<string | null> =>
    new URL(
      (await appTester(
        authentication.oauth2Config.authorizeUrl,
        makeBundle({ redirect_uri: 'https://zapier.com/return', state: 's' }),
      )) as string,
    ).searchParams.get('scope');

  it.each([
    ['', 'users.readonly users.write locations.readonly'],
    ['  ', 'users.readonly users.write locations.readonly'],
    [
      'contacts.readonly, contacts.write',
      'users.readonly users.write locations.readonly contacts.readonly contacts.write',
    ],
    [
      ' calendars/events.write\n locations/customValues.readonly,,users.readonly ',
      'users.readonly users.write locations.readonly calendars/events.write locations/customValues.readonly',
    ],
  ])('EXTRA_SCOPES=%j asks for %s', async (extra, scope) => {
    process.env.EXTRA_SCOPES = extra;
    expect(await scopeOf()).toBe(scope);
  });

  it.each([
    'contacts',
    'contacts.readonly;drop',
    'https://evil.example/x.y',
    'contacts.readonly&x=1',
  ])('refuses EXTRA_SCOPES=%j without naming the variable', async (extra) => {
    process.env.EXTRA_SCOPES = `contacts.write ${extra}`;
    await expect(scopeOf()).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining('list scope codes separated by spaces or commas'),
    });
    await expect(scopeOf()).rejects.toMatchObject({
      message: expect.not.stringMatching(/EXTRA_SCOPES|environment/),
    });
  });
});

describe("HighLevel's own token errors ({statusCode, message})", () => {
  const answer = (message: string) => ({ statusCode: 400, message });
  const configFix =
    "whoever deployed this integration must set the HighLevel Marketplace app's client ID and " +
    'secret with `npx zapier-platform env:set 1.0.0 CLIENT_ID=… CLIENT_SECRET=…`.';

  it.each([
    ['Invalid parameter: clientSecret'],
    ['Invalid parameter: clientId'],
    ['Missing parameter: clientId'],
    ['Missing parameter: client_secret'],
  ])('"%s" on a refresh is the deployment\'s to fix, never a stale connection', async (message) => {
    nock(API).post('/oauth/token').reply(400, answer(message));
    const failure = await refreshFailure();
    expect(failure).toEqual({
      name: 'AppError',
      code: 'invalid_client',
      text:
        `HighLevel did not accept this integration's app credentials (HighLevel said: "${message}"). ` +
        `Reconnecting will not help: ${configFix}`,
    });
  });

  it('a wrong client secret at sign-in says the same', async () => {
    nock(API).post('/oauth/token').reply(400, answer('Invalid parameter: clientSecret'));
    await expect(
      appTester(
        authentication.oauth2Config.getAccessToken,
        makeBundle(
          { code: CODE, redirect_uri: 'https://zapier.com/return', userType: 'Company' },
          {},
        ),
      ),
    ).rejects.toMatchObject({ name: 'AppError', message: expect.stringContaining(configFix) });
  });

  it('an unset CLIENT_SECRET is refused before any request, saying which value', async () => {
    const saved = process.env.CLIENT_SECRET;
    process.env.CLIENT_SECRET = '';
    try {
      // No nock scope: a request would fail with NetConnectNotAllowedError instead.
      const failure = await refreshFailure();
      expect(failure.code).toBe('invalid_client');
      expect(failure.text).toContain('(CLIENT_SECRET is not set)');
    } finally {
      process.env.CLIENT_SECRET = saved;
    }
  });

  it('"Invalid grant: refresh token is invalid" is a lost race: replay, no stale connection', async () => {
    nock(API).post('/oauth/token').reply(400, answer('Invalid grant: refresh token is invalid'));
    expect(await refreshFailure()).toMatchObject({ name: 'AppError', code: 'refresh_token_used' });
  });

  it('"Invalid parameter: grantType" on a refresh blames the integration, not the connection', async () => {
    nock(API).post('/oauth/token').reply(400, answer('Invalid parameter: grantType'));
    const failure = await refreshFailure();
    expect(failure).toMatchObject({ name: 'AppError', code: 'refresh_refused' });
    expect(failure.text).toContain('a fault of the integration, not of your connection');
  });

  it('"Invalid parameter: redirectUri" at sign-in names the redirect URL to register', async () => {
    nock(API).post('/oauth/token').reply(400, answer('Invalid parameter: redirectUri'));
    await expect(
      appTester(
        authentication.oauth2Config.getAccessToken,
        makeBundle(
          { code: CODE, redirect_uri: 'https://zapier.com/return', userType: 'Company' },
          {},
        ),
      ),
    ).rejects.toMatchObject({
      message: expect.stringContaining(
        "must add Zapier's redirect URL to the HighLevel Marketplace app",
      ),
    });
  });

  it('carries no 4xx status on an error that must not mark the connection stale', async () => {
    for (const message of [
      'Invalid parameter: clientSecret',
      'Invalid grant: refresh token is invalid',
      'Location is not active',
      'Invalid parameter: grantType',
    ]) {
      nock(API).post('/oauth/token').reply(400, answer(message));
      const error = await appTester(
        authentication.oauth2Config.refreshAccessToken,
        makeBundle({}, subAccountAuth()),
      ).catch((err: Error) => err);
      expect(error).toBeInstanceOf(Error);
      const parsed = JSON.parse((error as Error).message) as { status?: unknown };
      expect([message, parsed.status]).toEqual([message, undefined]);
    }
  });
});

describe('a renewed token names the same account', () => {
  const renewed = (fields: Record<string, unknown>) =>
    nock(API)
      .post('/oauth/token')
      .reply(200, {
        access_token: 'test-access-2-0123456789',
        refresh_token: 'test-refresh-2-0123456789',
        ...fields,
      });

  it.each([
    [
      'another company',
      { userType: 'Location', companyId: 'otherCompany00000001', locationId: LOCATION_ID },
      'agency',
    ],
    [
      'another sub-account',
      { userType: 'Location', companyId: COMPANY_ID, locationId: 'otherLocation0000001' },
      'sub-account',
    ],
    ['another level', { userType: 'Company', companyId: COMPANY_ID }, 'account level'],
  ])('refuses %s: nothing is stored, and the error says why', async (_case, fields, what) => {
    renewed(fields);
    const failure = await refreshFailure(subAccountAuth());
    expect(failure.name).toBe('ExpiredAuthError');
    expect(failure.text).toContain(`renewed this connection for another account (its ${what}`);
    expect(failure.text).toContain('nothing was stored');
  });

  it('refuses an agency connection renewed as a sub-account', async () => {
    renewed({ userType: 'Company', companyId: COMPANY_ID, locationId: LOCATION_ID });
    const failure = await refreshFailure(agencyAuth());
    expect(failure.text).toContain('(its sub-account changed)');
  });

  it('keeps the rotated tokens when harmless fields are odd, and the stored identity', async () => {
    renewed({ expires_in: '86399', userId: null, userType: 'Location', companyId: COMPANY_ID });
    const result = await appTester(
      authentication.oauth2Config.refreshAccessToken,
      makeBundle({}, subAccountAuth()),
    );
    expect(result).toEqual({
      access_token: 'test-access-2-0123456789',
      refresh_token: 'test-refresh-2-0123456789',
      companyId: COMPANY_ID,
      locationId: LOCATION_ID,
      userType: 'Location',
      userId: subAccountAuth().userId,
    });
  });
});

describe('a bulk installation', () => {
  it('follows the token: a Sub-account chosen, a Company token answered, an Agency connection', async () => {
    nock(API).post('/oauth/token').reply(200, {
      access_token: 'test-new-access-0123456789',
      refresh_token: 'test-new-refresh-0123456789',
      userType: 'Company',
      companyId: COMPANY_ID,
      userId: AGENCY_USER_ID,
      isBulkInstallation: true,
    });
    const authData = (await appTester(
      authentication.oauth2Config.getAccessToken,
      makeBundle(
        { code: CODE, redirect_uri: 'https://zapier.com/return', userType: 'Location' },
        {},
      ),
    )) as Record<string, string>;
    expect(authData).toEqual({
      access_token: 'test-new-access-0123456789',
      refresh_token: 'test-new-refresh-0123456789',
      userType: 'Company',
      companyId: COMPANY_ID,
      userId: AGENCY_USER_ID,
    });
    // Zapier keeps the Account Level field beside what the exchange returned; the token wins.
    const label = await appTester(
      authentication.connectionLabel as never,
      makeBundle(agencyUser, { ...authData }),
    );
    expect(label).toBe('Jane Doe (jane@agency.com) · Agency');
  });
});
