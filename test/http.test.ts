// The HighLevel client (lib/highlevel/client.ts and errors.ts): the headers every call carries, and what a Zapier user reads
// for each way a call can fail. Calls go through createAppTester so the app's own middleware runs.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import nock from 'nock';
import zapier, { type HttpResponse, type ZObject } from 'zapier-platform-core';
import App from '../index';
import { API, highlevel, rateLimitHeaders } from './helpers/api';
import {
  ACCESS_TOKEN,
  AGENCY_USER_ID,
  agencyAuth,
  makeBundle,
  REFRESH_TOKEN,
  subAccountAuth,
} from './helpers/bundle';
import { authentication } from './helpers/definition';
import { failureOf, shown } from './helpers/errors';
import { addHighLevelHeaders, callApi, type ApiCall } from '../lib/highlevel/client';
import { refuseNonFinal } from '../lib/highlevel/errors';

const appTester = zapier.createAppTester(App);

const CLIENT_SECRET = 'test-client-secret-value';
const USER_ID = '0IHuJvc2ofPAAA8GzTRi';
const USER = { id: USER_ID, name: 'John Deo', email: 'john@deo.com' };

/** Runs one callApi through the app, as an operation's perform would. */
const call = (request: ApiCall, auth = agencyAuth()): Promise<unknown> =>
  appTester(async (z: ZObject) => callApi(z, request), makeBundle({}, auth));

/** A raw z.request through the app's middleware (for URLs outside HighLevel). */
const rawRequest = (url: string, auth = agencyAuth()): Promise<unknown> =>
  appTester(
    async (z: ZObject) => (await z.request({ url, skipThrowForStatus: true })).data,
    makeBundle({}, auth),
  );

interface Failure {
  name: string;
  /** What the user reads: AppError and ThrottledError wrap it in JSON. */
  text: string;
  code?: string;
  status?: number;
  delay?: number;
}

/** Awaits a rejection, unwraps Zapier's JSON message, and checks it leaks no credential. */
const failure = async (promise: Promise<unknown>): Promise<Failure> => {
  const error = await failureOf(() => promise);
  for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET]) {
    expect(error.message).not.toContain(secret);
    expect(error.stack ?? '').not.toContain(secret);
  }
  const { message: text, ...facts } = shown(error);
  return { ...facts, text };
};

afterEach(() => {
  delete process.env.GHL_REQUEST_TIMEOUT_MS;
});

describe('headers', () => {
  it('sends Version, Accept and the bearer token on a GET (the connection test)', async () => {
    highlevel()
      .get(`/users/${AGENCY_USER_ID}`)
      .matchHeader('version', '2021-07-28')
      .matchHeader('accept', 'application/json')
      .matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
      .reply(200, { ...USER, id: AGENCY_USER_ID });
    await expect(
      appTester(authentication.test, makeBundle({}, agencyAuth())),
    ).resolves.toMatchObject({ id: AGENCY_USER_ID });
  });

  it('sends a JSON body with the same headers on a POST and returns the parsed answer', async () => {
    highlevel()
      .post('/users/', (body) => {
        expect(body).toEqual({ companyId: 'c1', firstName: 'John' });
        return true;
      })
      .matchHeader('content-type', /^application\/json/)
      .reply(201, USER);
    await expect(
      call({ method: 'POST', path: '/users/', body: { companyId: 'c1', firstName: 'John' } }),
    ).resolves.toEqual(USER);
  });

  it('drops undefined and empty parameters and sends the rest as given', async () => {
    highlevel()
      .get('/users/search')
      .query({ companyId: 'c1', limit: '100', query: 'jo hn' })
      .reply(200, { users: [], count: 0 });
    await expect(
      call({
        path: '/users/search',
        params: { companyId: 'c1', limit: '100', query: 'jo hn', role: undefined, type: '' },
      }),
    ).resolves.toEqual({ users: [], count: 0 });
  });

  it('uses the token of the connection it runs for', async () => {
    const auth = { ...subAccountAuth(), access_token: 'test-other-token-abcdef' };
    highlevel('test-other-token-abcdef').get(`/users/${USER_ID}`).reply(200, USER);
    await expect(call({ path: `/users/${USER_ID}` }, auth)).resolves.toEqual(USER);
  });

  it('sends no token to the OAuth token endpoint (its credentials go in the form)', async () => {
    nock(API, { badheaders: ['authorization'] })
      .post('/oauth/token')
      .reply(200, { access_token: 'test-new-access' });
    await expect(
      appTester(
        async (z: ZObject) =>
          (await z.request({ url: `${API}/oauth/token`, method: 'POST', body: {} })).data,
        makeBundle({}, agencyAuth()),
      ),
    ).resolves.toEqual({ access_token: 'test-new-access' });
  });

  it('adds no HighLevel header or token to a request for another host', async () => {
    nock('https://files.example.org', { badheaders: ['authorization', 'version'] })
      .get('/photo.json')
      .reply(200, { ok: true });
    await expect(rawRequest('https://files.example.org/photo.json')).resolves.toEqual({
      ok: true,
    });
  });

  it('does not treat a look-alike host as HighLevel', async () => {
    nock('https://services.leadconnectorhq.com.evil.example', { badheaders: ['authorization'] })
      .get('/users/x')
      .reply(200, { ok: true });
    await expect(
      rawRequest('https://services.leadconnectorhq.com.evil.example/users/x'),
    ).resolves.toEqual({ ok: true });
  });

  it('refuses plain HTTP to a host that is not this machine, sending nothing', async () => {
    // No nock scope: a request that left would fail with NetConnectNotAllowedError instead.
    const error = await failure(rawRequest('http://example.com/users'));
    // Said as is: core's "What happened" (with the step's input, passwords included) is left off.
    expect(error.text).toBe('Refusing to send a request over plain HTTP to example.com.');
  });
});

describe('HighLevel errors', () => {
  // An error, not a halt: Zapier reserves HaltedError for "nothing to do", and the Zap's owner
  // must learn that, say, no user was created.
  it('fails a 400 with HighLevel’s own words (an error, not a halt)', async () => {
    highlevel().get(`/users/${USER_ID}`).reply(400, { statusCode: 400, message: 'Bad Request' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toEqual({
      name: 'AppError',
      code: 'rejected',
      status: 400,
      delay: undefined,
      text: 'HighLevel rejected the request (HTTP 400): Bad Request.',
    });
  });

  it('fails a 422 with its one message', async () => {
    highlevel().post('/users/').reply(422, {
      statusCode: 422,
      message: 'email must be an email',
      error: 'Unprocessable Entity',
    });
    const error = await failure(call({ method: 'POST', path: '/users/', body: {} }));
    expect(error).toEqual({
      name: 'AppError',
      code: 'rejected',
      status: 422,
      delay: undefined,
      text: 'HighLevel rejected the request (HTTP 422): email must be an email.',
    });
  });

  it('fails a 422 and joins its list of messages', async () => {
    highlevel()
      .post('/users/')
      .reply(422, {
        statusCode: 422,
        message: ['email must be an email', 'password should not be empty'],
        error: 'Unprocessable Entity',
      });
    const error = await failure(call({ method: 'POST', path: '/users/', body: {} }));
    expect(error).toMatchObject({
      name: 'AppError',
      code: 'rejected',
      status: 422,
      text: 'HighLevel rejected the request (HTTP 422): email must be an email; password should not be empty.',
    });
  });

  it.each([
    ['Invalid JWT', { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' }],
    [
      'the documented invalid-token body',
      { statusCode: 401, message: 'Invalid token: access token is invalid', error: 'Unauthorized' },
    ],
    ['an empty body', ''],
  ])('asks Zapier to refresh the token on a 401 with %s', async (_label, body) => {
    highlevel().get(`/users/${USER_ID}`).reply(401, body);
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error.name).toBe('RefreshAuthError');
  });

  it.each([
    ['GET', `/users/${USER_ID}`, 'users.readonly'],
    ['GET', '/users/search', 'users.readonly'],
    ['POST', '/users/search/filter-by-email', 'users.readonly'],
    ['POST', '/users/', 'users.write'],
    ['PUT', `/users/${USER_ID}`, 'users.write'],
    ['DELETE', `/users/${USER_ID}`, 'users.write'],
    ['GET', '/locations/search', 'locations.readonly'],
  ] as const)(
    'names the missing scope of %s %s (%s) and the fix, without a refresh',
    async (method, path, scope) => {
      highlevel().intercept(path, method).reply(401, {
        statusCode: 401,
        message: 'The token is not authorized for this scope.',
        error: 'Unauthorized',
      });
      const error = await failure(call({ method, path }));
      expect(error).toEqual({
        name: 'AppError',
        code: 'missing_scope',
        status: 401,
        delay: undefined,
        text:
          `Your HighLevel connection is not allowed to do this: the token lacks the "${scope}" scope ` +
          '(HighLevel said: "The token is not authorized for this scope."). ' +
          `Add "${scope}" to the scopes of your HighLevel Marketplace app, then reconnect your ` +
          'HighLevel account in Zapier.',
      });
    },
  );

  it('does not refresh on a 401 it cannot explain, and says to reconnect', async () => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .reply(401, { statusCode: 401, message: 'This app was uninstalled', error: 'Unauthorized' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toMatchObject({
      name: 'AppError',
      code: 'unauthorized',
      text: 'HighLevel refused the request (HTTP 401): This app was uninstalled. Reconnect your HighLevel account in Zapier.',
    });
  });

  it('explains a 403 on another location and how to fix it', async () => {
    highlevel().get(`/users/${USER_ID}`).reply(403, {
      statusCode: 403,
      message: 'The token does not have access to this location.',
    });
    const error = await failure(call({ path: `/users/${USER_ID}` }, subAccountAuth()));
    expect(error).toMatchObject({ name: 'AppError', code: 'forbidden', status: 403 });
    expect(error.text).toBe(
      'HighLevel refused access (HTTP 403): The token does not have access to this location. ' +
        'This connection cannot reach that sub-account or user: connect at Agency level, or with ' +
        'the sub-account that owns it.',
    );
  });

  it('treats a 401 "not accessible from this token" as the 403 it means: no refresh', async () => {
    highlevel().get(`/users/${USER_ID}`).reply(401, {
      statusCode: 401,
      message: 'This location is not accessible from this token.',
      error: 'Unauthorized',
    });
    const error = await failure(call({ path: `/users/${USER_ID}` }, subAccountAuth()));
    expect(error).toEqual({
      name: 'AppError',
      code: 'forbidden',
      status: 403,
      delay: undefined,
      text:
        'HighLevel refused access (HTTP 401): This location is not accessible from this token. ' +
        'This connection cannot reach that sub-account or user: connect at Agency level, or with ' +
        'the sub-account that owns it.',
    });
  });

  it('reads the 401 "The user does not exist." as a user not found: no refresh, no reconnect', async () => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .reply(401, { statusCode: 401, message: 'The user does not exist.' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toEqual({
      name: 'AppError',
      code: 'not_found',
      status: 404,
      delay: undefined,
      text:
        'HighLevel could not find that user (HTTP 401: The user does not exist). Check the ID, or ' +
        'whether it was deleted.',
    });
    expect(error.text).not.toMatch(/reconnect/i);
  });

  it('says which user was not found on a 404', async () => {
    highlevel().get(`/users/${USER_ID}`).reply(404, { statusCode: 404, message: 'User not found' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toMatchObject({
      name: 'AppError',
      code: 'not_found',
      status: 404,
      text: 'HighLevel could not find that user (HTTP 404: User not found). Check the ID, or whether it was deleted.',
    });
  });

  it('describes a 404 elsewhere without pretending it is a user', async () => {
    highlevel().get('/users/search').query(true).reply(404, '');
    const error = await failure(call({ path: '/users/search', params: { companyId: 'c1' } }));
    expect(error.text).toBe(
      'HighLevel could not find what was asked for (HTTP 404). Check the ID, or whether it was deleted.',
    );
  });

  it('reports another 4xx with its status and message', async () => {
    highlevel().get(`/users/${USER_ID}`).reply(409, { message: 'Conflict' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toMatchObject({
      name: 'AppError',
      code: 'http_error',
      text: 'HighLevel returned HTTP 409: Conflict.',
    });
  });
});

describe('rate limits (429)', () => {
  const secondsToUtcMidnight = (): number => {
    const now = new Date();
    const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    return Math.ceil((next - now.getTime()) / 1000);
  };

  it('waits out the burst window from X-RateLimit-Interval-Milliseconds', async () => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .reply(429, { message: 'Too Many Requests' }, rateLimitHeaders(0));
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toEqual({
      name: 'ThrottledError',
      delay: 10,
      text: 'HighLevel is rate limiting this account (100 requests per 10 seconds). Zapier will retry in 10 seconds.',
      code: undefined,
      status: undefined,
    });
  });

  it('says "1 second" for a one-second window', async () => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .reply(429, '', { 'X-RateLimit-Max': '3', 'X-RateLimit-Interval-Milliseconds': '1000' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error.text).toBe(
      'HighLevel is rate limiting this account (3 requests per 1 second). Zapier will retry in 1 second.',
    );
  });

  it('rounds a shorter window up to whole seconds', async () => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .reply(429, '', { 'X-RateLimit-Interval-Milliseconds': '2500' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toMatchObject({
      name: 'ThrottledError',
      delay: 3,
      text: 'HighLevel is rate limiting this account. Zapier will retry in 3 seconds.',
    });
  });

  it('waits 10 seconds (HighLevel’s documented window) when no header says otherwise', async () => {
    highlevel().get(`/users/${USER_ID}`).reply(429, '');
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toMatchObject({ name: 'ThrottledError', delay: 10 });
  });

  it('waits until midnight UTC when the daily quota is used up', async () => {
    const atMost = secondsToUtcMidnight();
    highlevel()
      .get(`/users/${USER_ID}`)
      .reply(429, { message: 'Too Many Requests' }, rateLimitHeaders(50, 0));
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    const atLeast = secondsToUtcMidnight();
    expect(error.name).toBe('ThrottledError');
    expect(error.delay).toBeGreaterThanOrEqual(Math.max(1, atLeast));
    expect(error.delay).toBeLessThanOrEqual(atMost);
    const hours = Math.ceil((error.delay ?? 0) / 3600);
    expect(error.text).toBe(
      "HighLevel's daily API limit of 200,000 requests for this account is used up. It resets at " +
        `midnight UTC (in about ${hours} hour${hours === 1 ? '' : 's'}); Zapier will try again then.`,
    );
  });

  it('prefers Retry-After when HighLevel sends one', async () => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .reply(429, '', { ...rateLimitHeaders(0), 'Retry-After': '7' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toMatchObject({ name: 'ThrottledError', delay: 7 });
    expect(error.text).toContain('Zapier will retry in 7 seconds.');
  });

  it('prefers Retry-After over midnight for the daily quota too', async () => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .reply(429, '', { ...rateLimitHeaders(0, 0), 'Retry-After': '3600' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toMatchObject({ name: 'ThrottledError', delay: 3600 });
    expect(error.text).toContain('in about 1 hour)');
  });
});

describe('rate-limit headers out of range', () => {
  it.each([
    [
      'a negative Retry-After, with the burst window',
      { ...rateLimitHeaders(0), 'Retry-After': '-5' },
      10,
    ],
    ['a negative Retry-After and no window', { 'Retry-After': '-5' }, 10],
    ['a zero Retry-After', { 'Retry-After': '0' }, 10],
    ['a sub-second Retry-After', { 'Retry-After': '0.2' }, 1],
    ['a Retry-After of 1e12 seconds', { 'Retry-After': '1e12' }, 86400],
    ['a Retry-After that is not a number', { 'Retry-After': 'soon' }, 10],
    ['an interval longer than a day', { 'X-RateLimit-Interval-Milliseconds': '1e12' }, 10],
    ['a negative interval', { 'X-RateLimit-Interval-Milliseconds': '-10000' }, 10],
  ])('clamps %s to %i s', async (_label, headers, delay) => {
    highlevel().get(`/users/${USER_ID}`).reply(429, '', headers);
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toMatchObject({ name: 'ThrottledError', delay });
    expect(error.text).toContain(`Zapier will retry in ${delay} second${delay === 1 ? '' : 's'}.`);
    expect(error.text).not.toMatch(/-\d|NaN|Infinity|e\+/);
  });

  it('waits at most 24 hours for the daily quota even if Retry-After says more', async () => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .reply(429, '', { ...rateLimitHeaders(0, 0), 'Retry-After': '999999' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toMatchObject({ name: 'ThrottledError', delay: 86400 });
    expect(error.text).toContain('(in about 24 hours)');
  });

  it.each(['0', '-200000', 'lots'])(
    'leaves a daily limit of %j out of the message',
    async (limit) => {
      highlevel().get(`/users/${USER_ID}`).reply(429, '', {
        'X-RateLimit-Limit-Daily': limit,
        'X-RateLimit-Daily-Remaining': '0',
        'Retry-After': '60',
      });
      const error = await failure(call({ path: `/users/${USER_ID}` }));
      expect(error).toMatchObject({ name: 'ThrottledError', delay: 60 });
      expect(error.text).toBe(
        "HighLevel's daily API limit for this account is used up. It resets at midnight UTC (in " +
          'about 1 hour); Zapier will try again then.',
      );
    },
  );
});

describe('redirects and other answers that are not final', () => {
  it('sends every request with redirect: manual', async () => {
    const seen = await appTester(
      async (z: ZObject, bundle) =>
        addHighLevelHeaders({ url: `${API}/users/${USER_ID}`, headers: {} }, z, bundle),
      makeBundle({}, agencyAuth()),
    );
    expect(seen).toMatchObject({ redirect: 'manual' });
    const elsewhere = await appTester(
      async (z: ZObject, bundle) =>
        addHighLevelHeaders({ url: 'https://files.example.org/a.json', headers: {} }, z, bundle),
      makeBundle({}, agencyAuth()),
    );
    expect(elsewhere).toMatchObject({ redirect: 'manual' });
  });

  it.each([301, 302, 307, 308])(
    'refuses a %i without following it, so nothing reaches the other address',
    async (status) => {
      // No nock scope for evil.example: a request that followed would fail differently.
      highlevel().post('/users/').reply(status, '', { Location: 'https://evil.example/steal' });
      const error = await failure(
        call({ method: 'POST', path: '/users/', body: { password: 'Secret-Passw0rd!' } }),
      );
      expect(error).toEqual({
        name: 'AppError',
        code: 'redirect_refused',
        status,
        delay: undefined,
        text:
          `HighLevel answered with a redirect (HTTP ${status}) instead of a result. HighLevel's API ` +
          'does not redirect, so the app did not follow it: nothing was sent to the other address. ' +
          'Please try again later; if it keeps happening, contact whoever runs this integration.',
      });
    },
  );

  it('refuses a 1xx as not final', () => {
    const response = { status: 101 } as HttpResponse;
    expect(() => refuseNonFinal(response, 'HighLevel')).toThrow(
      expect.objectContaining({
        name: 'AppError',
        message: JSON.stringify({
          message:
            'HighLevel answered with HTTP 101, which is not a final answer. Please try again.',
          code: 'not_final',
          status: 101,
        }),
      }),
    );
    expect(() => refuseNonFinal({ status: 200 } as HttpResponse, 'HighLevel')).not.toThrow();
  });
});

describe('a request that cannot even be sent', () => {
  it('says nothing was sent, never "Could not reach HighLevel"', async () => {
    // A header value fetch refuses (TypeError ERR_INVALID_CHAR): not a network failure. The guard
    // stops such a token before any perform; callApi is called here directly, past the guard.
    const auth = { ...agencyAuth(), access_token: 'test-token-with\nnewline-0123456789' };
    const error = await failure(call({ path: `/users/${USER_ID}` }, auth));
    expect(error).toEqual({
      name: 'AppError',
      code: 'request_not_sent',
      status: undefined,
      delay: undefined,
      text:
        `The app could not send GET /users/${USER_ID} to HighLevel: a value in this step or in the ` +
        'connection cannot be sent in a request. Nothing was sent; check the fields mapped into ' +
        'this step.',
    });
  });
});

describe('server trouble and unreadable answers', () => {
  const page = (status: number, title: string): string =>
    `<!DOCTYPE html><html><head><title>${status} ${title}</title></head>` +
    `<body><h1>${title}</h1><script>var secret = 1;</script></body></html>`;

  it.each([
    [500, 'Internal Server Error'],
    [502, 'Bad Gateway'],
    [503, 'Service Unavailable'],
  ])('describes an HTML %i page without echoing it', async (status, title) => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .reply(status, page(status, title), { 'Content-Type': 'text/html' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toEqual({
      name: 'AppError',
      code: 'server_error',
      status,
      delay: undefined,
      text:
        `HighLevel is having trouble right now (HTTP ${status}: an error page saying "${status} ${title}"). ` +
        'Nothing was changed by this error; please try again in a few minutes.',
    });
    expect(error.text).not.toMatch(/<[a-z!/]/i);
  });

  it('keeps HighLevel’s words from a JSON 500', async () => {
    highlevel().get(`/users/${USER_ID}`).reply(500, { statusCode: 500, message: 'Internal error' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error.text).toBe(
      'HighLevel is having trouble right now (HTTP 500: Internal error). Nothing was changed by this ' +
        'error; please try again in a few minutes.',
    );
  });

  it('shortens a huge error message', async () => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .reply(400, { message: 'x'.repeat(5000) });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error.text.length).toBeLessThan(600);
  });

  it('reports a 200 that is not valid JSON without a parser error', async () => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .reply(200, '{"id": "abc", "name": ', { 'Content-Type': 'application/json' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toMatchObject({
      name: 'AppError',
      code: 'invalid_json',
      text: `HighLevel returned a response that is not valid JSON (HTTP 200) to GET /users/${USER_ID}. Nothing was changed; please try again.`,
    });
    expect(error.text).not.toMatch(/Unexpected|SyntaxError|JSON\.parse|position/);
  });

  it('reports an HTML page served with status 200', async () => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .reply(200, page(200, 'Maintenance'), { 'Content-Type': 'text/html' });
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error.code).toBe('invalid_json');
    expect(error.text).not.toMatch(/<[a-z!/]/i);
  });

  const SUCCEEDED =
    'HighLevel said it succeeded, so the change was probably made: check HighLevel (for a new ' +
    'user, look it up with Find User by email) before running this step again.';

  it('reports an empty 200 to a write as a change that was probably made', async () => {
    highlevel().delete(`/users/${USER_ID}`).reply(200, '');
    const error = await failure(call({ method: 'DELETE', path: `/users/${USER_ID}` }));
    expect(error).toEqual({
      name: 'AppError',
      code: 'empty_response',
      status: 200,
      delay: undefined,
      text: `HighLevel returned an empty response (HTTP 200) to DELETE /users/${USER_ID}. ${SUCCEEDED}`,
    });
  });

  it('reports a 201 that is not JSON to a create as a user that was probably made', async () => {
    highlevel().post('/users/').reply(201, '<html>Created</html>', { 'Content-Type': 'text/html' });
    const error = await failure(call({ method: 'POST', path: '/users/', body: { a: 1 } }));
    expect(error).toEqual({
      name: 'AppError',
      code: 'invalid_json',
      status: 201,
      delay: undefined,
      text: `HighLevel returned a response that is not valid JSON (HTTP 201) to POST /users/. ${SUCCEEDED}`,
    });
  });

  it('reports an empty 202 to a write as a change that may or may not have been made', async () => {
    highlevel().put(`/users/${USER_ID}`).reply(202, '');
    const error = await failure(call({ method: 'PUT', path: `/users/${USER_ID}`, body: {} }));
    expect(error.text).toBe(
      `HighLevel returned an empty response (HTTP 202) to PUT /users/${USER_ID}. The change may or ` +
        'may not have been made; check HighLevel before running this step again.',
    );
  });

  it('reports an empty 200 to a read as nothing changed', async () => {
    highlevel().get(`/users/${USER_ID}`).reply(200, '');
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toMatchObject({
      code: 'empty_response',
      text: `HighLevel returned an empty response (HTTP 200) to GET /users/${USER_ID}. Nothing was changed; please try again.`,
    });
  });
});

describe('network failures', () => {
  // nock 15 only passes a real Error instance on (a plain object never reaches the client, which
  // then waits for its timeout), so each error is built the way Node's sockets build them.
  const socketError = (code: string, message: string): Error =>
    Object.assign(new Error(message), { code });

  it('reports a reset connection on a read, suggesting a retry', async () => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .replyWithError(socketError('ECONNRESET', 'socket hang up'));
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error).toMatchObject({
      name: 'AppError',
      code: 'network_error',
      text: `Could not reach HighLevel for GET /users/${USER_ID}: the connection was reset. Please try again.`,
    });
  });

  it('treats a search sent as POST as a read: nothing to check before retrying', async () => {
    highlevel()
      .post('/users/search/filter-by-email')
      .replyWithError(socketError('ECONNRESET', 'socket hang up'));
    const error = await failure(
      call({ method: 'POST', path: '/users/search/filter-by-email', body: { emails: 'a@b.co' } }),
    );
    expect(error.text).toBe(
      'Could not reach HighLevel for POST /users/search/filter-by-email: the connection was reset. Please try again.',
    );
  });

  it('warns that a write may have happened when the connection drops', async () => {
    highlevel().post('/users/').replyWithError(socketError('ECONNRESET', 'read ECONNRESET'));
    const error = await failure(call({ method: 'POST', path: '/users/', body: { a: 1 } }));
    expect(error.text).toBe(
      'Could not reach HighLevel for POST /users/: the connection was reset. The change may or may ' +
        'not have been made; check HighLevel before running this step again.',
    );
  });

  it.each([
    ['ECONNREFUSED', 'the connection was refused'],
    ['ENOTFOUND', 'its address could not be resolved'],
    ['EAI_AGAIN', 'its address could not be resolved'],
    ['EPIPE', 'the connection was reset'],
    ['EHOSTUNREACH', 'the network request failed'],
  ])('names a %s', async (code, words) => {
    highlevel()
      .get(`/users/${USER_ID}`)
      .replyWithError(socketError(code, `${code} (test)`));
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(error.text).toBe(
      `Could not reach HighLevel for GET /users/${USER_ID}: ${words}. Please try again.`,
    );
  });

  it('gives up on a stalled response after GHL_REQUEST_TIMEOUT_MS', async () => {
    process.env.GHL_REQUEST_TIMEOUT_MS = '200';
    highlevel().get(`/users/${USER_ID}`).delay(2000).reply(200, USER);
    const started = Date.now();
    const error = await failure(call({ path: `/users/${USER_ID}` }));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toMatchObject({
      name: 'AppError',
      code: 'network_error',
      text: `Could not reach HighLevel for GET /users/${USER_ID}: it did not answer within 200 milliseconds. Please try again.`,
    });
  });

  describe('against real sockets on this machine', () => {
    // A loopback server (GHL_API_BASE_URL accepts http on 127.0.0.1) exercises Node's own socket
    // errors instead of nock's imitation of them.
    const servers: Server[] = [];
    const sockets = new Set<Socket>();
    const listen = async (onConnection: (socket: Socket) => void): Promise<number> => {
      const server = createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        onConnection(socket);
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    };

    afterEach(async () => {
      delete process.env.GHL_API_BASE_URL;
      for (const socket of sockets) socket.destroy();
      await Promise.all(
        servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
      );
    });

    it('times out when HighLevel accepts the connection but never answers', async () => {
      process.env.GHL_REQUEST_TIMEOUT_MS = '1500';
      const port = await listen(() => undefined);
      process.env.GHL_API_BASE_URL = `http://127.0.0.1:${port}`;
      const error = await failure(call({ path: `/users/${USER_ID}` }));
      expect(error.text).toBe(
        `Could not reach HighLevel at GHL_API_BASE_URL (http://127.0.0.1:${port}) for GET /users/${USER_ID}: it did not answer within 1.5 seconds. Please try again.`,
      );
    });

    it('reports a connection closed before any answer to a read', async () => {
      const port = await listen((socket) => socket.destroy());
      process.env.GHL_API_BASE_URL = `http://127.0.0.1:${port}`;
      const error = await failure(call({ path: `/users/${USER_ID}` }));
      expect(error.text).toBe(
        `Could not reach HighLevel at GHL_API_BASE_URL (http://127.0.0.1:${port}) for GET /users/${USER_ID}: the connection was reset. Please try again.`,
      );
    });

    it('reports a connection closed while a write was being sent', async () => {
      const port = await listen((socket) => socket.destroy());
      process.env.GHL_API_BASE_URL = `http://127.0.0.1:${port}`;
      const error = await failure(call({ method: 'PUT', path: `/users/${USER_ID}`, body: {} }));
      expect(error.text).toBe(
        `Could not reach HighLevel at GHL_API_BASE_URL (http://127.0.0.1:${port}) for PUT /users/${USER_ID}: the connection was reset. The change ` +
          'may or may not have been made; check HighLevel before running this step again.',
      );
    });

    it('reports a refused connection, naming GHL_API_BASE_URL and its address', async () => {
      const port = await listen(() => undefined);
      await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
      process.env.GHL_API_BASE_URL = `http://127.0.0.1:${port}`;
      const error = await failure(call({ path: `/users/${USER_ID}` }));
      expect(error.text).toBe(
        `Could not reach HighLevel at GHL_API_BASE_URL (http://127.0.0.1:${port}) for GET /users/${USER_ID}: the connection was refused. Is the local sandbox running there (npm run sandbox)? ` +
          'Please try again.',
      );
    });
  });
});
