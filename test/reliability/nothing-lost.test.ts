// Nothing lost: Update User sends only what the user filled in (an empty `scopes` list would turn
// every scope off), a rotated refresh token is always kept, and Delete User deletes the ID given
// and nothing else. The fuzz tests cover the same rules over random input; these name the cases.
import fc from 'fast-check';
import zapier, { type PlainInputField } from 'zapier-platform-core';
import App from '../../index';
import { performOf } from '../../dev/tour/harness';
import { API, recordHighLevel } from '../helpers/api';
import {
  agencyAuth,
  COMPANY_ID,
  LOCATION_ID,
  makeBundle,
  REFRESH_TOKEN,
  subAccountAuth,
} from '../helpers/bundle';
import { authentication } from '../helpers/definition';
import { failureOf, userMessage } from '../helpers/errors';
import { inputFieldsOf } from '../helpers/invoke';
import nock from 'nock';

const appTester = zapier.createAppTester(App);
const recorder = recordHighLevel();
afterAll(() => recorder.stop());
beforeEach(() => recorder.clear());

const USER_ID = '0IHuJvc2ofPAAA8GzTRi';
const updatePerform = performOf('creates', 'update_user');
const deletePerform = performOf('creates', 'delete_user');

/** How an untouched or cleared field reaches a step: the editor's and a mapping's blanks. */
const TEXT_BLANKS: Array<[string, unknown]> = [
  ['empty text', ''],
  ['spaces', '   '],
  ['null', null],
];
const BLANKS: Array<[string, unknown]> = [
  ...TEXT_BLANKS,
  ['an empty list', []],
  ['a list of blanks', ['', '  ']],
  ['a lone comma', ','],
];

/** The blanks a field can hold: list fields any, text fields only text ones. */
const blanksFor = (field: PlainInputField): unknown[] =>
  (field.list ? BLANKS : TEXT_BLANKS).map(([, value]) => value);

let updateFields: PlainInputField[] = [];
beforeAll(async () => {
  updateFields = (await inputFieldsOf(appTester, 'creates', 'update_user', agencyAuth())).filter(
    (field) => field.key !== 'userId',
  );
});

const failureText = async (work: Promise<unknown>): Promise<{ name: string; text: string }> => {
  const error = await failureOf(() => work);
  return { name: error.name, text: userMessage(error) };
};

describe('Update User never sends a field the user did not fill in', () => {
  it('no help text of Update User calls an empty field a reset', () => {
    for (const field of updateFields) {
      expect(`${field.key}: ${field.helpText ?? ''}`).not.toMatch(
        /empty (to|will) (clear|reset|remove)|clears? the|resets? the/i,
      );
    }
  });

  it.each(BLANKS)(
    'every field left as %s is left out of the body (HighLevel would take it as "clear")',
    async (_name, blank) => {
      for (const field of updateFields) {
        if (field.key === 'lastName' || !blanksFor(field).includes(blank)) continue;
        recorder.clear();
        await appTester(
          updatePerform,
          makeBundle({ userId: USER_ID, lastName: 'Kept', [field.key]: blank }, agencyAuth()),
        );
        expect([field.key, recorder.requests.map((r) => [r.method, r.path, r.body])]).toEqual([
          field.key,
          [['PUT', `/users/${USER_ID}`, { companyId: COMPANY_ID, lastName: 'Kept' }]],
        ]);
      }
    },
  );

  it.each(BLANKS)('all fields left as %s: refused before any request', async (_name, blank) => {
    const input = Object.fromEntries(
      updateFields.map((field) => [field.key, blanksFor(field).includes(blank) ? blank : '']),
    );
    const failure = await failureText(
      appTester(updatePerform, makeBundle({ userId: USER_ID, ...input }, subAccountAuth())),
    );
    expect(failure).toEqual({
      name: 'AppError',
      text: 'Fill in at least one field to change: nothing was sent to HighLevel.',
    });
    expect(recorder.requests).toEqual([]);
  });

  it.each(['scopes', 'scopesAssignedToOnly', 'locationIds', 'permissions', 'permissionsOff'])(
    'never an empty %s, whatever else is filled in (fast-check)',
    async (key) => {
      const blank = fc.constantFrom(...BLANKS.map(([, value]) => value));
      await fc.assert(
        fc.asyncProperty(blank, fc.constantFrom('firstName', 'phone', 'role'), async (b, other) => {
          recorder.clear();
          const filled = { firstName: 'Ann', phone: '+1 808-868-8888', role: 'user' }[other];
          await appTester(
            updatePerform,
            makeBundle({ userId: USER_ID, [key]: b, [other]: filled }, subAccountAuth()),
          );
          expect(recorder.requests[0]?.body).toEqual({ [other]: filled });
        }),
        { numRuns: 20 },
      );
    },
  );
});

describe('refreshAccessToken always returns the rotated refresh token', () => {
  const refreshWith = (reply: Record<string, unknown>, authData = agencyAuth()) => {
    nock(API).post('/oauth/token').reply(200, reply);
    return appTester(authentication.oauth2Config.refreshAccessToken, makeBundle({}, authData));
  };

  it('with the same account and other fields beside it: the account kept, the rest ignored', async () => {
    const result = await refreshWith(
      {
        access_token: 'test-new-access-token',
        token_type: 'Bearer',
        expires_in: 86399,
        refresh_token: 'test-new-refresh-token',
        scope: 'users.readonly users.write locations.readonly',
        userType: 'Location',
        companyId: COMPANY_ID,
        locationId: LOCATION_ID,
        userId: 'newInstaller000000001',
        approvedLocations: [LOCATION_ID],
        planId: 'plan-test',
        isBulkInstallation: false,
      },
      subAccountAuth(),
    );
    expect(result).toEqual({
      access_token: 'test-new-access-token',
      refresh_token: 'test-new-refresh-token',
      userType: 'Location',
      companyId: COMPANY_ID,
      locationId: LOCATION_ID,
      userId: 'newInstaller000000001',
    });
  });

  it('for another account, stores nothing (fast-check)', async () => {
    const other = fc.constantFrom<[string, string]>(
      ['companyId', 'otherCompany00000001'],
      ['locationId', 'otherLocation0000001'],
      ['userType', 'Company'],
    );
    await fc.assert(
      fc.asyncProperty(other, async ([key, value]) => {
        const reply = {
          access_token: 'test-new-access-token',
          refresh_token: 'test-new-refresh-token',
          userType: 'Location',
          companyId: COMPANY_ID,
          locationId: LOCATION_ID,
          [key]: value,
        };
        const error = await failureOf(() => refreshWith(reply, subAccountAuth()));
        expect(error).toMatchObject({
          name: 'ExpiredAuthError',
          message: expect.stringContaining('renewed this connection for another account'),
        });
      }),
      { numRuns: 12 },
    );
  });

  it('for any token answer carrying a refresh token (fast-check)', async () => {
    const word = fc.string({ minLength: 1, maxLength: 40 });
    // Tokens are printable ASCII, 16 characters or more; anything else is refused (not stored).
    const token = fc.string({
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
      minLength: 16,
      maxLength: 64,
    });
    const answer = fc.record(
      {
        access_token: token,
        refresh_token: token,
        expires_in: fc.integer({ min: 1, max: 100_000 }),
        scope: fc.string(),
        // The account the connection already is (another one is refused: see above).
        userType: fc.constant('Location'),
        companyId: fc.constant(COMPANY_ID),
        locationId: fc.constant(LOCATION_ID),
        userId: word,
        planId: word,
        someNewField: fc.jsonValue(),
      },
      { requiredKeys: ['access_token', 'refresh_token'] },
    );
    await fc.assert(
      fc.asyncProperty(answer, async (reply) => {
        const result = (await refreshWith(reply, subAccountAuth())) as Record<string, string>;
        expect(result.refresh_token).toBe(reply.refresh_token);
        expect(result.access_token).toBe(reply.access_token);
        for (const key of ['companyId', 'locationId', 'userId', 'userType'] as const) {
          // Text with no more than spaces says nothing: the stored value stays.
          const sent = reply[key]?.trim();
          if (sent) expect(result[key]).toBe(sent);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('keeps the stored refresh token when HighLevel sends none back', async () => {
    const result = await refreshWith({ access_token: 'test-new-access-token', expires_in: 86399 });
    expect(result).toMatchObject({
      access_token: 'test-new-access-token',
      refresh_token: REFRESH_TOKEN,
    });
  });
});

describe('Delete User deletes the ID given and nothing else', () => {
  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['spaces', '   '],
    ['a path', 'abc/def'],
    ['a parent path', '../users'],
    ['dots', '..'],
    ['a query', 'abc?companyId=x'],
    ['a fragment', 'abc#x'],
    ['a space inside', 'abc def'],
    ['a percent-escape', '%2e%2e'],
    ['a list', ['a', 'b']],
    ['an object', { id: 'abc' }],
  ])('refuses a User ID that is %s, before any request', async (_name, userId) => {
    const failure = await failureText(
      appTester(deletePerform, makeBundle({ userId }, agencyAuth())),
    );
    expect(failure.name).toBe('AppError');
    expect(failure.text).toMatch(/^Please fix this field: User \(userId\) /);
    expect(recorder.requests).toEqual([]);
    expect(recorder.elsewhere).toEqual([]);
  });

  it('deletes exactly the ID given (trimmed), never another, and says which', async () => {
    const result = await appTester(
      deletePerform,
      makeBundle({ userId: `  ${USER_ID}\n`, id: 'otherUser00000000001' }, agencyAuth()),
    );
    expect(recorder.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE /users/${USER_ID}`,
    ]);
    expect(result).toMatchObject({ id: USER_ID, deleted: true });
  });
});
