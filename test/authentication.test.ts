import nock from 'nock';
import zapier from 'zapier-platform-core';
import App from '../index';
import authentication from '../authentication';
import { API, highlevel } from './helpers/api';
import {
  AGENCY_USER_ID,
  agencyAuth,
  COMPANY_ID,
  LOCATION_ID,
  makeBundle,
  subAccountAuth,
} from './helpers/bundle';

const appTester = zapier.createAppTester(App);

const agencyUser = {
  id: AGENCY_USER_ID,
  name: 'Jane Doe',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@agency.com',
  roles: { type: 'agency', role: 'admin', locationIds: [LOCATION_ID], restrictSubAccount: false },
};

describe('authorize URL', () => {
  it('sends every OAuth parameter with the three scopes, space separated', async () => {
    const url = new URL(
      (await appTester(
        authentication.oauth2Config.authorizeUrl,
        makeBundle({
          redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/',
          state: 'st4te',
          userType: 'Company',
        }),
      )) as string,
    );
    expect(url.origin + url.pathname).toBe(
      'https://marketplace.gohighlevel.com/v2/oauth/chooselocation',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'test-client-id',
      redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/',
      state: 'st4te',
      scope: 'users.readonly users.write locations.readonly',
    });
    expect(url.search).toContain('scope=users.readonly%20users.write%20locations.readonly');
  });
});

describe('code exchange', () => {
  it.each([
    ['Company', { companyId: COMPANY_ID, userId: AGENCY_USER_ID }],
    ['Location', { companyId: COMPANY_ID, locationId: LOCATION_ID, userId: 'locUser' }],
  ])('posts a form with user_type=%s and keeps every account field', async (userType, account) => {
    nock(API)
      .post('/oauth/token', (body) => {
        expect(body).toEqual({
          client_id: 'test-client-id',
          client_secret: 'test-client-secret-value',
          grant_type: 'authorization_code',
          code: 'the-code',
          user_type: userType,
          redirect_uri: 'https://zapier.com/return',
        });
        return true;
      })
      .matchHeader('content-type', /application\/x-www-form-urlencoded/)
      .reply(200, {
        access_token: 'new-access',
        refresh_token: 'new-refresh',
        token_type: 'Bearer',
        expires_in: 86399,
        userType,
        ...account,
      });
    const result = await appTester(
      authentication.oauth2Config.getAccessToken,
      makeBundle({ code: 'the-code', redirect_uri: 'https://zapier.com/return', userType }, {}),
    );
    expect(result).toEqual({
      access_token: 'new-access',
      refresh_token: 'new-refresh',
      userType,
      ...account,
    });
  });
});

describe('refresh', () => {
  it('returns the rotated refresh token', async () => {
    nock(API)
      .post(
        '/oauth/token',
        (body) =>
          body.grant_type === 'refresh_token' &&
          body.refresh_token === agencyAuth().refresh_token &&
          body.user_type === 'Company',
      )
      .reply(200, {
        access_token: 'a2',
        refresh_token: 'r2',
        userType: 'Company',
        companyId: COMPANY_ID,
        userId: AGENCY_USER_ID,
      });
    const result = await appTester(
      authentication.oauth2Config.refreshAccessToken,
      makeBundle({}, agencyAuth()),
    );
    expect(result).toEqual({
      access_token: 'a2',
      refresh_token: 'r2',
      userType: 'Company',
      companyId: COMPANY_ID,
      userId: AGENCY_USER_ID,
    });
  });

  it('tells the user to reconnect when the refresh token is dead', async () => {
    nock(API).post('/oauth/token').reply(400, {
      error: 'invalid_grant',
      error_description: 'Invalid grant: refresh token is invalid',
    });
    await expect(
      appTester(authentication.oauth2Config.refreshAccessToken, makeBundle({}, agencyAuth())),
    ).rejects.toMatchObject({
      name: 'ExpiredAuthError',
      message: expect.stringMatching(/Reconnect your HighLevel account/),
    });
  });
});

describe('connection test and label', () => {
  it('reads the installing user and labels the connection', async () => {
    highlevel().get(`/users/${AGENCY_USER_ID}`).reply(200, agencyUser);
    const user = await appTester(authentication.test, makeBundle({}, agencyAuth()));
    expect(user).toMatchObject({ id: AGENCY_USER_ID, email: 'jane@agency.com', type: 'agency' });
    const label = await appTester(
      authentication.connectionLabel,
      makeBundle(user as Record<string, unknown>, agencyAuth()),
    );
    expect(label).toBe('Jane Doe (jane@agency.com) · Agency');
  });

  it('refreshes on Invalid JWT but not on a missing scope', async () => {
    highlevel()
      .get(`/users/${AGENCY_USER_ID}`)
      .reply(401, { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' });
    await expect(
      appTester(authentication.test, makeBundle({}, agencyAuth())),
    ).rejects.toMatchObject({ name: 'RefreshAuthError' });
    highlevel().get(`/users/locationUser00000001`).reply(401, {
      statusCode: 401,
      message: 'The token is not authorized for this scope.',
      error: 'Unauthorized',
    });
    await expect(
      appTester(authentication.test, makeBundle({}, subAccountAuth())),
    ).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining('users.readonly'),
    });
  });
});
