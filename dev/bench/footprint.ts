// Footprint: the zip Zapier receives (size, files, no development package), which every cold
// container loads, and the memory a New User poll over 10,000 users takes in a fresh process.
import type { ColdStartFigures } from './cold-start';
import { ROOT, USERS } from './settings';
import { kb, mb } from './stats';
import {
  buildZip,
  byPackage,
  devPackages,
  strayPackageJson,
  type ZipEntry,
  type ZipReport,
} from './zip';

export interface Footprint {
  /** The zip, unless BENCH_SKIP_ZIP=1 or building it failed (then `error` says why). */
  zip?: ZipReport;
  error?: string;
  /** package.json files of packages with no code in the zip. */
  stray: ZipEntry[];
  /** Development packages in the zip (none expected). */
  devInZip: string[];
  /** Every entry but the stray package.json files. */
  code: ZipEntry[];
}

const compressed = (entries: ZipEntry[]) => entries.reduce((n, e) => n + e.compressed, 0);

export const measureFootprint = async (): Promise<Footprint> => {
  process.stderr.write('zip (zapier-platform build)...\n');
  let zip: ZipReport | undefined;
  let error: string | undefined;
  if (process.env.BENCH_SKIP_ZIP === '1') error = 'skipped (BENCH_SKIP_ZIP=1)';
  else {
    try {
      zip = await buildZip(ROOT);
    } catch (err) {
      error = `zapier-platform build failed: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  const stray = zip ? strayPackageJson(zip.entries) : [];
  const devInZip = zip ? devPackages(zip.entries, ROOT) : [];
  const code = zip?.entries.filter((entry) => !stray.includes(entry)) ?? [];
  return { zip, error, stray, devInZip, code };
};

/** The zip's lines, then the poll's memory (measured with the cold start's fresh processes). */
export const printFootprint = (
  { zip, error, stray, devInZip, code }: Footprint,
  { fresh, poll }: ColdStartFigures,
): string =>
  [
    `\nFootprint:`,
    zip
      ? `  build.zip       ${kb(zip.bytes)}, ${zip.entries.length} files (${mb(zip.entries.reduce((n, e) => n + e.size, 0))} unpacked), ` +
        `${zip.origin === 'built' ? `built by this run in ${zip.buildSeconds?.toFixed(1)} s` : 'reused (newer than every source file)'} ` +
        'as `npm run zip` makes it (dev/scripts/build-zip.ts)\n' +
        `  of which        ${stray.length} package.json files (${kb(compressed(stray))}) of production packages with no code in ` +
        `the zip (the CLI adds every package.json under node_modules); development packages: ${devInZip.length ? devInZip.join(', ') : 'none'}\n` +
        `  largest code    ${byPackage(code)
          .slice(0, 6)
          .map((p) => `${p.name} ${kb(p.compressed)}`)
          .join(', ')}`
      : `  build.zip       not measured: ${error?.split('\n').slice(0, 3).join(' ')}`,
    `  peak RSS        ${mb(poll.app.maxRssBytes)} for a New User poll over the ${USERS.toLocaleString('en-US')}-user company ` +
      `(${mb(fresh.load.maxRssBytes)} after loading the app only; ${mb(poll.core.maxRssBytes)} for the minimal core app's same poll)`,
    `  heap growth     ${kb(poll.app.heapDeltaBytes)} after the poll, from before loading (load only ${kb(fresh.load.heapDeltaBytes)}; ` +
      `minimal core app ${kb(poll.core.heapDeltaBytes)})`,
  ].join('\n');

/** The zip as results.json records it. */
export const footprintJson = ({ zip, error, stray, devInZip, code }: Footprint) =>
  zip
    ? {
        bytes: zip.bytes,
        files: zip.entries.length,
        origin: zip.origin,
        buildSeconds: zip.buildSeconds,
        strayPackageJson: { files: stray.length, compressed: compressed(stray) },
        devPackages: devInZip,
        largestCode: byPackage(code).slice(0, 10),
      }
    : { error };
