import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { admin, call, runClient } from '../helpers/sandbox';
import type { SearchBody } from '../helpers/users';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ rateLimit: false });
});
afterAll(() => sb.close());
beforeEach(() => sb.clearLog());

const searchPath = () => `/users/search?companyId=${sb.company.id}&limit=2`;

describe('faults', () => {
  it("'status' answers with an HTML gateway error, count times, then normal service", async () => {
    sb.injectFault({ kind: 'status', status: 502, count: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await call(sb, searchPath());
      expect(r.status).toBe(502);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(r.text).toBe('<html><body><h1>502 Bad Gateway</h1></body></html>');
    }
    expect((await call(sb, searchPath())).status).toBe(200);
    sb.injectFault({ kind: 'status' });
    const r500 = await call(sb, searchPath());
    expect(r500.status).toBe(500);
    expect(r500.text).toContain('500 Internal Server Error');
  });

  it("'rate-limit' and 'daily-limit' are 429 with the matching header at 0", async () => {
    sb.injectFault({ kind: 'rate-limit' });
    sb.injectFault({ kind: 'daily-limit' });
    const a = await call(sb, searchPath());
    expect(a.status).toBe(429);
    expect(a.json).toEqual({ statusCode: 429, message: 'Too Many Requests' });
    expect(a.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(a.headers.get('x-ratelimit-max')).toBe('100');
    const b = await call(sb, searchPath());
    expect(b.status).toBe(429);
    expect(b.headers.get('x-ratelimit-daily-remaining')).toBe('0');
    expect(b.headers.get('retry-after')).toBeNull();
  });

  it("'malformed' is a truncated JSON body, 'empty' an empty one, both 200 application/json", async () => {
    sb.injectFault({ kind: 'malformed' });
    sb.injectFault({ kind: 'empty' });
    const m = await call(sb, searchPath());
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toBe('application/json');
    expect(m.text).toBe('{"users": [');
    const e = await call(sb, searchPath());
    expect(e.status).toBe(200);
    expect(e.headers.get('content-type')).toBe('application/json');
    expect(e.text).toBe('');
  });

  it("'reset' drops the connection without a response", async () => {
    sb.injectFault({ kind: 'reset' });
    const result = await runClient(
      `const h = { Authorization: 'Bearer ' + process.env.TOKEN, Version: '2021-07-28' };
       const url = process.env.URL + '/users/search?companyId=' + process.env.COMPANY;
       let first;
       try { const r = await fetch(url, { headers: h }); first = 'status ' + r.status; }
       catch (e) { first = 'rejected'; }
       const second = (await fetch(url, { headers: h })).status;
       console.log('RESULT ' + JSON.stringify({ first, second }));`,
      { URL: sb.url, TOKEN: sb.agency.access_token, COMPANY: sb.company.id },
    );
    expect(result).toEqual({ first: 'rejected', second: 200 });
    expect(sb.requestLog.map((e) => e.status)).toEqual([0, 200]);
  });

  it("'slow' delays, then answers normally", async () => {
    sb.injectFault({ kind: 'slow', delayMs: 250 });
    const t0 = Date.now();
    const r = await call<SearchBody>(sb, searchPath());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    expect(r.status).toBe(200);
    expect(r.json.users).toHaveLength(2);
  });

  it('path limits a fault to matching requests; faults are consumed in order', async () => {
    sb.injectFault({ kind: 'status', status: 503, path: '/oauth/token' });
    sb.injectFault({ kind: 'status', status: 500 });
    expect((await call(sb, searchPath())).status).toBe(500); // skips the /oauth/token fault
    expect((await call(sb, searchPath())).status).toBe(200);
    const tok = await fetch(`${sb.url}/oauth/token`, { method: 'POST' });
    expect(tok.status).toBe(503);
    await tok.text();
  });

  it('rejects invalid fault specs', () => {
    expect(() => sb.injectFault({ kind: 'status', status: 418 })).toThrow();
    expect(() => sb.injectFault({ kind: 'explode' } as never)).toThrow();
  });
});

describe('request log', () => {
  it('records method, path (no query), query and status of API and OAuth requests only', async () => {
    await call(sb, searchPath());
    await call(sb, '/users/AAAAAAAAAAAAAAAAAAAA');
    await fetch(`${sb.url}/oauth/token`, { method: 'POST' }).then((r) => r.text());
    await fetch(`${sb.url}/_sandbox/info`).then((r) => r.text());
    expect(sb.requestLog.map(({ at: _at, ...e }) => e)).toEqual([
      {
        method: 'GET',
        path: '/users/search',
        query: { companyId: sb.company.id, limit: '2' },
        status: 200,
      },
      { method: 'GET', path: '/users/AAAAAAAAAAAAAAAAAAAA', query: {}, status: 401 },
      { method: 'POST', path: '/oauth/token', query: {}, status: 400 },
    ]);
    expect(sb.requestLog.every((e) => typeof e.at === 'number' && e.at > 0)).toBe(true);
    sb.clearLog();
    expect(sb.requestLog).toHaveLength(0);
  });

  it('never contains passwords or bodies', async () => {
    await call(sb, '/users/', {
      method: 'POST',
      body: {
        companyId: sb.company.id,
        firstName: 'Pat',
        lastName: 'Secret',
        email: 'pat.secret@example.com',
        password: 'hunter2-very-secret',
        type: 'account',
        role: 'user',
        locationIds: [sb.locations[0]?.id],
      },
    });
    expect(JSON.stringify(sb.requestLog)).not.toContain('hunter2');
  });
});

describe('/_sandbox admin endpoints', () => {
  it('GET info describes the sandbox and its ready token sets', async () => {
    const r = await admin(sb, 'GET', 'info');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      url: sb.url,
      clientId: sb.clientId,
      company: sb.company,
      locations: sb.locations,
      agency: { access_token: sb.agency.access_token, userType: 'Company' },
      subAccount: { access_token: sb.subAccount.access_token, userType: 'Location' },
    });
  });

  it('GET/DELETE log, not rate limited and not logged themselves', async () => {
    await call(sb, searchPath());
    const log = await admin(sb, 'GET', 'log');
    expect(log.json).toEqual(sb.requestLog);
    expect((await admin(sb, 'DELETE', 'log')).status).toBe(204);
    expect(sb.requestLog).toHaveLength(0);
    expect((await admin(sb, 'GET', 'log')).json).toEqual([]);
  });

  it('POST faults queues a fault; a bad spec is 400', async () => {
    expect((await admin(sb, 'POST', 'faults', { kind: 'status', status: 503 })).status).toBe(201);
    expect((await call(sb, searchPath())).status).toBe(503);
    expect((await admin(sb, 'POST', 'faults', { kind: 'nope' })).status).toBe(400);
  });

  it('POST tokens mints a token set; POST expire-tokens expires access tokens', async () => {
    const minted = await admin(sb, 'POST', 'tokens', {
      userType: 'Location',
      locationId: sb.locations[1]?.id,
      scopes: ['users.readonly'],
      ttlSeconds: 60,
    });
    expect(minted.status).toBe(201);
    expect(minted.json).toMatchObject({
      userType: 'Location',
      locationId: sb.locations[1]?.id,
      scope: 'users.readonly',
      expires_in: 60,
    });
    const token = minted.json.access_token as string;
    expect((await call(sb, searchPath(), { token })).status).toBe(200);
    expect((await admin(sb, 'POST', 'tokens', { userType: 'Robot' })).status).toBe(400);
    const exp = await admin(sb, 'POST', 'expire-tokens');
    expect(exp.status).toBe(200);
    expect(exp.json.expired as number).toBeGreaterThanOrEqual(1);
    expect((await call(sb, searchPath(), { token })).status).toBe(401);
  });

  it('unknown admin paths are 404', async () => {
    expect((await admin(sb, 'GET', 'nope')).status).toBe(404);
  });
});

describe('lifecycle', () => {
  it('close() ends open keep-alive sockets, pending slow requests and delete timers', async () => {
    const s = await startSandbox({ deleteDelayMs: 60_000 });
    // A queued delete timer...
    const u = await call<SearchBody>(s, `/users/search?companyId=${s.company.id}&limit=1`);
    await call(s, `/users/${u.json.users[0]?.id}`, { method: 'DELETE' });
    // ...and, from another process, an idle keep-alive connection plus a request parked in a
    // slow fault.
    s.injectFault({ kind: 'slow', delayMs: 60_000, path: '/users/search' });
    let closeMs = -1;
    const result = await runClient(
      `const http = require('http');
       const h = { Authorization: 'Bearer ' + process.env.TOKEN, Version: '2021-07-28' };
       const idle = await fetch(process.env.URL + '/locations/search', { headers: h });
       await idle.text();
       const parked = new Promise((resolve) => {
         const req = http.request(process.env.URL + '/users/search', { agent: false }, (res) => {
           res.resume();
           res.on('end', () => resolve('response'));
         });
         req.on('error', () => resolve('error'));
         req.end();
       });
       await new Promise((r) => setTimeout(r, 150));
       console.log('READY');
       const parkedResult = await parked;
       let after;
       try { await fetch(process.env.URL + '/_sandbox/info'); after = 'answered'; }
       catch (e) { after = 'refused'; }
       console.log('RESULT ' + JSON.stringify({ idle: idle.status, parked: parkedResult, after }));`,
      { URL: s.url, TOKEN: s.agency.access_token },
      async () => {
        const t0 = Date.now();
        await s.close();
        closeMs = Date.now() - t0;
      },
    );
    expect(result).toEqual({ idle: 200, parked: 'error', after: 'refused' });
    expect(closeMs).toBeGreaterThanOrEqual(0);
    expect(closeMs).toBeLessThan(1000);
    await s.close(); // idempotent
  });

  it('refuses non-loopback hosts', async () => {
    await expect(startSandbox({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});
