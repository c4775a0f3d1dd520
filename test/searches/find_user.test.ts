import zapier from 'zapier-platform-core';
import App from '../../index';
import { highlevel } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { fieldError, highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import { shape } from '../helpers/users';

const appTester = zapier.createAppTester(App);
const { operation } = App.searches.find_user;
if (typeof operation.perform !== 'function' || !operation.inputFields) {
  throw new Error('find_user must have a perform function and input fields');
}
const { perform, inputFields } = operation;
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

const filterByEmail = (emails: string) =>
  highlevel().post('/users/search/filter-by-email', (body) => {
    expect(body).toEqual({ companyId: COMPANY_ID, emails, projection: 'all' });
    return true;
  });

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
      highlevel()
        .get('/users/search')
        .query({
          companyId: COMPANY_ID,
          query: 'jane@agency.com',
          locationId: LOCATION_ID,
          limit: '100',
        })
        .reply(200, { users: [janet, jane], count: 2 });
      const result = await appTester(
        perform,
        makeBundle({ email: 'jane@agency.com' }, subAccountAuth()),
      );
      expect(result).toEqual([mapped(jane)]);
    });

    it('returns [] when the sub-account has only partial matches', async () => {
      highlevel()
        .get('/users/search')
        .query({
          companyId: COMPANY_ID,
          query: 'jane@agency.com',
          locationId: LOCATION_ID,
          limit: '100',
        })
        .reply(200, { users: [janet], count: 1 });
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
          makeBundle({ email: 'jane@agency.com', query: '868-8888' }, agencyAuth()),
        ),
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

  describe('by name, phone or location', () => {
    it('puts the exact name match first, then the rest in HighLevel’s order', async () => {
      highlevel()
        .get('/users/search')
        .query({ companyId: COMPANY_ID, query: 'jane doe', limit: '100' })
        .reply(200, { users: [janet, jane], count: 2 });
      const result = await appTester(perform, makeBundle({ query: 'jane doe' }, agencyAuth()));
      expect(result).toEqual([mapped(jane), mapped(janet)]);
    });

    it('puts the exact phone match first, whatever the punctuation', async () => {
      highlevel()
        .get('/users/search')
        .query({ companyId: COMPANY_ID, query: '808 868 0000', limit: '100' })
        .reply(200, { users: [jane, janet], count: 2 });
      const result = await appTester(perform, makeBundle({ query: '808 868 0000' }, agencyAuth()));
      expect(result).toEqual([mapped(janet), mapped(jane)]);
    });

    it('keeps HighLevel’s order when nothing matches exactly', async () => {
      highlevel()
        .get('/users/search')
        .query({ companyId: COMPANY_ID, query: 'doe', limit: '100' })
        .reply(200, { users: [janet, jane], count: 2 });
      const result = await appTester(perform, makeBundle({ query: 'doe' }, agencyAuth()));
      expect(result).toEqual([mapped(janet), mapped(jane)]);
    });

    it('lists the users of a location', async () => {
      highlevel()
        .get('/users/search')
        .query({ companyId: COMPANY_ID, locationId: OTHER_LOCATION, limit: '100' })
        .reply(200, { users: [janet], count: 1 });
      const result = await appTester(
        perform,
        makeBundle({ locationId: OTHER_LOCATION }, agencyAuth()),
      );
      expect(result).toEqual([mapped(janet)]);
    });

    it('stays in the connected sub-account on a Sub-account connection', async () => {
      highlevel()
        .get('/users/search')
        .query({ companyId: COMPANY_ID, query: 'Jane', locationId: LOCATION_ID, limit: '100' })
        .reply(200, { users: [jane], count: 1 });
      const result = await appTester(perform, makeBundle({ query: 'Jane' }, subAccountAuth()));
      expect(result).toEqual([mapped(jane)]);
    });

    it('returns [] when HighLevel finds nobody', async () => {
      highlevel()
        .get('/users/search')
        .query({ companyId: COMPANY_ID, query: 'zed', limit: '100' })
        .reply(200, { users: [], count: 0 });
      await expect(appTester(perform, makeBundle({ query: 'zed' }, agencyAuth()))).resolves.toEqual(
        [],
      );
    });

    it('turns a 404 from HighLevel into []', async () => {
      highlevel()
        .get('/users/search')
        .query({ companyId: COMPANY_ID, query: 'zed', limit: '100' })
        .reply(404, { statusCode: 404, message: 'No users found' });
      await expect(appTester(perform, makeBundle({ query: 'zed' }, agencyAuth()))).resolves.toEqual(
        [],
      );
    });

    it('refuses a location ID with a slash before any request', async () => {
      await expect(
        appTester(perform, makeBundle({ locationId: 'a/b' }, agencyAuth())),
      ).rejects.toMatchObject(fieldError('Location (locationId) must be a single HighLevel'));
    });
  });

  describe('with no criteria', () => {
    it.each([
      ['nothing', {}],
      ['only blanks', { email: ' ', query: '', locationId: '  ' }],
    ])('given %s, names the three fields and sends nothing', async (_case, inputData) => {
      const error = await appTester(perform, makeBundle(inputData, agencyAuth())).catch(
        (err: Error) => err,
      );
      expect(error).toMatchObject(fieldError('Fill in at least one of'));
      const { message } = JSON.parse((error as Error).message) as { message: string };
      expect(message).toContain('Email (email)');
      expect(message).toContain('Name or Phone (query)');
      expect(message).toContain('Location (locationId)');
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
    expect(shape(operation.sample as Record<string, unknown>)).toEqual(shape(real));
  });

  it('every input field is optional and explained', () => {
    for (const field of inputFields) {
      if (typeof field === 'function') throw new Error('find_user has static fields only');
      expect(field).toMatchObject({ required: false, helpText: expect.any(String) });
    }
    expect(inputFields.map((field) => 'key' in field && field.key)).toEqual([
      'email',
      'query',
      'locationId',
    ]);
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
    highlevel()
      .get('/users/search')
      .query({
        companyId: COMPANY_ID,
        query: inputData.email,
        locationId: LOCATION_ID,
        limit: '100',
      })
      .reply(200, { users: [janet], count: 1 });
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
