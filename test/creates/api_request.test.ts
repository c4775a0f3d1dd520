import nock from 'nock';
import zapier, { type ZObject } from 'zapier-platform-core';
import App from '../../index';
import { callApi } from '../../lib/highlevel/client';
import { API, highlevel, rateLimitHeaders } from '../helpers/api';
import {
  ACCESS_TOKEN,
  agencyAuth,
  LOCATION_ID,
  makeBundle,
  subAccountAuth,
} from '../helpers/bundle';
import { failureOf, shown } from '../helpers/errors';

const appTester = zapier.createAppTester(App);
const { operation, display } = App.creates.api_request;
if (typeof operation.perform !== 'function' || !operation.inputFields) {
  throw new Error('api_request must have a perform function and input fields');
}
const { perform, inputFields } = operation;

const CONTACT = { id: 'ocQHyuzHvysMo5N5VsXc', firstName: 'Jane', locationId: LOCATION_ID };
const RATE_LIMITS = rateLimitHeaders(97, 198_000);
const RATE_LIMITS_OUT = {
  'x-ratelimit-max': '100',
  'x-ratelimit-remaining': '97',
  'x-ratelimit-interval-milliseconds': '10000',
  'x-ratelimit-limit-daily': '200000',
  'x-ratelimit-daily-remaining': '198000',
};

const run = (inputData: Record<string, unknown>, auth = agencyAuth()) =>
  appTester(perform, makeBundle(inputData, auth));

// Every request nock did not expect (none may leave: nock.disableNetConnect is on as well).
let unmatched: string[] = [];
const onNoMatch = (req: { method?: string; path?: string; href?: string }) => {
  unmatched.push(`${req.method} ${req.href ?? req.path}`);
};
beforeEach(() => {
  unmatched = [];
  nock.emitter.on('no match', onNoMatch);
});
afterEach(() => {
  nock.emitter.removeListener('no match', onNoMatch);
  expect(unmatched).toEqual([]);
});

/** Runs the step, which must fail, and returns what the failure shows. */
const failure = async (inputData: Record<string, unknown>) =>
  shown(await failureOf(() => run(inputData)));

/** Runs the step, which must be refused before any request, and returns what the user reads. */
const refusal = async (inputData: Record<string, unknown>): Promise<string> => {
  const { name, message } = await failure(inputData);
  expect(name).toBe('AppError');
  expect(nock.pendingMocks()).toEqual([]);
  expect(unmatched).toEqual([]);
  return message;
};

interface Seen {
  headers: Record<string, string>;
  body: string;
}

/** The headers (names in lower case) and the raw body of each request a nock scope answers. */
const record = (scope: nock.Scope): Seen[] => {
  const seen: Seen[] = [];
  scope.on(
    'request',
    (
      req: { headers?: unknown; getHeaders?: () => Record<string, unknown> },
      _interceptor: unknown,
      body: string,
    ) => {
      // A ClientRequest (node-fetch, which z.request uses) or a fetch Request.
      const raw =
        typeof req.getHeaders === 'function'
          ? req.getHeaders()
          : req.headers instanceof Headers
            ? Object.fromEntries(req.headers.entries())
            : ((req.headers ?? {}) as Record<string, unknown>);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(raw)) headers[name.toLowerCase()] = String(value);
      seen.push({ headers, body });
    },
  );
  return seen;
};

describe('api_request (API Request): the request sent', () => {
  it('GET with the query string, the default Version and only the connection token', async () => {
    const seen = record(
      highlevel()
        .get('/contacts/')
        .query({ locationId: LOCATION_ID, query: 'jane doe', limit: '20' })
        .reply(200, { contacts: [CONTACT], meta: { total: 1 } }, RATE_LIMITS),
    );
    const result = await run({
      method: 'GET',
      path: '/contacts/',
      params: { locationId: LOCATION_ID, query: 'jane doe', limit: '20', empty: '' },
    });
    expect(result).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json', ...RATE_LIMITS_OUT },
      data: { contacts: [CONTACT], meta: { total: 1 } },
    });
    expect(seen).toHaveLength(1);
    const { headers, body } = seen[0];
    expect(headers).toMatchObject({
      version: '2021-07-28',
      accept: 'application/json',
      authorization: `Bearer ${ACCESS_TOKEN}`,
    });
    // Nothing else that authenticates, and no body.
    for (const name of ['cookie', 'x-api-key', 'proxy-authorization', 'content-type']) {
      expect([name, headers[name]]).toEqual([name, undefined]);
    }
    expect(body).toBe('');
  });

  it('percent-encodes the query string (keys and values) and keeps %XX in the path', async () => {
    highlevel()
      .get('/contacts/a%20b')
      .query({ 'a&b': 'x=y&z', q: 'é/?#' })
      .reply(200, { ok: true });
    const result = await run({
      path: '/contacts/a%20b',
      params: { 'a&b': 'x=y&z', q: 'é/?#' },
    });
    expect(result).toMatchObject({ status: 200, data: { ok: true } });
  });

  it('sends encoded unreserved characters decoded, as the address they are, and keeps the rest', async () => {
    highlevel().get('/contacts/~Abc%20x%C3%A9').reply(200, { ok: true });
    const result = await run({ path: '/contacts/%7E%41bc%20x%C3%A9' });
    expect(result).toMatchObject({ status: 200, data: { ok: true } });
  });

  it('sends the API Version typed instead of the default', async () => {
    nock(API, {
      reqheaders: {
        version: '2021-04-15',
        accept: 'application/json',
        authorization: `Bearer ${ACCESS_TOKEN}`,
      },
    })
      .get('/calendars/')
      .query({ locationId: LOCATION_ID })
      .reply(200, { calendars: [] });
    const result = await run({
      path: '/calendars/',
      params: { locationId: LOCATION_ID },
      version: ' 2021-04-15 ',
    });
    expect(result).toMatchObject({ status: 200, data: { calendars: [] } });
  });

  it('accepts a vN version', async () => {
    nock(API, { reqheaders: { version: 'v3' } })
      .get('/objects/')
      .reply(200, {});
    await expect(run({ path: '/objects/', version: 'v3' })).resolves.toMatchObject({ status: 200 });
  });

  it.each(['POST', 'PUT', 'PATCH'] as const)(
    '%s sends the JSON body exactly as typed, as application/json',
    async (method) => {
      // A number JSON.parse would round, and a key order a re-serialisation could change.
      const body = '{"b": 1, "a": [1, 2], "amount": 12345678901234567890}';
      const seen = record(
        highlevel()
          .intercept('/contacts/abc', method)
          .reply(method === 'POST' ? 201 : 200, { contact: CONTACT }, RATE_LIMITS),
      );
      const result = await run({ method, path: '/contacts/abc', body: `\n ${body} \n` });
      expect(result).toMatchObject({
        status: method === 'POST' ? 201 : 200,
        data: { contact: CONTACT },
      });
      expect(seen[0].body).toBe(body);
      expect(seen[0].headers['content-type']).toBe('application/json');
    },
  );

  it('a JSON array body is sent too', async () => {
    const seen = record(highlevel().post('/contacts/bulk').reply(200, [], RATE_LIMITS));
    await run({ method: 'POST', path: '/contacts/bulk', body: '[{"id": "a"}]' });
    expect(seen[0].body).toBe('[{"id": "a"}]');
  });

  it('DELETE sends no body', async () => {
    const seen = record(
      highlevel().delete('/contacts/abc').reply(200, { succeded: true }, RATE_LIMITS),
    );
    const result = await run({ method: 'DELETE', path: '/contacts/abc' });
    expect(result).toMatchObject({ status: 200, data: { succeded: true } });
    expect(seen[0].body).toBe('');
  });

  it('POST with no body sends none', async () => {
    const seen = record(
      highlevel().post('/contacts/abc/workflow/wf1').reply(200, { succeded: true }, RATE_LIMITS),
    );
    await run({ method: 'POST', path: '/contacts/abc/workflow/wf1', body: '  ' });
    expect(seen[0].body).toBe('');
  });

  it('takes the method in any case, and GET when none is given', async () => {
    highlevel().post('/contacts/search').reply(200, { contacts: [] });
    highlevel().get('/contacts/').reply(200, { contacts: [] });
    await run({ method: 'post', path: '/contacts/search', body: '{}' });
    await run({ path: '/contacts/' });
  });

  it("sends the sub-account connection's own token", async () => {
    const auth = { ...subAccountAuth(), access_token: 'test-sub-account-token' };
    highlevel('test-sub-account-token')
      .get(`/locations/${LOCATION_ID}`)
      .reply(200, { location: {} });
    await expect(run({ path: `/locations/${LOCATION_ID}` }, auth)).resolves.toMatchObject({
      status: 200,
    });
  });

  it('mapped numbers and booleans in the query string are sent as text', async () => {
    highlevel().get('/contacts/').query({ limit: '5', active: 'true' }).reply(200, {});
    await run({ path: '/contacts/', params: { limit: 5, active: true } });
  });
});

describe('api_request: what comes back', () => {
  it('passes on only the rate-limit headers and the content type', async () => {
    highlevel()
      .get('/contacts/')
      .reply(
        200,
        { contacts: [] },
        {
          ...RATE_LIMITS,
          'Set-Cookie': 'session=abc',
          'X-Internal-Trace': 'trace-1',
        },
      );
    const result = (await run({ path: '/contacts/' })) as { headers: Record<string, string> };
    expect(result.headers).toEqual({ 'content-type': 'application/json', ...RATE_LIMITS_OUT });
  });

  it('a body that is not JSON comes back as text', async () => {
    highlevel().get('/funnels/page/abc').reply(200, '<html>Hello</html>', {
      'Content-Type': 'text/html',
    });
    await expect(run({ path: '/funnels/page/abc' })).resolves.toEqual({
      status: 200,
      headers: { 'content-type': 'text/html' },
      data: '<html>Hello</html>',
    });
  });

  it('an empty 204 is data null', async () => {
    highlevel().delete('/contacts/abc/tags').reply(204, '', RATE_LIMITS);
    await expect(run({ method: 'DELETE', path: '/contacts/abc/tags' })).resolves.toEqual({
      status: 204,
      headers: RATE_LIMITS_OUT,
      data: null,
    });
  });

  it('an empty 200 is data null, not an error', async () => {
    highlevel().put('/contacts/abc').reply(200, '');
    await expect(
      run({ method: 'PUT', path: '/contacts/abc', body: '{"tags": []}' }),
    ).resolves.toMatchObject({ status: 200, data: null });
  });

  it('a redirect is not followed and is an error', async () => {
    highlevel().get('/contacts/').reply(302, '', { Location: 'https://elsewhere.example/steal' });
    const { name, message } = await failure({ path: '/contacts/' });
    expect(name).toBe('AppError');
    expect(message).toContain('answered with a redirect (HTTP 302)');
    // Nothing went to elsewhere.example: no scope for it, and no unmatched request either.
  });

  it('other steps still refuse a 2xx that is not JSON', async () => {
    highlevel().get('/users/search').query(true).reply(200, 'plain text');
    const { message } = shown(
      await failureOf(() =>
        appTester(
          (z: ZObject) => callApi(z, { path: '/users/search' }),
          makeBundle({}, agencyAuth()),
        ),
      ),
    );
    expect(message).toContain('a response that is not valid JSON (HTTP 200)');
  });
});

describe("api_request: HighLevel's errors, as every other step reports them", () => {
  const SCOPE = {
    statusCode: 401,
    message: 'The token is not authorized for this scope.',
    error: 'Unauthorized',
  };

  it('a missing scope on an endpoint the app does not know names no wrong scope, and says how to add one', async () => {
    highlevel().get('/contacts/').reply(401, SCOPE);
    const { name, message } = await failure({ path: '/contacts/' });
    expect(name).toBe('AppError');
    expect(message).toBe(
      'Your HighLevel connection is not allowed to do this: the token lacks the scope this endpoint ' +
        "needs; HighLevel's API reference lists it (https://marketplace.gohighlevel.com/docs/). " +
        '(HighLevel said: "The token is not authorized for this scope.") To add it: whoever ' +
        'deployed this integration adds the scope to its HighLevel Marketplace app and to ' +
        'EXTRA_SCOPES (`npx zapier-platform env:set 1.0.0 EXTRA_SCOPES="…"`, space-separated, with ' +
        'the scopes already there); then reconnect your HighLevel account in Zapier.',
    );
  });

  it.each([
    ['GET', '/users/search', 'users.readonly'],
    ['PUT', '/users/abc', 'users.write'],
    ['GET', `/locations/${LOCATION_ID}`, 'locations.readonly'],
  ] as const)('a missing scope on %s %s names %s', async (method, path, scope) => {
    highlevel().intercept(path, method).reply(401, SCOPE);
    const { message } = await failure({
      method,
      path,
      ...(method === 'PUT' ? { body: '{}' } : {}),
    });
    expect(message).toContain(`the token lacks the "${scope}" scope`);
  });

  it('a missing scope on another locations endpoint names no scope', async () => {
    highlevel().get(`/locations/${LOCATION_ID}/customFields`).reply(401, SCOPE);
    const { message } = await failure({ path: `/locations/${LOCATION_ID}/customFields` });
    expect(message).toContain('the token lacks the scope this endpoint needs');
  });

  it('an expired token is refreshed by Zapier (RefreshAuthError)', async () => {
    highlevel().get('/contacts/').reply(401, { statusCode: 401, message: 'Invalid JWT' });
    await expect(run({ path: '/contacts/' })).rejects.toMatchObject({ name: 'RefreshAuthError' });
  });

  it('a 404', async () => {
    highlevel().get('/contacts/nope').reply(404, { statusCode: 404, message: 'Contact not found' });
    const { name, message } = await failure({ path: '/contacts/nope' });
    expect(name).toBe('AppError');
    expect(message).toBe(
      'HighLevel could not find what was asked for (HTTP 404: Contact not found). Check the ID, or whether it was deleted.',
    );
  });

  it("a 422 comes back in HighLevel's words", async () => {
    highlevel()
      .post('/contacts/')
      .reply(422, {
        statusCode: 422,
        message: ['email must be an email', 'locationId should not be empty'],
        error: 'Unprocessable Entity',
      });
    const { name, message } = await failure({
      method: 'POST',
      path: '/contacts/',
      body: '{"email": "x"}',
    });
    // The same error every step gives for a 422: an error, never a halt (lib/highlevel/errors.ts).
    expect(name).toBe('AppError');
    expect(message).toContain(
      'HighLevel rejected the request (HTTP 422): email must be an email; locationId should not be empty',
    );
  });

  it('a 400 about the Version comes back in its words', async () => {
    highlevel()
      .get('/contacts/')
      .reply(400, { statusCode: 400, message: 'Version header was not found' });
    const { message } = await failure({ path: '/contacts/' });
    expect(message).toContain(
      'HighLevel rejected the request (HTTP 400): Version header was not found',
    );
  });

  it('a 429 is a ThrottledError with the delay from the rate-limit headers', async () => {
    highlevel()
      .get('/contacts/')
      .reply(429, { statusCode: 429, message: 'Too Many Requests' }, rateLimitHeaders(0));
    await expect(run({ path: '/contacts/' })).rejects.toMatchObject({
      name: 'ThrottledError',
      message: expect.stringMatching(/"delay":10[,}]/),
    });
  });

  it('a 502 error page on a write says the change may have been made', async () => {
    highlevel()
      .post('/contacts/')
      .reply(502, '<html><title>502 Bad Gateway</title></html>', { 'Content-Type': 'text/html' });
    const { message } = await failure({ method: 'POST', path: '/contacts/', body: '{}' });
    expect(message).toContain('HTTP 502: an error page saying "502 Bad Gateway"');
    expect(message).toContain('may or may not have been made');
  });
});

describe('api_request: refused before any request', () => {
  const pathError = (problem: string) => `Please fix this field: Path (path) ${problem}.`;

  // The problems several paths share, each written once.
  const FULL_URL = "must be the part after HighLevel's API root, like /contacts/, not a full URL";
  const DOUBLE_SLASH = 'must not contain // (it would name another host or an empty segment)';
  const CONTROL = 'must not contain control characters (such as a line break)';
  const DOTS = 'must not contain . or .. segments';
  const OAUTH =
    "must not be an /oauth/ path: the connection's sign-in is not something this step calls";
  const BAD_UTF8 =
    'must percent-encode valid UTF-8 only (an overlong or broken sequence such as %C0%AE is not)';
  const ENCODED =
    'must not percent-encode a dot, slash, backslash, percent sign or control character (%2E, %2F, %5C, %25, %00…)';
  const PERCENT = 'must use % only for percent-encoding, like %20';

  it.each([
    ['a full URL', 'https://services.leadconnectorhq.com/contacts/', FULL_URL],
    ['a URL to another host', 'http://evil.example/contacts/', FULL_URL],
    [
      'a host',
      'services.leadconnectorhq.com/contacts/',
      'must not name a host: write only the path, like /contacts/',
    ],
    ['no leading slash', 'contacts/', 'must start with /, like /contacts/'],
    ['a protocol-relative URL', '//evil.example/contacts/', DOUBLE_SLASH],
    ['an empty segment', '/contacts//abc', DOUBLE_SLASH],
    ['..', '/contacts/../users/', DOTS],
    ['a trailing ..', '/contacts/..', DOTS],
    ['a . segment', '/./contacts/', DOTS],
    ['a backslash', '/contacts/\\..\\oauth', 'must not contain a backslash (\\)'],
    ['a fragment', '/contacts/#x', 'must not contain # (a fragment)'],
    [
      'a query string',
      '/contacts/?locationId=abc',
      'must not contain ?: put the query string in Query String Parameters (params), one key and value per row',
    ],
    ['a line break', '/contacts/\nabc', CONTROL],
    ['a carriage return', '/contacts/a\rb', CONTROL],
    ['a space', '/contacts/a b', 'must not contain spaces (write a space in an ID as %20)'],
    // Encoded unreserved characters are the same address (RFC 3986 §6.2.2.2): checked decoded.
    ['encoded dots', '/contacts/%2e%2e/users', DOTS],
    ['encoded dots (upper case)', '/contacts/%2E%2E', DOTS],
    ['an encoded /oauth/ (one letter)', '/%6fauth/token', OAUTH],
    ['an encoded /oauth/ (another letter)', '/o%61uth/locationToken', OAUTH],
    ['an /oauth/ encoded whole', '/%6F%61%75%74%68/token', OAUTH],
    ['a ; path parameter', '/contacts/abc;jsessionid=1', 'must not contain ; (path parameters)'],
    ['an overlong UTF-8 encoding of a dot', '/contacts/%c0%ae%c0%ae/x', BAD_UTF8],
    ['a lone continuation byte', '/contacts/%80', BAD_UTF8],
    ['an encoded slash', '/contacts%2f%2fevil', ENCODED],
    ['an encoded backslash', '/contacts/%5cabc', ENCODED],
    ['a double encoding', '/contacts/%252e%252e', ENCODED],
    ['an encoded NUL', '/contacts/a%00', ENCODED],
    ['a bare %', '/contacts/100%', PERCENT],
    ['a bad escape', '/contacts/%zz', PERCENT],
    [
      'a placeholder left in',
      '/contacts/{contactId}',
      'must have its {…} placeholders filled in with IDs, like /contacts/ocQHyuzHvysMo5N5VsXc',
    ],
    [
      'a character that needs encoding',
      '/contacts/é',
      'must not contain "é": percent-encode it (UTF-8), like %C3%A9 for é',
    ],
    ['the token endpoint', '/oauth/token', OAUTH],
    ['the token endpoint in capitals', '/OAuth/token', OAUTH],
    ['/oauth', '/oauth', OAUTH],
    ['the API root', '/', 'must name an endpoint below the API root, like /contacts/'],
    ['nothing', '', 'is required, like /contacts/'],
    ['only spaces', '   ', 'is required, like /contacts/'],
    ['too much', `/${'a'.repeat(2048)}`, 'must be at most 2048 characters long'],
  ])('a path with %s', async (_case, path, problem) => {
    expect(await refusal({ path })).toBe(pathError(problem));
  });

  it.each([
    ['a NUL in the path', { path: '/contacts/\u0000' }, 'Path (path)'],
    [
      'a control character in a parameter key',
      { path: '/contacts/', params: { 'q\u0007': 'a' } },
      'Query String Parameters (params',
    ],
    [
      'an unfilled Zapier field in the body',
      { method: 'POST', path: '/contacts/', body: '{"email": "{{123__email}}"}' },
      'Body (JSON) (body)',
    ],
  ])(
    '%s is refused by the gate every step has, naming the field',
    async (_case, inputData, field) => {
      expect(await refusal(inputData)).toContain(`Please fix this field: ${field}`);
    },
  );

  it('a missing path', async () => {
    expect(await refusal({ method: 'GET' })).toBe(pathError('is required, like /contacts/'));
  });

  it('a path that is not text', async () => {
    expect(await refusal({ path: ['/contacts/'] })).toBe(
      pathError('must be text, like /contacts/'),
    );
  });

  it('a method that is not offered', async () => {
    expect(await refusal({ method: 'HEAD', path: '/contacts/' })).toBe(
      'Please fix this field: Method (method) must be one of GET, POST, PUT, PATCH, DELETE.',
    );
  });

  it.each(['GET', 'DELETE'])('a body with %s', async (method) => {
    expect(await refusal({ method, path: '/contacts/abc', body: '{"a": 1}' })).toBe(
      `Please fix this field: Body (JSON) (body) can only be sent with POST, PUT or PATCH: leave it empty for ${method}.`,
    );
  });

  it.each([
    [
      'not JSON',
      '{firstName: "Jane"}',
      'must be valid JSON, like {"firstName": "Jane"} (check the quotes, commas and brackets)',
    ],
    [
      'cut short',
      '{"firstName": "Jane"',
      'must be valid JSON, like {"firstName": "Jane"} (check the quotes, commas and brackets)',
    ],
    ['a string', '"Jane"', 'must be a JSON object or array, like {"firstName": "Jane"}'],
    ['a number', '42', 'must be a JSON object or array, like {"firstName": "Jane"}'],
    ['null', 'null', 'must be a JSON object or array, like {"firstName": "Jane"}'],
    [
      'a Zapier placeholder',
      '{"token": "{{bundle.authData.access_token}}"}',
      'must not contain {{bundle.…}} or {{process.…}}',
    ],
    [
      'an environment placeholder',
      '{"s": "{{ process.env.CLIENT_SECRET }}"}',
      'must not contain {{bundle.…}} or {{process.…}}',
    ],
  ])('a body that is %s', async (_case, body, problem) => {
    expect(await refusal({ method: 'POST', path: '/contacts/', body })).toBe(
      `Please fix this field: Body (JSON) (body) ${problem}.`,
    );
  });

  it('a body that is not text', async () => {
    expect(await refusal({ method: 'POST', path: '/contacts/', body: { a: 1 } })).toBe(
      'Please fix this field: Body (JSON) (body) must be JSON text, like {"firstName": "Jane"}.',
    );
  });

  it.each(['latest', '2021-7-28', 'v', '2021-07-28; x', '2021-07-28\r\nX-Evil: 1', 'V2'])(
    'an API Version %j',
    async (version) => {
      expect(await refusal({ path: '/contacts/', version })).toBe(
        'Please fix this field: API Version (version) must be a HighLevel API version like 2021-07-28 or 2021-04-15.',
      );
    },
  );

  it.each([
    [
      'a line break in a value',
      { q: 'a\nb' },
      'Query String Parameters (params.q) must not contain control characters (such as a line break)',
    ],
    [
      'a control character in a key',
      { 'q\nx': 'a' },
      'Query String Parameters (params.q\nx) must not contain control characters (such as a line break)',
    ],
    ['a list as a value', { q: ['a', 'b'] }, 'Query String Parameters (params.q) must be text'],
    [
      'a {{…}} Zapier would drop',
      { q: 'a{{b}}' },
      "Query String Parameters (params.q) must not contain {{: Zapier's request client would drop {{…}}",
    ],
    [
      'a value without a key',
      { ' ': 'orphan' },
      'Query String Parameters (params) has a value ("orphan") without a key',
    ],
  ])('query string parameters with %s', async (_case, params, problem) => {
    expect(await refusal({ path: '/contacts/', params })).toBe(
      `Please fix this field: ${problem}.`,
    );
  });

  it('query string parameters that are not keys and values', async () => {
    expect(await refusal({ path: '/contacts/', params: 'locationId=abc' })).toBe(
      'Please fix this field: Query String Parameters (params) must be keys and values, one per row.',
    );
  });

  it('lists every field that is wrong in one message', async () => {
    expect(
      await refusal({
        method: 'GET',
        path: 'https://evil.example/',
        params: { q: 'a\rb' },
        body: '{"a": 1}',
        version: 'latest',
      }),
    ).toBe(
      "Please fix these fields: Path (path) must be the part after HighLevel's API root, like /contacts/, " +
        'not a full URL; Query String Parameters (params.q) must not contain control characters (such ' +
        'as a line break); Body (JSON) (body) can only be sent with POST, PUT or PATCH: leave it empty ' +
        'for GET; API Version (version) must be a HighLevel API version like 2021-07-28 or 2021-04-15.',
    );
  });

  it('the client itself refuses an invalid version, and sends nothing', async () => {
    const { message } = shown(
      await failureOf(() =>
        appTester(
          (z: ZObject) => callApi(z, { path: '/users/search', version: '2021-07-28\r\nX: y' }),
          makeBundle({}, agencyAuth()),
        ),
      ),
    );
    expect(message).toContain('Refusing to send an invalid API version');
  });
});

describe('api_request: definition', () => {
  it('has the five fields, labelled in Title Case, in HighLevel words', () => {
    expect(inputFields).toEqual([
      expect.objectContaining({
        key: 'method',
        label: 'Method',
        required: true,
        default: 'GET',
        choices: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => ({
          value: m,
          label: m,
          sample: m,
        })),
      }),
      expect.objectContaining({ key: 'path', label: 'Path', type: 'string', required: true }),
      expect.objectContaining({
        key: 'params',
        label: 'Query String Parameters',
        type: 'string',
        dict: true,
        required: false,
      }),
      expect.objectContaining({ key: 'body', label: 'Body (JSON)', type: 'text', required: false }),
      expect.objectContaining({
        key: 'version',
        label: 'API Version',
        type: 'string',
        required: false,
      }),
    ]);
    const help = (inputFields as Array<{ helpText?: string }>)
      .map((f) => f.helpText ?? '')
      .join(' ');
    expect(help).toContain('https://marketplace.gohighlevel.com/docs/');
    expect(help).toContain('Sub-account');
    expect(help).toContain('contacts.readonly');
    expect(help).not.toMatch(/\blocation\b/i);
    expect(display).toEqual({
      label: 'API Request',
      description: expect.stringMatching(
        /^Calls any HighLevel API endpoint with this connection[^.]*\.$/,
      ),
    });
  });

  it('has a sample shaped like a real result, and output fields for it', async () => {
    highlevel()
      .get('/contacts/')
      .reply(200, { contacts: [CONTACT], meta: { total: 1 } }, RATE_LIMITS);
    const real = (await run({ path: '/contacts/' })) as Record<string, unknown>;
    const sample = operation.sample as Record<string, unknown>;
    expect(Object.keys(sample)).toEqual(Object.keys(real));
    expect(Object.keys(sample.headers as object).sort()).toEqual(
      Object.keys(real.headers as object).sort(),
    );
    const keys = (operation.outputFields ?? []).map((field) => 'key' in field && field.key);
    expect(keys).toEqual([
      'status',
      ...Object.keys(sample.headers as object).map((name) => `headers__${name}`),
      'data',
    ]);
  });
});
