/** Refresh-token reuse: rotation under concurrency, in both modes. */
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { call, tokenRequest } from '../helpers/sandbox';

const INVALID = 'Invalid grant: refresh token is invalid';

// HighLevel's own body in both modes: no document shows RFC 6749's for its token endpoint.
describe.each([
  ['real (default)', false, { statusCode: 400, message: INVALID }],
  ['spec', true, { statusCode: 400, message: INVALID }],
])('POST /oauth/token, one refresh token used five times at once, %s mode', (_name, spec, body) => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false, spec });
  });
  afterAll(() => sb.close());

  const refresh = (token: string) =>
    tokenRequest(sb, {
      client_id: sb.clientId,
      client_secret: sb.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: token,
      user_type: 'Company',
    });

  it('exactly one 200 with a new pair, four 400 invalid grant', async () => {
    const start = sb.mintToken({ userType: 'Company' });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => refresh(start.refresh_token)),
    );
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 400);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(4);
    const pair = ok[0]?.json as Record<string, string>;
    expect(pair.access_token).toMatch(/^[0-9a-f]{64}$/);
    expect(pair.refresh_token).toMatch(/^[0-9a-f]{64}$/);
    expect(pair.refresh_token).not.toBe(start.refresh_token);
    expect(pair.access_token).not.toBe(start.access_token);
    expect(ok[0]?.headers.get('cache-control')).toBe('no-store');
    for (const r of refused) {
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(r.json).toEqual(body);
    }
    // The winner's pair works; its refresh token rotates once more.
    const api = await call(sb, `/users/search?companyId=${sb.company.id}&limit=1`, {
      token: pair.access_token,
    });
    expect(api.status).toBe(200);
    expect((await refresh(pair.refresh_token as string)).status).toBe(200);
    expect((await refresh(start.refresh_token)).status).toBe(400);
  });
});
