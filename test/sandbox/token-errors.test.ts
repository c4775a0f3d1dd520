/**
 * POST /oauth/token errors: HighLevel's own `{statusCode, message}` in both modes, one case per
 * mistake (docs/highlevel-behaviour.md T2, T5). No answer carries RFC 6749's `error` fields.
 */
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { tokenRequest } from '../helpers/sandbox';

const REDIRECT = 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/';

describe.each([
  ['HighLevel (default)', false],
  ['spec', true],
])('POST /oauth/token errors, %s mode', (_name, spec) => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false, spec });
  });
  afterAll(() => sb.close());

  async function code(choose: string): Promise<string> {
    const p = new URLSearchParams({
      response_type: 'code',
      client_id: sb.clientId,
      redirect_uri: REDIRECT,
      scope: 'users.readonly users.write',
      choose,
    });
    const res = await fetch(`${sb.url}/oauth/chooselocation?${p.toString()}`, {
      redirect: 'manual',
    });
    return new URL(res.headers.get('location') as string).searchParams.get('code') as string;
  }

  const base = (): Record<string, string> => ({
    client_id: sb.clientId,
    client_secret: sb.clientSecret,
  });

  async function expectError(
    form: Record<string, string>,
    message: string,
    contentType?: string,
  ): Promise<void> {
    const r = await tokenRequest(sb, form, contentType);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.text).toBe(JSON.stringify({ statusCode: 400, message }));
  }

  it('a missing form field: "Missing parameter: <camelCase name>", the first one missing', async () => {
    await expectError({}, 'Missing parameter: clientId');
    await expectError({ client_id: sb.clientId }, 'Missing parameter: clientSecret');
    await expectError(base(), 'Missing parameter: grantType');
    await expectError({ ...base(), client_id: '' }, 'Missing parameter: clientId');
    await expectError(
      { ...base(), grant_type: 'authorization_code', redirect_uri: REDIRECT },
      'Missing parameter: code',
    );
    await expectError(
      { ...base(), grant_type: 'refresh_token' },
      'Missing parameter: refreshToken',
    );
  });

  it('a body that is not a form carries no parameters', async () => {
    await expectError(
      { ...base(), grant_type: 'refresh_token', refresh_token: sb.agency.refresh_token },
      'Missing parameter: clientId',
      'application/json',
    );
  });

  it('wrong app credentials: "Invalid parameter: clientId" / "clientSecret" (400, not 401)', async () => {
    const refresh = { grant_type: 'refresh_token', refresh_token: sb.agency.refresh_token };
    await expectError(
      { ...base(), ...refresh, client_id: 'someone-else' },
      'Invalid parameter: clientId',
    );
    await expectError(
      { ...base(), ...refresh, client_secret: 'wrong' },
      'Invalid parameter: clientSecret',
    );
    // The refresh token was not used up by either.
    expect((await tokenRequest(sb, { ...base(), ...refresh })).status).toBe(200);
  });

  it('an unsupported grant_type or user_type: "Invalid parameter: grantType" / "userType"', async () => {
    for (const grantType of ['password', 'client_credentials', 'Refresh_Token']) {
      await expectError({ ...base(), grant_type: grantType }, 'Invalid parameter: grantType');
    }
    const t = sb.mintToken({ userType: 'Company' });
    for (const userType of ['Agency', 'location', 'SubAccount']) {
      await expectError(
        {
          ...base(),
          grant_type: 'refresh_token',
          refresh_token: t.refresh_token,
          user_type: userType,
        },
        'Invalid parameter: userType',
      );
    }
  });

  it('an unknown or used authorization code: "Invalid grant: authorization code is invalid"', async () => {
    const exchange = (c: string) => ({
      ...base(),
      grant_type: 'authorization_code',
      code: c,
      redirect_uri: REDIRECT,
      user_type: 'Company',
    });
    await expectError(exchange('f'.repeat(64)), 'Invalid grant: authorization code is invalid');
    const c = await code('agency');
    expect((await tokenRequest(sb, exchange(c))).status).toBe(200);
    await expectError(exchange(c), 'Invalid grant: authorization code is invalid');
  });

  it('redirect_uri other than the authorization request\'s, or none: "Invalid parameter: redirectUri"', async () => {
    const c = await code('agency');
    const form = { ...base(), grant_type: 'authorization_code', code: c, user_type: 'Company' };
    await expectError(
      { ...form, redirect_uri: 'https://evil.example.com/cb' },
      'Invalid parameter: redirectUri',
    );
    await expectError(form, 'Invalid parameter: redirectUri');
    // Failed exchanges do not burn the code.
    expect((await tokenRequest(sb, { ...form, redirect_uri: REDIRECT })).status).toBe(200);
  });

  it('a user_type other than the chosen account\'s: "Invalid parameter: userType"', async () => {
    const c = await code(sb.locations[0]?.id as string);
    await expectError(
      {
        ...base(),
        grant_type: 'authorization_code',
        code: c,
        redirect_uri: REDIRECT,
        user_type: 'Company',
      },
      'Invalid parameter: userType',
    );
    const t = sb.mintToken({ userType: 'Location' });
    await expectError(
      {
        ...base(),
        grant_type: 'refresh_token',
        refresh_token: t.refresh_token,
        user_type: 'Company',
      },
      'Invalid parameter: userType',
    );
  });

  it('an unknown or used refresh token: "Invalid grant: refresh token is invalid"', async () => {
    const t = sb.mintToken({ userType: 'Company' });
    const form = { ...base(), grant_type: 'refresh_token', refresh_token: t.refresh_token };
    await expectError(
      { ...form, refresh_token: 'nope' },
      'Invalid grant: refresh token is invalid',
    );
    expect((await tokenRequest(sb, form)).status).toBe(200);
    await expectError(form, 'Invalid grant: refresh token is invalid');
  });

  it('a paused sub-account\'s refresh: "Location is not active"', async () => {
    const loc = sb.locations[1]?.id as string;
    const t = sb.mintToken({ userType: 'Location', locationId: loc });
    sb.pauseLocation(loc);
    try {
      await expectError(
        { ...base(), grant_type: 'refresh_token', refresh_token: t.refresh_token },
        'Location is not active',
      );
    } finally {
      sb.resumeLocation(loc);
    }
  });
});
