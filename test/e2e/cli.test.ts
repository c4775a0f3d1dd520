// The real `zapier-platform invoke` CLI, as a developer runs it, against the sandbox: a child
// process in a temporary directory that mirrors the app (package.json, .zapierapprc, node_modules
// and a build of the current sources), with its own .env. The CLI loads that .env with dotenv's
// `override`, so a developer's own .env or shell variables never take part.
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SandboxTokenSet } from '../../dev/sandbox/server';
import type { UserOutput } from '../../lib/highlevel/user';
import { authDataOf } from '../helpers/bundle';
import { invoker, line, traced } from '../helpers/invoke';
import { sandboxForFile, storedUser } from '../helpers/sandbox';

const ROOT = join(__dirname, '..', '..');
// The CLI refuses Node versions older than Zapier's runtime (22); node@22 is a devDependency.
const NODE_BIN = join(ROOT, 'node_modules', 'node', 'bin');
const CLI = join(ROOT, 'node_modules', '.bin', 'zapier-platform');

const sandbox = sandboxForFile();
const invoke = invoker(sandbox);

let appDir = '';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `zapier-platform <args>` in the mirror directory, with nothing of this process's environment. */
const zapierPlatform = (args: string[]): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(CLI, args, {
      cwd: appDir,
      env: {
        PATH: [NODE_BIN, join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(':'),
        // A home of its own: no ~/.zapierrc deploy key, no update-notifier state.
        HOME: appDir,
        ZAPIER_AUTH_LOCATION: join(appDir, '.zapierrc'),
        DISABLE_ZAPIER_ANALYTICS: '1',
        NO_UPDATE_NOTIFIER: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

/** The .env `zapier-platform invoke auth start` would have written for this connection. */
const envFile = (tokens: SandboxTokenSet): string =>
  [
    `GHL_API_BASE_URL=${sandbox().url}`,
    `GHL_AUTHORIZE_BASE_URL=${sandbox().url}`,
    `CLIENT_ID=${sandbox().clientId}`,
    `CLIENT_SECRET=${sandbox().clientSecret}`,
    ...Object.entries(authDataOf(tokens)).map(([key, value]) => `authData_${key}=${value}`),
    '',
  ].join('\n');

/** The CLI's error output without oclif's line wrapping (it wraps at 80 columns, with ` › `). */
const oneLine = (text: string): string => text.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ');

/** Parses the CLI's output (the operation's result as JSON), with its stderr on failure. */
const output = <T>(run: Run): T => {
  if (run.code !== 0) throw new Error(`zapier-platform exited ${run.code}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as T;
};

beforeAll(async () => {
  appDir = await mkdtemp(join(tmpdir(), 'highlevel-invoke-'));
  await copyFile(join(ROOT, 'package.json'), join(appDir, 'package.json'));
  await copyFile(join(ROOT, '.zapierapprc'), join(appDir, '.zapierapprc'));
  await symlink(join(ROOT, 'node_modules'), join(appDir, 'node_modules'), 'dir');
  // A fresh build of the app as it is now (index.ts and what it imports, nothing else), made
  // here rather than in the shared build/, which other runs may be reading.
  await writeFile(
    join(appDir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: { rootDir: ROOT, outDir: join(appDir, 'build') },
      files: [join(ROOT, 'index.ts')],
      include: [],
    }),
  );
  await promisify(execFile)(join(NODE_BIN, 'node'), [
    join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    join(appDir, 'tsconfig.json'),
  ]);
  await writeFile(join(appDir, '.env'), envFile(sandbox().agency));
}, 60_000);

afterAll(async () => {
  if (appDir) await rm(appDir, { recursive: true, force: true });
});

it('invoke trigger search_users: the users the app returns in-process, in one request', async () => {
  const { result, requests } = await traced(sandbox(), () =>
    zapierPlatform(['invoke', 'trigger', 'search_users', '--non-interactive']),
  );
  const users = output<UserOutput[]>(result);
  expect(requests.map(line)).toEqual(['GET /users/search']);
  expect(requests[0].query).toMatchObject({
    companyId: sandbox().company.id,
    sort: 'dateAdded',
    sortDirection: 'desc',
  });

  const inProcess = await invoke<UserOutput[]>(
    'triggers',
    'search_users',
    authDataOf(sandbox().agency),
  );
  expect(users).toEqual(inProcess.result);
  expect(users.length).toBeGreaterThan(0);
}, 60_000);

it('invoke create create_user --inputData: the user is created in the sandbox', async () => {
  const inputData = {
    firstName: 'Cli',
    lastName: 'Invoked',
    email: 'cli.invoked@example.com',
    password: 'Sandbox-Password-1',
    type: 'account',
    role: 'user',
    locationIds: sandbox().locations[0].id,
    phone: '+1 202-555-0142',
  };
  const { result, requests } = await traced(sandbox(), () =>
    zapierPlatform([
      'invoke',
      'create',
      'create_user',
      '--inputData',
      JSON.stringify(inputData),
      '--non-interactive',
    ]),
  );
  const user = output<UserOutput>(result);
  expect(requests.map(line)).toEqual(['POST /users/']);
  expect(user).toMatchObject({
    name: 'Cli Invoked',
    email: 'cli.invoked@example.com',
    phone: '+1 202-555-0142',
    type: 'account',
    role: 'user',
    locationIds: [sandbox().locations[0].id],
  });
  expect(user).toMatchObject(await storedUser(sandbox(), user.id));

  // The same command again: HighLevel's refusal reaches the developer, the password does not.
  const again = await zapierPlatform([
    'invoke',
    'create',
    'create_user',
    '--inputData',
    JSON.stringify(inputData),
    '--non-interactive',
  ]);
  expect(again.code).not.toBe(0);
  expect(oneLine(again.stderr)).toContain(
    'HighLevel rejected the request (HTTP 400): User already exists with this email.',
  );
  expect(again.stderr + again.stdout).not.toContain('Sandbox-Password-1');
}, 60_000);
