// Secrets stay out of the repository and traffic stays encrypted: .env is git-ignored,
// .env.example documents every variable with no real value, the secret check runs in `npm test`
// and catches a real-looking credential, and only HTTPS leaves the app (plain HTTP only to
// loopback, for the sandbox).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import zapier, { type ZObject } from 'zapier-platform-core';
import App from '../../index';
import { recordHighLevel } from '../helpers/api';
import { agencyAuth, makeBundle } from '../helpers/bundle';
import { authentication } from '../helpers/definition';
import { failureOf, userMessage } from '../helpers/errors';
import type { Kind } from '../helpers/invoke';
import { performOf } from '../../dev/tour/harness';
import { tallyFor } from './tally';

const tally = tallyFor(__filename);
const appTester = zapier.createAppTester(App);
const ROOT = join(__dirname, '..', '..');
const hygiene = <T>(work: () => Promise<T> | T) =>
  tally.check('hygieneChecks', 'hygieneChecksPassed', async () => work());

const git = (...args: string[]) =>
  spawnSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** KEY=value lines of .env.example (comments and blank lines left out). */
const exampleEntries = (): Map<string, string> => {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  const entries = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (match) entries.set(match[1] ?? '', (match[2] ?? '').trim());
  }
  return entries;
};

/** The app's own source files (what Zapier runs), not tests, tools or the sandbox. */
const appSources = (): string[] => {
  const files = ['index.ts', 'authentication.ts'];
  for (const dir of ['lib', 'triggers', 'creates', 'searches']) {
    for (const name of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (name.endsWith('.ts')) files.push(join(dir, name));
    }
  }
  return files;
};

describe('the repository keeps secrets out', () => {
  it('.env (and its variants) is git-ignored; .env.example is not', () =>
    hygiene(() => {
      for (const file of ['.env', '.env.local', '.env.production']) {
        expect([file, git('check-ignore', '-q', file).status]).toEqual([file, 0]);
      }
      expect(git('check-ignore', '-q', '.env.example').status).toBe(1);
      // Never committed either.
      expect(git('ls-files', '--', '.env').stdout.trim()).toBe('');
    }));

  it('.env.example documents every variable the app reads, and every connection field', () =>
    hygiene(() => {
      const documented = exampleEntries();
      const read = new Set<string>();
      for (const file of appSources()) {
        const text = readFileSync(join(ROOT, file), 'utf8');
        for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) read.add(m[1] ?? '');
        // config.ts reads its URLs through baseFromEnv('NAME', ...).
        for (const m of text.matchAll(/FromEnv\(\s*'([A-Z][A-Z0-9_]*)'/g)) read.add(m[1] ?? '');
      }
      expect(read.size).toBeGreaterThanOrEqual(5);
      const missing = [...read].filter((name) => name !== 'NODE_ENV' && !documented.has(name));
      expect(missing).toEqual([]);
      // `zapier-platform invoke` builds authData from authData_* variables.
      for (const key of [
        'access_token',
        'refresh_token',
        'companyId',
        'userType',
        'locationId',
        'userId',
      ]) {
        expect(documented.has(`authData_${key}`)).toBe(true);
      }
    }));

  it('.env.example holds no real value', () =>
    hygiene(() => {
      const secretish = /SECRET|TOKEN|CLIENT_ID|PASSWORD|KEY/i;
      for (const [name, value] of exampleEntries()) {
        if (secretish.test(name)) expect([name, value]).toEqual([name, '']);
        // What is filled in is a choice, not a credential.
        else expect([name, value]).toEqual([name, expect.stringMatching(/^(|Company|Location)$/)]);
      }
    }));

  it('the secret check is part of npm test', () =>
    hygiene(() => {
      const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      };
      expect(existsSync(join(ROOT, 'dev', 'scripts', 'check-secrets.ts'))).toBe(true);
      expect(scripts['check:secrets']).toContain('scripts/check-secrets.ts');
      expect(scripts.lint).toContain('npm run check:secrets');
      expect(scripts.test).toContain('npm run lint');
    }));

  // The check runs with Node 22 (it strips the types itself), which npm scripts use.
  const node = existsSync(join(ROOT, 'node_modules', 'node', 'bin', 'node'))
    ? join(ROOT, 'node_modules', 'node', 'bin', 'node')
    : process.execPath;
  const checkSecrets = (cwd: string) =>
    spawnSync(
      node,
      [
        '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON',
        join(ROOT, 'dev', 'scripts', 'check-secrets.ts'),
      ],
      { cwd, encoding: 'utf8' },
    );

  it('the secret check passes on the files git would commit', () =>
    hygiene(() => {
      const run = checkSecrets(ROOT);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/files scanned, no credentials found/);
    }));

  it('the secret check catches a real-looking credential, without printing it', () =>
    hygiene(() => {
      const dir = mkdtempSync(join(tmpdir(), 'secret-check-'));
      try {
        // Made at run time, so this file holds no credential-looking text itself.
        const secret = randomBytes(20).toString('hex');
        const hex = (n: number) => randomBytes(n).toString('hex');
        const pit = ['pit', hex(4), hex(2), hex(2), hex(2), hex(6)].join('-');
        writeFileSync(
          join(dir, 'config.ts'),
          `export const client_secret = '${secret}';\nexport const token = '${pit}';\n`,
        );
        const run = checkSecrets(dir);
        expect(run.status).toBe(1);
        expect(run.stderr).toContain('Possible secrets in 2 place(s)');
        expect(run.stderr).not.toContain(secret);
        expect(run.stderr).not.toContain(pit);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }));

  it('no tracked file is a .env or a key file', () =>
    hygiene(() => {
      const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split(
        '\n',
      );
      expect(
        tracked.filter((f) => /(^|\/)\.env($|\.(?!example$))|\.(pem|key|p12)$/.test(f)),
      ).toEqual([]);
    }));
});

describe('only HTTPS leaves the app (plain HTTP to loopback only)', () => {
  const recorder = recordHighLevel();
  const saved = {
    api: process.env.GHL_API_BASE_URL,
    authorize: process.env.GHL_AUTHORIZE_BASE_URL,
  };
  afterEach(() => {
    recorder.clear();
    nock.cleanAll();
    for (const [key, value] of [
      ['GHL_API_BASE_URL', saved.api],
      ['GHL_AUTHORIZE_BASE_URL', saved.authorize],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  afterAll(() => recorder.stop());

  const failure = async (work: Promise<unknown>): Promise<string> =>
    userMessage(await failureOf(() => work));

  const OPERATIONS: Array<[Kind, string, Record<string, unknown>]> = [
    ['triggers', 'search_users', {}],
    ['triggers', 'filter_users_by_email', { emails: ['jane@example.com'] }],
    ['triggers', 'get_user', { userId: 'abc' }],
    ['triggers', 'list_users_by_location', { locationId: 'loc' }],
    ['triggers', 'user_choices', {}],
    ['triggers', 'location_choices', {}],
    ['searches', 'find_user', { email: 'jane@example.com' }],
    [
      'creates',
      'create_user',
      {
        firstName: 'J',
        lastName: 'D',
        email: 'jane@example.com',
        password: 'test-Password-1',
        type: 'account',
        role: 'user',
        locationIds: ['loc'],
      },
    ],
    ['creates', 'update_user', { userId: 'abc', lastName: 'D' }],
    ['creates', 'delete_user', { userId: 'abc' }],
  ];

  it.each(['http://example.com', 'http://services.leadconnectorhq.com', 'ftp://example.com'])(
    'GHL_API_BASE_URL=%s: every operation refuses with a clear error, and sends nothing',
    (base) =>
      hygiene(async () => {
        process.env.GHL_API_BASE_URL = base;
        for (const [kind, key, input] of OPERATIONS) {
          const message = await failure(
            appTester(performOf(kind, key), makeBundle(input, agencyAuth())),
          );
          expect([key, message]).toEqual([
            key,
            expect.stringContaining('GHL_API_BASE_URL must use https'),
          ]);
        }
        expect(recorder.requests).toEqual([]);
        expect(recorder.elsewhere).toEqual([]);
      }),
  );

  it('a token request to a plain-HTTP host is refused before it is sent', () =>
    hygiene(async () => {
      process.env.GHL_API_BASE_URL = 'http://example.com';
      const message = await failure(
        appTester(authentication.oauth2Config.refreshAccessToken, makeBundle({}, agencyAuth())),
      );
      expect(message).toContain('GHL_API_BASE_URL must use https');
      expect(recorder.elsewhere).toEqual([]);
    }));

  it('the consent page must be HTTPS too', () =>
    hygiene(async () => {
      process.env.GHL_AUTHORIZE_BASE_URL = 'http://example.com';
      const message = await failure(
        appTester(
          authentication.oauth2Config.authorizeUrl,
          makeBundle({ redirect_uri: 'https://zapier.com/x', state: 's' }, {}),
        ),
      );
      expect(message).toContain('GHL_AUTHORIZE_BASE_URL must use https');
    }));

  it('any z.request to a plain-HTTP host is refused by the app middleware', () =>
    hygiene(async () => {
      const message = await failure(
        appTester(
          (z: ZObject) => z.request({ url: 'http://example.com/anything' }),
          makeBundle({}, agencyAuth()),
        ),
      );
      expect(message).toContain('Refusing to send a request over plain HTTP to example.com');
      expect(recorder.elsewhere).toEqual([]);
    }));

  it('plain HTTP to loopback is allowed (the sandbox)', () =>
    hygiene(async () => {
      process.env.GHL_API_BASE_URL = 'http://127.0.0.1:4999';
      const local = nock('http://127.0.0.1:4999')
        .get('/users/search')
        .query(true)
        .reply(200, { users: [], count: 0 });
      await expect(
        appTester(performOf('triggers', 'search_users'), makeBundle({}, agencyAuth())),
      ).resolves.toEqual([]);
      expect(local.isDone()).toBe(true);
    }));
});
