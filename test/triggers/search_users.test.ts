import zapier from 'zapier-platform-core';
import App from '../../index';
import { compiledApp } from '../helpers/definition';
import { highlevel } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import {
  documentedSearchUser as documentedUser,
  mappedSearchUser,
  ENDPOINT_WORDS,
  expectSampleFits,
} from '../helpers/users';

const appTester = zapier.createAppTester(App);
const { operation } = App.triggers.search_users;
if (operation.type !== 'polling' || typeof operation.perform !== 'function') {
  throw new Error('search_users must be a polling trigger with a perform function');
}
const perform = operation.perform;

const secondUser = {
  id: 'secondUser0000000001',
  name: 'Ann Lee',
  firstName: 'Ann',
  lastName: 'Lee',
  email: 'ann@agency.com',
  roles: { type: 'agency', role: 'user', locationIds: [], restrictSubAccount: false },
};

const newestFirst = { sort: 'dateAdded', sortDirection: 'desc', limit: '100', skip: '0' };

describe('search_users (New User)', () => {
  it('asks one page of the company, newest first, and returns the whole mapped user', async () => {
    highlevel()
      .get('/users/search')
      .query({ companyId: COMPANY_ID, ...newestFirst })
      .reply(200, { users: [documentedUser], count: 1 });
    const result = await appTester(perform, makeBundle({}, agencyAuth()));
    expect(result).toEqual([mappedSearchUser]);
  });

  it('sends every filter that is set, exactly', async () => {
    highlevel()
      .get('/users/search')
      .query({
        companyId: COMPANY_ID,
        query: 'john@deo.com',
        locationId: LOCATION_ID,
        type: 'account',
        role: 'admin',
        ...newestFirst,
      })
      .reply(200, { users: [documentedUser, secondUser], count: 2 });
    const result = await appTester(
      perform,
      makeBundle(
        { query: '  john@deo.com ', locationId: LOCATION_ID, type: 'account', role: 'admin' },
        agencyAuth(),
      ),
    );
    // HighLevel's order (newest first) is kept.
    expect(result.map((user) => user.id)).toEqual([documentedUser.id, secondUser.id]);
  });

  it('leaves out filters left empty', async () => {
    highlevel()
      .get('/users/search')
      .query({ companyId: COMPANY_ID, role: 'user', ...newestFirst })
      .reply(200, { users: [secondUser], count: 1 });
    const result = await appTester(
      perform,
      makeBundle({ query: '   ', locationId: '', type: '', role: 'user' }, agencyAuth()),
    );
    expect(result).toHaveLength(1);
  });

  it('on a sub-account connection searches the connected location by default', async () => {
    highlevel()
      .get('/users/search')
      .query({ companyId: COMPANY_ID, locationId: LOCATION_ID, ...newestFirst })
      .reply(200, { users: [documentedUser], count: 1 });
    const result = await appTester(perform, makeBundle({}, subAccountAuth()));
    expect(result.map((user) => user.id)).toEqual([documentedUser.id]);
  });

  it('on a sub-account connection refuses another sub-account, naming it, sending nothing', async () => {
    // No nock scope: a request would fail with NetConnectNotAllowedError instead.
    await expect(
      appTester(perform, makeBundle({ locationId: 'otherLocation0000001' }, subAccountAuth())),
    ).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining(
        `Sub-account (locationId) must be this connection's own sub-account (${LOCATION_ID}) or empty`,
      ),
    });
  });

  it('returns [] when no user matches', async () => {
    highlevel()
      .get('/users/search')
      .query({ companyId: COMPANY_ID, query: 'nobody', ...newestFirst })
      .reply(200, { users: [], count: 0 });
    await expect(
      appTester(perform, makeBundle({ query: 'nobody' }, agencyAuth())),
    ).resolves.toEqual([]);
  });

  it('reports a response without a users list instead of crashing', async () => {
    highlevel().get('/users/search').query(true).reply(200, { data: [] });
    await expect(appTester(perform, makeBundle({}, agencyAuth()))).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining(
        'HighLevel returned an unexpected response for the user search; please try again',
      ),
    });
  });

  itTurnsHighLevelErrors(
    highlevelErrors({
      scope: 'users.readonly',
      invalid: ['limit must not be greater than 100', 'skip must be a number string'],
    }),
    () =>
      highlevel()
        .get('/users/search')
        .query({ companyId: COMPANY_ID, ...newestFirst }),
    () => appTester(perform, makeBundle({}, agencyAuth())),
  );

  it.each([
    ['an unknown role', { role: 'owner' }, 'Role (role) must be one of: admin, user'],
    ['an unknown type', { type: 'staff' }, 'User Type (type) must be one of: agency, account'],
    [
      'a sub-account ID with a slash',
      { locationId: 'abc/def' },
      'Sub-account (locationId) must be a single HighLevel sub-account ID: letters and digits only',
    ],
    [
      'an overlong query',
      { query: 'x'.repeat(300) },
      'Search Query (query) must be at most 255 characters',
    ],
  ])('refuses %s before any request, naming the field', async (_what, inputData, message) => {
    // No nock scope: a request would fail with NetConnectNotAllowedError, not this error.
    await expect(appTester(perform, makeBundle(inputData, agencyAuth()))).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining(message),
    });
  });

  it('asks for a reconnection when the connection has no company ID', async () => {
    const auth = agencyAuth();
    delete auth.companyId;
    await expect(appTester(perform, makeBundle({}, auth))).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining(
        'This connection does not know which HighLevel agency it belongs to. Reconnect your ' +
          'HighLevel account in Zapier.',
      ),
    });
  });

  it('has a sample shaped like a mapped HighLevel user', async () => {
    highlevel()
      .get('/users/search')
      .query(true)
      .reply(200, { users: [documentedUser], count: 1 });
    const [mapped] = await appTester(perform, makeBundle({}, agencyAuth()));
    expectSampleFits(
      compiledApp.triggers.search_users.operation.sample,
      compiledApp.triggers.search_users.operation.outputFields,
      mapped ?? {},
    );
  });

  it('is described in Zapier words, naming no endpoint', () => {
    const { display } = App.triggers.search_users;
    expect(display.label).toBe('New User');
    expect(display.description).toMatch(/^Triggers when any new HighLevel user is added/);
    expect(display.description).not.toMatch(ENDPOINT_WORDS);
  });
});
