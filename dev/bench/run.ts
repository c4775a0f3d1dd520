// `npm run bench`: what each Zap run costs an agency. Runs each figure module in order against the
// local sandbox, prints the targets and writes every figure to dev/bench/results.json
// (git-ignored). It never fails on a timing, only when an operation fails; README.md says how to
// add a figure.
import './test-mode';
import { writeFileSync } from 'node:fs';
import { version as coreVersion } from 'zapier-platform-core';
import { measureColdStart, printColdStart } from './cold-start';
import { headerLines, machineJson, startContext } from './context';
import { footprintJson, measureFootprint, printFootprint } from './footprint';
import { findOrCreateRow, measureFindOrCreate, requestLines } from './requests';
import { LOCATIONS, RESULTS, USERS, settingsJson } from './settings';
import { msSince, round } from './stats';
import { printTargets, targetFigures, targetsJson } from './targets';
import { createTesters, measureWarm, operationsJson, printOperations, warmLines } from './warm';
import { measureWatch, printWatch } from './watch';

const main = async (): Promise<void> => {
  const started = process.hrtime.bigint();
  const context = await startContext();
  console.log(headerLines(context.sandbox).join('\n'));
  console.log('');

  // Per operation, one table: warm timings beside the baselines, and requests per invocation.
  const testers = createTesters();
  const operations = await measureWarm(context, testers);
  const findOrCreate = await measureFindOrCreate(context, testers.app);
  console.log(
    [
      printOperations(operations, [findOrCreateRow(findOrCreate)]),
      ...requestLines(operations, findOrCreate),
      ...warmLines(operations),
    ].join('\n'),
  );

  // Figures that call the 10,000-user sandbox run above this line.
  const coldStart = await measureColdStart(context);
  await context.sandbox.close();
  console.log(printColdStart(coldStart, context));

  const watch = await measureWatch();
  console.log(printWatch(watch));

  const footprint = await measureFootprint();
  console.log(printFootprint(footprint, coldStart));

  const getUser = operations.find((r) => r.op === 'get_user');
  const targets = targetFigures(coldStart.fresh, getUser, footprint);
  console.log(printTargets(targets));

  const runtimeSeconds = msSince(started) / 1000;
  console.log(
    `\nBenchmark runtime: ${runtimeSeconds.toFixed(0)} s. Figures written to dev/bench/results.json.`,
  );

  const results = {
    date: new Date().toISOString(),
    machine: machineJson(),
    node: process.version,
    zapierPlatformCore: coreVersion,
    sandbox: { users: USERS, locations: LOCATIONS, rateLimit: false },
    targets: targetsJson(targets),
    settings: settingsJson(),
    operations: operationsJson(operations),
    findOrCreate,
    bundle: context.bundle,
    coldStart: coldStart.cold,
    freshProcess: coldStart.fresh,
    freshProcessPoll: coldStart.poll,
    zip: footprintJson(footprint),
    watch,
    runtimeSeconds: round(runtimeSeconds, 1),
  };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
};

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
