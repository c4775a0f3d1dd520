// Cold start: what a fresh Lambda container pays before the first Zap step, the app beside a
// minimal core app: require() alone, then load and one Get User call (poll-child.ts) per process.
import { spawn } from 'node:child_process';
import { join, relative } from 'node:path';
import type { AuthData } from '../tour/harness';
import type { BenchContext } from './context';
import { operationByKey, type Invocation } from './operations';
import { CHILD_RUNS, COLD_RUNS, ROOT, TARGET } from './settings';
import { kb, median, ms, ratio } from './stats';

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

const measureRequire = async (appPath: string): Promise<ColdStart> => {
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

export interface ChildFigures {
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

export type FreshProcess = Record<ChildSample['mode'], ChildFigures> & {
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

export interface ColdStartFigures {
  cold: ColdStart;
  /** First Get User invocation (and, in `load` mode, the app's load alone). */
  fresh: FreshProcess;
  /** A New User poll, for its peak memory. */
  poll: FreshProcess;
}

export const measureColdStart = async (context: BenchContext): Promise<ColdStartFigures> => {
  const { freshApp, authData, operations } = context;
  process.stderr.write('cold start...\n');
  const cold = await measureRequire(freshApp);
  process.stderr.write('fresh processes (first Get User invocation)...\n');
  const fresh = await measureFreshProcesses(
    freshApp,
    authData,
    'get_user',
    operationByKey(operations, 'get_user').invocation(0, 'core'),
    ['load', 'app', 'core', 'zod'],
  );
  process.stderr.write('fresh processes (memory of a New User poll)...\n');
  const poll = await measureFreshProcesses(
    freshApp,
    authData,
    'search_users',
    operationByKey(operations, 'search_users').invocation(0, 'core'),
    ['app', 'core'],
  );
  return { cold, fresh, poll };
};

export const printColdStart = (
  { cold, fresh }: ColdStartFigures,
  context: BenchContext,
): string => {
  const { freshApp, bundle } = context;
  return (
    `\nCold start (require() in a fresh Node process, median of ${cold.runs}):\n` +
    `  zapier-platform-core alone   ${ms(cold.coreMs)} ms (${cold.coreModules} modules)\n` +
    `  app (${relative(ROOT, freshApp).padEnd(20)}) ${ms(cold.appMs)} ms (${cold.appModules} modules: ${cold.appFiles} ` +
    `app files, extra packages: ${cold.extraPackages.length ? cold.extraPackages.join(', ') : 'none'})\n` +
    `  app / core                   ${ratio(cold.ratio)} (target < ${TARGET.toFixed(2)})` +
    `; zod loaded at app load: ${cold.zodLoadedAtAppLoad ? 'YES' : 'no'}\n` +
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
    'process). Once per warm process: later invocations reuse them.'
  );
};
