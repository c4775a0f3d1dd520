// Hostile input and answers at the limits, through core's own runtime (zapier.createAppTester):
// - encoded ways around API Request's path check (RFC 3986 §6.2.2.2: %6F is o);
// - text of up to a megabyte, shaped to make a careless check take quadratic time, in every text
//   field of every operation: each gets a result or a field error, and every check reads it once;
// - values of the wrong kind (an object, a list, a number, null, {"toString": 1}) in every text
//   field: a field error naming the field, never a TypeError or core's "What happened" text;
// - answers past Zapier's 20 MB (a gzip that inflates), or nested 10,000 deep: the app's own error;
// - a renewed token for another account: nothing stored.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import nock from 'nock';
import type { PlainInputField } from 'zapier-platform-core';
import { performOf } from '../../dev/tour/harness';
import { API, recordHighLevel } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { authentication } from '../helpers/definition';
import { failureOf, outcomeOf, shown, type Outcome } from '../helpers/errors';
import { createRunner, inputFieldsOf, type Kind } from '../helpers/invoke';
import { checkAll, type Case } from './hostile-cases';
import { tallyFor } from './tally';

const tally = tallyFor(__filename);
const appTester = createRunner();
const USER_ID = 'Tq8v2LmZ4xNc7RbW1sKd';

/** Every operation with input a careful user would give it; each case changes one field. */
const OPERATIONS: Array<[Kind, string, Record<string, unknown>]> = [
  ['triggers', 'search_users', {}],
  ['triggers', 'filter_users_by_email', { emails: 'jane@example.com' }],
  ['triggers', 'get_user', { userId: USER_ID }],
  ['triggers', 'list_users_by_location', { locationId: LOCATION_ID }],
  ['searches', 'find_user', { email: 'jane@example.com' }],
  [
    'creates',
    'create_user',
    {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@example.com',
      type: 'account',
      role: 'user',
      locationIds: [LOCATION_ID],
      copyAccessFromUserId: USER_ID,
    },
  ],
  ['creates', 'update_user', { userId: USER_ID, firstName: 'Ann' }],
  ['creates', 'delete_user', { userId: USER_ID }],
  ['creates', 'api_request', { path: '/users/search', params: { companyId: COMPANY_ID } }],
];

/** The text fields of every operation as the editor shows them on an Agency connection. */
const textFields = async (): Promise<
  Array<[Kind, string, Record<string, unknown>, PlainInputField]>
> => {
  const all: Array<[Kind, string, Record<string, unknown>, PlainInputField]> = [];
  for (const [kind, key, base] of OPERATIONS) {
    for (const field of await inputFieldsOf(appTester, kind, key, agencyAuth(), base)) {
      if ((field.type ?? 'string') === 'string' || field.type === 'text') {
        all.push([kind, key, base, field]);
      }
    }
  }
  return all;
};

const recorder = recordHighLevel();
afterAll(() => recorder.stop());
beforeEach(() => recorder.clear());

/** One run of a step on the agency connection. */
const run = (kind: Kind, key: string, inputData: Record<string, unknown>) =>
  appTester(performOf(kind, key), makeBundle(inputData, agencyAuth()));

/** The outcome of one run: a result, or the error a Zap's owner would read. */
const outcome = (kind: Kind, key: string, inputData: Record<string, unknown>): Promise<Outcome> =>
  outcomeOf(() => run(kind, key, inputData));

/** A result, or a field error that names `field` by its key: never a crash, never the input. */
const expectAnsweredNaming = (result: Outcome, field: string): void => {
  if (result.ok) return;
  expect(result.error?.name).toBe('AppError');
  expect(result.code).not.toBe('internal_error');
  expect(result.message).not.toMatch(/What happened|TypeError|RangeError|bundle\.inputData/);
  expect(result.message).toContain(`(${field}`);
};

describe('encoded ways around the path check', () => {
  it.each([
    '/%6fauth/token',
    '/o%61uth/token',
    '/%6F%61%75%74%68/token',
    '/OAuth/locationToken',
    '/%2e%2e/oauth/token',
    '/contacts/%2E%2E/%2e%2e/oauth/token',
    '/contacts;x=/../oauth/token',
    '/contacts/%c0%ae%c0%ae/oauth',
    '/contacts/%e0%80%ae',
    '/contacts/%ff',
  ])('%s is refused by name, sending nothing', (path) =>
    checkAll(tally, 'Encoded paths', [
      {
        name: path,
        run: async () => {
          const result = await outcome('creates', 'api_request', { path });
          expect(result.ok).toBe(false);
          expect(result.message).toContain('Path (path)');
          expect(recorder.requests).toEqual([]);
        },
      },
    ]),
  );
});

// Text shaped for the worst case of a regular expression with nested or unanchored repetition.
const MB = 1_000_000;
const repeat = (unit: string) => unit.repeat(Math.floor(MB / unit.length));
const HOSTILE_TEXT: Record<string, string> = {
  'a megabyte of {': repeat('{'),
  'a megabyte of unclosed {{bundle.': repeat('{{bundle.'),
  'a megabyte of unclosed {{process.': repeat('{{process.'),
  '{{ and a megabyte of spaces': `{{${' '.repeat(MB - 2)}`,
  'a megabyte of a,': repeat('a,'),
  'a megabyte of "x: y (" (unclosed labels)': repeat('x: y ('),
  'a megabyte of letters': repeat('a'),
  'a megabyte of dots and dashes': repeat('a.-'),
  'a megabyte of {{1__': repeat('{{1__'),
};

describe('a megabyte of hostile text in every text field', () => {
  it('gets a result or a field error, reading each value once', async () => {
    const fields = await textFields();
    expect(fields.length).toBeGreaterThan(40);
    const cases: Case[] = [];
    let slowest = { name: '', ms: 0 };
    for (const [kind, key, base, field] of fields) {
      for (const [shape, text] of Object.entries(HOSTILE_TEXT)) {
        const name = `${key}.${field.key}: ${shape}`;
        cases.push({
          name,
          run: async () => {
            const started = Date.now();
            const result = await outcome(kind, key, { ...base, [field.key]: text });
            const ms = Date.now() - started;
            if (ms > slowest.ms) slowest = { name, ms };
            expectAnsweredNaming(result, field.key);
            // A quadratic check on a megabyte takes minutes; each of these reads it once. The
            // second each should take is a benchmark figure (npm run bench); this bound only
            // catches a check that is no longer linear.
            expect(ms).toBeLessThan(10_000);
          },
        });
      }
    }
    await checkAll(tally, 'Linear-time checks', cases);
    console.log(`Slowest of ${cases.length} megabyte cases: ${slowest.ms} ms (${slowest.name}).`);
  }, 600_000);

  it('refuses a value over a megabyte by name before any check reads it', async () => {
    const result = await outcome('triggers', 'search_users', { query: 'a'.repeat(MB + 1) });
    expect(result.ok).toBe(false);
    expect(result.message).toContain('Search Query (query) is too long (1,000,001 characters');
    expect(recorder.requests).toEqual([]);
  });
});

describe('values of the wrong kind in every text field', () => {
  const KINDS: Record<string, unknown> = {
    'an object': { nested: { value: 'x' } },
    'a list of objects': [{ a: 1 }, { b: 2 }],
    'a number': 42.5,
    '{"toString": 1}': { toString: 1 },
    '{"valueOf": {}, "toJSON": 1}': { valueOf: {}, toJSON: 1 },
  };

  it('gets a result or a field error naming the field, the password included', async () => {
    const fields = await textFields();
    expect(fields.map(([, key, , field]) => `${key}.${field.key}`)).toContain(
      'create_user.password',
    );
    const cases: Case[] = fields.flatMap(([kind, key, base, field]) =>
      Object.entries(KINDS).map(([what, value]) => ({
        name: `${key}.${field.key}: ${what}`,
        run: async () =>
          expectAnsweredNaming(
            await outcome(kind, key, { ...base, [field.key]: value }),
            field.key,
          ),
      })),
    );
    await checkAll(tally, 'Values of the wrong kind', cases);
  });

  it('a password that is an object is refused by name, its content never quoted', async () => {
    const result = await outcome('creates', 'update_user', {
      userId: USER_ID,
      password: { toString: 1, secret: 'test-kind-Secret-value-1!' },
    });
    expect(result.ok).toBe(false);
    expect(result.message).toBe('Please fix this field: Password (password) must be text.');
    expect(recorder.requests).toEqual([]);
  });
});

describe('answers past what Zapier takes', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    delete process.env.GHL_API_BASE_URL;
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  /** A real HTTP server on this machine answering every request with `body`. */
  const serve = async (body: Buffer, headers: Record<string, string>) => {
    recorder.stop();
    const server = createServer((_req, res) => {
      res.writeHead(200, headers);
      res.end(body);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.GHL_API_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('a 25 MB answer in a small gzip: reading stops at 20 MB, with the app’s own error', () =>
    tally.hostile('Bounded answers', async () => {
      const inflated = `{"data":"${' '.repeat(25 * 1024 * 1024)}"}`;
      const bomb = gzipSync(inflated);
      expect(bomb.length).toBeLessThan(64 * 1024);
      await serve(bomb, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      for (const [kind, key, input] of [
        ['creates', 'api_request', { path: '/contacts/' }],
        ['triggers', 'get_user', { userId: USER_ID }],
      ] as const) {
        const error = shown(await failureOf(() => run(kind, key, input)));
        expect(error).toMatchObject({ name: 'AppError', code: 'answer_too_large' });
        expect(error.message).toContain("is larger than 20 MB, Zapier's limit for one response");
      }
    }));

  it('an answer nested 10,000 deep: the app’s own error, not a stack overflow', () =>
    tally.hostile('Bounded answers', async () => {
      const deep = Buffer.from(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
      await serve(deep, { 'Content-Type': 'application/json' });
      for (const [kind, key, input] of [
        ['creates', 'api_request', { path: '/contacts/' }],
        ['triggers', 'search_users', {}],
      ] as const) {
        const error = shown(await failureOf(() => run(kind, key, input)));
        expect(error).toMatchObject({ name: 'AppError', code: 'answer_too_deep' });
        expect(error.message).toContain('is nested more than 100 levels deep');
      }
      const refresh = await failureOf(() =>
        appTester(authentication.oauth2Config.refreshAccessToken, makeBundle({}, agencyAuth())),
      );
      expect(shown(refresh)).toMatchObject({ code: 'answer_too_deep' });
    }));
});

describe('a renewed token for another account', () => {
  const renewal = (fields: Record<string, unknown>) =>
    nock(API)
      .post('/oauth/token')
      .reply(200, {
        access_token: 'test-renewed-access-0123456789',
        refresh_token: 'test-renewed-refresh-0123456789',
        ...fields,
      });

  it.each([
    [
      'another agency',
      { userType: 'Location', companyId: 'otherCompany00000001', locationId: LOCATION_ID },
    ],
    [
      'another sub-account',
      { userType: 'Location', companyId: COMPANY_ID, locationId: 'otherLocation0000001' },
    ],
    ['an agency token for a sub-account', { userType: 'Company', companyId: COMPANY_ID }],
  ])('%s: nothing stored, and the error says why', (name, fields) =>
    checkAll(tally, 'Renewed for another account', [
      {
        name,
        run: async () => {
          recorder.stop();
          renewal(fields);
          const error = await failureOf(() =>
            appTester(
              authentication.oauth2Config.refreshAccessToken,
              makeBundle({}, subAccountAuth()),
            ),
          );
          expect(error.name).toBe('ExpiredAuthError');
          expect(error.message).toContain('renewed this connection for another account');
          expect(error.message).toContain('nothing was stored');
        },
      },
    ]),
  );
});
