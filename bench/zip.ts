// The footprint of what Zapier uploads: build/build.zip as `zapier-platform build` makes it, and
// what is inside (read from the zip's central directory, no unzip tool needed).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ZipEntry {
  name: string;
  size: number;
  compressed: number;
}

export interface ZipReport {
  path: string;
  bytes: number;
  /** 'built' by this run, or 'reused' (already newer than every source file). */
  origin: 'built' | 'reused';
  buildSeconds?: number;
  entries: ZipEntry[];
}

/** Every entry of a zip file, from its central directory. */
export const zipEntries = (file: string): ZipEntry[] => {
  const zip = readFileSync(file);
  // The end-of-central-directory record is in the last 64 KB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file.`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory.`);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({ name, size, compressed });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
};

/** The newest modification time among the files the zip is made from. */
const newestSource = (root: string): number => {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['lib', 'triggers', 'creates', 'searches']) visit(join(root, dir));
  for (const file of ['index.ts', 'authentication.ts', 'index.js', 'package.json', '.zapierapprc'])
    if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
};

interface PackageJson {
  bin: Record<string, string>;
}

const run = (command: string, args: string[], cwd: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // `npm run bench` has just compiled build/: this tells the CLI not to run `_zapier-build`
      // (tsc over the whole tree, tests included) again, the way it tells itself when npm runs it.
      env: { ...process.env, npm_lifecycle_event: '_zapier-build' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`exit ${code}:\n${output.slice(-2000)}`)),
    );
  });

/**
 * build/build.zip, made with the project's own `npm run zip` options (dependencies as installed,
 * validation left to `npm run validate`) unless a zip newer than every source file is there.
 * `npm run bench` always recompiles build/ first, so build/'s own dates cannot say whether a zip
 * is stale; the sources' dates can.
 */
export const buildZip = async (root: string): Promise<ZipReport> => {
  const path = join(root, 'build', 'build.zip');
  let origin: ZipReport['origin'] = 'reused';
  let buildSeconds: number | undefined;
  if (!existsSync(path) || statSync(path).mtimeMs < newestSource(root)) {
    const started = process.hrtime.bigint();
    const cliDir = join(root, 'node_modules', 'zapier-platform-cli');
    const cli = (JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')) as PackageJson).bin[
      'zapier-platform'
    ];
    await run(
      process.execPath,
      [join(cliDir, cli), 'build', '--skip-dep-install', '--skip-validation'],
      root,
    );
    buildSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    origin = 'built';
  }
  return { path, bytes: statSync(path).size, origin, buildSeconds, entries: zipEntries(path) };
};

/** Compressed bytes per top-level package (node_modules/<name>) or app folder. */
export const byPackage = (entries: ZipEntry[]): Array<{ name: string; compressed: number }> => {
  const totals = new Map<string, number>();
  for (const entry of entries) {
    const parts = entry.name.split('/');
    const at = parts.indexOf('node_modules');
    const key =
      at >= 0
        ? parts.slice(at + 1, parts[at + 1]?.startsWith('@') ? at + 3 : at + 2).join('/')
        : parts.length > 1
          ? `${parts[0]}/`
          : parts[0];
    totals.set(key, (totals.get(key) ?? 0) + entry.compressed);
  }
  return [...totals]
    .map(([name, compressed]) => ({ name, compressed }))
    .sort((a, b) => b.compressed - a.compressed);
};

/** The package directory an entry belongs to (innermost node_modules/<name>), if any. */
const packageDir = (name: string): string | undefined =>
  /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(name)?.[1];

/**
 * package.json files of packages none of whose code is in the zip. The CLI adds every package.json
 * under node_modules; with --skip-dep-install that is the development tree (jest, eslint, the CLI
 * itself...), so these are what a production-only install would leave out.
 */
export const strayPackageJson = (entries: ZipEntry[]): ZipEntry[] => {
  const withCode = new Set(
    entries
      .filter((entry) => !entry.name.endsWith('package.json'))
      .map((entry) => packageDir(entry.name)),
  );
  return entries.filter((entry) => {
    const dir = packageDir(entry.name);
    return entry.name.endsWith('package.json') && dir !== undefined && !withCode.has(dir);
  });
};
