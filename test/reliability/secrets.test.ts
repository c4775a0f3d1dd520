// No secret leaks: every operation and the OAuth functions run their success and error paths
// with distinctive secrets (access token, refresh token, client secret, a user's password) while
// everything the app and Zapier print is captured: Zapier's own logs (LOG_TO_STDOUT and
// DETAILED_LOG_TO_STDOUT make core print each request with headers and bodies, and every z.console
// line), anything else on the console or stdout. None of the secrets may appear there, in an
// error message, or in an operation's output.
import nock from 'nock';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { performOf } from '../../dev/tour/harness';
import { API, recordHighLevel, type Reply, type Responder } from '../helpers/api';
import { agencyAuth, makeBundle, subAccountAuth } from '../helpers/bundle';
import { authentication } from '../helpers/definition';
import { userMessage } from '../helpers/errors';
import { createRunner } from '../helpers/invoke';
import { captureLogs } from '../helpers/logs';
import { tallyFor } from './tally';

const tally = tallyFor(__filename);
const appTester = createRunner();
const recorder = recordHighLevel();

// Distinctive values: "test-" keeps the repository's secret check quiet about this file.
const SECRETS = {
  accessToken: 'test-leak-access-7f3a9c41d2e8b6',
  refreshToken: 'test-leak-refresh-b81e55c0a4d9f2',
  clientSecret: 'test-leak-client-secret-5d2c8e1f',
  password: 'test-leak-Passw0rd-c4e1a7',
  newAccessToken: 'test-leak-new-access-0a9b8c7d6e',
  newRefreshToken: 'test-leak-new-refresh-1f2e3d4c5b',
};

const auth = (level: 'agency' | 'sub'): Record<string, string> => ({
  ...(level === 'agency' ? agencyAuth() : subAccountAuth()),
  access_token: SECRETS.accessToken,
  refresh_token: SECRETS.refreshToken,
});

// ---- capture everything printed ----

const logs = captureLogs({ CLIENT_SECRET: SECRETS.clientSecret });

afterAll(() => recorder.stop());

beforeEach(() => {
  recorder.clear();
  recorder.respondWith(undefined);
});

// ---- the paths every operation runs ----

const HTML_502 = '<html><body><h1>502 Bad Gateway</h1></body></html>';

type Answer = Reply | 'reset';

/** HighLevel's answers, good and bad; `echo` puts the password into HighLevel's own words. */
const ANSWERS: Record<string, Answer | ((echo: string) => Answer)> = {
  success: [0],
  'HTTP 400 quoting the input': (echo) => [
    400,
    { statusCode: 400, message: `Invalid value "${echo}" for password` },
  ],
  'HTTP 422 quoting the input': (echo) => [
    422,
    { statusCode: 422, message: [`password ${echo} is too weak`], error: 'Unprocessable Entity' },
  ],
  'HTTP 401 Invalid JWT': [401, { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' }],
  'HTTP 401 missing scope': [
    401,
    { statusCode: 401, message: 'The token is not authorized for this scope.' },
  ],
  'HTTP 403': [
    403,
    { statusCode: 403, message: 'The token does not have access to this location.' },
  ],
  'HTTP 404': [404, { statusCode: 404, message: 'User not found' }],
  'HTTP 429': [
    429,
    { statusCode: 429, message: 'Too Many Requests' },
    { 'X-RateLimit-Max': '100', 'X-RateLimit-Interval-Milliseconds': '10000' },
  ],
  'HTTP 502 page': [502, HTML_502, { 'Content-Type': 'text/html' }],
  'malformed JSON': [200, '{"users": [', { 'Content-Type': 'application/json' }],
  'a reset connection': 'reset',
};

const responderFor = (answer: Answer): Responder | undefined => {
  if (answer === 'reset') {
    return () => {
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    };
  }
  return answer[0] === 0 ? undefined : () => answer;
};

interface Step {
  name: string;
  perform: (z: ZObject, bundle: Bundle) => unknown;
  bundle: () => Bundle;
}

const USER_ID = '0IHuJvc2ofPAAA8GzTRi';
const newUser = {
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@example.com',
  password: SECRETS.password,
  type: 'account',
  role: 'user',
  locationIds: ['ve9EPM428h8vShlRW1KT'],
};

const STEPS: Step[] = [
  {
    name: 'connection test',
    perform: authentication.test as Step['perform'],
    bundle: () => makeBundle({}, auth('agency')),
  },
  ...(
    [
      ['triggers', 'search_users', { query: 'jane' }],
      ['triggers', 'filter_users_by_email', { emails: ['jane@example.com'] }],
      ['triggers', 'get_user', { userId: USER_ID }],
      ['triggers', 'list_users_by_location', { locationId: 've9EPM428h8vShlRW1KT' }],
      ['triggers', 'user_choices', {}],
      ['triggers', 'location_choices', {}],
      ['searches', 'find_user', { email: 'jane@example.com' }],
      ['creates', 'create_user', newUser],
      ['creates', 'update_user', { userId: USER_ID, password: SECRETS.password }],
      ['creates', 'delete_user', { userId: USER_ID }],
    ] as const
  ).map(([kind, key, input]): Step => ({
    name: key,
    perform: performOf(kind, key),
    bundle: () => makeBundle({ ...input }, auth('agency')),
  })),
  {
    name: 'location_choices (sub-account)',
    perform: performOf('triggers', 'location_choices'),
    bundle: () => makeBundle({}, auth('sub')),
  },
];

/** Every secret found in `text`, by name. */
const leaks = (text: string): string[] =>
  Object.entries(SECRETS)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);

/** Runs a step; returns everything a person could see: logs, error message, output. */
const observe = async (step: () => Promise<unknown>) => {
  let output: unknown;
  let error: Error | undefined;
  try {
    output = await step();
  } catch (err) {
    error = err instanceof Error ? err : new Error(String(err));
  }
  return {
    logs: logs.text(),
    error: error ? `${error.name}: ${error.message}\n${userMessage(error)}` : '',
    output: output === undefined ? '' : JSON.stringify(output),
    failed: error !== undefined,
  };
};

describe('no secret in logs, errors or outputs', () => {
  it('the capture really sees Zapier’s request logs and z.console', async () => {
    const seen = await observe(async () => {
      await appTester(
        (z: ZObject) => {
          z.console.log('z.console marker line');
          return null;
        },
        makeBundle({}, auth('agency')),
      );
      return appTester(
        performOf('triggers', 'get_user'),
        makeBundle({ userId: USER_ID }, auth('agency')),
      );
    });
    expect(seen.failed).toBe(false);
    expect(seen.logs).toContain('z.console marker line');
    // The detailed HTTP log: method, URL, headers (the token censored by Zapier), status, body.
    expect(seen.logs).toContain(`GET ${API}/users/${USER_ID}`);
    // Core never prints the request headers to stdout ("refusing to log possibly uncensored
    // headers"); the token is in the Authorization header only.
    expect(seen.logs).toContain('refusing to log possibly uncensored headers');
    expect(seen.logs).toContain('"firstName":"John"');
    expect(leaks(seen.logs)).toEqual([]);
  });

  it('the capture sees request bodies, where Zapier censors the password', async () => {
    const seen = await observe(() =>
      appTester(performOf('creates', 'create_user'), makeBundle(newUser, auth('agency'))),
    );
    expect(seen.failed).toBe(false);
    expect(seen.logs).toContain(`POST ${API}/users/`);
    expect(seen.logs).toMatch(/"email":"jane@example\.com","password":":censored:[^"]*"/);
    expect(leaks(seen.logs)).toEqual([]);
  });

  describe.each(STEPS.map((step) => [step.name, step] as const))('%s', (_name, step) => {
    it.each(Object.keys(ANSWERS))('when HighLevel answers with %s', (answerName) =>
      tally.check('secretScans', 'secretScansPassed', async () => {
        const template = ANSWERS[answerName] as Answer | ((echo: string) => Answer);
        // HighLevel can only quote a password it was sent.
        const sent = step.bundle().inputData.password;
        const echo = typeof sent === 'string' ? sent : 'jane@example.com';
        const answer = typeof template === 'function' ? template(echo) : template;
        recorder.respondWith(responderFor(answer));
        const seen = await observe(() => appTester(step.perform, step.bundle()));

        if (answerName === 'success') expect(seen.failed).toBe(false);
        // Proof the request was made and logged, so there was something to leak.
        expect(recorder.requests).toHaveLength(1);
        expect(seen.logs).toContain(recorder.requests[0]?.path ?? '(none)');
        expect({
          logs: leaks(seen.logs),
          error: leaks(seen.error),
          output: leaks(seen.output),
        }).toEqual({ logs: [], error: [], output: [] });
      }),
    );
  });

  it.each([
    ['Create User', 'creates', 'create_user', { ...newUser, email: 'not an email' }],
    ['Update User', 'creates', 'update_user', { userId: 'a/b', password: SECRETS.password }],
    [
      'Update User (a password far too long)',
      'creates',
      'update_user',
      { userId: USER_ID, password: SECRETS.password.repeat(20) },
    ],
  ] as const)('%s refused before any request keeps the password out', (_name, kind, key, input) =>
    tally.check('secretScans', 'secretScansPassed', async () => {
      const seen = await observe(() =>
        appTester(performOf(kind, key), makeBundle({ ...input }, auth('agency'))),
      );
      expect(seen.failed).toBe(true);
      expect(recorder.requests).toEqual([]);
      expect({ logs: leaks(seen.logs), error: leaks(seen.error) }).toEqual({ logs: [], error: [] });
    }),
  );
});

describe('no secret in the OAuth functions’ logs or errors', () => {
  const token = (status: number, body: Record<string, unknown>) =>
    nock(API).post('/oauth/token').reply(status, body);
  const granted = {
    access_token: SECRETS.newAccessToken,
    token_type: 'Bearer',
    expires_in: 86399,
    refresh_token: SECRETS.newRefreshToken,
    scope: 'users.readonly users.write locations.readonly',
    userType: 'Company',
    companyId: 'UAXssdawIWAWD0000001',
    userId: 'agencyUser0000000001',
  };
  const exchange = () =>
    appTester(
      authentication.oauth2Config.getAccessToken,
      makeBundle(
        {
          code: 'test-authorization-code',
          redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App1CLIAPI/',
          userType: 'Company',
        },
        {},
      ),
    );
  const renew = () =>
    appTester(authentication.oauth2Config.refreshAccessToken, makeBundle({}, auth('agency')));

  it.each([
    ['code exchange, granted', exchange, () => token(200, granted), true],
    [
      'code exchange, refused',
      exchange,
      () =>
        token(400, { error: 'invalid_grant', error_description: 'Invalid grant: code is invalid' }),
      false,
    ],
    ['refresh, granted', renew, () => token(200, granted), true],
    [
      'refresh, refresh token dead',
      renew,
      () =>
        token(400, {
          error: 'invalid_grant',
          error_description: 'Invalid grant: refresh token is invalid',
        }),
      false,
    ],
    ['refresh, HighLevel down', renew, () => token(502, {}), false],
  ] as const)('%s', (_name, run, answer, succeeds) =>
    tally.check('secretScans', 'secretScansPassed', async () => {
      const scope = answer();
      const seen = await observe(run);
      expect(scope.isDone()).toBe(true);
      expect(seen.failed).toBe(!succeeds);
      expect(seen.logs).toContain('/oauth/token');
      // The new tokens are the point of a grant's output, and nowhere else.
      const visible = { logs: leaks(seen.logs), error: leaks(seen.error) };
      expect(visible).toEqual({ logs: [], error: [] });
      if (succeeds) {
        expect(seen.output).toContain(SECRETS.newRefreshToken);
        expect(leaks(seen.output).sort()).toEqual(['newAccessToken', 'newRefreshToken']);
      }
    }),
  );
});
