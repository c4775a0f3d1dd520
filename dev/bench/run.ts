// `npm run bench`: what each Zap run costs an agency. Against the local sandbox (10,000 users) and
// through the BUILT app and Zapier's own runtime (createAppTester), it prints, per operation: HTTP
// requests per invocation (against the limit), median and p95 time beside a minimal
// zapier-platform-core app making the same request and a bare fetch; then cold start, first
// invocation, memory, zip size and bytes returned to Zapier. The figures are also written to
// bench/results.json (git-ignored), with the "targets" block of issue 12 (fresh-process and warm Get
// User against the minimal app, the zip's size and contents). A benchmark prints figures: it never
// fails on a timing, only when an operation fails. bench/README.md says what each figure means;
// BENCH_QUICK=1 is a quick pass for iterating (fewer runs, only get_user and search_users).
import './test-mode';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { version as coreVersion } from 'zapier-platform-core';
import type { AuthData } from '../tour/harness';
import { headerLines, machineJson, startContext } from './context';
import { operationByKey, type Invocation, type Operation } from './operations';
import { findOrCreateRow, measureFindOrCreate, requestLines } from './requests';
import {
  COLD_RUNS,
  CHILD_RUNS,
  LOCATIONS,
  QUICK,
  RESULTS,
  ROOT,
  TARGET,
  USERS,
  settingsJson,
} from './settings';
import { kb, mb, median, ms, msSince, ratio, round, table } from './stats';
import {
  createTesters,
  measureWarm,
  operationsJson,
  printOperations,
  warmLines,
  type OperationResult,
} from './warm';
import {
  buildZip,
  byPackage,
  devPackages,
  strayPackageJson,
  type ZipEntry,
  type ZipReport,
} from './zip';

/** Issue 12's targets. */
const TARGETS = {
  /** Fresh process, load + first Get User invocation, app / minimal app. */
  fresh: 1.1,
  /** Warm Get User invocation, app / minimal app (medians). */
  warm: 1.5,
  /** build/build.zip, bytes. */
  zipBytes: 1.2 * 1024 * 1024,
};

// ---- fresh processes: cold start, first invocation, memory ----

const spawnJson = <T>(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<T> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${args.join(' ').slice(0, 80)}: exit ${code}\n${err}`));
      else resolve(JSON.parse(out) as T);
    });
  });

interface LoadSample {
  ms: number;
  modules: number;
  zod: boolean;
}

// Timed inside the child, from just before require() to just after: Node's own start-up is the
// same for both and is left out.
const LOAD_SCRIPT =
  'const t=process.hrtime.bigint();require(process.argv[1]);' +
  'const ms=Number(process.hrtime.bigint()-t)/1e6;const m=Object.keys(require.cache);' +
  'process.stdout.write(JSON.stringify({ms,modules:m.length,' +
  'zod:m.some(f=>/[\\\\/]node_modules[\\\\/]zod[\\\\/]/.test(f))}))';

const EXTRA_SCRIPT =
  "require('zapier-platform-core');const b=new Set(Object.keys(require.cache));" +
  'require(process.argv[1]);' +
  'process.stdout.write(JSON.stringify(Object.keys(require.cache).filter(f=>!b.has(f))))';

interface ColdStart {
  runs: number;
  coreMs: number;
  appMs: number;
  ratio: number;
  coreModules: number;
  appModules: number;
  /** Files the app loads beyond core's: its own, and any package's. */
  appFiles: number;
  extraPackages: string[];
  zodLoadedAtAppLoad: boolean;
}

const measureColdStart = async (appPath: string): Promise<ColdStart> => {
  const core: LoadSample[] = [];
  const app: LoadSample[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    // Alternate, so a busy moment on the machine hits both alike.
    core.push(await spawnJson<LoadSample>(['-e', LOAD_SCRIPT, 'zapier-platform-core']));
    app.push(await spawnJson<LoadSample>(['-e', LOAD_SCRIPT, appPath]));
  }
  const extra = await spawnJson<string[]>(['-e', EXTRA_SCRIPT, appPath]);
  const packages = new Set(
    extra
      .map((file) => /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file)?.[1])
      .filter((name): name is string => name !== undefined),
  );
  const coreMs = median(core.map((s) => s.ms));
  const appMs = median(app.map((s) => s.ms));
  return {
    runs: COLD_RUNS,
    coreMs,
    appMs,
    ratio: appMs / coreMs,
    coreModules: core[0].modules,
    appModules: app[0].modules,
    appFiles: extra.length - packages.size,
    extraPackages: [...packages],
    zodLoadedAtAppLoad: app.some((s) => s.zod),
  };
};

interface ChildSample {
  mode: 'load' | 'app' | 'core' | 'zod';
  loadMs: number;
  /** loadMs = coreLoadMs (require zapier-platform-core) + appLoadMs (then the app). */
  coreLoadMs: number;
  appLoadMs: number;
  firstCallMs: number;
  items: number;
  bytes: number;
  zodMs: number;
  schemasMs: number;
  maxRssBytes: number;
  heapDeltaBytes: number;
  zodLoaded: boolean;
}

interface ChildFigures {
  loadMs: number;
  coreLoadMs: number;
  appLoadMs: number;
  firstCallMs: number;
  zodMs: number;
  schemasMs: number;
  maxRssBytes: number;
  heapDeltaBytes: number;
  zodLoaded: boolean;
}

type FreshProcess = Record<ChildSample['mode'], ChildFigures> & {
  /** Load + first invocation, zapier-platform-core's load pooled over both sides (see below). */
  pooled: { coreLoadMs: number; appTotal: number; coreTotal: number; ratio: number };
};

/** Fresh processes running one trigger of the app at `appPath` (and the minimal app's same call). */
const measureFreshProcesses = async (
  appPath: string,
  authData: AuthData,
  op: string,
  invocation: Invocation,
  modes: Array<ChildSample['mode']>,
): Promise<FreshProcess> => {
  const env = {
    ...process.env,
    BENCH_APP: appPath,
    BENCH_OP: op,
    BENCH_AUTH: JSON.stringify(authData),
    BENCH_INPUT: JSON.stringify(invocation.inputData),
    BENCH_CALL: JSON.stringify(invocation.call),
  };
  const script = join(ROOT, 'build', 'dev', 'bench', 'poll-child.js');
  const samples: Record<ChildSample['mode'], ChildSample[]> = {
    load: [],
    app: [],
    core: [],
    zod: [],
  };
  for (let i = 0; i < CHILD_RUNS; i++) {
    for (const mode of modes) {
      samples[mode].push(await spawnJson<ChildSample>(['--expose-gc', script, mode], env));
    }
  }
  const none: ChildFigures = {
    loadMs: Number.NaN,
    coreLoadMs: Number.NaN,
    appLoadMs: Number.NaN,
    firstCallMs: Number.NaN,
    zodMs: Number.NaN,
    schemasMs: Number.NaN,
    maxRssBytes: Number.NaN,
    heapDeltaBytes: Number.NaN,
    zodLoaded: false,
  };
  const figures = (list: ChildSample[]): ChildFigures => ({
    loadMs: median(list.map((s) => s.loadMs)),
    coreLoadMs: median(list.map((s) => s.coreLoadMs)),
    appLoadMs: median(list.map((s) => s.appLoadMs)),
    firstCallMs: median(list.map((s) => s.firstCallMs)),
    zodMs: median(list.map((s) => s.zodMs)),
    schemasMs: median(list.map((s) => s.schemasMs)),
    maxRssBytes: median(list.map((s) => s.maxRssBytes)),
    heapDeltaBytes: median(list.map((s) => s.heapDeltaBytes)),
    zodLoaded: list.some((s) => s.zodLoaded),
  });
  const of = (mode: ChildSample['mode']) => (samples[mode].length ? figures(samples[mode]) : none);
  // Both sides load the very same zapier-platform-core first; on a busy machine that load (about
  // 350 ms, 90% of the total) varies by more than the difference being measured, so its median
  // over every process of both sides stands for both. What differs is measured apart: loading the
  // app file after core, and the first invocation.
  const coreLoadMs = median(
    modes.flatMap((mode) => samples[mode]).map((sample) => sample.coreLoadMs),
  );
  const app = of('app');
  const core = of('core');
  const appTotal = coreLoadMs + app.appLoadMs + app.firstCallMs;
  const coreTotal = coreLoadMs + core.appLoadMs + core.firstCallMs;
  return {
    load: of('load'),
    app,
    core,
    zod: of('zod'),
    pooled: { coreLoadMs, appTotal, coreTotal, ratio: appTotal / coreTotal },
  };
};

// ---- printing ----

interface TargetFigure {
  figure: string;
  /** The measured value (a ratio, or bytes for the zip). */
  value: number;
  target: number;
  unit: 'x' | 'bytes';
  ok: boolean;
  detail: string;
}

const targetFigures = (
  fresh: FreshProcess,
  warm: OperationResult | undefined,
  zip: ZipReport | undefined,
  devInZip: string[],
): TargetFigure[] => {
  const { coreLoadMs, appTotal, coreTotal, ratio: freshRatio } = fresh.pooled;
  const split = (side: ChildFigures) =>
    `${ms(coreLoadMs)} + ${ms(side.appLoadMs)} + ${ms(side.firstCallMs)}`;
  return [
    {
      figure: 'fresh process: load + first Get User invocation, app / minimal app',
      value: freshRatio,
      target: TARGETS.fresh,
      unit: 'x',
      ok: freshRatio <= TARGETS.fresh,
      detail:
        `${ms(appTotal)} ms (${split(fresh.app)}) vs ${ms(coreTotal)} ms (${split(fresh.core)}): core, ` +
        `app file, first call; medians of ${CHILD_RUNS} (whole-process medians: ` +
        `${ratio((fresh.app.loadMs + fresh.app.firstCallMs) / (fresh.core.loadMs + fresh.core.firstCallMs))})`,
    },
    {
      figure: 'warm Get User invocation, app / minimal app',
      value: warm ? warm.appOverCore : Number.NaN,
      target: TARGETS.warm,
      unit: 'x',
      ok: warm !== undefined && warm.appOverCore <= TARGETS.warm,
      detail: warm
        ? `${ms(warm.app.median)} vs ${ms(warm.core.median)} ms, medians of ${warm.app.runs}`
        : 'not measured (get_user left out by BENCH_OPS)',
    },
    {
      figure: 'build/build.zip that Zapier receives',
      value: zip ? zip.bytes : Number.NaN,
      target: TARGETS.zipBytes,
      unit: 'bytes',
      ok: zip !== undefined && zip.bytes <= TARGETS.zipBytes && devInZip.length === 0,
      detail: zip
        ? `${zip.entries.length} files, ${devInZip.length === 0 ? 'no development package' : `development packages: ${devInZip.join(', ')}`}`
        : 'not measured',
    },
  ];
};

const printTargets = (targets: TargetFigure[]): string => {
  const show = (value: number, unit: TargetFigure['unit']) =>
    Number.isNaN(value) ? '-' : unit === 'x' ? ratio(value) : mb(value);
  return table(
    ['figure', 'measured', 'target', '', 'detail'],
    targets.map((t) => [
      t.figure,
      show(t.value, t.unit),
      `<= ${show(t.target, t.unit)}${t.unit === 'bytes' ? ', no dev package' : ''}`,
      t.ok ? 'ok' : 'MISS',
      t.detail,
    ]),
  );
};

const main = async (): Promise<void> => {
  const started = process.hrtime.bigint();
  const context = await startContext();
  const { bundle, freshApp, sandbox, authData } = context;
  console.log(headerLines(sandbox).join('\n'));
  console.log('');

  const testers = createTesters();
  const results = await measureWarm(context, testers);
  const foc = await measureFindOrCreate(context, testers.app);
  const byKey = (key: string): Operation => operationByKey(context.operations, key);
  console.log(
    [
      printOperations(results, [findOrCreateRow(foc)]),
      ...requestLines(results, foc),
      ...warmLines(results),
    ].join('\n'),
  );

  process.stderr.write('cold start...\n');
  const cold = await measureColdStart(freshApp);
  process.stderr.write('fresh processes (first Get User invocation)...\n');
  const fresh = await measureFreshProcesses(
    freshApp,
    authData,
    'get_user',
    byKey('get_user').invocation(0, 'core'),
    ['load', 'app', 'core', 'zod'],
  );
  process.stderr.write('fresh processes (memory of a New User poll)...\n');
  const poll = await measureFreshProcesses(
    freshApp,
    authData,
    'search_users',
    byKey('search_users').invocation(0, 'core'),
    ['app', 'core'],
  );
  await sandbox.close();

  console.log(
    `\nCold start (require() in a fresh Node process, median of ${cold.runs}):\n` +
      `  zapier-platform-core alone   ${ms(cold.coreMs)} ms (${cold.coreModules} modules)\n` +
      `  app (${relative(ROOT, freshApp).padEnd(20)}) ${ms(cold.appMs)} ms (${cold.appModules} modules: ${cold.appFiles} ` +
      `app files, extra packages: ${cold.extraPackages.length ? cold.extraPackages.join(', ') : 'none'})\n` +
      `  app / core                   ${ratio(cold.ratio)} (target < ${TARGET.toFixed(2)})` +
      `; zod loaded at app load: ${cold.zodLoadedAtAppLoad ? 'YES' : 'no'}`,
  );
  console.log(
    `\nFirst invocation in a fresh process (Get User, medians of ${CHILD_RUNS}: load zapier-platform-core, load the ` +
      `app, first call; the app is ${relative(ROOT, freshApp)}` +
      (freshApp === bundle.file
        ? `, as build.zip carries it with zod.js beside it (${kb(bundle.bytes)} + ${kb(bundle.zodBytes)})`
        : '') +
      `):\n` +
      `  minimal core app   ${ms(fresh.core.coreLoadMs)} + ${ms(fresh.core.appLoadMs)} + ${ms(fresh.core.firstCallMs)} ms\n` +
      `  app                ${ms(fresh.app.coreLoadMs)} + ${ms(fresh.app.appLoadMs)} + ${ms(fresh.app.firstCallMs)} ms` +
      ` (zod loaded: ${fresh.app.zodLoaded ? 'yes, on first use' : 'no'})\n` +
      `  app / core         ${ratio(fresh.pooled.ratio)} overall (core's load pooled over both sides: ` +
      `${ms(fresh.pooled.coreLoadMs)} ms), ${ratio(fresh.app.firstCallMs / fresh.core.firstCallMs)} for the first call; ` +
      `of the app's extra ${ms(fresh.pooled.appTotal - fresh.pooled.coreTotal)} ms, loading zod takes ${ms(fresh.zod.zodMs)} ms ` +
      `and building every schema ${ms(fresh.zod.schemasMs)} ms when a call needs them (timed apart in another fresh ` +
      'process). Once per warm process: later invocations reuse them.',
  );

  process.stderr.write('zip (zapier-platform build)...\n');
  let zip: ZipReport | undefined;
  let zipError: string | undefined;
  if (process.env.BENCH_SKIP_ZIP === '1') zipError = 'skipped (BENCH_SKIP_ZIP=1)';
  else {
    try {
      zip = await buildZip(ROOT);
    } catch (err) {
      zipError = `zapier-platform build failed: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  const stray = zip ? strayPackageJson(zip.entries) : [];
  const devInZip = zip ? devPackages(zip.entries, ROOT) : [];
  const code = zip?.entries.filter((entry) => !stray.includes(entry)) ?? [];
  const compressed = (entries: ZipEntry[]) => entries.reduce((n, e) => n + e.compressed, 0);
  const footprint = [
    `\nFootprint:`,
    zip
      ? `  build.zip       ${kb(zip.bytes)}, ${zip.entries.length} files (${mb(zip.entries.reduce((n, e) => n + e.size, 0))} unpacked), ` +
        `${zip.origin === 'built' ? `built by this run in ${zip.buildSeconds?.toFixed(1)} s` : 'reused (newer than every source file)'} ` +
        'as `npm run zip` makes it (scripts/build-zip.ts)\n' +
        `  of which        ${stray.length} package.json files (${kb(compressed(stray))}) of production packages with no code in ` +
        `the zip (the CLI adds every package.json under node_modules); development packages: ${devInZip.length ? devInZip.join(', ') : 'none'}\n` +
        `  largest code    ${byPackage(code)
          .slice(0, 6)
          .map((p) => `${p.name} ${kb(p.compressed)}`)
          .join(', ')}`
      : `  build.zip       not measured: ${zipError?.split('\n').slice(0, 3).join(' ')}`,
    `  peak RSS        ${mb(poll.app.maxRssBytes)} for a New User poll over the ${USERS.toLocaleString('en-US')}-user company ` +
      `(${mb(fresh.load.maxRssBytes)} after loading the app only; ${mb(poll.core.maxRssBytes)} for the minimal core app's same poll)`,
    `  heap growth     ${kb(poll.app.heapDeltaBytes)} after the poll, from before loading (load only ${kb(fresh.load.heapDeltaBytes)}; ` +
      `minimal core app ${kb(poll.core.heapDeltaBytes)})`,
  ];
  console.log(footprint.join('\n'));

  const targets = targetFigures(
    fresh,
    results.find((r) => r.op === 'get_user'),
    zip,
    devInZip,
  );
  console.log(
    `\nTargets (issue 12; MISS marks a figure off target, which never fails the benchmark)` +
      `${QUICK ? ' [BENCH_QUICK: fewer runs, noisier]' : ''}:\n${printTargets(targets)}`,
  );

  const runtimeSeconds = msSince(started) / 1000;
  console.log(
    `\nBenchmark runtime: ${runtimeSeconds.toFixed(0)} s. Figures written to bench/results.json.`,
  );

  writeFileSync(
    RESULTS,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: machineJson(),
        node: process.version,
        zapierPlatformCore: coreVersion,
        sandbox: { users: USERS, locations: LOCATIONS, rateLimit: false },
        targets: targets.map((t) => ({ ...t, value: round(t.value, 3) })),
        settings: settingsJson(),
        operations: operationsJson(results),
        findOrCreate: foc,
        bundle,
        coldStart: cold,
        freshProcess: fresh,
        freshProcessPoll: poll,
        zip: zip
          ? {
              bytes: zip.bytes,
              files: zip.entries.length,
              origin: zip.origin,
              buildSeconds: zip.buildSeconds,
              strayPackageJson: { files: stray.length, compressed: compressed(stray) },
              devPackages: devInZip,
              largestCode: byPackage(code).slice(0, 10),
            }
          : { error: zipError },
        runtimeSeconds: round(runtimeSeconds, 1),
      },
      null,
      2,
    )}\n`,
  );
};

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
