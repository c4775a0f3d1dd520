// Run by the benchmark in a fresh Node process (`node --expose-gc build/dev/bench/poll-child.js MODE`):
// loads the app as Zapier receives it (the bundled index.js of build.zip, BENCH_APP) or the minimal
// core app, optionally runs one trigger against the sandbox the parent runs, and prints one JSON
// line: load times (zapier-platform-core, then the app) and first-invocation time, peak RSS, heap
// growth.
//   load: load the app only         app: the app's trigger BENCH_OP (get_user, search_users...)
//   core: the minimal core app making the same request
//   zod:  load the app, then time loading zod from node_modules and building every schema of the
//         compiled sources (what the first validating call of an unbundled app adds)
// The parent passes BENCH_AUTH (authData), BENCH_INPUT (the trigger's inputData) and BENCH_CALL
// (the minimal app's request) as JSON, and GHL_API_BASE_URL.
import { existsSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import type { Bundle } from 'zapier-platform-core';
import { bundleFor } from '../tour/bundle';
import type { PlainCall } from './minimal-app';

type Mode = 'load' | 'app' | 'core' | 'zod';

type Perform = (z: unknown, bundle: Bundle) => unknown;

interface Definition {
  triggers: Record<string, { operation: { perform: Perform } }>;
}

interface Loaded {
  createAppTester: (app: Definition) => (perform: Perform, bundle: Bundle) => Promise<unknown>;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

const heapUsed = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};

const main = async (): Promise<void> => {
  const mode = process.argv[2] as Mode;
  const heapBefore = heapUsed();
  const loadStart = process.hrtime.bigint();
  /* eslint-disable @typescript-eslint/no-require-imports -- loading is what is measured */
  const core = require('zapier-platform-core') as Loaded;
  const coreLoadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
  const appLoadStart = process.hrtime.bigint();
  const app = (
    mode === 'core'
      ? require('./minimal-app').default
      : require(process.env.BENCH_APP ?? '../../index')
  ) as Definition;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
  const appLoadMs = Number(process.hrtime.bigint() - appLoadStart) / 1e6;

  let firstCallMs = 0;
  let items = 0;
  let bytes = 0;
  let zodMs = 0;
  let schemasMs = 0;
  if (mode === 'zod') {
    // build.zip's zod.js when the app is the bundle (and the compiled schemas made with it), zod
    // from node_modules otherwise.
    const bundled = process.env.BENCH_APP && join(dirname(process.env.BENCH_APP), 'zod.js');
    if (bundled && existsSync(bundled)) {
      // Node's own resolver (undocumented, stable since Node 0.x), answering 'zod' with zod.js.
      const loader = Module as unknown as {
        _resolveFilename: (request: string, ...rest: unknown[]) => string;
      };
      const resolve = loader._resolveFilename;
      loader._resolveFilename = (request, ...rest) =>
        request === 'zod' ? bundled : resolve.call(Module, request, ...rest);
    }
    const zodStart = process.hrtime.bigint();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('zod');
    zodMs = Number(process.hrtime.bigint() - zodStart) / 1e6;
    const schemasStart = process.hrtime.bigint();
    /* eslint-disable @typescript-eslint/no-require-imports -- timed loads, on purpose */
    const built = [
      ...Object.values(require('../../lib/highlevel/schemas') as Record<string, unknown>),
      (require('../../lib/users/form') as typeof import('../../lib/users/form')).userFormSchema,
    ];
    /* eslint-enable @typescript-eslint/no-require-imports */
    // Every schema the app builds on first use.
    for (const make of built) if (typeof make === 'function' && make.length === 0) make();
    schemasMs = Number(process.hrtime.bigint() - schemasStart) / 1e6;
  } else if (mode !== 'load') {
    const authData = JSON.parse(process.env.BENCH_AUTH ?? '{}') as Record<string, string>;
    const callStart = process.hrtime.bigint();
    const appTester = core.createAppTester(app);
    let result: unknown;
    if (mode === 'core') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { setCall } = require('./minimal-app') as typeof import('./minimal-app');
      setCall(JSON.parse(process.env.BENCH_CALL ?? '{}') as PlainCall);
      result = await appTester(app.triggers.request.operation.perform, bundleFor(authData));
    } else {
      const inputData = JSON.parse(process.env.BENCH_INPUT ?? '{}') as Record<string, unknown>;
      const op = process.env.BENCH_OP ?? 'search_users';
      result = await appTester(app.triggers[op].operation.perform, bundleFor(authData, inputData));
    }
    firstCallMs = Number(process.hrtime.bigint() - callStart) / 1e6;
    items = Array.isArray(result) ? result.length : 1;
    bytes = Buffer.byteLength(JSON.stringify(result));
  }
  const modules = Object.keys(require.cache);
  process.stdout.write(
    `${JSON.stringify({
      mode,
      loadMs,
      coreLoadMs,
      appLoadMs,
      firstCallMs,
      items,
      bytes,
      zodMs,
      schemasMs,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      heapDeltaBytes: heapUsed() - heapBefore,
      // zod from node_modules, or build.zip's bundled zod.js
      zodLoaded: modules.some((file) => /[\\/]node_modules[\\/]zod[\\/]|[\\/]zod\.js$/.test(file)),
    })}\n`,
  );
};

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
