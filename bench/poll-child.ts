// Run by the benchmark in a fresh Node process (`node --expose-gc build/bench/poll-child.js MODE`):
// loads the built app (or the minimal core app), optionally makes one poll against the sandbox the
// parent runs, and prints one JSON line: load and first-invocation times, peak RSS, heap growth.
//   load: load the app only         app: the app's New User poll (search_users)
//   core: the minimal core app making the same request
//   zod:  load the app, then time loading zod and building every schema (what the app's first
//         validating call adds)
// The parent passes BENCH_AUTH (authData) and BENCH_CALL (the minimal app's request) as JSON, and
// GHL_API_BASE_URL.
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
  const app = (
    mode === 'core' ? require('./minimal-app').default : require('../index')
  ) as Definition;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;

  let firstCallMs = 0;
  let items = 0;
  let bytes = 0;
  let zodMs = 0;
  let schemasMs = 0;
  if (mode === 'zod') {
    const zodStart = process.hrtime.bigint();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('zod');
    zodMs = Number(process.hrtime.bigint() - zodStart) / 1e6;
    const schemasStart = process.hrtime.bigint();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('../lib/schemas') as typeof import('../lib/schemas')).schemas();
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
      result = await appTester(app.triggers.search_users.operation.perform, bundleFor(authData));
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
      firstCallMs,
      items,
      bytes,
      zodMs,
      schemasMs,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      heapDeltaBytes: heapUsed() - heapBefore,
      zodLoaded: modules.some((file) => /[\\/]node_modules[\\/]zod[\\/]/.test(file)),
    })}\n`,
  );
};

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
