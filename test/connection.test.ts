// lib/highlevel/connection.ts: how operations tell an agency connection from a sub-account one, including a
// Private Integration Token connection set up by hand without userType.
import nock from 'nock';
import zapier from 'zapier-platform-core';
import App from '../index';
import { companyIdOf, isSubAccount } from '../lib/highlevel/connection';
import { performOf } from '../dev/tour/harness';
import { highlevel } from './helpers/api';
import { ACCESS_TOKEN, COMPANY_ID, LOCATION_ID, makeBundle } from './helpers/bundle';

const appTester = zapier.createAppTester(App);

describe('isSubAccount', () => {
  it.each([
    [{ userType: 'Location', locationId: LOCATION_ID }, true],
    [{ userType: 'Company', locationId: LOCATION_ID }, false],
    [{ userType: 'Company' }, false],
    [{ locationId: LOCATION_ID }, true],
    [{}, false],
  ])('%j → %s', (authData, expected) => {
    expect(isSubAccount(authData)).toBe(expected);
  });
});

describe('companyIdOf', () => {
  it('reads the company from the connection', () => {
    expect(companyIdOf({ companyId: ` ${COMPANY_ID} ` })).toBe(COMPANY_ID);
  });

  it('asks to reconnect when the connection has no company', () => {
    expect(() => companyIdOf({})).toThrow(
      /does not know which HighLevel agency it belongs to\. Reconnect your HighLevel account in Zapier\./,
    );
    expect(() => companyIdOf({})).toThrow(
      expect.objectContaining({
        name: 'AppError',
        message: expect.not.stringContaining('companyId'),
      }),
    );
  });
});

describe('a hand-made Private Integration Token connection with a location and no userType', () => {
  const pit = { access_token: ACCESS_TOKEN, companyId: COMPANY_ID, locationId: LOCATION_ID };

  it('creates the user in the connected location when Locations is left empty', async () => {
    highlevel()
      .post('/users/', (body) => {
        expect(body.locationIds).toEqual([LOCATION_ID]);
        return true;
      })
      .reply(201, {
        id: 'newUser000000000001',
        email: 'a@b.co',
        roles: { locationIds: [LOCATION_ID] },
      });
    const user = await appTester(
      performOf('creates', 'create_user'),
      makeBundle(
        {
          firstName: 'A',
          lastName: 'B',
          email: 'a@b.co',
          password: 'Pw-123456-abcd',
          type: 'account',
          role: 'user',
        },
        pit,
      ),
    );
    expect(user).toMatchObject({ id: 'newUser000000000001', locationIds: [LOCATION_ID] });
  });

  it('searches its own location, with type and role as typed in any case', async () => {
    highlevel()
      .get('/users/search')
      .query({
        companyId: COMPANY_ID,
        locationId: LOCATION_ID,
        type: 'account',
        role: 'admin',
        sort: 'dateAdded',
        sortDirection: 'desc',
        limit: '100',
        skip: '0',
      })
      .reply(200, { users: [], count: 0 });
    const users = await appTester(
      performOf('triggers', 'search_users'),
      makeBundle({ type: 'Account', role: 'ADMIN' }, pit),
    );
    expect(users).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
