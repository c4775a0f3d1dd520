/** Fault kinds redirect, json-status, echo-secret; status on empty/malformed; headers overrides. */
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { admin, call, tokenRequest } from '../helpers/sandbox';
import type { UserLike } from '../helpers/users';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ rateLimit: false });
});
afterAll(() => sb.close());
beforeEach(async () => {
  await admin(sb, 'DELETE', 'faults');
  await admin(sb, 'DELETE', 'elsewhere-log');
});

const searchPath = () => `/users/search?companyId=${sb.company.id}&limit=2`;

describe("'redirect'", () => {
  it('answers 307 + Location to /_sandbox/elsewhere by default; not following leaves the log empty', async () => {
    expect((await admin(sb, 'POST', 'faults', { kind: 'redirect' })).status).toBe(201);
    const r = await call(sb, searchPath()); // redirect: 'manual'
    expect(r.status).toBe(307);
    expect(r.headers.get('location')).toBe(`${sb.url}/_sandbox/elsewhere`);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json).toEqual({ redirected: true });
    const log = await admin<unknown[]>(sb, 'GET', 'elsewhere-log');
    expect(log.status).toBe(200);
    expect(log.json).toEqual([]);
    expect(sb.requestLog.at(-1)).toMatchObject({ path: '/users/search', status: 307 });
  });

  it.each([301, 302, 303, 308])('status %i with a custom location', async (status) => {
    sb.injectFault({ kind: 'redirect', status, location: 'https://evil.example.com/steal' });
    const r = await call(sb, searchPath());
    expect(r.status).toBe(status);
    expect(r.headers.get('location')).toBe('https://evil.example.com/steal');
    expect(r.json).toEqual({ redirected: true });
  });

  it('a client that follows is recorded by /_sandbox/elsewhere (method, headers, body)', async () => {
    sb.injectFault({ kind: 'redirect', status: 307, path: '/users' });
    const res = await fetch(`${sb.url}/users/`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${sb.agency.access_token}`,
        Version: '2021-07-28',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ firstName: 'Followed' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'elsewhere', users: [] });
    const log = await admin<Array<Record<string, unknown>>>(sb, 'GET', 'elsewhere-log');
    expect(log.json).toHaveLength(1);
    expect(log.json[0]).toMatchObject({
      method: 'POST',
      url: '/_sandbox/elsewhere',
      body: '{"firstName":"Followed"}',
    });
    const headers = log.json[0]?.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/json');
    expect(typeof log.json[0]?.at).toBe('number');
    // Any method; DELETE clears.
    const g = await fetch(`${sb.url}/_sandbox/elsewhere?x=1`, { method: 'PATCH' });
    expect(g.status).toBe(200);
    expect((await admin<unknown[]>(sb, 'GET', 'elsewhere-log')).json).toHaveLength(2);
    expect((await admin(sb, 'DELETE', 'elsewhere-log')).status).toBe(204);
    expect((await admin<unknown[]>(sb, 'GET', 'elsewhere-log')).json).toEqual([]);
  });

  it('refuses other statuses and a location on other kinds', async () => {
    for (const spec of [
      { kind: 'redirect', status: 300 },
      { kind: 'redirect', status: 200 },
      { kind: 'redirect', location: '' },
      { kind: 'status', location: 'http://x' },
    ]) {
      const r = await admin(sb, 'POST', 'faults', spec);
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ statusCode: 400 });
    }
  });
});

describe("'json-status'", () => {
  it('answers the given status with the given JSON body and the rate-limit headers', async () => {
    sb.injectFault({ kind: 'json-status', status: 418, body: { teapot: true } });
    const r = await call(sb, searchPath());
    expect(r.status).toBe(418);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json).toEqual({ teapot: true });
    expect(r.headers.get('x-ratelimit-max')).toBe('100');
  });

  it('defaults to a valid-looking user; any status 200-599 but 204/304', async () => {
    for (const status of [200, 201, 202, 299, 404, 451, 599]) {
      sb.injectFault({ kind: 'json-status', status });
      const r = await call<UserLike>(sb, '/users/AAAAAAAAAAAAAAAAAAAA');
      expect(r.status).toBe(status);
      expect(r.json).toMatchObject({
        id: 'x1',
        email: 'xavier.one@example.com',
        roles: { type: 'account', role: 'user' },
        deleted: false,
      });
      expect(Object.keys(r.json.permissions)).toHaveLength(38);
      expect(Array.isArray(r.json.scopes)).toBe(true);
    }
    sb.injectFault({ kind: 'json-status', body: [] });
    const d = await call(sb, searchPath());
    expect(d.status).toBe(200);
    expect(d.json).toEqual([]);
  });

  it('refuses 1xx (node cannot answer them), 204, 304 and out-of-range statuses', async () => {
    for (const status of [100, 101, 103, 150, 204, 304, 600, 99, 200.5, '200']) {
      const r = await admin(sb, 'POST', 'faults', { kind: 'json-status', status });
      expect(r.status).toBe(400);
      expect((r.json as { message: string }).message).toMatch(/200 to 599/);
    }
    expect((await admin(sb, 'POST', 'faults', { kind: 'status', body: {} })).status).toBe(400);
  });
});

describe("'empty' and 'malformed' with a status", () => {
  it('201 with an empty body for POST /users/', async () => {
    sb.injectFault({ kind: 'empty', status: 201, path: '/users' });
    const r = await call(sb, '/users/', { method: 'POST', body: {} });
    expect(r.status).toBe(201);
    expect(r.text).toBe('');
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.headers.get('content-length')).toBe('0');
  });

  it('malformed keeps its truncated body under another status; default stays 200', async () => {
    sb.injectFault({ kind: 'malformed', status: 500 });
    sb.injectFault({ kind: 'malformed' });
    const a = await call(sb, searchPath());
    expect(a.status).toBe(500);
    expect(a.text).toBe('{"users": [');
    const b = await call(sb, searchPath());
    expect(b.status).toBe(200);
    expect((await admin(sb, 'POST', 'faults', { kind: 'empty', status: 304 })).status).toBe(400);
  });
});

describe("'echo-secret'", () => {
  it("quotes the request's bearer token in a 400 JSON message", async () => {
    sb.injectFault({ kind: 'echo-secret' });
    const r = await call(sb, searchPath());
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json).toEqual({
      statusCode: 400,
      message: `Bad request for token ${sb.agency.access_token}`,
    });
  });

  it('on /oauth/token quotes client_secret, refresh_token and code too; status given', async () => {
    sb.injectFault({ kind: 'echo-secret', status: 502, path: '/oauth/token' });
    const r = await tokenRequest(sb, {
      client_id: sb.clientId,
      client_secret: sb.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: sb.agency.refresh_token,
      code: 'the-code-123',
    });
    expect(r.status).toBe(502);
    expect(r.json).toEqual({
      statusCode: 502,
      message: `Bad request for secret ${sb.clientSecret} refresh_token ${sb.agency.refresh_token} code the-code-123`,
    });
    // The refresh token was not used: the fault answered instead of the token endpoint.
    const ok = await tokenRequest(sb, {
      client_id: sb.clientId,
      client_secret: sb.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: sb.agency.refresh_token,
    });
    expect(ok.status).toBe(200);
  });

  it('without credentials it says only "Bad request"', async () => {
    sb.injectFault({ kind: 'echo-secret' });
    const r = await call(sb, searchPath(), { token: null });
    expect(r.json).toEqual({ statusCode: 400, message: 'Bad request' });
  });
});

describe("'rate-limit' headers overrides", () => {
  it.each([
    [{ 'Retry-After': '-5' }, 'retry-after', '-5'],
    [{ 'Retry-After': 1e12 }, 'retry-after', '1000000000000'],
    [{ 'X-RateLimit-Limit-Daily': -3 }, 'x-ratelimit-limit-daily', '-3'],
    [{ 'X-RateLimit-Remaining': 'soon' }, 'x-ratelimit-remaining', 'soon'],
  ])('%j', async (headers, name, value) => {
    sb.injectFault({ kind: 'rate-limit', headers });
    const r = await call(sb, searchPath());
    expect(r.status).toBe(429);
    expect(r.json).toEqual({ statusCode: 429, message: 'Too Many Requests' });
    expect(r.headers.get(name)).toBe(value);
    expect(r.headers.get('x-ratelimit-max')).toBe('100');
  });

  it('refuses framing headers and invalid names or values', async () => {
    for (const headers of [
      { 'Content-Length': '5' },
      { 'Transfer-Encoding': 'chunked' },
      { 'Bad Name': 'x' },
      { 'X-Evil': 'a\r\nSet-Cookie: x=1' },
      { 'X-Obj': { a: 1 } },
      { 'X-Inf': null },
      ['Retry-After'],
    ]) {
      const r = await admin(sb, 'POST', 'faults', { kind: 'rate-limit', headers });
      expect(r.status).toBe(400);
    }
  });
});
