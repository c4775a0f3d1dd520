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
import { writeFileSync } from 'node:fs';
import { version as coreVersion } from 'zapier-platform-core';
import {
  measureColdStart,
  printColdStart,
  type ChildFigures,
  type FreshProcess,
} from './cold-start';
import { headerLines, machineJson, startContext } from './context';
import { findOrCreateRow, measureFindOrCreate, requestLines } from './requests';
import { CHILD_RUNS, LOCATIONS, QUICK, RESULTS, ROOT, USERS, settingsJson } from './settings';
import { kb, mb, ms, msSince, ratio, round, table } from './stats';
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
  const { bundle, sandbox } = context;
  console.log(headerLines(sandbox).join('\n'));
  console.log('');

  const testers = createTesters();
  const results = await measureWarm(context, testers);
  const foc = await measureFindOrCreate(context, testers.app);
  console.log(
    [
      printOperations(results, [findOrCreateRow(foc)]),
      ...requestLines(results, foc),
      ...warmLines(results),
    ].join('\n'),
  );

  const coldStart = await measureColdStart(context);
  const { fresh, poll } = coldStart;
  await sandbox.close();
  console.log(printColdStart(coldStart, context));

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
        coldStart: coldStart.cold,
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
