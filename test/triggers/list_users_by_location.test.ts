import zapier from 'zapier-platform-core';
import App from '../../index';
import { highlevel, rateLimitHeaders } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';

const appTester = zapier.createAppTester(App);
const { operation } = App.triggers.list_users_by_location;
if (operation.type !== 'polling' || typeof operation.perform !== 'function') {
  throw new Error('list_users_by_location must be a polling trigger with a perform function');
}
const perform = operation.perform;

const OTHER_LOCATION = 'otherLocation0000001';

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
    role: 'user',
    locationIds: [LOCATION_ID, OTHER_LOCATION],
    restrictSubAccount: false,
  },
  deleted: false,
  lcPhone: { locationId: '+1234556677' },
  platformLanguage: 'fr_CA',
};

const shape = (value: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v,
    ]),
  );

/** Search Users for one location, newest first, one page: never the deprecated GET /users/. */
const searchOf = (locationId: string) => ({
  companyId: COMPANY_ID,
  locationId,
  sort: 'dateAdded',
  sortDirection: 'desc',
  limit: '100',
  skip: '0',
});

describe('list_users_by_location (New User in Location)', () => {
  it('on a sub-account connection watches the connected location by default', async () => {
    highlevel()
      .get('/users/search')
      .query(searchOf(LOCATION_ID))
      .reply(200, { users: [documentedUser], count: 1 });
    const result = await appTester(perform, makeBundle({}, subAccountAuth()));
    expect(result).toEqual([
      {
        id: '0IHuJvc2ofPAAA8GzTRi',
        name: 'John Deo',
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
          role: 'user',
          locationIds: [LOCATION_ID, OTHER_LOCATION],
          restrictSubAccount: false,
        },
        type: 'account',
        role: 'user',
        locationIds: [LOCATION_ID, OTHER_LOCATION],
        restrictSubAccount: false,
        deleted: false,
        lcPhone: { locationId: '+1234556677' },
        platformLanguage: 'fr_CA',
      },
    ]);
  });

  it('on an agency connection watches the location picked', async () => {
    highlevel()
      .get('/users/search')
      .query(searchOf(OTHER_LOCATION))
      .reply(200, { users: [documentedUser], count: 1 });
    const result = await appTester(
      perform,
      makeBundle({ locationId: ` ${OTHER_LOCATION} ` }, agencyAuth()),
    );
    expect(result.map((user) => user.id)).toEqual([documentedUser.id]);
  });

  it('on a sub-account connection uses a location picked explicitly', async () => {
    highlevel()
      .get('/users/search')
      .query(searchOf(LOCATION_ID))
      .reply(200, { users: [], count: 0 });
    await expect(
      appTester(perform, makeBundle({ locationId: LOCATION_ID }, subAccountAuth())),
    ).resolves.toEqual([]);
  });

  it('returns [] for a location without users', async () => {
    highlevel()
      .get('/users/search')
      .query(searchOf(OTHER_LOCATION))
      .reply(200, { users: [], count: 0 });
    await expect(
      appTester(perform, makeBundle({ locationId: OTHER_LOCATION }, agencyAuth())),
    ).resolves.toEqual([]);
  });

  it.each([
    ['no location on an agency connection', {}, 'Location (locationId) is required on an Agency'],
    [
      'an empty location on an agency connection',
      { locationId: '  ' },
      'Location (locationId) is required on an Agency',
    ],
    [
      'a location ID with a slash',
      { locationId: 'abc/def' },
      'Location (locationId) must be a single HighLevel location ID',
    ],
  ])('refuses %s before any request, naming the field', async (_what, inputData, message) => {
    // No nock scope: a request would fail with NetConnectNotAllowedError, not this error.
    await expect(appTester(perform, makeBundle(inputData, agencyAuth()))).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining(message),
    });
  });

  it.each([
    [
      'a 400',
      400,
      { statusCode: 400, message: 'Bad Request' },
      {},
      { name: 'HaltedError', message: expect.stringContaining('(HTTP 400): Bad Request') },
    ],
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
      'a 403 for a location the token cannot reach',
      403,
      { statusCode: 403, message: 'The token does not have access to this location.' },
      {},
      {
        name: 'AppError',
        message: expect.stringContaining('The token does not have access to this location.'),
      },
    ],
    [
      'a 422 with an array message',
      422,
      {
        statusCode: 422,
        message: ['locationId must be a string', 'companyId should not be empty'],
        error: 'Unprocessable Entity',
      },
      {},
      {
        name: 'HaltedError',
        message: expect.stringContaining(
          'locationId must be a string; companyId should not be empty',
        ),
      },
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
      highlevel().get('/users/search').query(searchOf(LOCATION_ID)).reply(status, body, headers);
      await expect(appTester(perform, makeBundle({}, subAccountAuth()))).rejects.toMatchObject(
        error,
      );
    },
  );

  it('has a sample shaped like a mapped HighLevel user', async () => {
    highlevel()
      .get('/users/search')
      .query(searchOf(LOCATION_ID))
      .reply(200, { users: [documentedUser], count: 1 });
    const [mapped] = await appTester(perform, makeBundle({}, subAccountAuth()));
    const { sample } = operation;
    expect(sample).toBeDefined();
    expect(shape(sample ?? {})).toEqual(shape(mapped ?? {}));
  });

  it('is described for people who know the catalog name', () => {
    expect(App.triggers.list_users_by_location.display.description).toMatch(
      /^Triggers when .*List Users by Location/,
    );
  });
});
