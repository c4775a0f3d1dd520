// lib/safety/guard.ts: the one gate every function of the app passes through. Input no field may hold and
// damaged connections are refused before any request, naming the field; whatever throws leaves as
// one of Zapier's errors, without core's "What happened" context, and without any secret.
import nock from 'nock';
import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import App from '../index';
import rawAuthentication from '../authentication';
import update_user from '../creates/update_user';
import { API, highlevel } from './helpers/api';
import {
  ACCESS_TOKEN,
  agencyAuth,
  COMPANY_ID,
  LOCATION_ID,
  makeBundle,
  REFRESH_TOKEN,
  subAccountAuth,
} from './helpers/bundle';
import { authentication } from './helpers/definition';
import { failureOf, shown } from './helpers/errors';
import { callApi } from '../lib/highlevel/client';
import { guard } from '../lib/safety/guard';
import { scrub } from '../lib/safety/secrets';
import { textProblem } from '../lib/safety/checks';

const appTester = zapier.createAppTester(App);
const CLIENT_SECRET = 'test-client-secret-value';
const USER_ID = 'guardUser00000000001';

const { perform: updatePerform } = App.creates.update_user.operation;
const { perform: createPerform } = App.creates.create_user.operation;
const findPerform = App.searches.find_user.operation.perform;
const newUser = App.triggers.search_users.operation;
if (
  typeof updatePerform !== 'function' ||
  typeof createPerform !== 'function' ||
  typeof findPerform !== 'function' ||
  newUser.type !== 'polling' ||
  typeof newUser.perform !== 'function'
) {
  throw new Error('the operations must have perform functions');
}
const searchPerform = newUser.perform;
// Zapier hands inputs over loosely typed (mapped objects, "yes" for booleans): so do these tests.
type Loose = (z: ZObject, bundle: Bundle) => Promise<unknown>;
const update = updatePerform as Loose;
const create = createPerform as Loose;
const find = findPerform as Loose;

/** Every request nock saw that no interceptor matched: a refused input must send nothing. */
const unmatched: string[] = [];
const onNoMatch = (request: { method?: string; path?: string }) =>
  unmatched.push(`${request.method} ${request.path}`);
beforeEach(() => {
  unmatched.length = 0;
  nock.emitter.on('no match', onNoMatch);
});
afterEach(() => {
  nock.emitter.removeListener('no match', onNoMatch);
});

/** The rejection of a step: its class, the text the user reads, and the whole error. */
const failure = async (promise: Promise<unknown>) => {
  const error = await failureOf(() => promise);
  const { name, code, message: text } = shown(error);
  return { error, name, code, text };
};

describe('input no field may hold is refused before any request, naming the field', () => {
  it.each([
    ['a control character', 'Jo\u0007hn', 'contains a control character'],
    ['an escape character', 'Jo\u001bhn', 'contains a control character'],
    ['a C1 control character', 'Jo\u0085hn', 'contains a control character'],
    ['DEL', 'Jo\u007fhn', 'contains a control character'],
    ['a NUL', 'Jo\u0000hn', 'contains a NUL character'],
    ['a lone high surrogate', 'Jo\ud83dhn', 'contains broken Unicode (a lone surrogate)'],
    ['a lone low surrogate', 'Jo\ude00hn', 'contains broken Unicode (a lone surrogate)'],
    [
      'an unresolved Zapier placeholder',
      '{{123456__email}}',
      'holds a Zapier field reference that was never filled in (the earlier step gave no value ' +
        'for it): map a field that has a value, or leave this one empty',
    ],
  ])('%s', async (_label, value, problem) => {
    const { name, code, text, error } = await failure(
      appTester(update, makeBundle({ userId: USER_ID, firstName: value }, agencyAuth())),
    );
    expect({ name, code, text }).toEqual({
      name: 'AppError',
      code: 'invalid_input',
      text: `Please fix this field: First Name (firstName) ${problem}.`,
    });
    expect(error.message).not.toContain(value);
    expect(unmatched).toEqual([]);
  });

  it('points into a list, and names every field at once', async () => {
    const { text } = await failure(
      appTester(
        update,
        makeBundle(
          {
            userId: USER_ID,
            scopes: ['contacts.write', 'calendars.write\u0000'],
            phone: '{{987654__phone}}',
          },
          agencyAuth(),
        ),
      ),
    );
    expect(text).toMatch(
      /^Please fix these fields: Scopes \(scopes\.1\) contains a NUL character; Phone \(phone\) holds a Zapier field reference/,
    );
    expect(unmatched).toEqual([]);
  });

  it('checks the User ID too, and a key of a mapped object', async () => {
    const { text } = await failure(
      appTester(update, makeBundle({ userId: `${USER_ID}\u0001`, firstName: 'Jo' }, agencyAuth())),
    );
    expect(text).toBe('Please fix this field: User (userId) contains a control character.');
    const keyed = await failure(
      appTester(
        update,
        makeBundle({ userId: USER_ID, permissions: { 'bad\u0002key': true } }, agencyAuth()),
      ),
    );
    expect(keyed.text).toBe(
      'Please fix this field: Permissions to Turn On (permissions) has a key that contains a control character.',
    );
  });

  it('guards Create User too, sending nothing', async () => {
    const { text } = await failure(
      appTester(
        create,
        makeBundle(
          {
            firstName: 'Jo',
            lastName: 'Doe',
            email: 'jo@doe.com',
            role: 'user',
            type: 'acc\u0007ount',
          },
          agencyAuth(),
        ),
      ),
    );
    // The key always; the label is missing for fields a function makes (reported separately).
    expect(text).toMatch(/^Please fix this field: .*\(type\) contains a control character\.$/);
    expect(unmatched).toEqual([]);
  });

  it('refuses a placeholder in a search before any request', async () => {
    const { text } = await failure(
      appTester(find, makeBundle({ email: '{{123456__email}}' }, agencyAuth())),
    );
    expect(text).toMatch(/^Please fix this field: Email \(email\) holds a Zapier field reference/);
    expect(unmatched).toEqual([]);
  });

  it('lets tab, line feed and carriage return through', async () => {
    highlevel()
      .get('/users/search')
      .query({
        companyId: COMPANY_ID,
        query: 'jane\tdoe',
        sort: 'dateAdded',
        sortDirection: 'desc',
        limit: '100',
        skip: '0',
      })
      .reply(200, { users: [], count: 0 });
    // The Search Query is trimmed by the step, so the text keeps its inner tab.
    await expect(
      appTester(searchPerform, makeBundle({ query: ' jane\tdoe\r\n' }, agencyAuth())),
    ).resolves.toEqual([]);
    expect(textProblem('a\tb\nc\rd')).toBeUndefined();
    expect(textProblem('😀 ünïcödé')).toBeUndefined();
    expect(textProblem('{{ not a placeholder }}')).toBeUndefined();
  });
});

describe('a connection whose access token is empty', () => {
  it.each([
    ['empty', { access_token: '' }],
    ['missing', { access_token: undefined }],
  ])(
    'says which value is %s, sending nothing, for a step and the connection test',
    async (_what, change) => {
      const auth = { ...agencyAuth(), ...change } as Record<string, string>;
      const expected = {
        name: 'AppError',
        message: JSON.stringify({
          message:
            "This HighLevel connection's access token is empty, so nothing was sent to HighLevel. " +
            'Reconnect your HighLevel account in Zapier.',
          code: 'empty_access_token',
          status: 400,
        }),
      };
      // No nock scope: a request would fail with NetConnectNotAllowedError instead.
      await expect(appTester(searchPerform, makeBundle({}, auth))).rejects.toMatchObject(expected);
      await expect(appTester(authentication.test, makeBundle({}, auth))).rejects.toMatchObject(
        expected,
      );
    },
  );

  it('still refreshes: a refresh is what makes a new access token', async () => {
    nock(API).post('/oauth/token').reply(200, {
      access_token: 'test-after-empty-access-0123',
      refresh_token: 'test-after-empty-refresh-0123',
      userType: 'Company',
      companyId: COMPANY_ID,
    });
    await expect(
      appTester(
        authentication.oauth2Config.refreshAccessToken,
        makeBundle({}, { ...agencyAuth(), access_token: '' }),
      ),
    ).resolves.toMatchObject({ access_token: 'test-after-empty-access-0123' });
  });
});

describe('a damaged connection fails before any request', () => {
  const damaged = (what: string) =>
    `This HighLevel connection is damaged: its ${what} is not valid. Reconnect your HighLevel ` +
    'account in Zapier; nothing was sent to HighLevel.';

  it.each([
    [
      'a space in the access token',
      { access_token: 'test access token 0123456789' },
      'access token',
    ],
    ['a line feed in the access token', { access_token: ACCESS_TOKEN + '\n' }, 'access token'],
    [
      'a carriage return in the access token',
      { access_token: ACCESS_TOKEN + '\rX' },
      'access token',
    ],
    ['an access token of 15 characters', { access_token: 'a'.repeat(15) }, 'access token'],
    [
      'a refresh token with a space',
      { refresh_token: 'test refresh 0123456789abcdef' },
      'refresh token',
    ],
    ['a company ID with a slash', { companyId: 'abc/def' }, 'company ID'],
    ['a user ID with a space', { userId: 'agency user 01' }, 'user ID'],
  ])('%s', async (_label, change, what) => {
    const { name, code, text } = await failure(
      appTester(searchPerform, makeBundle({}, { ...agencyAuth(), ...change })),
    );
    expect({ name, code, text }).toEqual({
      name: 'AppError',
      code: 'broken_connection',
      text: damaged(what),
    });
    expect(text).not.toContain(ACCESS_TOKEN);
    expect(unmatched).toEqual([]);
  });

  it('refuses a company ID that is a number, not a plain ID', async () => {
    const auth = Object.assign(agencyAuth(), { companyId: 123456 });
    const { text } = await failure(appTester(searchPerform, makeBundle({}, auth)));
    expect(text).toBe(damaged('company ID'));
    expect(unmatched).toEqual([]);
  });

  it('refuses a sub-account ID that is not a plain ID', async () => {
    const auth = { ...subAccountAuth(), locationId: `${LOCATION_ID}/../x` };
    const { text } = await failure(appTester(searchPerform, makeBundle({}, auth)));
    expect(text).toBe(damaged('sub-account ID'));
  });

  it('checks the connection in the connection test and the refresh too', async () => {
    const auth = { ...agencyAuth(), access_token: 'short' };
    expect((await failure(appTester(authentication.test, makeBundle({}, auth)))).text).toBe(
      damaged('access token'),
    );
    const badRefresh = { ...agencyAuth(), refresh_token: 'has space 0123456789abcdef' };
    expect(
      (
        await failure(
          appTester(authentication.oauth2Config.refreshAccessToken, makeBundle({}, badRefresh)),
        )
      ).text,
    ).toBe(damaged('refresh token'));
    expect(unmatched).toEqual([]);
  });
});

describe('an unexpected exception', () => {
  const secretInput = 'customer-secret-value-42';

  it('becomes an AppError naming only its class, without core context or any input', async () => {
    const broken = guard(async (_z: ZObject, bundle: Bundle) => {
      throw new TypeError(`Cannot read properties of undefined (${String(bundle.inputData.note)})`);
    });
    const { error, name, code, text } = await failure(
      appTester(broken, makeBundle({ note: secretInput }, agencyAuth())),
    );
    expect({ name, code }).toEqual({ name: 'AppError', code: 'internal_error' });
    expect(text).toBe(
      'The HighLevel app hit an unexpected internal problem (TypeError) in this step. Nothing in ' +
        'your input is shown here. Please try again; if it keeps happening, contact whoever runs ' +
        'this integration.',
    );
    expect(error).toHaveProperty('doNotContextify', true);
    expect(error.message).not.toMatch(/What happened|bundle/i);
    expect(error.message).not.toContain(secretInput);
    expect(error.stack ?? '').not.toContain(secretInput);
  });

  it('keeps a thrown value that is not an Error nameless', async () => {
    const broken = guard(async () => {
      throw 'plain string with secret';
    });
    const { text, error } = await failure(appTester(broken, makeBundle({}, agencyAuth())));
    expect(text).toContain('unexpected internal problem (error)');
    expect(error.message).not.toContain('plain string');
  });

  it("passes Zapier's own errors on, without context and without secrets", async () => {
    const throttled = guard(async (z: ZObject) => {
      throw new z.errors.ThrottledError(`slow down ${ACCESS_TOKEN}`, 30);
    });
    const { error, name } = await failure(appTester(throttled, makeBundle({}, agencyAuth())));
    expect(name).toBe('ThrottledError');
    expect(error).toHaveProperty('doNotContextify', true);
    expect(error.message).toContain('slow down [hidden]');
    expect(error.message).not.toContain(ACCESS_TOKEN);
  });
});

describe('HighLevel words that quote a secret', () => {
  const PASSWORD = 'Guarded-Passw0rd!';

  it('hide the bearer token, the refresh token, the client secret and the password', async () => {
    highlevel()
      .put(`/users/${USER_ID}`)
      .reply(400, {
        statusCode: 400,
        message: `bad ${ACCESS_TOKEN} / ${REFRESH_TOKEN} / ${CLIENT_SECRET} / ${PASSWORD}`,
      });
    const { error, name, text } = await failure(
      appTester(update, makeBundle({ userId: USER_ID, password: PASSWORD }, subAccountAuth())),
    );
    expect(name).toBe('AppError');
    expect(text).toBe(
      'HighLevel rejected the request (HTTP 400): bad [hidden] / [hidden] / [hidden] / [hidden].',
    );
    for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET, PASSWORD]) {
      expect(error.message).not.toContain(secret);
      expect(error.stack ?? '').not.toContain(secret);
    }
  });

  it('hide a JSON-escaped or URL-encoded password too', async () => {
    const tricky = 'Quote"Slash/Pass1';
    highlevel()
      .put(`/users/${USER_ID}`)
      .reply(422, {
        statusCode: 422,
        message: [
          `raw ${JSON.stringify(tricky).slice(1, -1)}`,
          `url ${encodeURIComponent(tricky)}`,
        ],
      });
    const { text } = await failure(
      appTester(update, makeBundle({ userId: USER_ID, password: tricky }, subAccountAuth())),
    );
    expect(text).toBe('HighLevel rejected the request (HTTP 422): raw [hidden]; url [hidden].');
  });

  it.each(['password', 'client_secret', 'refresh_token', 'code'])(
    "hide the request body's %s, even when no input holds it",
    async (field) => {
      const value = `body-${field}-value-0123456789`;
      highlevel()
        .post('/users/')
        .reply(400, { statusCode: 400, message: `refused ${value}` });
      const { text } = await failure(
        appTester(
          async (z: ZObject) =>
            callApi(z, { method: 'POST', path: '/users/', body: { [field]: value } }),
          makeBundle({}, agencyAuth()),
        ),
      );
      expect(text).toBe('HighLevel rejected the request (HTTP 400): refused [hidden].');
    },
  );

  it('scrub() leaves text without secrets alone and ignores very short ones', () => {
    expect(scrub('nothing to hide', ['abc', 'secret-value'])).toBe('nothing to hide');
    expect(scrub('x secret-value y', ['secret-value'])).toBe('x [hidden] y');
  });
});

describe('guardApp', () => {
  it('builds a new definition and leaves the modules it was given as they are', () => {
    expect(App.creates.update_user).not.toBe(update_user);
    expect(App.creates.update_user.operation.perform).not.toBe(update_user.operation.perform);
    expect((update_user.operation.perform as () => unknown).name).toBe('perform');
    expect(rawAuthentication.test.name).toBe('test');
    expect(rawAuthentication.oauth2Config.refreshAccessToken.name).toBe('refreshAccessToken');
    expect(App.authentication).not.toBe(rawAuthentication);
  });

  it('puts every perform, field function, connection test and token call behind the gate', () => {
    const names: Array<[string, string]> = [];
    for (const kind of ['triggers', 'creates', 'searches'] as const) {
      for (const [key, entry] of Object.entries(App[kind] ?? {})) {
        const { operation } = entry as { operation: Record<string, unknown> };
        for (const name of ['perform', 'performList', 'performResume', 'performGet']) {
          const fn = operation[name];
          if (typeof fn === 'function') names.push([`${kind}.${key}.${name}`, fn.name]);
        }
        for (const list of ['inputFields', 'outputFields']) {
          const fields = operation[list];
          if (!Array.isArray(fields)) continue;
          fields.forEach((field: unknown, i: number) => {
            if (typeof field === 'function')
              names.push([`${kind}.${key}.${list}.${i}`, field.name]);
          });
        }
      }
    }
    const auth = App.authentication;
    names.push(['authentication.test', typeof auth?.test === 'function' ? auth.test.name : '']);
    for (const name of ['authorizeUrl', 'getAccessToken', 'refreshAccessToken'] as const) {
      const fn = authentication.oauth2Config[name];
      names.push([`oauth2Config.${name}`, typeof fn === 'function' ? fn.name : '']);
    }
    expect(names.length).toBeGreaterThan(15);
    expect(names.filter(([, name]) => name !== 'guarded')).toEqual([]);
    void API;
  });
});
