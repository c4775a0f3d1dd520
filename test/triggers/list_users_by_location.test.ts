import zapier from 'zapier-platform-core';
import App from '../../index';
import { compiledApp } from '../helpers/definition';
import { highlevel } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import {
  documentedSearchUser,
  mappedSearchUser,
  ENDPOINT_WORDS,
  expectSampleFits,
} from '../helpers/users';

const appTester = zapier.createAppTester(App);
const { operation } = App.triggers.list_users_by_location;
if (operation.type !== 'polling' || typeof operation.perform !== 'function') {
  throw new Error('list_users_by_location must be a polling trigger with a perform function');
}
const perform = operation.perform;

const OTHER_LOCATION = 'otherLocation0000001';

// A user of two locations, as Search Users documents it.
const documentedUser = {
  ...documentedSearchUser,
  roles: {
    type: 'account',
    role: 'user',
    locationIds: [LOCATION_ID, OTHER_LOCATION],
    restrictSubAccount: false,
  },
  platformLanguage: 'fr_CA',
};

/** Search Users for one location, newest first, one page: never the deprecated GET /users/. */
const searchOf = (locationId: string) => ({
  companyId: COMPANY_ID,
  locationId,
  sort: 'dateAdded',
  sortDirection: 'desc',
  limit: '100',
  skip: '0',
});

describe('list_users_by_location (New User in Sub-account)', () => {
  /** The Sub-account field as the form shows it for this connection. */
  const locationFieldFor = async (auth: Record<string, string>) => {
    const [fields] = operation.inputFields ?? [];
    if (typeof fields !== 'function')
      throw new Error('the Sub-account field must depend on the connection');
    const result: unknown = await appTester(fields, makeBundle({}, auth));
    expect(Array.isArray(result)).toBe(true);
    return (result as Array<Record<string, unknown>>)[0];
  };

  it('requires the Sub-account on an Agency connection', async () => {
    expect(await locationFieldFor(agencyAuth())).toMatchObject({
      key: 'locationId',
      label: 'Sub-account',
      required: true,
      dynamic: 'location_choices.id.name',
      helpText: 'The sub-account whose new users run the Zap.',
    });
  });

  it('leaves the Sub-account optional on a Sub-account connection', async () => {
    expect(await locationFieldFor(subAccountAuth())).toMatchObject({
      key: 'locationId',
      label: 'Sub-account',
      required: false,
      dynamic: 'location_choices.id.name',
      helpText: 'Leave empty for the connected sub-account; its new users run the Zap.',
    });
  });

  it('on a sub-account connection watches the connected location by default', async () => {
    highlevel()
      .get('/users/search')
      .query(searchOf(LOCATION_ID))
      .reply(200, { users: [documentedUser], count: 1 });
    const result = await appTester(perform, makeBundle({}, subAccountAuth()));
    expect(result).toEqual([
      {
        ...mappedSearchUser,
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

  it('on a sub-account connection refuses another sub-account, sending nothing', async () => {
    await expect(
      appTester(perform, makeBundle({ locationId: 'otherLocation0000001' }, subAccountAuth())),
    ).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining("must be this connection's own sub-account"),
    });
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
    [
      'no sub-account on an agency connection',
      {},
      'Please fix this field: Sub-account (locationId) is required on an Agency connection: pick ' +
        'the sub-account whose new users should run this Zap.',
    ],
    [
      'an empty sub-account on an agency connection',
      { locationId: '  ' },
      'Please fix this field: Sub-account (locationId) is required on an Agency connection',
    ],
    [
      'a sub-account ID with a slash',
      { locationId: 'abc/def' },
      'Please fix this field: Sub-account (locationId) must be a single HighLevel sub-account ID: ' +
        'letters and digits only, like Tq8v2LmZ4xNc7RbW1sKd.',
    ],
  ])('refuses %s before any request, naming the field', async (_what, inputData, message) => {
    // No nock scope: a request would fail with NetConnectNotAllowedError, not this error.
    await expect(appTester(perform, makeBundle(inputData, agencyAuth()))).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining(message),
    });
  });

  itTurnsHighLevelErrors(
    highlevelErrors({
      scope: 'users.readonly',
      invalid: ['locationId must be a string', 'companyId should not be empty'],
    }),
    () => highlevel().get('/users/search').query(searchOf(LOCATION_ID)),
    () => appTester(perform, makeBundle({}, subAccountAuth())),
  );

  it('has a sample shaped like a mapped HighLevel user', async () => {
    highlevel()
      .get('/users/search')
      .query(searchOf(LOCATION_ID))
      .reply(200, { users: [documentedUser], count: 1 });
    const [mapped] = await appTester(perform, makeBundle({}, subAccountAuth()));
    expectSampleFits(
      compiledApp.triggers.list_users_by_location.operation.sample,
      compiledApp.triggers.list_users_by_location.operation.outputFields,
      mapped ?? {},
    );
  });

  it('is described in Zapier words, naming no endpoint', () => {
    const { display } = App.triggers.list_users_by_location;
    expect(display.label).toBe('New User in Sub-account');
    expect(display.description).toBe(
      'Triggers when a new user is added to the one HighLevel sub-account you pick.',
    );
    expect(display.description).not.toMatch(ENDPOINT_WORDS);
  });
});
