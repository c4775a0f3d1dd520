// Warm invocations: each operation run many times in one process beside the same call through a
// minimal core app, a bare definition and a bare fetch: what a Zap step costs in a warm container,
// and how much of it is ours. Each run also counts its requests and bytes, for the same table.
import zapier from 'zapier-platform-core';
import {
  bundleFor,
  createTester,
  performOf,
  type AppTester,
  type AuthData,
  type Perform,
} from '../tour/harness';
import type { Sandbox } from '../sandbox/server';
import { bareApp } from './bare-app';
import { plainFetch, type BenchContext } from './context';
import minimalApp, { setCall } from './minimal-app';
import { SIDES, selectOperations, type Kind, type Operation, type Side } from './operations';
import { ONLY, RUNS, TARGET, WARMUP } from './settings';
import { median, ms, msSince, pair, ratio, round, summarize, table, type Summary } from './stats';

export interface OperationResult {
  op: string;
  requests: { perInvocation: number; limit: number; ok: boolean };
  app: Summary;
  bare: Summary;
  core: Summary;
  fetch: Summary;
  appOverCore: number;
  bareOverCore: number;
  appOverFetch: number;
  /** Items returned to Zapier (an object counts as 1), and their JSON size. */
  items: number;
  bytesToZapier: number;
  /** The size of HighLevel's JSON answer for the same call. */
  bytesFromHighLevel: number;
  /** The baselines made exactly the app's request (method, path, query). */
  sameRequest: boolean;
}

interface Run {
  ms: number;
  requests: number;
  result: unknown;
  /** Size of HighLevel's answer (fetch side only). */
  rawBytes?: number;
  /** The requests the sandbox saw, path and query, the user ID in the path made generic. */
  seen: string[];
}

const itemsOf = (result: unknown): number => (Array.isArray(result) ? result.length : 1);

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

export type Testers = Record<'app' | 'bare' | 'core', AppTester>;

export const createTesters = (): Testers => ({
  app: createTester(),
  bare: zapier.createAppTester(bareApp()),
  core: zapier.createAppTester(minimalApp),
});

/** The minimal app's perform for an operation of this kind (Zapier checks each kind's output). */
const baselinePerform = (kind: Kind): Perform =>
  (minimalApp[kind].request.operation as { perform: Perform }).perform;

const runOnce = async (
  sandbox: Sandbox,
  testers: Testers,
  authData: AuthData,
  op: Operation,
  i: number,
  side: Side,
): Promise<Run> => {
  const { inputData, meta, call } = op.invocation(i, side);
  const bundle = bundleFor(authData, inputData, meta);
  const before = sandbox.requestLog.length;
  let result: unknown;
  let rawBytes: number | undefined;
  let elapsed: number;
  if (side === 'app' || side === 'bare') {
    const start = process.hrtime.bigint();
    result = await testers[side](performOf(op.kind, op.key), bundle);
    elapsed = msSince(start);
  } else if (side === 'core') {
    setCall(call);
    const start = process.hrtime.bigint();
    result = await testers.core(baselinePerform(op.kind), bundle);
    elapsed = msSince(start);
  } else {
    const query = new URLSearchParams(call.params ?? {}).toString();
    const start = process.hrtime.bigint();
    const response = await plainFetch(query ? `${call.url}?${query}` : call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    });
    const text = await response.text();
    const data = JSON.parse(text) as Record<string, unknown>;
    elapsed = msSince(start);
    if (!response.ok) throw new Error(`fetch ${call.method} ${call.url}: HTTP ${response.status}`);
    result = call.list ? data[call.list] : data;
    rawBytes = Buffer.byteLength(text);
  }
  const userId = typeof inputData.userId === 'string' ? inputData.userId : undefined;
  const seen = sandbox.requestLog.slice(before).map((entry) => {
    const path = userId ? entry.path.replace(userId, ':userId') : entry.path;
    const query = Object.entries(entry.query).sort(([a], [b]) => a.localeCompare(b));
    return `${entry.method} ${path} ${JSON.stringify(query)}`;
  });
  op.returned?.(i, side, result);
  return { ms: elapsed, requests: seen.length, result, rawBytes, seen };
};

/** Rotates the order of the sides from one run to the next, so drift hits each alike. */
const orderFor = (i: number): Side[] => SIDES.map((_, k) => SIDES[(i + k) % SIDES.length]);

const measure = async (
  sandbox: Sandbox,
  testers: Testers,
  authData: AuthData,
  op: Operation,
): Promise<OperationResult> => {
  const times: Record<Side, number[]> = { app: [], bare: [], core: [], fetch: [] };
  const requests: Record<Side, number[]> = { app: [], bare: [], core: [], fetch: [] };
  const first: Partial<Record<Side, Run>> = {};
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const side of orderFor(i)) {
      const run = await runOnce(sandbox, testers, authData, op, i, side);
      requests[side].push(run.requests);
      if (i >= WARMUP) times[side].push(run.ms);
      first[side] ??= run;
    }
  }
  const app = summarize(times.app);
  const bare = summarize(times.bare);
  const core = summarize(times.core);
  const fetched = summarize(times.fetch);
  const ours = [...requests.app, ...requests.bare];
  const perInvocation = Math.max(...ours);
  const seenByApp = JSON.stringify(first.app?.seen);
  return {
    op: op.label ?? op.key,
    requests: {
      perInvocation,
      limit: op.limit,
      ok: perInvocation <= op.limit && Math.min(...ours) >= 1,
    },
    app,
    bare,
    core,
    fetch: fetched,
    appOverCore: app.median / core.median,
    bareOverCore: bare.median / core.median,
    appOverFetch: app.median / fetched.median,
    items: itemsOf(first.app?.result),
    bytesToZapier: bytesOf(first.app?.result),
    bytesFromHighLevel: first.fetch?.rawBytes ?? 0,
    sameRequest:
      seenByApp === JSON.stringify(first.bare?.seen) &&
      seenByApp === JSON.stringify(first.core?.seen) &&
      seenByApp === JSON.stringify(first.fetch?.seen),
  };
};

/** Every operation BENCH_OPS selects, one after the other. */
export const measureWarm = async (
  context: BenchContext,
  testers: Testers,
): Promise<OperationResult[]> => {
  const results: OperationResult[] = [];
  for (const op of selectOperations(context.operations, ONLY)) {
    process.stderr.write(`measuring ${op.label ?? op.key}...\n`);
    results.push(await measure(context.sandbox, testers, context.authData, op));
  }
  return results;
};

/**
 * The per-operation table: requests, timings beside the baselines, bytes and items; then rows that
 * only count requests (operation, requests), such as Find or Create.
 */
export const printOperations = (
  results: OperationResult[],
  requestOnly: Array<[string, string]>,
): string => {
  const rows = results.map((r) => [
    r.op,
    `${r.requests.perInvocation} (<= ${r.requests.limit}) ${r.requests.ok ? 'ok' : 'OVER'}`,
    pair(r.app),
    pair(r.core),
    pair(r.fetch),
    `${ratio(r.appOverCore)}${r.appOverCore < TARGET ? '' : ' !'}`,
    ratio(r.appOverFetch),
    `${r.bytesFromHighLevel.toLocaleString('en-US')} -> ${r.bytesToZapier.toLocaleString('en-US')}`,
    String(r.items),
    pair(r.bare),
    `${ratio(r.bareOverCore)}${r.bareOverCore < TARGET ? '' : ' !'}`,
    ms(r.app.median - r.bare.median),
    ms(r.bare.median - r.core.median),
  ]);
  for (const [op, requests] of requestOnly) {
    rows.push([op, requests, ...Array.from({ length: 11 }, () => '-')]);
  }
  return table(
    [
      'operation',
      'requests (limit)',
      'app med / p95',
      'core-min med / p95',
      'fetch med / p95',
      'app/core',
      'app/fetch',
      'bytes HighLevel -> Zapier',
      'items',
      'bare med / p95',
      'bare/core',
      'definition',
      'our code',
    ],
    rows,
  );
};

/** The lines under the table that sum the timings up and say what the columns mean. */
export const warmLines = (results: OperationResult[]): string[] => {
  const spread = (values: number[]) =>
    `${ratio(median(values))} (median across operations), worst ${ratio(Math.max(...values))}`;
  return [
    `app/core: ${spread(results.map((r) => r.appOverCore))}; bare/core: ` +
      `${spread(results.map((r) => r.bareOverCore))} (target < ${TARGET.toFixed(2)}; "!" marks a miss).`,
    'bare = the same app code (performs, middleware, authentication) in a definition stripped to ' +
      'key, noun, display and perform. "definition" = app - bare (ms): core copies and freezes the ' +
      'whole app definition twice per invocation, so this grows with our input fields, output fields ' +
      'and samples. "our code" = bare - core-min (ms): input checks, middleware, response parsing, ' +
      'mapping, and core handling our larger output.',
  ];
};

const roundSummary = (s: Summary) => ({
  median: round(s.median, 3),
  p95: round(s.p95, 3),
  runs: s.runs,
});

/** The operations as results.json records them. */
export const operationsJson = (results: OperationResult[]) =>
  results.map((r) => ({
    ...r,
    app: roundSummary(r.app),
    core: roundSummary(r.core),
    fetch: roundSummary(r.fetch),
    appOverCore: round(r.appOverCore, 3),
    appOverFetch: round(r.appOverFetch, 3),
  }));
