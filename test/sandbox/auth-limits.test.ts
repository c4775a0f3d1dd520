import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { call } from '../helpers/sandbox';
import { sleep } from '../helpers/wait';

const RATE_HEADERS = [
  'x-ratelimit-max',
  'x-ratelimit-remaining',
  'x-ratelimit-interval-milliseconds',
  'x-ratelimit-limit-daily',
  'x-ratelimit-daily-remaining',
];

describe('authentication, Version header, scopes and access', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: false });
  });
  afterAll(() => sb.close());

  const searchPath = () => `/users/search?companyId=${sb.company.id}`;

  it('requires Version: 2021-07-28', async () => {
    const missing = await call(sb, searchPath(), { version: null });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ statusCode: 400, message: 'Version header was not found' });
    const other = await call<{ statusCode: number; message: string }>(sb, searchPath(), {
      version: '2021-04-15',
    });
    expect(other.status).toBe(400);
    expect(other.json.message).toMatch(/2021-07-28/);
  });

  it('missing, unknown and malformed tokens are 401 Invalid JWT', async () => {
    // Live answers carry no `error` (docs/highlevel-behaviour.md T11).
    const body = { statusCode: 401, message: 'Invalid JWT' };
    for (const opts of [
      { token: null },
      { token: 'not-a-real-token' },
      { headers: { Authorization: sb.agency.access_token } }, // no "Bearer "
    ]) {
      const r = await call(sb, searchPath(), { token: null, ...opts });
      expect(r.status).toBe(401);
      expect(r.json).toEqual(body);
    }
  });

  it('expired access tokens are 401 Invalid JWT (same body)', async () => {
    const t = sb.mintToken({ userType: 'Company', ttlSeconds: 0.3 });
    expect((await call(sb, searchPath(), { token: t.access_token })).status).toBe(200);
    await sleep(400);
    const r = await call(sb, searchPath(), { token: t.access_token });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ statusCode: 401, message: 'Invalid JWT' });
  });

  it('expireAccessTokens() expires every current access token', async () => {
    const t = sb.mintToken({ userType: 'Location' });
    expect((await call(sb, searchPath(), { token: t.access_token })).status).toBe(200);
    sb.expireAccessTokens();
    expect((await call(sb, searchPath(), { token: t.access_token })).status).toBe(401);
    expect((await call(sb, searchPath())).status).toBe(401); // the ready agency token too
    const fresh = sb.mintToken({ userType: 'Company' });
    expect((await call(sb, searchPath(), { token: fresh.access_token })).status).toBe(200);
  });

  it('a token without the needed scope is 401 "not authorized for this scope"', async () => {
    const readOnly = sb.mintToken({ userType: 'Company', scopes: ['users.readonly'] });
    expect((await call(sb, searchPath(), { token: readOnly.access_token })).status).toBe(200);
    const r = await call(sb, '/users/', {
      method: 'POST',
      token: readOnly.access_token,
      body: {},
    });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({
      statusCode: 401,
      message: 'The token is not authorized for this scope.',
    });
    const noUsers = sb.mintToken({ userType: 'Company', scopes: ['locations.readonly'] });
    expect((await call(sb, searchPath(), { token: noUsers.access_token })).status).toBe(401);
    expect((await call(sb, '/locations/search', { token: readOnly.access_token })).status).toBe(
      401,
    );
  });

  it('mintToken for another location: its token cannot touch the first location', async () => {
    const loc2 = sb.locations[1]?.id as string;
    const t = sb.mintToken({ userType: 'Location', locationId: loc2 });
    expect(t).toMatchObject({ userType: 'Location', locationId: loc2, companyId: sb.company.id });
    const r = await call(sb, `/users/?locationId=${sb.locations[0]?.id}`, {
      token: t.access_token,
    });
    expect(r.status).toBe(403);
    expect(() => sb.mintToken({ userType: 'Location', locationId: 'nope' })).toThrow();
  });

  it('unknown routes are NestJS-style 404', async () => {
    const r = await call(sb, '/contacts/');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({
      statusCode: 404,
      message: 'Cannot GET /contacts/',
      error: 'Not Found',
    });
    const wrongMethod = await call(sb, '/users/search/filter-by-email');
    expect(wrongMethod.status).toBe(404);
  });
});

describe('rate limits', () => {
  it('sends all five headers on every API response and 429s after the burst', async () => {
    const sb = await startSandbox({ rateLimit: { burst: 3, windowMs: 60_000, daily: 1000 } });
    try {
      const path = `/users/search?companyId=${sb.company.id}&limit=1`;
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await call(sb, path);
        expect(r.status).toBe(200);
        for (const h of RATE_HEADERS) expect(r.headers.get(h)).not.toBeNull();
        remaining.push(r.headers.get('x-ratelimit-remaining') as string);
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const limited = await call(sb, path);
      expect(limited.status).toBe(429);
      expect(limited.json).toEqual({ statusCode: 429, message: 'Too Many Requests' });
      expect(limited.headers.get('retry-after')).toBeNull();
      expect(limited.headers.get('x-ratelimit-max')).toBe('3');
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(limited.headers.get('x-ratelimit-interval-milliseconds')).toBe('60000');
      expect(limited.headers.get('x-ratelimit-limit-daily')).toBe('1000');
      expect(limited.headers.get('x-ratelimit-daily-remaining')).toBe('997');

      // Per resource: the sub-account (its location) has its own bucket.
      const loc = await call(sb, path, { token: sb.subAccount.access_token });
      expect(loc.status).toBe(200);
      expect(loc.headers.get('x-ratelimit-remaining')).toBe('2');

      // Error responses carry the headers too.
      const err = await call(sb, '/users/AAAAAAAAAAAAAAAAAAAA', { token: null });
      expect(err.status).toBe(401);
      for (const h of RATE_HEADERS) expect(err.headers.get(h)).not.toBeNull();
    } finally {
      await sb.close();
    }
  });

  it('the window resets; the daily limit holds', async () => {
    const sb = await startSandbox({ rateLimit: { burst: 2, windowMs: 200, daily: 3 } });
    try {
      const path = `/users/search?companyId=${sb.company.id}&limit=1`;
      expect((await call(sb, path)).status).toBe(200);
      expect((await call(sb, path)).status).toBe(200);
      expect((await call(sb, path)).status).toBe(429);
      await sleep(250);
      const third = await call(sb, path);
      expect(third.status).toBe(200);
      expect(third.headers.get('x-ratelimit-daily-remaining')).toBe('0');
      await sleep(250);
      const daily = await call(sb, path);
      expect(daily.status).toBe(429);
      expect(daily.headers.get('x-ratelimit-daily-remaining')).toBe('0');
    } finally {
      await sb.close();
    }
  });

  it('rateLimit: false never refuses but still sends the headers', async () => {
    const sb = await startSandbox({ rateLimit: false });
    try {
      const path = `/users/search?companyId=${sb.company.id}&limit=1`;
      let last = await call(sb, path);
      for (let i = 0; i < 120; i++) last = await call(sb, path);
      expect(last.status).toBe(200);
      expect(last.headers.get('x-ratelimit-max')).toBe('100');
      expect(last.headers.get('x-ratelimit-remaining')).toBe('0');
    } finally {
      await sb.close();
    }
  });
});
