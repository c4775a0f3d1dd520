import zapier from 'zapier-platform-core';
import App from '../../index';
import { MISSING_SCOPE_CHOICE } from '../../triggers/location_choices';
import { highlevel } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import { ENDPOINT_WORDS, expectSampleFits } from '../helpers/users';

const appTester = zapier.createAppTester(App);
const trigger = App.triggers.location_choices;
const { operation } = trigger;
if (operation.type !== 'polling' || typeof operation.perform !== 'function') {
  throw new Error('location_choices must be a polling trigger with a perform function');
}
const perform = operation.perform;

// An item of GET /locations/search as HighLevel documents it (GetLocationSchema).
const documentedLocation = {
  id: LOCATION_ID,
  name: 'Mark Shoes',
  phone: '+1410039940',
  email: 'john.doe@mail.com',
  address: '4th fleet street',
  city: 'New York',
  state: 'Illinois',
  country: 'US',
  postalCode: '567654',
  website: 'https://yourwebsite.com',
  timezone: 'US/Central',
  settings: { allowDuplicateContact: false, allowDuplicateOpportunity: false },
  social: { facebookUrl: '', twitter: '' },
};

// GET /locations/{locationId} as HighLevel documents it (GetLocationByIdSchema, in `location`).
const documentedLocationById = {
  location: {
    id: LOCATION_ID,
    companyId: COMPANY_ID,
    name: 'dentist',
    domain: '',
    address: '47 W 13th St, New York, NY 10011, USA',
    city: 'motihari',
    state: 'Loca',
    country: 'IN',
    postalCode: '10011',
    website: 'https://yourwebsite.com',
    timezone: 'US/Central',
    firstName: 'Rosalia',
    lastName: 'Rane',
    email: 'rane@due.com',
    phone: '+1410039940',
    business: { name: 'dentist' },
    social: { facebookUrl: '' },
    settings: { allowDuplicateContact: false },
    reseller: {},
  },
};

const MISSING_SCOPE_BODY = {
  statusCode: 401,
  message: 'The token is not authorized for this scope.',
  error: 'Unauthorized',
};

const searchPage = (skip: string) => ({ companyId: COMPANY_ID, skip, limit: '100' });

describe('location_choices (Location dropdown)', () => {
  describe('on an agency connection', () => {
    it('lists the first 100 sub-accounts of the company', async () => {
      highlevel()
        .get('/locations/search')
        .query(searchPage('0'))
        .reply(200, { locations: [documentedLocation] });
      const result = await appTester(perform, makeBundle({}, agencyAuth(), { page: 0 }));
      expect(result).toEqual([
        {
          id: LOCATION_ID,
          name: 'Mark Shoes',
          email: 'john.doe@mail.com',
          city: 'New York',
          state: 'Illinois',
          country: 'US',
        },
      ]);
    });

    it.each([
      [1, '100'],
      [2, '200'],
    ])('asks page %i with skip %s, in one request', async (page, skip) => {
      highlevel()
        .get('/locations/search')
        .query(searchPage(skip))
        .reply(200, { locations: [{ id: 'loc2', name: 'Second' }] });
      const result = await appTester(perform, makeBundle({}, agencyAuth(), { page }));
      expect(result).toEqual([
        { id: 'loc2', name: 'Second', email: '', city: '', state: '', country: '' },
      ]);
    });

    it('returns [] past the last page', async () => {
      highlevel().get('/locations/search').query(searchPage('300')).reply(200, { locations: [] });
      await expect(appTester(perform, makeBundle({}, agencyAuth(), { page: 3 }))).resolves.toEqual(
        [],
      );
    });

    it('names a sub-account without a name by its ID', async () => {
      highlevel()
        .get('/locations/search')
        .query(searchPage('0'))
        .reply(200, { locations: [{ id: 'unnamedLocation00001', name: '  ' }] });
      const [item] = await appTester(perform, makeBundle({}, agencyAuth()));
      expect(item).toMatchObject({ id: 'unnamedLocation00001', name: 'unnamedLocation00001' });
    });

    it('without locations.readonly offers one item explaining why, instead of failing', async () => {
      highlevel().get('/locations/search').query(searchPage('0')).reply(401, MISSING_SCOPE_BODY);
      const result = await appTester(perform, makeBundle({}, agencyAuth()));
      expect(result).toEqual([MISSING_SCOPE_CHOICE]);
      expect(MISSING_SCOPE_CHOICE.name).toContain('locations.readonly');
    });

    it('without locations.readonly shows the explanation on the first page only', async () => {
      highlevel().get('/locations/search').query(searchPage('100')).reply(401, MISSING_SCOPE_BODY);
      await expect(appTester(perform, makeBundle({}, agencyAuth(), { page: 1 }))).resolves.toEqual(
        [],
      );
    });

    it('makes the explanation item fail, naming Sub-account, if it is ever picked', async () => {
      const newUser = App.triggers.search_users.operation;
      if (newUser.type !== 'polling' || typeof newUser.perform !== 'function') {
        throw new Error('search_users must be a polling trigger with a perform function');
      }
      const newUserPerform = newUser.perform;
      // No nock scope: the ID is refused before any request.
      await expect(
        appTester(
          newUserPerform,
          makeBundle({ locationId: MISSING_SCOPE_CHOICE.id }, agencyAuth()),
        ),
      ).rejects.toMatchObject({
        name: 'AppError',
        message: expect.stringContaining(
          'Sub-account (locationId) must be a single HighLevel sub-account ID: letters and digits only',
        ),
      });
    });

    itTurnsHighLevelErrors(
      highlevelErrors({
        scope: null,
        forbidden: 'Forbidden resource',
        invalid: ['limit must be a number string'],
      }),
      () => highlevel().get('/locations/search').query(searchPage('0')),
      () => appTester(perform, makeBundle({}, agencyAuth())),
    );
  });

  describe('on a sub-account connection', () => {
    it('offers just the connected sub-account, named by one Get Sub-Account call', async () => {
      highlevel().get(`/locations/${LOCATION_ID}`).reply(200, documentedLocationById);
      const result = await appTester(perform, makeBundle({}, subAccountAuth()));
      expect(result).toEqual([
        {
          id: LOCATION_ID,
          name: 'dentist',
          email: 'rane@due.com',
          city: 'motihari',
          state: 'Loca',
          country: 'IN',
        },
      ]);
    });

    it('has nothing more on later pages, and asks nothing', async () => {
      await expect(
        appTester(perform, makeBundle({}, subAccountAuth(), { page: 1 })),
      ).resolves.toEqual([]);
    });

    it('without locations.readonly still offers the connected sub-account', async () => {
      highlevel().get(`/locations/${LOCATION_ID}`).reply(401, MISSING_SCOPE_BODY);
      const result = await appTester(perform, makeBundle({}, subAccountAuth()));
      expect(result).toEqual([
        {
          id: LOCATION_ID,
          name: `Connected sub-account (${LOCATION_ID})`,
          email: '',
          city: '',
          state: '',
          country: '',
        },
      ]);
    });

    // Only the missing scope is answered with an item: every other failure is shown.
    itTurnsHighLevelErrors(
      highlevelErrors({
        scope: null,
        notFound: { message: 'Location not found', what: 'what was asked for' },
      }),
      () => highlevel().get(`/locations/${LOCATION_ID}`),
      () => appTester(perform, makeBundle({}, subAccountAuth())),
    );
  });

  it('has a sample shaped like its output', async () => {
    highlevel()
      .get('/locations/search')
      .query(searchPage('0'))
      .reply(200, { locations: [documentedLocation] });
    const [item] = await appTester(perform, makeBundle({}, agencyAuth()));
    expectSampleFits(operation.sample, operation.outputFields, item ?? {});
  });

  it('labels the sub-account fields in Zapier words', () => {
    expect(trigger.display.label).toBe('Sub-account Choices');
    expect(trigger.display.description).not.toMatch(ENDPOINT_WORDS);
    expect(JSON.stringify(operation.sample)).not.toMatch(
      /0IHuJvc2ofPAAA8GzTRi|ve9EPM428h8vShlRW1KT/,
    );
  });

  it('is a hidden, paginated dropdown source', () => {
    expect(trigger.display.hidden).toBe(true);
    expect(operation.canPaginate).toBe(true);
    expect(trigger.display.description).toMatch(/^Triggers when /);
    expect(trigger.display.description).not.toMatch(ENDPOINT_WORDS);
  });
});
