// `npm run zip` (and the first half of `npm run push`): build/build.zip holding only what runs in
// production, and build/source.zip, the two files `zapier-platform upload` sends.
//
// 1. esbuild bundles index.ts with everything it imports except zapier-platform-core and zod into
//    one index.js, and zod into a minified zod.js beside it (`require('zod')` becomes
//    `require('./zod.js')`). Two files, because zod is most of the code and lib/zod.ts loads
//    it only on first use: inside index.js, Node would still read and parse it on every cold
//    start (measured: 17 ms more to load index.js, against 4 ms without zod in it). zod.js is built from
//    zod's ES module files (smaller than its CommonJS ones) without its 40 translations of its
//    messages: the app sets no locale and writes its own messages, so only English, zod's
//    default, is kept (about half of zod's code).
// 2. A temporary folder gets index.js and zod.js, a package.json whose only dependency is
//    zapier-platform-core, .zapierapprc, and zapier-platform-core's production dependency tree,
//    copied from node_modules (no network, no install: the lockfile already chose the versions).
// 3. `zapier-platform build --skip-dep-install` runs there, so the zip is the CLI's own: its
//    zapierwrapper.js and definition.json, the files its esbuild tracing finds, every package.json
//    under that node_modules (now production packages only), includeInBuild, and its own test that
//    the unpacked zip loads. `--validate` keeps its validation (including the call to Zapier's
//    servers, as `zapier-platform push` does); without it, `npm run validate` has checked locally.
// 4. build.zip is copied to build/; source.zip is made from the project itself by the CLI's own
//    function, as `zapier-platform build` would.
//
//   node build/dev/scripts/build-zip.js [--validate] [--keep]     (after `npm run build`)
//   node build/dev/scripts/build-zip.js --bundle-only [outdir]    (index.js and zod.js only; default build/app)
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { Plugin } from 'esbuild';

interface PackageJson {
  name: string;
  version: string;
  description?: string;
  engines?: Record<string, string>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const CORE = 'zapier-platform-core';

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** The project root, from dev/scripts/ or build/dev/scripts/ (build/ has a package.json copy too). */
export const projectRoot = (): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'tsconfig.build.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('build-zip: cannot find the project root.');
    dir = parent;
  }
  return dir;
};

/**
 * zod's `locales` namespace (every translation of its messages) replaced by English alone. The app
 * never sets a locale (z.config) nor reads z.locales; English is what zod installs by default.
 */
const englishOnlyZod: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.c?js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales'), namespace: 'zod-english' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: args.path,
      loader: 'js',
    }));
  },
};

/** `require('zod')` in our code becomes `require('./zod.js')`, the file bundleApp writes beside. */
const zodBeside: Plugin = {
  name: 'zod-beside',
  setup(build) {
    build.onResolve({ filter: /^zod$/ }, () => ({ path: './zod.js', external: true }));
  },
};

export interface BundleReport {
  /** index.js: the app. */
  file: string;
  bytes: number;
  /** zod.js, beside it. */
  zodFile: string;
  zodBytes: number;
}

/** index.ts and all it imports but zapier-platform-core and zod, and zod, as two CommonJS files. */
export const bundleApp = async (root: string, outdir: string): Promise<BundleReport> => {
  // Required when bundling only: bench/zip.ts imports this file also when it reuses a zip.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    legalComments: 'eof',
    logLevel: 'warning',
  } as const;
  const file = join(outdir, 'index.js');
  const zodFile = join(outdir, 'zod.js');
  const app = await esbuild.build({
    ...common,
    entryPoints: [join(root, 'index.ts')],
    outfile: file,
    external: [CORE],
    plugins: [zodBeside],
    tsconfig: join(root, 'tsconfig.build.json'),
    metafile: true,
  });
  // A `zod/…` subpath import would put a second copy of zod's core in index.js, loaded at once.
  const zodInApp = Object.keys(app.metafile.inputs).filter((input) =>
    /node_modules[\\/]zod[\\/]/.test(input),
  );
  if (zodInApp.length)
    throw new Error(
      `index.js would hold zod's own files (${zodInApp[0]}…): import zod as 'zod' only, ` +
        'so it stays in zod.js, loaded on first use.',
    );
  await esbuild.build({
    ...common,
    // zod's own entry file, as `import` resolves it: its ES module files.
    stdin: { contents: "export * from 'zod'; export { default } from 'zod';", resolveDir: root },
    outfile: zodFile,
    // Minified: Node parses a smaller file faster (zod.js loaded in about 15% less time here), and
    // nothing of ours runs in it: errors the app reports are its own, never zod's stack.
    minify: true,
    conditions: ['import'],
    mainFields: ['module', 'main'],
    plugins: [englishOnlyZod],
  });
  return { file, bytes: statSync(file).size, zodFile, zodBytes: statSync(zodFile).size };
};

/** Where Node would find package `name` from package directory `from` (nearest node_modules up). */
const resolvePackage = (root: string, from: string, name: string): string | undefined => {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root) return undefined;
    dir = dirname(dir);
  }
};

/**
 * zapier-platform-core and every package it needs at run time, as installed under node_modules:
 * dependencies, installed optional dependencies and required peers, resolved as Node would.
 */
export const productionTree = (root: string): string[] => {
  const start = resolvePackage(root, root, CORE);
  if (!start) throw new Error(`${CORE} is not installed: run npm ci first.`);
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const pkg = readJson<PackageJson>(join(dir, 'package.json'));
    const required = [
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}).filter(
        (name) => !pkg.peerDependenciesMeta?.[name]?.optional,
      ),
    ];
    for (const name of required) {
      const found = resolvePackage(root, dir, name);
      if (!found) throw new Error(`${relative(root, dir)} needs ${name}, which is not installed.`);
      visit(found);
    }
    for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
      const found = resolvePackage(root, dir, name);
      if (found) visit(found);
    }
  };
  visit(start);
  return [...seen].sort();
};

const run = (command: string, args: string[], cwd: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${args.slice(1).join(' ')} exited ${code}:\n${output.slice(-3000)}`)),
    );
  });

export interface ZipOptions {
  /** Keep the CLI's validation, with its call to Zapier's servers (`npm run push`). */
  validate?: boolean;
  /** Where build.zip goes (default build/build.zip); source.zip goes beside it. */
  out?: string;
  /** Make source.zip too (default true). */
  source?: boolean;
  /** Leave the temporary folder in place and say where it is. */
  keep?: boolean;
}

export interface ZipResult {
  zip: string;
  source?: string;
  bundle: BundleReport;
  packages: number;
  seconds: number;
}

/** Builds the production build.zip (and source.zip) as described at the top. */
export const buildProductionZip = async (
  root: string,
  options: ZipOptions = {},
): Promise<ZipResult> => {
  const started = process.hrtime.bigint();
  const out = options.out ?? join(root, 'build', 'build.zip');
  const stage = mkdtempSync(join(tmpdir(), 'highlevel-zip-'));
  try {
    const bundle = await bundleApp(root, stage);

    const app = readJson<PackageJson>(join(root, 'package.json'));
    const coreVersion = app.dependencies?.[CORE];
    if (!coreVersion) throw new Error(`package.json has no ${CORE} dependency.`);
    writeFileSync(
      join(stage, 'package.json'),
      `${JSON.stringify(
        {
          name: app.name,
          version: app.version,
          description: app.description,
          private: true,
          main: 'index.js',
          engines: app.engines,
          dependencies: { [CORE]: coreVersion },
        },
        null,
        2,
      )}\n`,
    );
    if (existsSync(join(root, '.zapierapprc')))
      copyFileSync(join(root, '.zapierapprc'), join(stage, '.zapierapprc'));
    // The CLI's source.zip of this folder (replaced below) warns without one.
    writeFileSync(join(stage, '.gitignore'), 'build/\n');

    const packages = productionTree(root);
    for (const dir of packages) {
      const nested = `${dir}${sep}node_modules`;
      cpSync(dir, join(stage, relative(root, dir)), {
        recursive: true,
        // Nested packages are in the tree on their own when something needs them.
        filter: (source) => source !== nested && !source.startsWith(`${nested}${sep}`),
      });
    }

    const cliDir = join(root, 'node_modules', 'zapier-platform-cli');
    const cli = join(
      cliDir,
      readJson<PackageJson>(join(cliDir, 'package.json')).bin?.['zapier-platform'] ?? '',
    );
    await run(
      process.execPath,
      [cli, 'build', '--skip-dep-install', ...(options.validate ? [] : ['--skip-validation'])],
      stage,
    );
    mkdirSync(dirname(out), { recursive: true });
    copyFileSync(join(stage, 'build', 'build.zip'), out);

    let source: string | undefined;
    if (options.source !== false) {
      source = join(dirname(out), 'source.zip');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const cliBuild = require(join(cliDir, 'src', 'utils', 'build.js')) as {
        makeSourceZip: (workingDir: string, zipPath: string) => Promise<void>;
      };
      await cliBuild.makeSourceZip(root, source);
    }
    return {
      zip: out,
      source,
      bundle,
      packages: packages.length,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  } finally {
    if (options.keep) console.log(`Kept the build folder: ${stage}`);
    else rmSync(stage, { recursive: true, force: true });
  }
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  const root = projectRoot();
  if (args[0] === '--bundle-only') {
    const report = await bundleApp(root, args[1] ?? join(root, 'build', 'app'));
    console.log(
      `${relative(root, report.file)}: ${(report.bytes / 1024).toFixed(1)} KB, ` +
        `${relative(root, report.zodFile)}: ${(report.zodBytes / 1024).toFixed(1)} KB`,
    );
    return;
  }
  const result = await buildProductionZip(root, {
    validate: args.includes('--validate'),
    keep: args.includes('--keep'),
  });
  const kb = (file: string) => `${(statSync(file).size / 1024).toFixed(1)} KB`;
  console.log(
    `${relative(root, result.zip)}: ${kb(result.zip)} (index.js ${(result.bundle.bytes / 1024).toFixed(1)} KB and zod.js ` +
      `${(result.bundle.zodBytes / 1024).toFixed(1)} KB bundled, ${CORE} and ${result.packages - 1} production packages), ` +
      `in ${result.seconds.toFixed(1)} s` +
      (result.source ? `\n${relative(root, result.source)}: ${kb(result.source)}` : ''),
  );
};

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
