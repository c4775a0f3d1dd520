// What a step hands on must carry no secret: Zapier keeps every output in task history and passes
// it to later steps (Slack, email, sheets). HighLevel's answers here echo the connection's tokens,
// the client secret and the password, nested, as text, as JSON, URL-encoded, in headers; every
// operation runs through core's own runtime, and its output must show "[hidden]" instead. The
// sign-in's authorization code must not reach core's log stream either.
import nock from 'nock';
import { performOf } from '../../dev/tour/harness';
import { API } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle } from '../helpers/bundle';
import { authentication } from '../helpers/definition';
import { createRunner } from '../helpers/invoke';
import { captureLogs } from '../helpers/logs';
import { documentedUser } from '../helpers/users';
import { checkAll, found, type Case } from './hostile-cases';
import { tallyFor } from './tally';

const tally = tallyFor(__filename);
const appTester = createRunner();

// Distinctive values: "test-" keeps the repository's secret check quiet about this file.
const SECRETS = {
  accessToken: 'test-out-access-2b7e9f13c6d4a8',
  refreshToken: 'test-out-refresh-5c1d8a9e0b3f47',
  clientSecret: 'test-out-client-secret-8e2f4a6c',
  password: 'test-out-Passw0rd!-3d9c',
};
const CODE = 'test-out-authorization-code-7a1e4c9b2d';

const auth = () => ({
  ...agencyAuth(),
  access_token: SECRETS.accessToken,
  refresh_token: SECRETS.refreshToken,
});

const logs = captureLogs({ CLIENT_SECRET: SECRETS.clientSecret });

/** HighLevel's API as these cases need it: the connection's token, nothing else checked. */
const hl = () => nock(API, { reqheaders: { authorization: `Bearer ${SECRETS.accessToken}` } });

/** Every form an echoed secret may take in an answer. */
const echoes = (secret: string) => ({
  nested: { deep: { deeper: [{ note: `see ${secret}` }] } },
  encoded: encodeURIComponent(`${secret}/x`),
  json: JSON.stringify({ echoed: secret }),
  [secret]: 'as a key',
});

const all = {
  accessToken: SECRETS.accessToken,
  refreshToken: SECRETS.refreshToken,
  clientSecret: SECRETS.clientSecret,
};

const leakedIn = (output: unknown, secrets: Record<string, string> = all): string[] => {
  const text = JSON.stringify(output);
  return [
    ...found(text, secrets),
    ...found(decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, '')), secrets),
  ];
};

const echoingUser = (secret: string) => ({
  ...documentedUser,
  extension: secret,
  profilePhoto: `https://example.com/${secret}.png`,
  custom: echoes(secret),
});

afterEach(() => nock.cleanAll());

describe('no secret in any step output', () => {
  const op = (kind: 'triggers' | 'creates' | 'searches', key: string) => performOf(kind, key);

  it('every operation, with HighLevel echoing the connection and the app secrets', async () => {
    const cases: Case[] = Object.values(all).flatMap((secret) => [
      {
        name: `Updated User echoing ${secret}`,
        run: async () => {
          hl().get(`/users/${documentedUser.id}`).reply(200, echoingUser(secret));
          // The editor's test shows the user as it is (a poll shows only changes).
          const output = await appTester(
            op('triggers', 'get_user'),
            makeBundle({ userId: documentedUser.id }, auth(), { isLoadingSample: true }),
          );
          expect(leakedIn(output)).toEqual([]);
          expect(JSON.stringify(output)).toContain('[hidden]');
        },
      },
      {
        name: `New User echoing ${secret}`,
        run: async () => {
          hl()
            .get('/users/search')
            .query(true)
            .reply(200, { users: [echoingUser(secret)], count: 1 });
          const output = await appTester(op('triggers', 'search_users'), makeBundle({}, auth()));
          expect(leakedIn(output)).toEqual([]);
        },
      },
      {
        name: `Find User echoing ${secret}`,
        run: async () => {
          hl()
            .post('/users/search/filter-by-email')
            .reply(200, { users: [{ ...echoingUser(secret), email: 'john@deo.com' }], count: 1 });
          const output = await appTester(
            op('searches', 'find_user'),
            makeBundle({ email: 'john@deo.com' }, auth()),
          );
          expect(leakedIn(output)).toEqual([]);
        },
      },
      {
        name: `Delete User's message echoing ${secret}`,
        run: async () => {
          hl()
            .delete(`/users/${documentedUser.id}`)
            .reply(200, { succeded: true, message: `Queued deleting user ${secret}` });
          const output = await appTester(
            op('creates', 'delete_user'),
            makeBundle({ userId: documentedUser.id }, auth()),
          );
          expect(output).toEqual({
            id: documentedUser.id,
            deleted: true,
            message: 'Queued deleting user [hidden]',
          });
        },
      },
      {
        name: `API Request's JSON data echoing ${secret}`,
        run: async () => {
          hl().get('/contacts/').reply(200, echoes(secret));
          const output = await appTester(
            op('creates', 'api_request'),
            makeBundle({ path: '/contacts/' }, auth()),
          );
          expect(leakedIn(output)).toEqual([]);
        },
      },
      {
        name: `API Request's text data and headers echoing ${secret}`,
        run: async () => {
          hl().get('/funnels/page').reply(200, `<p>token=${secret}</p>`, {
            'Content-Type': 'text/html',
            'X-RateLimit-Max': secret,
          });
          const output = await appTester(
            op('creates', 'api_request'),
            makeBundle({ path: '/funnels/page' }, auth()),
          );
          expect(leakedIn(output)).toEqual([]);
          expect(output).toMatchObject({
            data: '<p>token=[hidden]</p>',
            headers: { 'x-ratelimit-max': '[hidden]' },
          });
        },
      },
    ]);
    await checkAll(tally, 'Secrets in outputs', cases);
  });

  it("Create and Update User keep the password out, even when HighLevel's answer nests the request", async () => {
    const create = {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@example.com',
      type: 'account',
      role: 'user',
      locationIds: [LOCATION_ID],
    };
    // nock hands a reply function the request itself.
    const sentBody = async (request: Request) => (await request.json()) as Record<string, unknown>;
    const nestsTheRequest = async (request: Request) => {
      const body = await sentBody(request);
      return { ...documentedUser, request: body, note: `password was ${String(body.password)}` };
    };
    const cases: Case[] = [
      {
        name: 'Create User with a password typed',
        run: async () => {
          hl().post('/users/').reply(201, nestsTheRequest);
          const output = await appTester(
            performOf('creates', 'create_user'),
            makeBundle({ ...create, password: SECRETS.password }, auth()),
          );
          expect(leakedIn(output, { ...all, password: SECRETS.password })).toEqual([]);
        },
      },
      {
        name: 'Create User with the password it made up',
        run: async () => {
          let sent = '';
          hl()
            .post('/users/')
            .reply(201, async (request: Request) => {
              sent = String((await sentBody(request.clone())).password);
              return nestsTheRequest(request);
            });
          const output = await appTester(
            performOf('creates', 'create_user'),
            makeBundle(create, auth()),
          );
          expect(sent).toHaveLength(24);
          expect(leakedIn(output, { ...all, generated: sent })).toEqual([]);
        },
      },
      {
        name: 'Update User with a new password',
        run: async () => {
          hl().put(`/users/${documentedUser.id}`).reply(200, nestsTheRequest);
          const output = await appTester(
            performOf('creates', 'update_user'),
            makeBundle({ userId: documentedUser.id, password: SECRETS.password }, auth()),
          );
          expect(leakedIn(output, { ...all, password: SECRETS.password })).toEqual([]);
        },
      },
    ];
    await checkAll(tally, 'Secrets in outputs', cases);
  });
});

describe("the sign-in's authorization code stays out of core's log stream", () => {
  it.each([
    [
      'granted',
      200,
      {
        access_token: 'test-out-new-access-0123456789',
        refresh_token: 'test-out-new-refresh-0123456789',
        userType: 'Company',
        companyId: COMPANY_ID,
        userId: 'agencyUser0000000001',
      },
    ],
    ['refused, HighLevel quoting it', 400, { statusCode: 400, message: `Invalid grant: ${CODE}` }],
  ] as const)('code exchange %s', (_name, status, answer) =>
    tally.hostile('Code in the logs', async () => {
      nock(API).post('/oauth/token').reply(status, answer);
      logs.clear();
      const outcome = await appTester(
        authentication.oauth2Config.getAccessToken,
        makeBundle(
          {
            code: CODE,
            redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App1CLIAPI/',
            userType: 'Company',
          },
          {},
        ),
      ).catch((err: Error) => err);
      // Core logged the request (so the check below looked at something real)...
      expect(logs.text()).toContain('/oauth/token');
      expect(logs.text()).toContain('grant_type=authorization_code');
      // ...with the code censored, and nowhere else either.
      expect(found(logs.text(), { code: CODE })).toEqual([]);
      expect(
        found(JSON.stringify(outcome instanceof Error ? outcome.message : outcome), { code: CODE }),
      ).toEqual([]);
      // What Zapier stores is only what the exchange returned.
      if (status === 200) expect(outcome).not.toHaveProperty('authorization_code');
    }),
  );
});
