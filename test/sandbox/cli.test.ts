import { banner, parseArgs } from '../../dev/sandbox/cli';
import { startSandbox } from '../../dev/sandbox/server';

describe('sandbox CLI', () => {
  it('parses flags (space or = forms) with 4010 as the default port', () => {
    expect(parseArgs([], {})).toEqual({ port: 4010, quiet: false });
    expect(parseArgs([], { SANDBOX_PORT: '4555' }).port).toBe(4555);
    expect(
      parseArgs(
        [
          '--port',
          '4011',
          '--users=500',
          '--locations',
          '7',
          '--seed',
          '9',
          '--token-ttl',
          '60',
          '--delete-delay',
          '10',
          '--no-rate-limit',
          '--quiet',
        ],
        { SANDBOX_PORT: '4555' },
      ),
    ).toEqual({
      port: 4011,
      users: 500,
      locations: 7,
      seed: 9,
      accessTokenTtlSeconds: 60,
      deleteDelayMs: 10,
      rateLimit: false,
      quiet: true,
    });
    expect(() => parseArgs(['--bogus'], {})).toThrow(/Unknown option/);
    expect(() => parseArgs(['--users', 'many'], {})).toThrow(/integer/);
    expect(() => parseArgs(['--port'], {})).toThrow(/needs a value/);
  });

  it('prints the URL, credentials, both token sets and the .env lines', async () => {
    const sb = await startSandbox();
    try {
      const text = banner(sb);
      for (const needle of [
        sb.url,
        sb.clientId,
        sb.clientSecret,
        sb.agency.access_token,
        sb.agency.refresh_token,
        sb.subAccount.access_token,
        sb.subAccount.refresh_token,
        `GHL_API_BASE_URL=${sb.url}`,
        `authData_access_token=${sb.agency.access_token}`,
        `authData_companyId=${sb.company.id}`,
        `authData_userId=${sb.agency.userId}`,
        'authData_userType=Company',
        `authData_locationId=${sb.subAccount.locationId}`,
        'npx zapier-platform invoke trigger search_users',
      ]) {
        expect(text).toContain(needle);
      }
    } finally {
      await sb.close();
    }
  });
});
