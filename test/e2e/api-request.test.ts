// API Request end to end: the step through Zapier's runtime against a running sandbox, each call
// read back from the sandbox's request log (one request, the path and query typed, nothing for a
// refused input), and HighLevel's refusals as a Zapier user reads them.
import type { ApiRequestOutput } from '../../creates/api_request';
import type { AuthData } from '../../dev/tour/harness';
import { authDataOf } from '../helpers/bundle';
import { failureOf, userMessage } from '../helpers/errors';
import { invoker, line, requestsDuring } from '../helpers/invoke';
import { sandboxForFile, storedUser } from '../helpers/sandbox';

const sandbox = sandboxForFile({ users: 30 });
const invoke = invoker(sandbox);

let agency: AuthData;
let sub: AuthData;
let subLocation: string;
beforeAll(() => {
  agency = authDataOf(sandbox().agency);
  sub = authDataOf(sandbox().subAccount);
  subLocation = sandbox().subAccount.locationId ?? '';
});

const apiRequest = (authData: AuthData, inputData: Record<string, unknown>) =>
  invoke<ApiRequestOutput>('creates', 'api_request', authData, inputData);

type Users = { users: Array<{ id: string; email: string }>; count: number };

describe('API Request (api_request) against the sandbox', () => {
  it('agency: GET /users/search returns the users, in one request with the query typed', async () => {
    const { result, requests } = await apiRequest(agency, {
      method: 'GET',
      path: '/users/search',
      params: { companyId: agency.companyId, limit: '10', skip: '0' },
    });
    expect(requests.map(line)).toEqual(['GET /users/search']);
    expect(requests[0].query).toEqual({ companyId: agency.companyId, limit: '10', skip: '0' });
    expect(result.status).toBe(200);
    const data = result.data as Users;
    expect(data.users).toHaveLength(10);
    expect(data.count).toBeGreaterThanOrEqual(30);
    // The same users the sandbox holds.
    const first = await storedUser(sandbox(), data.users[0].id);
    expect(first).toMatchObject({ id: data.users[0].id, email: data.users[0].email });
    // The rate-limit headers every HighLevel answer carries, and nothing else but the type.
    expect(Object.keys(result.headers).sort()).toEqual([
      'content-type',
      'x-ratelimit-daily-remaining',
      'x-ratelimit-interval-milliseconds',
      'x-ratelimit-limit-daily',
      'x-ratelimit-max',
      'x-ratelimit-remaining',
    ]);
    expect(Number(result.headers['x-ratelimit-remaining'])).toBeGreaterThanOrEqual(0);
  });

  it('sub-account: GET /locations/{id} returns the connected sub-account', async () => {
    const { result, requests } = await apiRequest(sub, { path: `/locations/${subLocation}` });
    expect(requests.map(line)).toEqual([`GET /locations/${subLocation}`]);
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({
      location: {
        id: subLocation,
        name: sandbox().locations.find((l) => l.id === subLocation)?.name,
      },
    });
  });

  it('agency: POST /users/ with a JSON body creates the user the sandbox then holds', async () => {
    const body = {
      companyId: agency.companyId,
      firstName: 'Api',
      lastName: 'Request',
      email: 'api.request@example.com',
      password: 'Sandbox-Password-1',
      type: 'account',
      role: 'user',
      locationIds: [subLocation],
    };
    const { result, requests } = await apiRequest(agency, {
      method: 'POST',
      path: '/users/',
      body: JSON.stringify(body, null, 2),
    });
    expect(requests.map(line)).toEqual(['POST /users/']);
    expect(result.status).toBe(201);
    const created = result.data as { id: string };
    expect(await storedUser(sandbox(), created.id)).toMatchObject({
      email: body.email,
      firstName: 'Api',
      lastName: 'Request',
    });
  });

  it("an API Version the endpoint does not take comes back in the sandbox's words", async () => {
    const err = await failureOf(() =>
      apiRequest(agency, { path: '/users/search', version: '2021-04-15' }),
    );
    expect(userMessage(err)).toContain(
      'HighLevel rejected the request (HTTP 400): Version header "2021-04-15" is not supported by this endpoint',
    );
  });

  it('an endpoint HighLevel does not have is a 404 in its words', async () => {
    const err = await failureOf(() => apiRequest(agency, { path: '/no-such-endpoint' }));
    expect(userMessage(err)).toBe(
      'HighLevel could not find what was asked for (HTTP 404: Cannot GET /no-such-endpoint). ' +
        'Check the ID, or whether it was deleted.',
    );
  });

  it('a token without locations.readonly is told which scope to add', async () => {
    const limited = sandbox().mintToken({
      userType: 'Location',
      locationId: subLocation,
      scopes: ['users.readonly', 'users.write'],
    });
    const err = await failureOf(() =>
      apiRequest(authDataOf(limited), { path: `/locations/${subLocation}` }),
    );
    expect(userMessage(err)).toContain('the token lacks the "locations.readonly" scope');
  });

  it.each([
    ['a full URL', { path: `${'https'}://evil.example/users/search` }, 'Path (path)'],
    ['..', { path: '/users/../oauth/token' }, 'Path (path)'],
    ['the token endpoint', { method: 'POST', path: '/oauth/token', body: '{}' }, 'Path (path)'],
    ['a body with GET', { path: '/users/search', body: '{"a": 1}' }, 'Body (JSON) (body)'],
    ['a bad version', { path: '/users/search', version: 'latest' }, 'API Version (version)'],
  ])('%s is refused and sends nothing', async (_case, inputData, field) => {
    const requests = await requestsDuring(sandbox(), async () => {
      const err = await failureOf(() => apiRequest(agency, inputData));
      expect(err.name).toBe('AppError');
      expect(userMessage(err)).toMatch(
        new RegExp(`^Please fix this field: ${field.replace(/[()]/g, '\\$&')}`),
      );
    });
    expect(requests).toEqual([]);
  });
});
