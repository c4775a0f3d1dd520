// The footprint of what Zapier uploads: build/build.zip as `npm run zip` makes it
// (dev/scripts/build-zip.ts), what is inside (read from the zip's central directory, no unzip tool
// needed), and unpacking it the way Zapier does before it loads the app.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { buildProductionZip } from '../scripts/build-zip';

export interface ZipEntry {
  name: string;
  size: number;
  compressed: number;
  /** Compression method (0 stored, 8 deflate), where the local header is, and the Unix mode. */
  method: number;
  offset: number;
  mode: number;
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
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const mode = zip.readUInt32LE(at + 38) >>> 16;
    const offset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({ name, size, compressed, method, offset, mode });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
};

/** Unpacks a zip into `dir` (files and symlinks; entries may not leave `dir`). */
export const extractZip = (file: string, dir: string): ZipEntry[] => {
  const zip = readFileSync(file);
  const root = resolve(dir);
  const entries = zipEntries(file);
  for (const entry of entries) {
    const target = resolve(root, entry.name);
    if (!target.startsWith(`${root}${sep}`))
      throw new Error(`${file}: ${entry.name} leaves the folder.`);
    if (entry.name.endsWith('/')) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    if (zip.readUInt32LE(entry.offset) !== 0x04034b50)
      throw new Error(`${file}: bad local header.`);
    const start =
      entry.offset + 30 + zip.readUInt16LE(entry.offset + 26) + zip.readUInt16LE(entry.offset + 28);
    const raw = zip.subarray(start, start + entry.compressed);
    let data: Buffer;
    if (entry.method === 0) data = raw;
    else if (entry.method === 8) data = inflateRawSync(raw);
    else throw new Error(`${file}: ${entry.name} uses compression method ${entry.method}.`);
    mkdirSync(dirname(target), { recursive: true });
    if ((entry.mode & 0o170000) === 0o120000) symlinkSync(data.toString('utf8'), target);
    else writeFileSync(target, data);
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
  for (const file of [
    'index.ts',
    'authentication.ts',
    'index.js',
    'package.json',
    '.zapierapprc',
    join('dev', 'scripts', 'build-zip.ts'),
  ])
    if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
};

/**
 * build/build.zip as `npm run zip` makes it (scripts/build-zip.ts, validation left to
 * `npm run validate`) unless a zip newer than every source file is there. `npm run bench` always
 * recompiles build/ first, so build/'s own dates cannot say whether a zip is stale; the sources'
 * dates can.
 */
export const buildZip = async (root: string): Promise<ZipReport> => {
  const path = join(root, 'build', 'build.zip');
  let origin: ZipReport['origin'] = 'reused';
  let buildSeconds: number | undefined;
  if (!existsSync(path) || statSync(path).mtimeMs < newestSource(root)) {
    buildSeconds = (await buildProductionZip(root, { out: path })).seconds;
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
 * under node_modules; in the production-only folder scripts/build-zip.ts builds in, these are
 * production packages whose code is never required (type-only ones, alternatives core never loads).
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

/** Packages in the zip (node_modules/… folders) that the lockfile marks as development-only. */
export const devPackages = (entries: ZipEntry[], root: string): string[] => {
  const lock = (
    JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    }
  ).packages;
  const packages = new Set(
    entries.map((entry) => packageDir(entry.name)).filter((dir) => dir !== undefined),
  );
  return [...packages].filter((dir) => !lock[dir] || lock[dir].dev === true).sort();
};
