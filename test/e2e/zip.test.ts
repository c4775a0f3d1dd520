// The zip Zapier receives, as Zapier runs it: build.zip made by `npm run zip`'s own code
// (scripts/build-zip.ts) in a temporary folder, unpacked, and loaded in a fresh Node process
// through the CLI's zapierwrapper.js (which requires index.js), with nothing of the project around
// it; one trigger runs against the sandbox.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devPackages, extractZip, strayPackageJson, type ZipEntry } from '../../dev/bench/zip';
import { buildProductionZip } from '../../dev/scripts/build-zip';
import type { UserOutput } from '../../lib/highlevel/user';
import { authDataOf } from '../helpers/bundle';
import { invoker, line, traced } from '../helpers/invoke';
import { sandboxForFile } from '../helpers/sandbox';
import { bundleFor } from '../../dev/tour/bundle';
import App from '../../index';

const ROOT = join(__dirname, '..', '..');
// Zapier's runtime is Node 22, the node devDependency.
const NODE = join(ROOT, 'node_modules', 'node', 'bin', 'node');
const MAX_ZIP_BYTES = 1.2 * 1024 * 1024;
const RESULT = 'ZIP-TEST-RESULT ';

const sandbox = sandboxForFile();
const invoke = invoker(sandbox);

let dir = '';
let zipBytes = 0;
let entries: ZipEntry[] = [];

// In the child: what Zapier's Lambda does with the unpacked zip, one event, the result on a line
// of its own (core prints its own memory line to stdout outside test mode).
const CHILD = `
const { handler } = require(process.argv[1]);
handler(JSON.parse(process.env.ZIP_TEST_EVENT)).then(
  (out) => process.stdout.write('\\n${RESULT}' + JSON.stringify(out.results) + '\\n'),
  (err) => { console.error(err && err.stack || err); process.exit(1); },
);`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const runUnpacked = (event: object): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(NODE, ['-e', CHILD, join(dir, 'app', 'zapierwrapper.js')], {
      // Not the project: nothing above the unpacked folder can lend it a module.
      cwd: join(dir, 'app'),
      env: {
        PATH: process.env.PATH,
        ZIP_TEST_EVENT: JSON.stringify(event),
        GHL_API_BASE_URL: sandbox().url,
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

beforeAll(async () => {
  // The CLI's build, run by buildProductionZip, inherits this environment: no analytics event and
  // no update check (both would reach the network), as in cli.test.ts.
  process.env.DISABLE_ZAPIER_ANALYTICS = '1';
  process.env.NO_UPDATE_NOTIFIER = '1';
  dir = await mkdtemp(join(tmpdir(), 'highlevel-zip-test-'));
  const zip = join(dir, 'build.zip');
  await buildProductionZip(ROOT, { out: zip, source: false });
  zipBytes = readFileSync(zip).length;
  entries = extractZip(zip, join(dir, 'app'));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('holds the bundled app, zapier-platform-core and its production packages only, under 1.2 MB', () => {
  expect(zipBytes).toBeLessThanOrEqual(MAX_ZIP_BYTES);
  const names = entries.map((entry) => entry.name);
  expect(names).toEqual(
    expect.arrayContaining(['zapierwrapper.js', 'index.js', 'definition.json', 'package.json']),
  );
  // The app is two files: no compiled sources of ours, no zod package (zod.js is zod bundled).
  expect(names.filter((name) => !name.startsWith('node_modules/')).sort()).toEqual([
    'definition.json',
    'index.js',
    'package.json',
    'zapierwrapper.js',
    'zod.js',
  ]);
  const packages = new Set(
    names
      .map((name) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(name)?.[1])
      .filter((name): name is string => name !== undefined),
  );
  expect(packages).toContain('node_modules/zapier-platform-core');
  expect(packages).not.toContain('node_modules/zod');
  // Every package is in the lockfile as a production package: no jest, eslint, CLI...
  expect(devPackages(entries, ROOT)).toEqual([]);
  // Whatever package.json files have no code beside them are production packages too (above).
  expect(strayPackageJson(entries).length).toBeLessThan(packages.size);
});

it('carries the definition of the app from its sources: the editor shows the same', () => {
  // What `zapier-platform build` writes into definition.json (the CLI's `definition` command).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compileApp, serializeApp } = require('zapier-platform-core/src/tools/schema') as {
    compileApp: (app: object) => object;
    serializeApp: (app: object) => object;
  };
  const fromSources: unknown = JSON.parse(JSON.stringify(serializeApp(compileApp(App))));
  const inZip: unknown = JSON.parse(readFileSync(join(dir, 'app', 'definition.json'), 'utf8'));
  expect(inZip).toEqual(fromSources);
});

it('runs New User from the unpacked zip in a fresh process, as Zapier loads it', async () => {
  const authData = authDataOf(sandbox().agency);
  const { result, requests } = await traced(sandbox(), () =>
    runUnpacked({
      command: 'execute',
      method: 'triggers.search_users.operation.perform',
      bundle: bundleFor(authData),
    }),
  );
  if (result.code !== 0) throw new Error(`the unpacked app failed:\n${result.stderr}`);
  const printed = result.stdout.split('\n').find((text) => text.startsWith(RESULT));
  if (!printed) throw new Error(`no result printed:\n${result.stdout}\n${result.stderr}`);
  const users = JSON.parse(printed.slice(RESULT.length)) as UserOutput[];

  expect(requests.map(line)).toEqual(['GET /users/search']);
  expect(users.length).toBeGreaterThan(0);
  // The same users, mapped the same way, as the app from its sources returns.
  const fromSources = await invoke<UserOutput[]>('triggers', 'search_users', authData);
  expect(users).toEqual(fromSources.result);
}, 60_000);
