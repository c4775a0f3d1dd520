import zapier from 'zapier-platform-core';
import App from '../../index';
import { highlevel, rateLimitHeaders } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';

const appTester = zapier.createAppTester(App);
const trigger = App.triggers.user_choices;
const { operation } = trigger;
if (operation.type !== 'polling' || typeof operation.perform !== 'function') {
  throw new Error('user_choices must be a polling trigger with a perform function');
}
const perform = operation.perform;

// A user as HighLevel documents it in the Search Users response (UserSchema; no date field).
const documentedUser = {
  id: '0IHuJvc2ofPAAA8GzTRi',
  name: 'John Deo',
  firstName: 'John',
  lastName: 'Deo',
  email: 'john@deo.com',
  phone: '+1 808-868-8888',
  extension: '',
  permissions: { campaignsEnabled: true, campaignsReadOnly: false, contactsEnabled: true },
  scopes: 'campaigns.readonly',
  roles: {
    type: 'account',
    role: 'admin',
    locationIds: [LOCATION_ID],
    restrictSubAccount: true,
  },
  deleted: false,
  lcPhone: { locationId: '+1234556677' },
  platformLanguage: 'en_US',
};

const shape = (value: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v,
    ]),
  );

// Alphabetical is HighLevel's default order, so no sort is sent.
const pageQuery = (skip: string) => ({ companyId: COMPANY_ID, limit: '100', skip });

describe('user_choices (User dropdown)', () => {
  it('asks the first page of 100 and labels each user "Name (email)"', async () => {
    highlevel()
      .get('/users/search')
      .query(pageQuery('0'))
      .reply(200, { users: [documentedUser], count: 1 });
    const result = await appTester(perform, makeBundle({}, agencyAuth(), { page: 0 }));
    expect(result).toEqual([
      {
        id: '0IHuJvc2ofPAAA8GzTRi',
        name: 'John Deo (john@deo.com)',
        firstName: 'John',
        lastName: 'Deo',
        email: 'john@deo.com',
        phone: '+1 808-868-8888',
        extension: '',
        permissions: { campaignsEnabled: true, campaignsReadOnly: false, contactsEnabled: true },
        scopes: ['campaigns.readonly'],
        scopesAssignedToOnly: [],
        roles: {
          type: 'account',
          role: 'admin',
          locationIds: [LOCATION_ID],
          restrictSubAccount: true,
        },
        type: 'account',
        role: 'admin',
        locationIds: [LOCATION_ID],
        restrictSubAccount: true,
        deleted: false,
        lcPhone: { locationId: '+1234556677' },
        platformLanguage: 'en_US',
      },
    ]);
  });

  it.each([
    [1, '100'],
    [2, '200'],
  ])('asks page %i with skip %s, in one request', async (page, skip) => {
    highlevel()
      .get('/users/search')
      .query(pageQuery(skip))
      .reply(200, { users: [documentedUser], count: 301 });
    const result = await appTester(perform, makeBundle({}, agencyAuth(), { page }));
    expect(result.map((user) => user.id)).toEqual([documentedUser.id]);
  });

  it('returns [] past the last page', async () => {
    highlevel().get('/users/search').query(pageQuery('300')).reply(200, { users: [], count: 250 });
    await expect(appTester(perform, makeBundle({}, agencyAuth(), { page: 3 }))).resolves.toEqual(
      [],
    );
  });

  it('labels users without a name or an email as well as it can', async () => {
    highlevel()
      .get('/users/search')
      .query(pageQuery('0'))
      .reply(200, {
        users: [
          { id: 'noNameUser0000000001', email: 'ops@agency.com' },
          { id: 'firstLastOnly0000001', firstName: 'Ann', lastName: 'Lee', email: 'ann@a.com' },
          { id: 'noEmailUser000000001', name: 'Bo Park' },
          { id: 'bareUser000000000001' },
        ],
      });
    const result = await appTester(perform, makeBundle({}, agencyAuth()));
    expect(result.map((user) => [user.id, (user as { name?: unknown }).name])).toEqual([
      ['noNameUser0000000001', 'ops@agency.com'],
      ['firstLastOnly0000001', 'Ann Lee (ann@a.com)'],
      ['noEmailUser000000001', 'Bo Park'],
      ['bareUser000000000001', 'bareUser000000000001'],
    ]);
  });

  it('on a sub-account connection lists the users of the connected location', async () => {
    highlevel()
      .get('/users/search')
      .query({ ...pageQuery('0'), locationId: LOCATION_ID })
      .reply(200, { users: [documentedUser], count: 1 });
    const result = await appTester(perform, makeBundle({}, subAccountAuth()));
    expect(result).toHaveLength(1);
  });

  it.each([
    [
      'a 401 Invalid JWT',
      401,
      { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' },
      {},
      { name: 'RefreshAuthError' },
    ],
    [
      'a 401 for a missing scope',
      401,
      {
        statusCode: 401,
        message: 'The token is not authorized for this scope.',
        error: 'Unauthorized',
      },
      {},
      {
        name: 'AppError',
        message: expect.stringContaining('lacks the \\"users.readonly\\" scope'),
      },
    ],
    [
      'a 403',
      403,
      { statusCode: 403, message: 'The token does not have access to this location.' },
      {},
      { name: 'AppError', message: expect.stringContaining('(HTTP 403)') },
    ],
    [
      'a 422 with an array message',
      422,
      { statusCode: 422, message: ['skip must be a number string'], error: 'Unprocessable' },
      {},
      { name: 'HaltedError', message: expect.stringContaining('skip must be a number string') },
    ],
    [
      'a 429',
      429,
      { statusCode: 429, message: 'Too Many Requests' },
      rateLimitHeaders(0),
      { name: 'ThrottledError', message: expect.stringContaining('"delay":10') },
    ],
  ])(
    'turns %s into the error a Zapier user can act on',
    async (_what, status, body, headers, error) => {
      highlevel().get('/users/search').query(pageQuery('0')).reply(status, body, headers);
      await expect(appTester(perform, makeBundle({}, agencyAuth()))).rejects.toMatchObject(error);
    },
  );

  it('has a sample shaped like its output', async () => {
    highlevel()
      .get('/users/search')
      .query(pageQuery('0'))
      .reply(200, { users: [documentedUser], count: 1 });
    const [mapped] = await appTester(perform, makeBundle({}, agencyAuth()));
    const { sample } = operation;
    expect(sample).toBeDefined();
    expect(shape(sample ?? {})).toEqual(shape(mapped ?? {}));
    expect(sample?.name).toBe('John Deo (john@deo.com)');
  });

  it('is a hidden, paginated dropdown source', () => {
    expect(trigger.display.hidden).toBe(true);
    expect(operation.canPaginate).toBe(true);
    expect(trigger.display.description).toMatch(/^Triggers when /);
  });
});
