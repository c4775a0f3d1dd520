import { createPublicKey } from 'crypto';
import { parse as parseDotenv } from 'dotenv';
import { banner, parseArgs } from '../../dev/sandbox/cli';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';

/** The lines of one printed `.env` block: from its `# title` line to the next blank line. */
function envBlock(text: string, title: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`# ${title}`));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start, end).join('\n');
}

const appEnv = (sb: Sandbox) => ({
  GHL_API_BASE_URL: sb.url,
  GHL_AUTHORIZE_BASE_URL: sb.url,
  CLIENT_ID: sb.clientId,
  CLIENT_SECRET: sb.clientSecret,
});

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
    expect(parseArgs(['--webhook-url', 'http://127.0.0.1:5000/hook'], {}).webhookUrl).toBe(
      'http://127.0.0.1:5000/hook',
    );
    expect(parseArgs(['--webhook-url=http://localhost:5000/h'], {}).webhookUrl).toBe(
      'http://localhost:5000/h',
    );
    expect(() => parseArgs(['--webhook-url'], {})).toThrow(/needs a value/);
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

  it('each .env block works pasted as printed (dotenv, as zapier-platform invoke reads .env)', async () => {
    const sb = await startSandbox();
    try {
      const text = banner(sb);
      const s = sb.subAccount;
      expect(parseDotenv(envBlock(text, 'Sub-account connection'))).toEqual({
        ...appEnv(sb),
        authData_access_token: s.access_token,
        authData_refresh_token: s.refresh_token,
        authData_companyId: s.companyId,
        authData_locationId: s.locationId,
        authData_userId: s.userId,
        authData_userType: 'Location',
      });
      const a = sb.agency;
      expect(parseDotenv(envBlock(text, 'Agency connection'))).toEqual({
        ...appEnv(sb),
        authData_access_token: a.access_token,
        authData_refresh_token: a.refresh_token,
        authData_companyId: a.companyId,
        authData_userId: a.userId,
        authData_userType: 'Company',
      });
    } finally {
      await sb.close();
    }
  });

  it('prints the webhook signing keys as .env lines: one line each, PEM breaks written \\n', async () => {
    const sb = await startSandbox();
    try {
      const text = banner(sb);
      const oneLine = (pem: string): string => pem.trim().replaceAll('\n', '\\n');
      const block = envBlock(text, 'Webhook signing keys');
      expect(block.split('\n')).toEqual([
        "# Webhook signing keys (this sandbox's own, new at every start)",
        `GHL_WEBHOOK_PUBLIC_KEY=${oneLine(sb.webhookKeys.ed25519)}`,
        `GHL_WEBHOOK_RSA_PUBLIC_KEY=${oneLine(sb.webhookKeys.rsa)}`,
      ]);
      expect(block).toMatch(
        /^GHL_WEBHOOK_PUBLIC_KEY=-----BEGIN PUBLIC KEY-----\\n[A-Za-z0-9+/=]+\\n-----END PUBLIC KEY-----$/m,
      );
      // dotenv keeps the escapes as they are; turning them back into line breaks gives the key.
      const env = parseDotenv(block);
      expect(Object.keys(env)).toEqual(['GHL_WEBHOOK_PUBLIC_KEY', 'GHL_WEBHOOK_RSA_PUBLIC_KEY']);
      const pem = (value: string | undefined): string => `${value?.replaceAll('\\n', '\n')}\n`;
      expect(pem(env.GHL_WEBHOOK_PUBLIC_KEY)).toBe(sb.webhookKeys.ed25519);
      expect(pem(env.GHL_WEBHOOK_RSA_PUBLIC_KEY)).toBe(sb.webhookKeys.rsa);
      expect(createPublicKey(pem(env.GHL_WEBHOOK_PUBLIC_KEY)).asymmetricKeyType).toBe('ed25519');
      expect(createPublicKey(pem(env.GHL_WEBHOOK_RSA_PUBLIC_KEY)).asymmetricKeyType).toBe('rsa');
      expect(text).toContain(`curl -X POST ${sb.url}/_sandbox/webhook`);
    } finally {
      await sb.close();
    }
  });

  it('says where webhooks go when --webhook-url is given', async () => {
    const sb = await startSandbox(
      parseArgs(['--port', '0', '--quiet', '--webhook-url', 'http://127.0.0.1:5999/hook'], {}),
    );
    try {
      expect(sb.webhook().url).toBe('http://127.0.0.1:5999/hook');
      expect(banner(sb)).toContain('Webhooks (user events, signed): http://127.0.0.1:5999/hook');
    } finally {
      await sb.close();
    }
  });

  it('prints the expire-tokens curl line with the port it listens on, and that line works', async () => {
    const sb = await startSandbox(parseArgs(['--port', '0', '--quiet'], {}));
    try {
      expect(sb.port).toBeGreaterThan(0);
      const line = `curl -X POST http://127.0.0.1:${sb.port}/_sandbox/expire-tokens`;
      const text = banner(sb);
      expect(text.split('\n').map((l) => l.trim())).toContain(line);
      const url = line.slice('curl -X POST '.length);
      const r = await fetch(url, { method: 'POST' });
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ expired: 2 });
    } finally {
      await sb.close();
    }
  });
});
