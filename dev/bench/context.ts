// What every figure runs against: the bundled app, the sandbox (10,000 users, rate limiting off)
// the app is pointed at, the agency's connection, seeded users and the operations built on them.
import os from 'node:os';
import { join } from 'node:path';
import { version as coreVersion } from 'zapier-platform-core';
import { API_VERSION } from '../../lib/highlevel/config';
import { bundleApp, type BundleReport } from '../scripts/build-zip';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { authDataOf } from '../tour/bundle';
import { useSandbox, type AuthData } from '../tour/harness';
import { operations, type Operation } from './operations';
import { LOCATIONS, ROOT, RUNS, USERS, WARMUP } from './settings';

// Node's own fetch, kept before the first invocation: from then on core replaces global.fetch with
// a wrapper that logs every call and reads each JSON body a second time (zapier-platform-core
// src/tools/fetch-logger.js), which is no baseline.
export const plainFetch = globalThis.fetch;

export interface BenchContext {
  /** The bundled app (build/app/index.js and zod.js), as build.zip carries it. */
  bundle: BundleReport;
  /** The file fresh processes load: the bundle, or build/index.js with BENCH_UNBUNDLED=1. */
  freshApp: string;
  sandbox: Sandbox;
  authData: AuthData;
  /** Users of the sandbox to read and change, the connection's own user left out. */
  seeded: Array<{ id: string; email: string }>;
  /** Every operation, whatever BENCH_OPS selects for the warm timings. */
  operations: Operation[];
}

/** Plain JSON GET against the sandbox, for setting a figure up. */
const getJson = async (
  sandbox: Sandbox,
  token: string,
  path: string,
): Promise<Record<string, unknown>> => {
  const response = await plainFetch(`${sandbox.url}${path}`, {
    headers: { Authorization: `Bearer ${token}`, Version: API_VERSION, Accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
};

/**
 * A page of the sandbox's users (Search Users, alphabetical; `query` pages it), the connection's
 * own user (the agency admin) left out: users a figure may read, change or delete.
 */
export const seededUsers = async (
  sandbox: Sandbox,
  authData: AuthData,
  query: string,
): Promise<Array<{ id: string; email: string }>> => {
  const page = await getJson(
    sandbox,
    authData.access_token,
    `/users/search?companyId=${authData.companyId}&${query}`,
  );
  return (page.users as Array<{ id: string; email: string }>).filter(
    (user) => user.id !== authData.userId,
  );
};

export const startContext = async (): Promise<BenchContext> => {
  // The app as build.zip carries it: one bundled index.js (dev/scripts/build-zip.ts). Fresh
  // processes load this file; the warm timings run the compiled sources in this process (the same
  // code).
  const bundle = await bundleApp(ROOT, join(ROOT, 'build', 'app'));
  const freshApp =
    process.env.BENCH_UNBUNDLED === '1' ? join(ROOT, 'build', 'index.js') : bundle.file;
  const sandbox = await startSandbox({
    port: 0,
    users: USERS,
    locations: LOCATIONS,
    rateLimit: false,
    quiet: true,
  });
  useSandbox(sandbox);
  const authData: AuthData = authDataOf(sandbox.agency);
  const seeded = await seededUsers(sandbox, authData, 'limit=100&skip=200');
  const all = operations(sandbox, authData, seeded);
  return { bundle, freshApp, sandbox, authData, seeded, operations: all };
};

export const headerLines = (sandbox: Sandbox): string[] => {
  const cpus = os.cpus();
  return [
    `HighLevel Users for Zapier: benchmark, ${new Date().toISOString()}`,
    `Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, ` +
      `${os.platform()} ${os.release()}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    `Node ${process.version}, zapier-platform-core ${coreVersion}`,
    `Sandbox: ${USERS.toLocaleString('en-US')} users, ${sandbox.locations.length} locations, on ${sandbox.url}, ` +
      "in this process. Rate limiting is OFF in the sandbox, so the benchmark's own volume is not " +
      "throttled; the requests column is what each invocation spends of HighLevel's 100 per 10 s " +
      'and 200,000 per day.',
    `Timings: ${WARMUP} warm-up + ${RUNS} measured runs per operation; app, bare, minimal core and ` +
      'fetch interleaved (order rotating), the first three through zapier.createAppTester (core in ' +
      'test mode, as under jest); medians and p95 in ms.',
  ];
};

/** The machine as results.json records it (read when the file is written). */
export const machineJson = () => ({
  cpu: os.cpus()[0]?.model.trim(),
  cores: os.cpus().length,
  totalMemoryBytes: os.totalmem(),
  platform: `${os.platform()} ${os.release()}`,
  loadAverage: os.loadavg(),
});
