import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { call, tokenRequest } from '../helpers/sandbox';

/** HighLevel's token-error body (token-errors.test.ts walks every case). */
const tokenError = (message: string) => ({ statusCode: 400, message });

const REDIRECT = 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/';
const SCOPES = 'users.readonly users.write locations.readonly';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ rateLimit: false });
});
afterAll(() => sb.close());

function authorizeUrl(extra: Record<string, string> = {}, path = '/oauth/chooselocation'): string {
  const p = new URLSearchParams({
    response_type: 'code',
    client_id: sb.clientId,
    redirect_uri: REDIRECT,
    scope: SCOPES,
    state: 'xyz-123',
    ...extra,
  });
  return `${sb.url}${path}?${p.toString()}`;
}

/** Follows the consent link for `choose` and returns the code from the redirect. */
async function getCode(choose: string, extra: Record<string, string> = {}): Promise<string> {
  const res = await fetch(authorizeUrl({ choose, ...extra }), { redirect: 'manual' });
  expect(res.status).toBe(302);
  const loc = new URL(res.headers.get('location') as string);
  return loc.searchParams.get('code') as string;
}

function exchange(code: string, userType: string, extra: Record<string, string> = {}) {
  return tokenRequest(sb, {
    client_id: sb.clientId,
    client_secret: sb.clientSecret,
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    user_type: userType,
    ...extra,
  });
}

describe('GET /oauth/chooselocation', () => {
  it('renders an HTML account picker linking to the agency and every location', async () => {
    for (const path of ['/oauth/chooselocation', '/v2/oauth/chooselocation']) {
      const res = await fetch(authorizeUrl({}, path));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain(`Agency (${sb.company.name})`);
      expect(html).toContain('choose=agency');
      for (const l of sb.locations) {
        expect(html).toContain(l.name);
        expect(html).toContain(`choose=${l.id}`);
      }
    }
  });

  it('with choose it consents and redirects to redirect_uri with code and state', async () => {
    const res = await fetch(authorizeUrl({ choose: 'agency' }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location') as string);
    expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
    expect(loc.searchParams.get('state')).toBe('xyz-123');
    expect((loc.searchParams.get('code') as string).length).toBeGreaterThanOrEqual(32);
  });

  it('rejects a wrong client_id, response_type or redirect_uri with an HTML 400', async () => {
    const cases: Array<Record<string, string>> = [
      { client_id: 'someone-else' },
      { response_type: 'token' },
      { redirect_uri: 'not a url' },
    ];
    for (const extra of cases) {
      const res = await fetch(authorizeUrl(extra));
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });
});

describe('POST /oauth/token (authorization_code)', () => {
  it('exchanges an agency code for a Company token set', async () => {
    const r = await exchange(await getCode('agency'), 'Company');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      token_type: 'Bearer',
      expires_in: 86399,
      scope: SCOPES,
      userType: 'Company',
      companyId: sb.company.id,
      userId: sb.agency.userId,
      approvedLocations: sb.locations.map((l) => l.id),
      isBulkInstallation: false,
    });
    expect(r.json).not.toHaveProperty('locationId');
    expect(typeof r.json.planId).toBe('string');
    expect((r.json.access_token as string).length).toBeGreaterThanOrEqual(32);
    expect((r.json.refresh_token as string).length).toBeGreaterThanOrEqual(32);
    const api = await call(sb, `/users/search?companyId=${sb.company.id}`, {
      token: r.json.access_token as string,
    });
    expect(api.status).toBe(200);
  });

  it('exchanges a location code for a Location token set (installing user = its admin)', async () => {
    const loc = sb.locations[1]?.id as string;
    const r = await exchange(await getCode(loc), 'Location');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      userType: 'Location',
      locationId: loc,
      companyId: sb.company.id,
    });
    const admin = await call<{ roles: { role: string; locationIds: string[] } }>(
      sb,
      `/users/${r.json.userId as string}`,
    );
    expect(admin.json.roles.role).toBe('admin');
    expect(admin.json.roles.locationIds).toContain(loc);
  });

  it('codes are single use', async () => {
    const code = await getCode('agency');
    expect((await exchange(code, 'Company')).status).toBe(200);
    const again = await exchange(code, 'Company');
    expect(again.status).toBe(400);
    expect(again.json).toEqual(tokenError('Invalid grant: authorization code is invalid'));
  });

  it('user_type must match the chosen account (Location is the default)', async () => {
    const code = await getCode('agency');
    const wrong = await exchange(code, 'Location');
    expect(wrong.status).toBe(400);
    expect(wrong.json).toEqual(tokenError('Invalid parameter: userType'));
    const withoutType = {
      client_id: sb.clientId,
      client_secret: sb.clientSecret,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
    };
    expect((await tokenRequest(sb, withoutType)).json).toEqual(
      tokenError('Invalid parameter: userType'),
    );
    // The failed attempts did not burn the code.
    expect((await exchange(code, 'Company')).status).toBe(200);
    const locCode = await getCode(sb.locations[0]?.id as string);
    expect((await exchange(locCode, 'Company')).json).toEqual(
      tokenError('Invalid parameter: userType'),
    );
  });

  it('redirect_uri must match the authorization request', async () => {
    const r = await exchange(await getCode('agency'), 'Company', {
      redirect_uri: 'https://evil.example.com/cb',
    });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(tokenError('Invalid parameter: redirectUri'));
  });

  it('only accepts a form body; checks the client credentials', async () => {
    const code = await getCode('agency');
    const json = await tokenRequest(
      sb,
      {
        client_id: sb.clientId,
        client_secret: sb.clientSecret,
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        user_type: 'Company',
      },
      'application/json',
    );
    expect(json.status).toBe(400);
    expect(json.json).toEqual(tokenError('Missing parameter: clientId'));
    const badSecret = await exchange(code, 'Company', { client_secret: 'wrong' });
    expect(badSecret.status).toBe(400);
    expect(badSecret.json).toEqual(tokenError('Invalid parameter: clientSecret'));
    const missing = await tokenRequest(sb, { client_id: sb.clientId });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual(tokenError('Missing parameter: clientSecret'));
    const badGrant = await exchange(code, 'Company', { grant_type: 'password' });
    expect(badGrant.json).toEqual(tokenError('Invalid parameter: grantType'));
    expect((await exchange(code, 'Company')).status).toBe(200);
  });
});

describe('POST /oauth/token (refresh_token)', () => {
  const refresh = (token: string, userType?: string) =>
    tokenRequest(sb, {
      client_id: sb.clientId,
      client_secret: sb.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: token,
      ...(userType ? { user_type: userType } : {}),
    });

  it('rotates: a new refresh token each time, the old one is dead', async () => {
    const start = sb.mintToken({ userType: 'Company' });
    const first = await refresh(start.refresh_token, 'Company');
    expect(first.status).toBe(200);
    expect(first.json.refresh_token).not.toBe(start.refresh_token);
    expect(first.json.access_token).not.toBe(start.access_token);
    expect(first.json).toMatchObject({ userType: 'Company', companyId: sb.company.id });

    const reused = await refresh(start.refresh_token, 'Company');
    expect(reused.status).toBe(400);
    // HighLevel's own shape, in both modes.
    expect(reused.json).toEqual({
      statusCode: 400,
      message: 'Invalid grant: refresh token is invalid',
    });

    const second = await refresh(first.json.refresh_token as string);
    expect(second.status).toBe(200);
    const api = await call(sb, `/users/search?companyId=${sb.company.id}`, {
      token: second.json.access_token as string,
    });
    expect(api.status).toBe(200);
  });

  it('refreshes after expireAccessTokens(); unknown tokens and a wrong user_type fail', async () => {
    const loc = sb.mintToken({ userType: 'Location' });
    sb.expireAccessTokens();
    const path = `/users/search?companyId=${sb.company.id}`;
    expect((await call(sb, path, { token: loc.access_token })).status).toBe(401);
    expect((await refresh(loc.refresh_token, 'Company')).json).toEqual(
      tokenError('Invalid parameter: userType'),
    );
    const r = await refresh(loc.refresh_token, 'Location');
    expect(r.status).toBe(200);
    expect(r.json.locationId).toBe(loc.locationId);
    expect((await call(sb, path, { token: r.json.access_token as string })).status).toBe(200);
    expect((await refresh('nope')).status).toBe(400);
  });
});
