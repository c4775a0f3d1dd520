import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import App from '../../index';
import { compiledApp } from '../helpers/definition';
import { highlevel } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { fieldError, highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import { ENDPOINT_WORDS, expectSampleFits } from '../helpers/users';

const appTester = zapier.createAppTester(App);
const { operation } = App.searches.find_user;
if (typeof operation.perform !== 'function' || !operation.inputFields) {
  throw new Error('find_user must have a perform function and input fields');
}
const { perform, inputFields } = operation;
// Zapier hands mapped booleans over as text ("yes"); the inferred bundle type cannot say so.
const loosePerform = perform as (z: ZObject, bundle: Bundle) => ReturnType<typeof perform>;
const createUser = App.creates.create_user.operation;
if (typeof createUser.perform !== 'function' || !createUser.inputFields) {
  throw new Error('create_user must have a perform function and input fields');
}
const { perform: createPerform, inputFields: createFields } = createUser;

const OTHER_LOCATION = 'C2QujeCh8ZnC7al2InWR';

// Users as HighLevel documents them (UserSchema; no date field).
const jane = {
  id: 'janeDoe0000000000001',
  name: 'Jane Doe',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@agency.com',
  phone: '+1 808-868-8888',
  extension: '',
  permissions: { contactsEnabled: true },
  scopes: ['contacts.write'],
  roles: { type: 'account', role: 'user', locationIds: [LOCATION_ID], restrictSubAccount: true },
  deleted: false,
  lcPhone: {},
  platformLanguage: 'en_US',
};
const janet = {
  ...jane,
  id: 'janetDoe000000000002',
  name: 'Janet Doe',
  firstName: 'Janet',
  email: 'bigjane@agency.com',
  phone: '+1 808-868-0000',
  roles: { ...jane.roles, locationIds: [OTHER_LOCATION] },
};

const mapped = (user: typeof jane) => ({
  ...user,
  type: user.roles.type,
  role: user.roles.role,
  locationIds: user.roles.locationIds,
  restrictSubAccount: user.roles.restrictSubAccount,
  scopesAssignedToOnly: [],
});

const filterByEmail = (emails: string, deleted?: true) =>
  highlevel().post('/users/search/filter-by-email', (body) => {
    expect(body).toEqual({
      companyId: COMPANY_ID,
      emails,
      projection: 'all',
      ...(deleted ? { deleted } : {}),
    });
    return true;
  });

/** Search Users as find_user calls it: newest first, one page of 100. */
const newestFirst = { sort: 'dateAdded', sortDirection: 'desc', limit: '100' };
const search = (query: Record<string, string>) =>
  highlevel()
    .get('/users/search')
    .query({ companyId: COMPANY_ID, ...query, ...newestFirst });

/** The error a Zapier user reads for input this step refuses before any request. */
const refusal = (message: string) => ({
  name: 'AppError',
  message: JSON.stringify({
    message: `Please fix this field: ${message}`,
    code: 'invalid_input',
    status: 400,
  }),
});

/** The requests made, in order (each reply below records itself). */
const order: string[] = [];
beforeEach(() => {
  order.length = 0;
});
const answer = (what: string, users: unknown[]) => () => {
  order.push(what);
  return { users, count: users.length };
};

describe('find_user (Find User)', () => {
  describe('by email', () => {
    it("uses HighLevel's exact email filter on an Agency connection", async () => {
      filterByEmail('Jane@Agency.com').reply(200, { users: [jane], count: 1 });
      const result = await appTester(
        perform,
        makeBundle({ email: ' Jane@Agency.com ' }, agencyAuth()),
      );
      expect(result).toEqual([mapped(jane)]);
    });

    it('searches the connected sub-account and keeps exact matches only', async () => {
      search({ query: 'jane@agency.com', locationId: LOCATION_ID }).reply(
        200,
        answer('GET search', [janet, jane]),
      );
      const result = await appTester(
        perform,
        makeBundle({ email: 'jane@agency.com' }, subAccountAuth()),
      );
      expect(result).toEqual([mapped(jane)]);
      expect(order).toEqual(['GET search']);
    });

    it('returns [] when the sub-account has only partial matches', async () => {
      search({ query: 'jane@agency.com', locationId: LOCATION_ID }).reply(200, {
        users: [{ ...janet, email: 'jane@agency.com.au' }],
        count: 1,
      });
      await expect(
        appTester(perform, makeBundle({ email: 'jane@agency.com' }, subAccountAuth())),
      ).resolves.toEqual([]);
    });

    it('returns [] when nobody has the email', async () => {
      filterByEmail('nobody@agency.com').reply(200, { users: [], count: 0 });
      await expect(
        appTester(perform, makeBundle({ email: 'nobody@agency.com' }, agencyAuth())),
      ).resolves.toEqual([]);
    });

    it('narrows the email match by Name or Phone when both are given', async () => {
      filterByEmail('jane@agency.com').reply(200, { users: [jane], count: 1 });
      await expect(
        appTester(perform, makeBundle({ email: 'jane@agency.com', query: 'Smith' }, agencyAuth())),
      ).resolves.toEqual([]);
      filterByEmail('jane@agency.com').reply(200, { users: [jane], count: 1 });
      await expect(
        appTester(
          perform,
          makeBundle({ email: 'jane@agency.com', query: '(808) 868 8888' }, agencyAuth()),
        ),
      ).resolves.toEqual([mapped(jane)]);
      // Part of the number matches only with Allow Partial Matches.
      filterByEmail('jane@agency.com').reply(200, { users: [jane], count: 1 });
      await expect(
        appTester(
          perform,
          makeBundle({ email: 'jane@agency.com', query: '868-8888' }, agencyAuth()),
        ),
      ).resolves.toEqual([]);
      filterByEmail('jane@agency.com').reply(200, { users: [jane], count: 1 });
      await expect(
        appTester(
          perform,
          makeBundle(
            { email: 'jane@agency.com', query: '868-8888', partialMatch: true },
            agencyAuth(),
          ),
        ),
      ).resolves.toEqual([mapped(jane)]);
    });

    it('matches the whole email only, in any case', async () => {
      filterByEmail('JANE@agency.com').reply(200, {
        users: [{ ...janet, email: 'xjane@agency.com' }, jane],
        count: 2,
      });
      await expect(
        appTester(perform, makeBundle({ email: 'JANE@agency.com' }, agencyAuth())),
      ).resolves.toEqual([mapped(jane)]);
    });

    it('narrows the email match by Location on an Agency connection', async () => {
      filterByEmail('jane@agency.com').reply(200, { users: [jane], count: 1 });
      await expect(
        appTester(
          perform,
          makeBundle({ email: 'jane@agency.com', locationId: OTHER_LOCATION }, agencyAuth()),
        ),
      ).resolves.toEqual([]);
    });

    it('refuses a malformed email before any request', async () => {
      await expect(
        appTester(perform, makeBundle({ email: 'jane@' }, agencyAuth())),
      ).rejects.toMatchObject(fieldError('Email (email) must be a valid email address'));
    });
  });

  describe('by name, phone or sub-account', () => {
    it('returns only the whole-name match by default', async () => {
      search({ query: 'jane doe' }).reply(200, { users: [janet, jane], count: 2 });
      const result = await appTester(perform, makeBundle({ query: 'jane doe' }, agencyAuth()));
      expect(result).toEqual([mapped(jane)]);
    });

    it('ignores case and extra spaces in the name', async () => {
      search({ query: 'jane   DOE' }).reply(200, { users: [janet, jane], count: 2 });
      const result = await appTester(perform, makeBundle({ query: '  jane   DOE ' }, agencyAuth()));
      expect(result).toEqual([mapped(jane)]);
    });

    it('does not let "Jane" find "Janet Smith"', async () => {
      const janetSmith = { ...janet, name: 'Janet Smith', lastName: 'Smith' };
      search({ query: 'Jane' }).reply(200, { users: [janetSmith], count: 1 });
      await expect(
        appTester(perform, makeBundle({ query: 'Jane' }, agencyAuth())),
      ).resolves.toEqual([]);
    });

    it('matches the same phone number in another format, country code or not', async () => {
      const maria = {
        ...jane,
        id: 'maria000000000000001',
        name: 'Maria Lopez',
        phone: '+1 415-555-0132',
      };
      search({ query: '415 555 0132' }).reply(200, { users: [jane, maria], count: 2 });
      const result = await appTester(perform, makeBundle({ query: '415 555 0132' }, agencyAuth()));
      expect(result).toEqual([mapped(maria)]);
    });

    it('with Allow Partial Matches puts the whole-name match first, then the rest in HighLevel’s order', async () => {
      const doelittle = {
        ...janet,
        name: 'Jane Doelittle',
        firstName: 'Jane',
        lastName: 'Doelittle',
      };
      search({ query: 'jane doe' }).reply(200, { users: [doelittle, janet, jane], count: 3 });
      const result = await appTester(
        perform,
        makeBundle({ query: 'jane doe', partialMatch: true }, agencyAuth()),
      );
      expect(result).toEqual([mapped(jane), mapped(doelittle)]);
    });

    it('with Allow Partial Matches puts the exact phone match first, whatever the punctuation', async () => {
      search({ query: '808 868' }).reply(200, { users: [jane, janet], count: 2 });
      const result = await appTester(
        loosePerform,
        makeBundle({ query: '808 868', partialMatch: 'yes' }, agencyAuth()),
      );
      expect(result).toEqual([mapped(jane), mapped(janet)]);
      search({ query: '808 868 0000' }).reply(200, { users: [jane, janet], count: 2 });
      await expect(
        appTester(perform, makeBundle({ query: '808 868 0000', partialMatch: true }, agencyAuth())),
      ).resolves.toEqual([mapped(janet)]);
    });

    it('with Allow Partial Matches keeps HighLevel’s order when nothing matches wholly', async () => {
      search({ query: 'doe' }).reply(200, { users: [janet, jane], count: 2 });
      const result = await appTester(
        perform,
        makeBundle({ query: 'doe', partialMatch: true }, agencyAuth()),
      );
      expect(result).toEqual([mapped(janet), mapped(jane)]);
    });

    it('without Allow Partial Matches, part of a name finds nobody', async () => {
      search({ query: 'doe' }).reply(200, { users: [janet, jane], count: 2 });
      await expect(
        appTester(perform, makeBundle({ query: 'doe', partialMatch: false }, agencyAuth())),
      ).resolves.toEqual([]);
    });

    it('narrows a name search by Sub-account', async () => {
      search({ query: 'Janet Doe', locationId: OTHER_LOCATION }).reply(200, {
        users: [janet],
        count: 1,
      });
      const result = await appTester(
        perform,
        makeBundle({ query: 'Janet Doe', locationId: OTHER_LOCATION }, agencyAuth()),
      );
      expect(result).toEqual([mapped(janet)]);
    });

    it('stays in the connected sub-account on a Sub-account connection', async () => {
      search({ query: 'Jane Doe', locationId: LOCATION_ID }).reply(200, {
        users: [jane],
        count: 1,
      });
      const result = await appTester(perform, makeBundle({ query: 'Jane Doe' }, subAccountAuth()));
      expect(result).toEqual([mapped(jane)]);
    });

    it('returns [] when HighLevel finds nobody', async () => {
      search({ query: 'zed' }).reply(200, { users: [], count: 0 });
      await expect(appTester(perform, makeBundle({ query: 'zed' }, agencyAuth()))).resolves.toEqual(
        [],
      );
    });

    it('turns a 404 from HighLevel into []', async () => {
      search({ query: 'zed' }).reply(404, { statusCode: 404, message: 'No users found' });
      await expect(appTester(perform, makeBundle({ query: 'zed' }, agencyAuth()))).resolves.toEqual(
        [],
      );
    });

    it('refuses a sub-account ID with a slash before any request', async () => {
      await expect(
        appTester(perform, makeBundle({ query: 'Jane Doe', locationId: 'a/b' }, agencyAuth())),
      ).rejects.toMatchObject(
        fieldError(
          'Sub-account (locationId) must be a single HighLevel sub-account ID: letters and digits only',
        ),
      );
    });
  });

  describe('Include Deleted Users', () => {
    const deletedJane = { ...jane, deleted: true };

    it('on an Agency connection asks again for deleted users when no active one has the email', async () => {
      filterByEmail('jane@agency.com').reply(200, answer('POST active', []));
      filterByEmail('jane@agency.com', true).reply(200, answer('POST deleted', [deletedJane]));
      const result = await appTester(
        perform,
        makeBundle({ email: 'jane@agency.com', includeDeleted: true }, agencyAuth()),
      );
      expect(result).toEqual([{ ...mapped(jane), deleted: true }]);
      expect(order).toEqual(['POST active', 'POST deleted']);
    });

    it('returns the active user without asking for deleted ones', async () => {
      filterByEmail('jane@agency.com').reply(200, answer('POST active', [jane]));
      const result = await appTester(
        loosePerform,
        makeBundle({ email: 'jane@agency.com', includeDeleted: 'yes' }, agencyAuth()),
      );
      expect(result).toEqual([mapped(jane)]);
      expect(order).toEqual(['POST active']);
    });

    it('returns [] after both requests when nobody, active or deleted, has the email', async () => {
      filterByEmail('jane@agency.com').reply(200, answer('POST active', []));
      filterByEmail('jane@agency.com', true).reply(200, answer('POST deleted', []));
      await expect(
        appTester(
          perform,
          makeBundle({ email: 'jane@agency.com', includeDeleted: true }, agencyAuth()),
        ),
      ).resolves.toEqual([]);
      expect(order).toEqual(['POST active', 'POST deleted']);
    });

    it('without it, makes one request and never returns a deleted user', async () => {
      filterByEmail('jane@agency.com').reply(200, answer('POST active', []));
      await expect(
        appTester(
          perform,
          makeBundle({ email: 'jane@agency.com', includeDeleted: false }, agencyAuth()),
        ),
      ).resolves.toEqual([]);
      expect(order).toEqual(['POST active']);
    });

    it.each([
      [
        'on a Sub-account connection',
        { email: 'jane@agency.com', includeDeleted: true },
        subAccountAuth(),
        'Include Deleted Users (includeDeleted) works only on an Agency connection: HighLevel ' +
          'returns deleted users to agencies alone. Set it to No, or connect at Agency level. ' +
          'Nothing was searched.',
      ],
      [
        'with a name or phone search',
        { query: 'Jane Doe', includeDeleted: 'yes' },
        agencyAuth(),
        'Include Deleted Users (includeDeleted) works only with Email (email): HighLevel never ' +
          'returns deleted users to a name or phone search. Set it to No, or search by Email. ' +
          'Nothing was searched.',
      ],
    ])(
      'is never ignored: %s it is refused, naming the field, and nothing is sent',
      async (_case, inputData, auth, message) => {
        // No nock scope: a request would fail with NetConnectNotAllowedError instead.
        await expect(appTester(loosePerform, makeBundle(inputData, auth))).rejects.toMatchObject(
          refusal(message),
        );
      },
    );

    it('refuses a mapped value that is neither Yes nor No, naming each field, sending nothing', async () => {
      // No nock scope: a request would fail with NetConnectNotAllowedError instead.
      await expect(
        appTester(
          loosePerform,
          makeBundle(
            { email: 'jane@agency.com', includeDeleted: 'maybe', partialMatch: 'sometimes' },
            agencyAuth(),
          ),
        ),
      ).rejects.toMatchObject({
        name: 'AppError',
        message: JSON.stringify({
          message:
            'Please fix these fields: Allow Partial Matches (partialMatch) must be Yes or No; ' +
            'Include Deleted Users (includeDeleted) must be Yes or No.',
          code: 'invalid_input',
          status: 400,
        }),
      });
    });

    it('reads a Yes/No left blank by a mapping as No', async () => {
      filterByEmail('jane@agency.com').reply(200, answer('POST active', []));
      await expect(
        appTester(
          loosePerform,
          makeBundle(
            { email: 'jane@agency.com', includeDeleted: '  ', partialMatch: [] },
            agencyAuth(),
          ),
        ),
      ).resolves.toEqual([]);
      expect(order).toEqual(['POST active']);
    });

    it('is offered on an Agency connection only', async () => {
      const fieldsFor = async (auth: Record<string, string>) =>
        (
          (await appTester(inputFields[4] as never, makeBundle({}, auth))) as Array<{
            key: string;
          }>
        ).map((field) => field.key);
      await expect(fieldsFor(agencyAuth())).resolves.toEqual(['includeDeleted']);
      await expect(fieldsFor(subAccountAuth())).resolves.toEqual([]);
    });
  });

  describe('never the wrong person', () => {
    it.each([
      ['nothing', {}],
      ['only blanks', { email: ' ', query: '', locationId: '  ' }],
      ['an email that a mapping left empty', { email: '', partialMatch: 'no' }],
    ])('given %s, names Email and Name or Phone and searches nothing', async (_case, inputData) => {
      // No nock scope: a request would fail with NetConnectNotAllowedError instead.
      await expect(
        appTester(loosePerform, makeBundle(inputData, agencyAuth())),
      ).rejects.toMatchObject(
        refusal(
          'Fill in Email (email) or Name or Phone (query): they say who to find. Nothing was ' +
            'searched, so no user was found or created.',
        ),
      );
    });

    it.each([
      ['an Agency', agencyAuth()],
      ['a Sub-account', subAccountAuth()],
    ])(
      'on %s connection, a Sub-account with no Email (say, from an empty mapping) finds nobody',
      async (_case, auth) => {
        await expect(
          appTester(perform, makeBundle({ email: '', locationId: LOCATION_ID }, auth)),
        ).rejects.toMatchObject(
          refusal(
            'Fill in Email (email) or Name or Phone (query): they say who to find, and ' +
              'Sub-account (locationId) only narrows the search. Nothing was searched, so no ' +
              'user was found or created.',
          ),
        );
      },
    );

    it('refuses another sub-account on a Sub-account connection, naming the field, sending nothing', async () => {
      await expect(
        appTester(
          perform,
          makeBundle({ email: 'jane@agency.com', locationId: OTHER_LOCATION }, subAccountAuth()),
        ),
      ).rejects.toMatchObject(
        refusal(
          `Sub-account (locationId) must be this connection's own sub-account (${LOCATION_ID}) or ` +
            'empty: a Sub-account connection sees only its own users. Clear it, or connect at ' +
            'Agency level to search another sub-account. Nothing was searched.',
        ),
      );
    });

    it('accepts the connected sub-account on a Sub-account connection', async () => {
      search({ query: 'jane@agency.com', locationId: LOCATION_ID }).reply(200, {
        users: [jane],
        count: 1,
      });
      await expect(
        appTester(
          perform,
          makeBundle({ email: 'jane@agency.com', locationId: LOCATION_ID }, subAccountAuth()),
        ),
      ).resolves.toEqual([mapped(jane)]);
    });
  });

  describe("HighLevel's errors are not swallowed", () => {
    describe('by email', () => {
      itTurnsHighLevelErrors(
        highlevelErrors({ scope: 'users.readonly' }),
        () => highlevel().post('/users/search/filter-by-email'),
        () => appTester(perform, makeBundle({ email: 'jane@agency.com' }, agencyAuth())),
      );
    });

    describe('by name, phone or location', () => {
      itTurnsHighLevelErrors(
        highlevelErrors({ scope: 'users.readonly', invalid: ['query too long', 'limit invalid'] }),
        () => highlevel().get('/users/search').query(true),
        () => appTester(perform, makeBundle({ query: 'x' }, agencyAuth())),
      );
    });
  });

  it('has a sample shaped like a real mapped user', async () => {
    filterByEmail('jane@agency.com').reply(200, {
      users: [{ ...jane, lcPhone: { [LOCATION_ID]: '+1234556677' } }],
      count: 1,
    });
    const [real] = (await appTester(
      perform,
      makeBundle({ email: 'jane@agency.com' }, agencyAuth()),
    )) as Array<Record<string, unknown>>;
    expectSampleFits(
      compiledApp.searches.find_user.operation.sample,
      compiledApp.searches.find_user.operation.outputFields,
      real ?? {},
    );
  });

  it('every input field is optional and explained', () => {
    const [email, query, locationId, partialMatch, includeDeleted] = inputFields;
    for (const field of [email, query, locationId, partialMatch]) {
      if (typeof field === 'function' || field === undefined) throw new Error('a static field');
      expect(field).toMatchObject({ required: false, helpText: expect.any(String) });
    }
    expect(
      [email, query, locationId, partialMatch].map(
        (field) => field && 'key' in field && [field.key, field.label, field.type],
      ),
    ).toEqual([
      ['email', 'Email', 'string'],
      ['query', 'Name or Phone', 'string'],
      ['locationId', 'Sub-account', 'string'],
      ['partialMatch', 'Allow Partial Matches', 'boolean'],
    ]);
    // Made per connection (see Include Deleted Users above).
    expect(typeof includeDeleted).toBe('function');
  });

  it('is described in Zapier words, naming no endpoint', () => {
    expect(App.searches.find_user.display.description).not.toMatch(ENDPOINT_WORDS);
  });
});

describe('find_or_create_user (Find or Create User)', () => {
  const entry = App.searchOrCreates?.find_or_create_user;

  it('pairs Find User with Create User under the search key Zapier requires', () => {
    expect(entry).toEqual({
      key: 'find_user',
      display: { label: 'Find or Create User', description: expect.stringMatching(/^Finds /) },
      search: 'find_user',
      create: 'create_user',
    });
    expect(App.searches.find_user.key).toBe(entry?.search);
    expect(App.creates.create_user.key).toBe(entry?.create);
  });

  it('shares the email field, so Zapier carries it from the search to the create', () => {
    const searchEmail = inputFields.find((field) => 'key' in field && field.key === 'email');
    const createEmail = createFields.find(
      (field) => typeof field !== 'function' && field.key === 'email',
    );
    expect(searchEmail).toMatchObject({ key: 'email', type: 'string' });
    expect(createEmail).toMatchObject({ key: 'email', type: 'string', required: true });
  });

  it('finds nothing for "Jane" when only "Janet Smith" exists, so Jane is created', async () => {
    const janetSmith = { ...janet, name: 'Janet Smith', lastName: 'Smith' };
    search({ query: 'Jane' }).reply(200, { users: [janetSmith], count: 1 });
    await expect(appTester(perform, makeBundle({ query: 'Jane' }, agencyAuth()))).resolves.toEqual(
      [],
    );
    const inputData = {
      email: 'jane.new@agency.com',
      firstName: 'Jane',
      lastName: 'New',
      type: 'account',
      role: 'user',
      locationIds: [LOCATION_ID],
    };
    highlevel()
      .post('/users/', (body: Record<string, unknown>) => {
        const { password, ...rest } = body;
        expect(rest).toEqual({ ...inputData, companyId: COMPANY_ID });
        expect(typeof password).toBe('string');
        return true;
      })
      .reply(201, { ...jane, id: 'newJane0000000000001', email: inputData.email });
    await expect(
      appTester(createPerform, makeBundle(inputData, agencyAuth())),
    ).resolves.toMatchObject({
      id: 'newJane0000000000001',
    });
  });

  it('searches once, finds nothing (so Zapier creates), then creates once', async () => {
    const inputData = {
      email: 'new.user@agency.com',
      firstName: 'New',
      lastName: 'User',
      password: 'Pa55word-long',
      type: 'account',
      role: 'user',
      locationIds: [],
    };
    search({ query: inputData.email, locationId: LOCATION_ID }).reply(200, {
      users: [janet],
      count: 1,
    });
    await expect(
      appTester(perform, makeBundle({ email: inputData.email }, subAccountAuth())),
    ).resolves.toEqual([]);

    // The create defaults Locations to the connected sub-account.
    highlevel()
      .post('/users/', (body) => {
        expect(body).toEqual({ ...inputData, companyId: COMPANY_ID, locationIds: [LOCATION_ID] });
        return true;
      })
      .reply(201, { ...jane, id: 'newUser0000000000001', email: inputData.email });
    const created = await appTester(createPerform, makeBundle(inputData, subAccountAuth()));
    expect(created).toMatchObject({ id: 'newUser0000000000001', email: inputData.email });
  });

  it('passes Zapier’s app validation for the pairing', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- core ships no types for it
    const { prepareApp, validateApp } = require('zapier-platform-core/src/tools/schema') as {
      prepareApp: (app: unknown) => unknown;
      validateApp: (app: unknown) => Array<{ property: string; message: string }>;
    };
    const problems = validateApp(prepareApp(App)).filter((problem) =>
      /searchOrCreates|find_user|create_user|update_user|delete_user/.test(problem.property),
    );
    expect(problems).toEqual([]);
  });
});
