/**
 * Bulk installation (docs/highlevel-behaviour.md T12): with the option on, choosing a sub-account
 * on the consent page yields a Company token, no `locationId`, `isBulkInstallation: true`.
 */
import { parseArgs } from '../../dev/sandbox/cli';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { admin, call, tokenRequest } from '../helpers/sandbox';

const REDIRECT = 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/';
const SCOPES = 'users.readonly users.write locations.readonly';

async function consent(sb: Sandbox, choose: string): Promise<string> {
  const p = new URLSearchParams({
    response_type: 'code',
    client_id: sb.clientId,
    redirect_uri: REDIRECT,
    scope: SCOPES,
    choose,
  });
  const res = await fetch(`${sb.url}/v2/oauth/chooselocation?${p.toString()}`, {
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string).searchParams.get('code') as string;
}

const exchange = (sb: Sandbox, code: string, userType?: string) =>
  tokenRequest(sb, {
    client_id: sb.clientId,
    client_secret: sb.clientSecret,
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    ...(userType ? { user_type: userType } : {}),
  });

describe('bulkInstall: true', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false, bulkInstall: true });
  });
  afterAll(() => sb.close());

  it.each([['Location'], ['Company'], [undefined]])(
    'a chosen sub-account exchanged with user_type %s gives an agency token',
    async (userType) => {
      const loc = sb.locations[1]?.id as string;
      const r = await exchange(sb, await consent(sb, loc), userType);
      expect(r.status).toBe(200);
      expect(r.json).toEqual({
        access_token: expect.stringMatching(/^[0-9a-f]{64}$/),
        token_type: 'Bearer',
        expires_in: 86399,
        refresh_token: expect.stringMatching(/^[0-9a-f]{64}$/),
        scope: SCOPES,
        userType: 'Company',
        companyId: sb.company.id,
        userId: sb.agency.userId,
        approvedLocations: [loc],
        planId: sb.agency.planId,
        isBulkInstallation: true,
        installToFutureLocations: false,
        approveAllLocations: false,
      });
      expect(r.json).not.toHaveProperty('locationId');
      // Agency-level: it reads the whole company and may filter by email.
      const token = r.json.access_token as string;
      const users = await call<{ count: number }>(
        sb,
        `/users/search?companyId=${sb.company.id}&limit=1`,
        { token },
      );
      const all = await call<{ count: number }>(
        sb,
        `/users/search?companyId=${sb.company.id}&limit=1`,
      );
      expect(users.json.count).toBe(all.json.count);
      const byEmail = await call(sb, '/users/search/filter-by-email', {
        method: 'POST',
        token,
        body: { companyId: sb.company.id, emails: 'nobody@example.com' },
      });
      expect(byEmail.status).toBe(200);
    },
  );

  it('a refresh keeps it a bulk installation', async () => {
    const r = await exchange(sb, await consent(sb, sb.locations[0]?.id as string), 'Location');
    const again = await tokenRequest(sb, {
      client_id: sb.clientId,
      client_secret: sb.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: r.json.refresh_token as string,
      user_type: 'Company',
    });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({
      userType: 'Company',
      isBulkInstallation: true,
      approvedLocations: [sb.locations[0]?.id],
    });
    expect(again.json).not.toHaveProperty('locationId');
  });

  it('choosing the agency is an ordinary agency installation', async () => {
    const r = await exchange(sb, await consent(sb, 'agency'), 'Company');
    expect(r.json).toMatchObject({
      userType: 'Company',
      isBulkInstallation: false,
      approveAllLocations: true,
      approvedLocations: sb.locations.map((l) => l.id),
    });
  });

  it('the consent page says what a sub-account gives', async () => {
    const p = new URLSearchParams({
      response_type: 'code',
      client_id: sb.clientId,
      redirect_uri: REDIRECT,
      scope: SCOPES,
    });
    const html = await (await fetch(`${sb.url}/oauth/chooselocation?${p.toString()}`)).text();
    expect(html).toContain('bulk installation: user_type=Company');
  });
});

describe('switching bulk installation', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false });
  });
  afterAll(() => sb.close());

  it('is off by default: a chosen sub-account gives a Location token', async () => {
    expect(sb.bulkInstall()).toBe(false);
    expect((await admin(sb, 'GET', 'bulk-install')).json).toEqual({ bulkInstall: false });
    const loc = sb.locations[0]?.id as string;
    const r = await exchange(sb, await consent(sb, loc), 'Location');
    expect(r.json).toMatchObject({
      userType: 'Location',
      locationId: loc,
      isBulkInstallation: false,
    });
  });

  it('POST /_sandbox/bulk-install switches it at run time; info reports it', async () => {
    const on = await admin(sb, 'POST', 'bulk-install', { bulkInstall: true });
    expect(on.status).toBe(200);
    expect(on.json).toEqual({ bulkInstall: true });
    expect(sb.bulkInstall()).toBe(true);
    expect((await admin(sb, 'GET', 'info')).json).toMatchObject({ bulkInstall: true });
    const loc = sb.locations[0]?.id as string;
    const r = await exchange(sb, await consent(sb, loc), 'Location');
    expect(r.json).toMatchObject({ userType: 'Company', isBulkInstallation: true });

    const off = await admin(sb, 'POST', 'bulk-install', { bulkInstall: false });
    expect(off.json).toEqual({ bulkInstall: false });
    const after = await exchange(sb, await consent(sb, loc), 'Location');
    expect(after.json).toMatchObject({ userType: 'Location', locationId: loc });
    // A code issued while on stays what it was: the consent decided it.
    sb.setBulkInstall(true);
    const code = await consent(sb, loc);
    sb.setBulkInstall(false);
    expect((await exchange(sb, code, 'Location')).json).toMatchObject({ userType: 'Company' });
  });

  it('refuses a body that is not {bulkInstall: boolean}', async () => {
    for (const [body, message] of [
      [{ bulkInstall: 'yes' }, 'bulkInstall must be a boolean value'],
      [{}, 'bulkInstall must be a boolean value'],
      [{ bulkInstall: true, other: 1 }, 'property other should not exist'],
      [[true], 'Body must be a JSON object'],
    ] as const) {
      const r = await admin(sb, 'POST', 'bulk-install', body);
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ statusCode: 400, message });
    }
    expect(sb.bulkInstall()).toBe(false);
  });

  it('the CLI flag is --bulk-install', () => {
    expect(parseArgs(['--bulk-install'], {})).toEqual({
      port: 4010,
      quiet: false,
      bulkInstall: true,
    });
  });
});
