// `npm run check:prism [-- --spec]`: checks the sandbox's answers against HighLevel's Users
// OpenAPI document with Stoplight Prism's validating proxy, and reports every difference.
//
// 1. Copies ../shared/reference/ghl-users-openapi.json and common-schemas.json into a temp dir
//    laid out so the document's `$ref: ../common/common-schemas.json` resolves
//    (<tmp>/apps/users.json, <tmp>/common/common-schemas.json).
// 2. Compiles sandbox/ alone (tsc, into the temp dir) and starts it in this process: real
//    HighLevel behaviour by default, the document's behaviour with --spec.
// 3. Starts `npx --yes @stoplight/prism-cli@5 proxy <doc> <sandbox> --errors=false` (installed
//    on demand, about 90 MB) and drives every Users endpoint through it, error answers included,
//    with the sandbox's agency and sub-account tokens.
// 4. Collects the `sl-violations` header Prism adds to each response (and, when Prism truncated
//    that header — "Too many violations!" — the complete list from Prism's log), prints a table
//    and counts per violation class.
//
// A report, not a gate: exits 0 whatever it finds; 1 only when Prism (or the sandbox) could not
// start. Needs the reference documents: without ../shared it says so and exits 0.
//
// Runs straight from TypeScript (Node 22 strips the types), like scripts/check-secrets.ts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Sandbox, SandboxOptions } from '../sandbox/server';

interface Violation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

interface Row {
  endpoint: string;
  status: number;
  violations: Violation[];
  truncated: boolean;
}

const PRISM = '@stoplight/prism-cli@5';
const VERSION = '2021-07-28';
const root = process.cwd();
const reference = resolve(root, '../shared/reference');
const spec = process.argv.slice(2).includes('--spec');

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Prism's log, kept so violations can be read from it when the header was truncated. */
class PrismLog {
  text = '';
  lastChange = Date.now();

  add(chunk: Buffer): void {
    // eslint-disable-next-line no-control-regex
    this.text += chunk.toString('utf8').replace(/\x1b\[[0-9;]*m/g, '');
    this.lastChange = Date.now();
  }

  /** Waits until the log has been quiet for `ms`. */
  async settle(ms = 150): Promise<void> {
    while (Date.now() - this.lastChange < ms) await sleep(25);
  }

  /** `[VALIDATOR] ... Violation: <dotted location> <message>` lines since `from`. */
  violationsSince(from: number): Violation[] {
    const out: Violation[] = [];
    for (const line of this.text.slice(from).split('\n')) {
      const m = /\[VALIDATOR\]\s+\S+\s+(\w+)\s+Violation: (\S+) (.*)$/.exec(line);
      if (!m) continue;
      out.push({
        severity: m[1] === 'error' ? 'Error' : m[1] === 'warning' ? 'Warning' : (m[1] as string),
        location: (m[2] as string).split('.'),
        message: (m[3] as string).trim(),
      });
    }
    return out;
  }
}

async function startPrism(
  doc: string,
  upstream: string,
  log: PrismLog,
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(
    'npx',
    [
      '--yes',
      PRISM,
      'proxy',
      doc,
      upstream,
      '--errors=false',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ],
    // Its own process group, so the npx wrapper and prism itself are stopped together.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout?.on('data', (d: Buffer) => log.add(d));
  child.stderr?.on('data', (d: Buffer) => log.add(d));
  const deadline = Date.now() + 300_000;
  while (!log.text.includes('Prism is listening')) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Prism exited (${child.exitCode ?? child.signalCode}):\n${log.text}`);
    }
    if (Date.now() > deadline) throw new Error(`Prism did not start in 5 minutes:\n${log.text}`);
    await sleep(200);
  }
  return { child, port };
}

function stopPrism(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

/** Compiles sandbox/ on its own (the rest of the project need not compile) and loads it. */
async function loadSandbox(outDir: string): Promise<typeof import('../sandbox/server')> {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(
    process.execPath,
    [
      tsc,
      join(root, 'dev', 'sandbox', 'server.ts'),
      '--outDir',
      outDir,
      '--rootDir',
      join(root, 'dev', 'sandbox'),
      '--module',
      'commonjs',
      '--moduleResolution',
      'node10',
      '--target',
      'ES2022',
      '--lib',
      'ES2023',
      '--types',
      'node',
      '--strict',
      '--esModuleInterop',
      '--skipLibCheck',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`Compiling sandbox/ failed:\n${r.stdout}${r.stderr}`);
  const mod = (await import(pathToFileURL(join(outDir, 'server.js')).href)) as {
    default?: typeof import('../sandbox/server');
  } & Partial<typeof import('../sandbox/server')>;
  return (mod.startSandbox ? mod : mod.default) as typeof import('../sandbox/server');
}

/** Long enum lists are cut to their first values and a count. */
function shorten(message: string): string {
  return message.replace(/(allowed values: )(.*)$/, (_m, head: string, list: string) => {
    const values = list.split(', ');
    return values.length <= 4
      ? head + list
      : `${head}${values.slice(0, 3).join(', ')}, … (${values.length} values)`;
  });
}

/** Location with array indices as `*`, so one class covers every user of a page. */
function classOf(v: Violation): string {
  const where = v.location.map((p) => (/^\d+$/.test(p) ? '*' : p)).join('.');
  const what = shorten(v.message)
    .replace(/property \S+ /, 'property … ')
    .replace(/required property '[^']*'/, "required property '…'")
    .replace(/ \(\d+ values\)/, '');
  return `${v.severity} ${where}: ${what}`;
}

async function main(): Promise<number> {
  if (!existsSync(join(reference, 'ghl-users-openapi.json'))) {
    console.log(
      `check:prism needs HighLevel's OpenAPI documents in ../shared/reference (looked in ${reference}); ` +
        'a clone of only this project cannot run it. Nothing checked.',
    );
    return 0;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'prism-check-'));
  let prism: ChildProcess | undefined;
  let sb: Sandbox | undefined;
  try {
    mkdirSync(join(tmp, 'apps'));
    mkdirSync(join(tmp, 'common'));
    const doc = join(tmp, 'apps', 'users.json');
    copyFileSync(join(reference, 'ghl-users-openapi.json'), doc);
    copyFileSync(
      join(reference, 'common-schemas.json'),
      join(tmp, 'common', 'common-schemas.json'),
    );

    const { startSandbox } = await loadSandbox(join(tmp, 'sandbox'));
    const options: SandboxOptions = { rateLimit: false, spec, deleteDelayMs: 60_000 };
    sb = await startSandbox(options);
    const log = new PrismLog();
    console.log(`Starting ${PRISM} (npx installs it on first use, ~90 MB)…`);
    let port: number;
    try {
      const started = await startPrism(doc, sb.url, log);
      prism = started.child;
      port = started.port;
    } catch (e) {
      console.error(`Prism could not start: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    const base = `http://127.0.0.1:${port}`;
    const agency = sb.agency.access_token;
    const sub = sb.subAccount.access_token;
    const companyId = sb.company.id;
    const [loc0, loc1] = sb.locations.map((l) => l.id);
    const rows: Row[] = [];

    const call = async (
      endpoint: string,
      method: string,
      path: string,
      token: string,
      body?: unknown,
    ): Promise<{ status: number; json: unknown }> => {
      await log.settle();
      const from = log.text.length;
      const headers: Record<string, string> = {
        Authorization: `Bearer ${token}`,
        Version: VERSION,
        Accept: 'application/json',
      };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const header = res.headers.get('sl-violations');
      let violations: Violation[] = [];
      let truncated = false;
      if (header !== null) {
        if (header.startsWith('Too many violations!')) {
          truncated = true;
          await log.settle();
          violations = log.violationsSince(from);
        } else {
          violations = JSON.parse(header) as Violation[];
        }
      }
      rows.push({ endpoint, status: res.status, violations, truncated });
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json };
    };

    // ---- successful answers
    const search = await call(
      'GET /users/search (agency)',
      'GET',
      `/users/search?companyId=${companyId}&limit=3`,
      agency,
    );
    const users = ((search.json as { users?: Array<{ id: string; email: string }> }).users ??
      []) as Array<{ id: string; email: string }>;
    await call(
      'GET /users/search (sub-account)',
      'GET',
      `/users/search?companyId=${companyId}&limit=3&sort=dateAdded&sortDirection=desc`,
      sub,
    );
    const emails = users
      .slice(0, 2)
      .map((u) => u.email)
      .join(',');
    await call(
      'POST /users/search/filter-by-email (projection all)',
      'POST',
      '/users/search/filter-by-email',
      agency,
      {
        companyId,
        emails,
        projection: 'all',
      },
    );
    await call(
      'POST /users/search/filter-by-email (default projection)',
      'POST',
      '/users/search/filter-by-email',
      agency,
      {
        companyId,
        emails,
      },
    );
    await call('GET /users/{userId}', 'GET', `/users/${users[0]?.id ?? 'x'}`, agency);
    await call(
      'GET /users/?locationId= (deprecated, sub-account)',
      'GET',
      `/users/?locationId=${loc0}`,
      sub,
    );
    const newUser = {
      companyId,
      firstName: 'Prism',
      lastName: 'Check',
      email: `prism.check.${Date.now()}@example.com`,
      password: 'Prism-check-123',
      phone: '+15125550123',
      type: 'account',
      role: 'user',
      locationIds: [loc0],
      permissions: { campaignsEnabled: false },
      scopes: ['contacts.write', 'campaigns.readonly'],
      scopesAssignedToOnly: ['contacts.write'],
      platformLanguage: 'en_US',
    };
    const created = await call('POST /users/', 'POST', '/users/', agency, newUser);
    const newId = (created.json as { id?: string } | undefined)?.id ?? 'x';
    await call('PUT /users/{userId}', 'PUT', `/users/${newId}`, agency, {
      companyId,
      firstName: 'Prismatic',
      permissions: { websitesEnabled: true },
    });
    await call('DELETE /users/{userId}', 'DELETE', `/users/${newId}`, agency);

    // ---- error answers
    await call(
      'GET /users/search, bad token (401)',
      'GET',
      `/users/search?companyId=${companyId}`,
      'not-a-valid-token',
    );
    await call(
      'GET /users/{userId}, unknown user (404)',
      'GET',
      '/users/AAAAAAAAAAAAAAAAAAAA',
      agency,
    );
    await call('POST /users/, invalid body (422)', 'POST', '/users/', agency, { companyId });
    await call('POST /users/, duplicate email (400)', 'POST', '/users/', agency, {
      ...newUser,
      email: users[0]?.email ?? newUser.email,
    });
    await call(
      'GET /users/search, other location (403)',
      'GET',
      `/users/search?companyId=${companyId}&locationId=${loc1 ?? loc0}`,
      sub,
    );
    await log.settle();

    report(rows);
    return 0;
  } finally {
    if (prism) stopPrism(prism);
    if (sb) await sb.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function report(rows: Row[]): void {
  const table: string[][] = [['endpoint', 'status', 'violation path', 'message']];
  for (const r of rows) {
    if (r.violations.length === 0) {
      table.push([r.endpoint, String(r.status), '-', '(no violation)']);
      continue;
    }
    for (const v of r.violations) {
      table.push([
        r.endpoint,
        String(r.status),
        v.location.join('.'),
        `${v.severity}: ${shorten(v.message)}${r.truncated ? ' [from log]' : ''}`,
      ]);
    }
  }
  const widths = [0, 1, 2].map((i) => Math.max(...table.map((row) => (row[i] as string).length)));
  const line = (row: string[]): string =>
    row.map((c, i) => (i < 3 ? c.padEnd(widths[i] as number) : c)).join(' | ');
  console.log(
    `\nPrism check of the sandbox (${spec ? 'spec mode, --spec' : 'real-HighLevel mode'})\n`,
  );
  console.log(line(table[0] as string[]));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-') + '-|-' + '-'.repeat(7));
  for (const row of table.slice(1)) console.log(line(row));

  const all = rows.flatMap((r) => r.violations);
  const errors = all.filter((v) => v.severity === 'Error').length;
  const classes = new Map<string, number>();
  for (const v of all) classes.set(classOf(v), (classes.get(classOf(v)) ?? 0) + 1);
  console.log(
    `\n${all.length} violation(s) (${errors} error(s), ${all.length - errors} warning(s)) in ` +
      `${rows.filter((r) => r.violations.length > 0).length} of ${rows.length} responses.`,
  );
  if (classes.size > 0) {
    console.log('\nBy class:');
    for (const [k, n] of [...classes].sort((a, b) => b[1] - a[1]))
      console.log(`  ${String(n).padStart(4)}  ${k}`);
  }
  if (rows.some((r) => r.truncated)) {
    console.log(
      '\n[from log]: Prism cut that response\'s sl-violations header ("Too many violations!"); ' +
        "its violations were read from Prism's log instead.",
    );
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
