// Hostile answers and hostile inputs, against nock: redirects that would carry a
// password or the client secret elsewhere, errors that would carry the step's input, HighLevel
// echoing a secret, weak passwords and damaged tokens, IDs and connection fields that would send a
// request to the wrong place, characters no field may hold, absurd rate-limit headers, a Create
// User whose answer cannot be read, and a 1xx/3xx "success". Each case runs through core's
// createAppTester with core's own logs captured (test/helpers/logs.ts) and is counted
// in the reliability summary under its class.
import nock from 'nock';
import type { PlainInputField } from 'zapier-platform-core';
import App from '../../index';
import { performOf } from '../../dev/tour/harness';
import { API, recordHighLevel, type Reply, type Responder } from '../helpers/api';
import { agencyAuth, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { authentication } from '../helpers/definition';
import { expectOwnError, outcomeOf, type Outcome } from '../helpers/errors';
import { createRunner, inputFieldsOf, type Kind } from '../helpers/invoke';
import { captureLogs } from '../helpers/logs';
import { checkAll, found, type Case } from './hostile-cases';
import { tallyFor } from './tally';

const tally = tallyFor(__filename);
const appTester = createRunner();
const recorder = recordHighLevel();

// Distinctive values ("test-" keeps the repository's secret check quiet about this file).
const SECRETS = {
  accessToken: 'test-hostile-access-3b9d71c0e4a2f8',
  refreshToken: 'test-hostile-refresh-c1a8e94b0d7f26',
  clientSecret: 'test-hostile-client-secret-6e0f2a9d',
  password: 'test-Hostile-Pw0rd!8f2c',
  code: 'test-hostile-auth-code-d94e1b7a',
};
const EMAIL = 'distinctive.hostile.q7x3@example.com';

const logs = captureLogs({ CLIENT_SECRET: SECRETS.clientSecret });

afterAll(() => recorder.stop());

beforeEach(() => {
  recorder.clear();
  recorder.respondWith(undefined);
});

const auth = (level: 'agency' | 'sub' = 'agency'): Record<string, string> => ({
  ...(level === 'agency' ? agencyAuth() : subAccountAuth()),
  access_token: SECRETS.accessToken,
  refresh_token: SECRETS.refreshToken,
});

const USER_ID = '0IHuJvc2ofPAAA8GzTRi';

interface Operation {
  key: string;
  kind: Kind;
  /** A valid input: the step sends one request with it. */
  input: Record<string, unknown>;
}

const OPERATIONS: Operation[] = [
  {
    key: 'create_user',
    kind: 'creates',
    input: {
      firstName: 'Jane',
      lastName: 'Doe',
      email: EMAIL,
      password: SECRETS.password,
      type: 'account',
      role: 'user',
      locationIds: [LOCATION_ID],
    },
  },
  {
    key: 'update_user',
    kind: 'creates',
    input: { userId: USER_ID, password: SECRETS.password, lastName: 'Doe' },
  },
  { key: 'delete_user', kind: 'creates', input: { userId: USER_ID } },
  { key: 'find_user', kind: 'searches', input: { email: EMAIL } },
  { key: 'filter_users_by_email', kind: 'triggers', input: { emails: [EMAIL] } },
  { key: 'search_users', kind: 'triggers', input: { query: 'jane' } },
  { key: 'list_users_by_location', kind: 'triggers', input: { locationId: LOCATION_ID } },
  { key: 'get_user', kind: 'triggers', input: { userId: USER_ID } },
  { key: 'deleted_user', kind: 'triggers', input: { locationId: LOCATION_ID } },
  // Its input is the Zap's own choice; its delivery (hostile-outputs and user_event tests) is not here.
  { key: 'user_event', kind: 'triggers', input: { events: ['created'] } },
  {
    key: 'api_request',
    kind: 'creates',
    input: { method: 'POST', path: '/contacts/search', body: '{"pageLimit": 1}' },
  },
];

const op = (key: string): Operation => {
  const found = OPERATIONS.find((o) => o.key === key);
  if (!found) throw new Error(`no operation ${key}`);
  return found;
};

const run = (
  o: Operation,
  input: Record<string, unknown> = o.input,
  authData: Record<string, unknown> = auth(),
): Promise<Outcome> =>
  outcomeOf(() =>
    appTester(
      performOf(o.kind, o.key),
      makeBundle({ ...input }, authData as Record<string, string>),
    ),
  );

const REDIRECT_URI = 'https://zapier.com/dashboard/auth/oauth/return/App1CLIAPI/';

/** The code exchange and the refresh, as Zapier calls them. */
const exchange = (): Promise<Outcome> =>
  outcomeOf(() =>
    appTester(
      authentication.oauth2Config.getAccessToken,
      makeBundle({ code: SECRETS.code, redirect_uri: REDIRECT_URI, userType: 'Company' }, {}),
    ),
  );
const renew = (authData: Record<string, unknown> = auth()): Promise<Outcome> =>
  outcomeOf(() =>
    appTester(
      authentication.oauth2Config.refreshAccessToken,
      makeBundle({}, authData as Record<string, string>),
    ),
  );

/** The token endpoint answers once with `reply`; returns whether it was called. */
const tokenAnswers = (reply: Reply): (() => boolean) => {
  const [status, body, headers] = reply;
  const scope = nock(API)
    .post('/oauth/token')
    .reply(status, body as Record<string, unknown>, headers);
  return () => scope.isDone();
};

const answerWith = (responder: Responder): void => recorder.respondWith(responder);

// ---------------------------------------------------------------------------------------------
// 1. Redirects
// ---------------------------------------------------------------------------------------------

describe('1. a redirect from HighLevel is never followed', () => {
  const STATUSES = [301, 302, 303, 307, 308];
  const ELSEWHERE = 'https://elsewhere.example.net';
  const TARGETS = [`${ELSEWHERE}/steal?from=highlevel`, 'http://0.0.0.0:8080/steal'];

  // Anything sent to the other host is recorded here (and answered as if it worked).
  const reached: string[] = [];
  let elsewhere: nock.Scope;
  beforeAll(() => {
    elsewhere = nock(ELSEWHERE).persist();
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
      elsewhere.intercept(() => true, method).reply(200, { id: 'elsewhere', users: [] });
    }
    elsewhere.on('request', (req: Request) => reached.push(`${req.method} ${req.url}`));
  });
  afterAll(() => elsewhere.persist(false));
  beforeEach(() => {
    reached.length = 0;
  });

  const expectRefused = (outcome: Outcome, status: number): void => {
    expect(outcome.ok).toBe(false);
    expect(outcome.error?.name).toBe('AppError');
    expect(outcome.message).toContain(`answered with a redirect (HTTP ${status})`);
    expect(outcome.message).toContain('nothing was sent to the other address');
    expectOwnError(outcome);
    // Nothing reached the other host, nor any host nock does not know (0.0.0.0).
    expect({ reached, elsewhere: recorder.elsewhere }).toEqual({ reached: [], elsewhere: [] });
    expect(found(outcome.message + logs.text(), { password: SECRETS.password })).toEqual([]);
  };

  const cases = [
    'create_user',
    'update_user',
    'get_user',
    'find_user',
    'delete_user',
    'api_request',
  ].flatMap((key) => STATUSES.flatMap((status) => TARGETS.map((to) => [key, status, to] as const)));

  it.each(cases)('%s answered %d to %s: refused, one request', (key, status, to) =>
    tally.hostile('Redirects', async () => {
      answerWith(() => [status, { moved: true }, { Location: to }]);
      const outcome = await run(op(key));
      expect(recorder.requests).toHaveLength(1);
      expectRefused(outcome, status);
    }),
  );

  const tokenCases = (['code exchange', 'refresh'] as const).flatMap((what) =>
    STATUSES.flatMap((status) => TARGETS.map((to) => [what, status, to] as const)),
  );

  it.each(tokenCases)('/oauth/token (%s) answered %d to %s: refused', (what, status, to) =>
    tally.hostile('Redirects', async () => {
      const called = tokenAnswers([status, { moved: true }, { Location: to }]);
      const outcome = what === 'code exchange' ? await exchange() : await renew();
      expect(called()).toBe(true);
      expectRefused(outcome, status);
      // Not "reconnect": a proxy's redirect says nothing about the connection.
      expect(outcome.error?.name).not.toBe('ExpiredAuthError');
      expect(
        found(outcome.message + logs.text(), {
          clientSecret: SECRETS.clientSecret,
          refreshToken: SECRETS.refreshToken,
        }),
      ).toEqual([]);
    }),
  );
});

// ---------------------------------------------------------------------------------------------
// 2. Errors carrying the step's input
// ---------------------------------------------------------------------------------------------

describe("2. whatever throws inside a perform leaves as the app's own error, quoting no input", () => {
  const INPUT = { password: SECRETS.password, email: EMAIL };
  const exploding = (): Record<string, unknown> => ({
    toString() {
      throw new Error(`toString exploded on ${SECRETS.password} for ${EMAIL}`);
    },
    [Symbol.toPrimitive]() {
      throw new Error(`toPrimitive exploded on ${SECRETS.password} for ${EMAIL}`);
    },
  });

  const expectClean = (outcome: Outcome): void => {
    expect(outcome.ok).toBe(false);
    expectOwnError(outcome);
    expect({
      message: found(outcome.error?.message ?? '', INPUT),
      logs: found(logs.text(), INPUT),
    }).toEqual({ message: [], logs: [] });
  };

  const lone = '\uD800';
  const INPUT_CASES: Array<[string, string, Record<string, unknown>]> = [
    ['a lone surrogate in userId', 'get_user', { userId: `${USER_ID}${lone}` }],
    [
      'a lone surrogate in userId, with the password',
      'update_user',
      { userId: `${lone}${USER_ID}`, password: SECRETS.password },
    ],
    ['a lone surrogate in userId', 'delete_user', { userId: `${USER_ID}${lone}x` }],
    [
      'a mapped object as userId',
      'update_user',
      { userId: { id: USER_ID, email: EMAIL }, password: SECRETS.password },
    ],
    ['a mapped object as userId', 'get_user', { userId: { id: USER_ID, email: EMAIL } }],
    ['a mapped object as email', 'find_user', { email: { address: EMAIL } }],
    [
      'a mapped object as firstName',
      'create_user',
      { ...op('create_user').input, firstName: { first: 'Jane', email: EMAIL } },
    ],
    [
      'an object whose toString throws as firstName',
      'create_user',
      { ...op('create_user').input, firstName: exploding() },
    ],
    [
      'an object whose toString throws as userId',
      'update_user',
      { userId: exploding(), password: SECRETS.password },
    ],
    ['an object whose toString throws as email', 'find_user', { email: exploding() }],
    ['an object whose toString throws as query', 'search_users', { query: exploding() }],
    [
      'an object whose toString throws as path',
      'api_request',
      { method: 'GET', path: exploding() },
    ],
    [
      'an object whose toString throws in emails',
      'filter_users_by_email',
      { emails: [exploding()] },
    ],
  ];

  it.each(INPUT_CASES)('%s (%s): refused, nothing sent, nothing quoted', (_name, key, input) =>
    tally.hostile('Errors carrying input', async () => {
      const outcome = await run(op(key), input);
      expectClean(outcome);
      expect(recorder.requests).toEqual([]);
    }),
  );

  // The request itself fails with an error that is not the network's (a bug in a layer below the
  // app, say), its message quoting what the step sent.
  const THROWN: Array<[string, () => Error]> = [
    ['a TypeError', () => new TypeError(`Cannot read ${SECRETS.password} of ${EMAIL}`)],
    ['a RangeError', () => new RangeError(`Invalid array length for ${EMAIL} ${SECRETS.password}`)],
    [
      'an error with an odd code',
      () => Object.assign(new Error(`odd failure ${EMAIL}`), { code: 'odd_code' }),
    ],
  ];
  const THROWN_OPS = ['get_user', 'delete_user', 'update_user', 'search_users', 'create_user'];

  it.each(THROWN_OPS.flatMap((key) => THROWN.map(([name, make]) => [key, name, make] as const)))(
    '%s whose request fails with %s (nock replyWithError)',
    (key, _name, make) =>
      tally.hostile('Errors carrying input', async () => {
        answerWith(() => {
          throw make();
        });
        const outcome = await run(op(key));
        expect(recorder.requests).toHaveLength(1);
        expect(outcome.ok).toBe(false);
        expectOwnError(outcome);
        // The password is censored wherever core logs the request; the error's own text must not
        // bring it (nor the email) back. Create User sends the email, and core logs its body.
        expect(found(outcome.error?.message ?? '', INPUT)).toEqual([]);
        expect(
          found(logs.text(), key === 'create_user' ? { password: SECRETS.password } : INPUT),
        ).toEqual([]);
      }),
  );
});

// ---------------------------------------------------------------------------------------------
// 3. Secrets echoed by the server
// ---------------------------------------------------------------------------------------------

describe('3. a secret HighLevel echoes is in no message and no log', () => {
  const STATUSES = [400, 401, 403, 422, 500];
  // HighLevel (or a proxy) can only quote what the request carried, or what the connection holds.
  const apiSecretsOf = (key: string): Record<string, string> => {
    const { code: _code, password, ...connection } = SECRETS;
    void _code;
    return 'password' in op(key).input ? { ...connection, password } : connection;
  };
  const EXCHANGE_SECRETS = { code: SECRETS.code, clientSecret: SECRETS.clientSecret };
  const REFRESH_SECRETS = {
    refreshToken: SECRETS.refreshToken,
    accessToken: SECRETS.accessToken,
    clientSecret: SECRETS.clientSecret,
  };
  const quoting = (secrets: Record<string, string>): string =>
    Object.entries(secrets)
      .map(([name, value]) => `${name} ${value}`)
      .join('; ');
  const BODIES: Array<[string, (status: number, secrets: Record<string, string>) => unknown]> = [
    [
      'a message quoting every secret',
      (status, secrets) => ({ statusCode: status, message: `Bad request for ${quoting(secrets)}` }),
    ],
    [
      'a 422 list quoting them, JSON-escaped',
      (status, secrets) => ({
        statusCode: status,
        message: [quoting(secrets), JSON.stringify(secrets)],
        error: 'Bad',
      }),
    ],
    [
      'OAuth words quoting them',
      (_status, secrets) => ({ error: 'invalid_request', error_description: quoting(secrets) }),
    ],
    [
      'a Bearer header quoted',
      (status, secrets) => ({
        statusCode: status,
        message: `Authorization: Bearer ${secrets.accessToken ?? secrets.code}`,
      }),
    ],
  ];

  const API_OPS = [
    'create_user',
    'update_user',
    'get_user',
    'delete_user',
    'find_user',
    'search_users',
    'api_request',
  ];

  it.each(
    API_OPS.flatMap((key) =>
      STATUSES.flatMap((status) =>
        BODIES.map(([name, body]) => [key, status, name, body] as const),
      ),
    ),
  )('%s: HTTP %d with %s', (key, status, _name, body) =>
    tally.hostile('Secrets echoed', async () => {
      answerWith(() => [status, body(status, apiSecretsOf(key))]);
      const outcome = await run(op(key));
      expect(recorder.requests).toHaveLength(1);
      expect(outcome.ok).toBe(false);
      expectOwnError(outcome);
      expect({
        message: found(outcome.error?.message ?? '', SECRETS),
        logs: found(logs.text(), SECRETS),
      }).toEqual({ message: [], logs: [] });
    }),
  );

  it.each(
    STATUSES.flatMap((status) => BODIES.map(([name, body]) => [status, name, body] as const)),
  )('/oauth/token (refresh): HTTP %d with %s', (status, _name, body) =>
    tally.hostile('Secrets echoed', async () => {
      const called = tokenAnswers([status, body(status, REFRESH_SECRETS)]);
      const outcome = await renew();
      expect(called()).toBe(true);
      expect(outcome.ok).toBe(false);
      expectOwnError(outcome);
      expect({
        message: found(outcome.error?.message ?? '', SECRETS),
        logs: found(logs.text(), SECRETS),
      }).toEqual({ message: [], logs: [] });
    }),
  );

  // The code exchange. Core itself prints the authorization code: its HTTP log (create-logger.js,
  // buildSensitiveValues) censors the bundle's authData, sensitive environment variables and JSON
  // bodies' sensitive keys, but the code is inputData, and the token request's body is a form
  // (not JSON), so `code=...` is printed as sent, and so is any answer quoting it. That is out of
  // the app's reach; what is asserted is that every line holding the code is core's own HTTP log
  // of that request, and that the app's error and everything else never show it.
  it.each(
    STATUSES.flatMap((status) => BODIES.map(([name, body]) => [status, name, body] as const)),
  )('/oauth/token (code exchange): HTTP %d with %s', (status, _name, body) =>
    tally.hostile('Secrets echoed', async () => {
      const called = tokenAnswers([status, body(status, EXCHANGE_SECRETS)]);
      const outcome = await exchange();
      expect(called()).toBe(true);
      expect(outcome.ok).toBe(false);
      expectOwnError(outcome);
      expect(found(outcome.error?.message ?? '', SECRETS)).toEqual([]);
      const { code: _ignored, ...others } = SECRETS;
      void _ignored;
      expect(found(logs.text(), others)).toEqual([]);
      const withCode = logs.lines.filter((line) => line.includes(SECRETS.code));
      expect(withCode.filter((line) => !line.startsWith(`POST ${API}/oauth/token\n`))).toEqual([]);
    }),
  );
});

// ---------------------------------------------------------------------------------------------
// 4. Weak passwords and short tokens
// ---------------------------------------------------------------------------------------------

describe('4. a password breaking the policy, or a token too short, is refused before any request', () => {
  const WEAK = [
    'Ab1!x', // 5 characters
    'Sh0rt!pass1', // 11 characters
    'nouppercase1!xyz',
    'NOLOWERCASE1!XYZ',
    'NoDigitsHere!xyz',
    'NoSpecial1234xyz',
    'Abcdefgh 12 xy', // a space is no special character
    'Ab1!Ab1!Ab1', // 11
  ];

  it.each(
    ['create_user', 'update_user'].flatMap((key) =>
      WEAK.map((password) => [key, password] as const),
    ),
  )('%s with password %j: refused naming Password', (key, password) =>
    tally.hostile('Weak secrets', async () => {
      const outcome = await run(op(key), { ...op(key).input, password });
      expect(recorder.requests).toEqual([]);
      expect(outcome.ok).toBe(false);
      expectOwnError(outcome);
      expect(outcome.message).toContain('Password (password)');
      expect(outcome.error?.message).not.toContain(password);
      expect(logs.text()).not.toContain(password);
    }),
  );

  const SHORT = ['short-tok-12345', 'x', 'abcdefghijklmno'];
  const SHORT_OPS = [
    'create_user',
    'update_user',
    'get_user',
    'find_user',
    'search_users',
    'api_request',
  ];

  it.each(
    (['access_token', 'refresh_token'] as const).flatMap((field) =>
      SHORT_OPS.flatMap((key) => SHORT.map((value) => [field, key, value] as const)),
    ),
  )('%s of %j in %s: a damaged connection, nothing sent', (field, key, value) =>
    tally.hostile('Weak secrets', async () => {
      const outcome = await run(op(key), op(key).input, { ...auth(), [field]: value });
      expect(recorder.requests).toEqual([]);
      expect(outcome.ok).toBe(false);
      expectOwnError(outcome);
      expect(outcome.message).toContain('This HighLevel connection is damaged');
      expect(outcome.message).toContain(
        field === 'access_token' ? 'access token' : 'refresh token',
      );
    }),
  );

  it.each(SHORT)('a refresh with a refresh token of %j: damaged, nothing sent', (value) =>
    tally.hostile('Weak secrets', async () => {
      const outcome = await renew({ ...auth(), refresh_token: value });
      // No interceptor answers /oauth/token here: a request would have shown as tried elsewhere.
      expect(recorder.elsewhere).toEqual([]);
      expect(recorder.requests).toEqual([]);
      expect(outcome.message).toContain('This HighLevel connection is damaged');
      expectOwnError(outcome);
    }),
  );
});

// ---------------------------------------------------------------------------------------------
// 5. Requests to the wrong place
// ---------------------------------------------------------------------------------------------

describe('5. an ID or connection field that would change the URL is refused before any request', () => {
  const BAD_IDS = [
    '.',
    '..',
    '%2e',
    '%2E%2E',
    'a/b',
    'a?b',
    'a#b',
    ' ',
    '\u0000',
    'a'.repeat(200),
    './x',
    'a\\b',
  ];
  const ID_OPS = ['get_user', 'update_user', 'delete_user'];

  // Updated User's User is optional: left blank, it watches every user instead.
  const badFor = (key: string) => BAD_IDS.filter((id) => !(key === 'get_user' && id.trim() === ''));
  it.each(ID_OPS.flatMap((key) => badFor(key).map((id) => [key, id] as const)))(
    '%s with userId %j: refused naming User (userId)',
    (key, userId) =>
      tally.hostile('Wrong place', async () => {
        const outcome = await run(op(key), { ...op(key).input, userId });
        expect(recorder.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
        expect(outcome.ok).toBe(false);
        expectOwnError(outcome);
        expect(outcome.message).toContain('User (userId)');
      }),
  );

  const DAMAGED: Array<[string, Record<string, unknown>]> = [
    ['companyId as a number', { companyId: 12345 }],
    ['companyId as an object', { companyId: { id: 'x' } }],
    ['locationId with a slash', { locationId: 'abc/def' }],
    ['locationId of ..', { locationId: '..' }],
    ['userId with a space', { userId: 'agency User' }],
    ['userId with a NUL', { userId: 'agency\u0000User' }],
  ];
  const CONNECTION_OPS = [
    'get_user',
    'search_users',
    'find_user',
    'create_user',
    'update_user',
    'list_users_by_location',
  ];

  it.each(
    CONNECTION_OPS.flatMap((key) => DAMAGED.map(([name, fields]) => [key, name, fields] as const)),
  )('%s on a connection with %s: damaged, no TypeError, nothing sent', (key, _name, fields) =>
    tally.hostile('Wrong place', async () => {
      const outcome = await run(op(key), op(key).input, { ...auth('sub'), ...fields });
      expect(recorder.requests).toEqual([]);
      expect(outcome.ok).toBe(false);
      expectOwnError(outcome);
      expect(outcome.message).toContain('This HighLevel connection is damaged');
    }),
  );

  it.each(DAMAGED)('the connection test on a connection with %s: damaged', (_name, fields) =>
    tally.hostile('Wrong place', async () => {
      const outcome = await outcomeOf(() =>
        appTester(
          authentication.test,
          makeBundle({}, { ...auth('sub'), ...fields } as unknown as Record<string, string>),
        ),
      );
      expect(recorder.requests).toEqual([]);
      expectOwnError(outcome);
      expect(outcome.message).toContain('This HighLevel connection is damaged');
    }),
  );
});

// ---------------------------------------------------------------------------------------------
// 6. Control characters, NUL, lone surrogates, unresolved placeholders, in any field
// ---------------------------------------------------------------------------------------------

describe('6. a value no field may hold is refused naming its field, in every field of every step', () => {
  const BAD: Array<[string, string]> = [
    ['a control character', 'Jane\u0007Doe'],
    ['a NUL', 'Jane\u0000'],
    ['a lone surrogate', 'Jane\uDC00'],
    ['an unresolved placeholder', '{{123456__email}}'],
    ['an escape sequence', '\u001b[2J'],
  ];

  const fieldsOf = async (o: Operation): Promise<PlainInputField[]> =>
    inputFieldsOf(appTester, o.kind, o.key, auth());

  const valueFor = (field: PlainInputField, bad: string): unknown => {
    if (field.dict) return { someKey: bad };
    if (field.list) return [bad];
    return bad;
  };

  it.each(OPERATIONS.map((o) => [o.key, o] as const))('%s: every field', (_key, o) =>
    (async () => {
      const fields = (await fieldsOf(o)).filter(
        (field) => !field.computed && field.type !== 'copy',
      );
      expect(fields.length).toBeGreaterThan(0);
      const cases: Case[] = fields.flatMap((field) =>
        BAD.map(([name, bad]) => ({
          name: `${field.key} holding ${name}`,
          run: async () => {
            recorder.clear();
            const outcome = await run(o, { ...o.input, [field.key]: valueFor(field, bad) });
            expect(recorder.requests).toEqual([]);
            expect(outcome.ok).toBe(false);
            expectOwnError(outcome);
            expect(outcome.message).toContain(`(${field.key}`);
            expect(outcome.message).not.toContain('Could not reach');
          },
        })),
      );
      await checkAll(tally, 'Bad characters', cases);
    })(),
  );

  it.each([
    ['a CR/LF', `${SECRETS.accessToken}\r\nX-Injected: yes`],
    ['a line feed', `${SECRETS.accessToken}\n`],
    ['a NUL', `${SECRETS.accessToken}\u0000`],
    ['a space', `Bearer ${SECRETS.accessToken}`],
    // Not a lone surrogate: core itself cannot handle one in authData. Its log scrubber
    // (@zapier/secret-scrubber makeSensitiveBank, called from create-logger.js sendLog) runs
    // encodeURIComponent on every authData value, which throws URIError, and the invocation never
    // settles (the test times out). Out of the app's reach once such a token is stored.
    ['a non-ASCII letter', `${SECRETS.accessToken}é`],
  ])('an access token holding %s: a damaged connection, never a network error', (_name, token) =>
    (async () => {
      const cases: Case[] = OPERATIONS.map((o) => ({
        name: o.key,
        run: async () => {
          recorder.clear();
          const outcome = await run(o, o.input, { ...auth(), access_token: token });
          expect(recorder.requests).toEqual([]);
          expectOwnError(outcome);
          expect(outcome.message).toContain('This HighLevel connection is damaged');
          expect(outcome.message).not.toMatch(/Could not reach|network/i);
        },
      }));
      await checkAll(tally, 'Bad characters', cases);
    })(),
  );
});

describe('6. the OAuth functions: a bad value in the code or the refresh token', () => {
  const BAD: Array<[string, string]> = [
    ['a CR/LF', `${SECRETS.refreshToken}\r\nX: y`],
    ['a NUL', `${SECRETS.refreshToken}\u0000`],
  ];
  // A lone surrogate in the refresh token hangs core (see the access token cases above); in the
  // code (inputData) it must still be refused.
  const LONE: [string, string] = ['a lone surrogate', `${SECRETS.code}\uD800`];

  it.each(BAD)('a refresh token holding %s: damaged, nothing sent', (_name, token) =>
    tally.hostile('Bad characters', async () => {
      const outcome = await renew({ ...auth(), refresh_token: token });
      expect({ requests: recorder.requests, elsewhere: recorder.elsewhere }).toEqual({
        requests: [],
        elsewhere: [],
      });
      expectOwnError(outcome);
      expect(outcome.message).toMatch(/This HighLevel connection is damaged|refresh_token/);
      expect(outcome.message).not.toMatch(/Could not reach|network/i);
    }),
  );

  it.each([
    ...BAD.map(([name, value]) => [name, value.replace(SECRETS.refreshToken, SECRETS.code)]),
    LONE,
    ['an unresolved placeholder', '{{123456__code}}'],
  ])('a code holding %s: refused naming it, nothing sent', (_name, code) =>
    tally.hostile('Bad characters', async () => {
      const outcome = await outcomeOf(() =>
        appTester(
          authentication.oauth2Config.getAccessToken,
          makeBundle({ code, redirect_uri: REDIRECT_URI, userType: 'Company' }, {}),
        ),
      );
      expect({ requests: recorder.requests, elsewhere: recorder.elsewhere }).toEqual({
        requests: [],
        elsewhere: [],
      });
      expectOwnError(outcome);
      expect(outcome.message).toMatch(/\(code\)|sign-in code/);
      expect(outcome.message).not.toMatch(/Could not reach|network/i);
    }),
  );
});

// ---------------------------------------------------------------------------------------------
// 7. Rate-limit headers
// ---------------------------------------------------------------------------------------------

describe('7. absurd rate-limit headers still give a delay Zapier can use', () => {
  const HEADERS: Array<[string, Record<string, string>]> = [
    ['Retry-After -5', { 'Retry-After': '-5' }],
    ['Retry-After 0', { 'Retry-After': '0' }],
    ['Retry-After 1e12', { 'Retry-After': '1e12' }],
    ['Retry-After NaN', { 'Retry-After': 'NaN' }],
    ['Retry-After Infinity', { 'Retry-After': 'Infinity' }],
    ['Retry-After as a date', { 'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT' }],
    [
      'X-RateLimit-Limit-Daily -3, Daily-Remaining 0',
      { 'X-RateLimit-Limit-Daily': '-3', 'X-RateLimit-Daily-Remaining': '0' },
    ],
    [
      'Daily-Remaining 0, Retry-After -5',
      { 'X-RateLimit-Daily-Remaining': '0', 'Retry-After': '-5' },
    ],
    [
      'Daily-Remaining -1',
      { 'X-RateLimit-Daily-Remaining': '-1', 'X-RateLimit-Limit-Daily': '-3' },
    ],
    [
      'X-RateLimit-Max -100, Interval -10000',
      { 'X-RateLimit-Max': '-100', 'X-RateLimit-Interval-Milliseconds': '-10000' },
    ],
    ['Interval 1e15', { 'X-RateLimit-Max': '100', 'X-RateLimit-Interval-Milliseconds': '1e15' }],
  ];

  const expectBounded = (outcome: Outcome): void => {
    expect(outcome.error?.name).toBe('ThrottledError');
    expect(outcome.delay).toBeGreaterThanOrEqual(1);
    expect(outcome.delay).toBeLessThanOrEqual(86400);
    expect(Number.isInteger(outcome.delay)).toBe(true);
    expect(outcome.message).not.toMatch(/-\d|-/);
    expect(outcome.message).not.toMatch(/NaN|Infinity|e\+/);
  };

  it.each(
    ['get_user', 'search_users', 'create_user', 'update_user', 'find_user'].flatMap((key) =>
      HEADERS.map(([name, headers]) => [key, name, headers] as const),
    ),
  )('%s: 429 with %s', (key, _name, headers) =>
    tally.hostile('Rate-limit headers', async () => {
      answerWith(() => [429, { statusCode: 429, message: 'Too Many Requests' }, headers]);
      const outcome = await run(op(key));
      expect(recorder.requests).toHaveLength(1);
      expectBounded(outcome);
    }),
  );

  it.each(HEADERS)('the refresh: 429 with %s', (_name, headers) =>
    tally.hostile('Rate-limit headers', async () => {
      const called = tokenAnswers([
        429,
        { statusCode: 429, message: 'Too Many Requests' },
        headers,
      ]);
      const outcome = await renew();
      expect(called()).toBe(true);
      expectBounded(outcome);
    }),
  );
});

// ---------------------------------------------------------------------------------------------
// 8. A 201 from Create User that cannot be read
// ---------------------------------------------------------------------------------------------

describe('8. a Create User whose 201 cannot be read says the user was probably created', () => {
  const BODIES: Array<[string, string, Record<string, string>]> = [
    ['an empty body', '', { 'Content-Type': 'application/json' }],
    ['spaces only', '   \n', { 'Content-Type': 'application/json' }],
    ['malformed JSON', '{"id": "abc", ', { 'Content-Type': 'application/json' }],
    ['an HTML page', '<html><body>Created</body></html>', { 'Content-Type': 'text/html' }],
    ['JSON null', 'null', { 'Content-Type': 'application/json' }],
    [
      'a JSON object that is not a user',
      '{"succeeded": true}',
      { 'Content-Type': 'application/json' },
    ],
    ['a JSON string', '"created"', { 'Content-Type': 'application/json' }],
  ];

  it.each(BODIES)('201 with %s', (_name, body, headers) =>
    tally.hostile('Unreadable 201', async () => {
      answerWith(() => [201, body, headers]);
      const outcome = await run(op('create_user'));
      expect(recorder.requests).toHaveLength(1);
      expect(outcome.ok).toBe(false);
      expectOwnError(outcome);
      expect(outcome.message).toMatch(/probably (made|created)/);
      expect(outcome.message).toContain('Find User');
      expect(outcome.message).not.toMatch(/please try again/i);
    }),
  );

  it.each(BODIES)(
    'Update User answered 200 with %s: says the change was probably made',
    (_name, body, headers) =>
      tally.hostile('Unreadable 201', async () => {
        answerWith(() => [200, body, headers]);
        const outcome = await run(op('update_user'));
        expect(recorder.requests).toHaveLength(1);
        expect(outcome.ok).toBe(false);
        expectOwnError(outcome);
        expect(outcome.message).toMatch(/probably (made|created)/);
        expect(outcome.message).not.toMatch(/please try again/i);
      }),
  );
});

// ---------------------------------------------------------------------------------------------
// 9. A 1xx or 3xx "success" carrying JSON
// ---------------------------------------------------------------------------------------------

describe('9. a 3xx carrying JSON (and no Location) is not a success', () => {
  // A 1xx cannot be produced: nock (like node's http server) cannot answer with an informational
  // status as the final response; node's client would keep waiting for the real one. Skipped.
  const STATUSES = [300, 301, 302, 303, 305, 307, 308, 399];
  const userJson = {
    id: USER_ID,
    name: 'John Deo',
    firstName: 'John',
    lastName: 'Deo',
    email: 'john@deo.com',
    roles: { type: 'account', role: 'user', locationIds: [LOCATION_ID] },
    users: [],
    count: 0,
    succeded: true,
  };
  const OPS = [
    'create_user',
    'update_user',
    'delete_user',
    'get_user',
    'search_users',
    'find_user',
    'api_request',
  ];

  it.each(OPS.flatMap((key) => STATUSES.map((status) => [key, status] as const)))(
    '%s answered %d with a valid-looking user',
    (key, status) =>
      tally.hostile('Non-final success', async () => {
        answerWith(() => [status, userJson]);
        const outcome = await run(op(key));
        expect(recorder.requests).toHaveLength(1);
        expect(outcome.ok).toBe(false);
        expectOwnError(outcome);
        expect(outcome.message).toContain(`HTTP ${status}`);
      }),
  );

  it.each(
    (['code exchange', 'refresh'] as const).flatMap((what) =>
      STATUSES.map((status) => [what, status] as const),
    ),
  )('/oauth/token (%s) answered %d with tokens: not accepted', (what, status) =>
    tally.hostile('Non-final success', async () => {
      const called = tokenAnswers([
        status,
        {
          access_token: 'test-hostile-new-access-00000000',
          refresh_token: 'test-hostile-new-refresh-0000000',
        },
      ]);
      const outcome = what === 'code exchange' ? await exchange() : await renew();
      expect(called()).toBe(true);
      expect(outcome.ok).toBe(false);
      expectOwnError(outcome);
      expect(outcome.message).toContain(`HTTP ${status}`);
      expect(outcome.error?.name).not.toBe('ExpiredAuthError');
    }),
  );
});

// The table of every operation above must be the app's own list of data operations.
it('the operations tried are every operation that takes input', () => {
  const declared = ['triggers', 'creates', 'searches'].flatMap((kind) =>
    Object.keys((App as unknown as Record<string, Record<string, unknown>>)[kind] ?? {}),
  );
  const tried = OPERATIONS.map((o) => o.key);
  // Dropdowns take no input a user types.
  expect(declared.filter((key) => !tried.includes(key)).sort()).toEqual(
    ['location_choices', 'scope_choices', 'user_choices'].sort(),
  );
});
