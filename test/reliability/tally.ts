// Figures a reliability test file collects (faults survived, fuzz cases, secret scans) and hands
// to test/reliability/summary-reporter.js, which prints one summary block when jest is done.
//
// Test files run in jest's worker processes; the reporter runs in the main one. The reporter makes
// a fresh directory per run and names it in RELIABILITY_SUMMARY_DIR before the workers start, so
// each file writes its figures there and two jest runs never mix theirs.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export const SUMMARY_DIR_ENV = 'RELIABILITY_SUMMARY_DIR';

/** The figures the summary knows; each file fills in the ones it measures. */
export interface Figures {
  faultsTried: number;
  faultsSurvived: number;
  fuzzGenerated: number;
  fuzzRefused: number;
  fuzzSent: number;
  secretScans: number;
  secretScansPassed: number;
  hygieneChecks: number;
  hygieneChecksPassed: number;
  /** Hostile answers, hostile inputs and refresh races, all classes together. */
  hostileTried: number;
  hostilePassed: number;
}

/**
 * The classes of hostile answer or input, one summary line each. The summary
 * (test/reliability/summary-reporter.js, which reads this list) prints them in this order.
 */
export const HOSTILE_CLASSES = [
  'Redirects',
  'Errors carrying input',
  'Secrets echoed',
  'Weak secrets',
  'Wrong place',
  'Bad characters',
  'Rate-limit headers',
  'Unreadable 201',
  'Non-final success',
  'Refresh races',
  'Secrets in outputs',
  'Encoded paths',
  'Renewed for another account',
  'Linear-time checks',
  'Bounded answers',
  'Values of the wrong kind',
  'Sub-account stays put',
  'Code in the logs',
] as const;

export type HostileClass = (typeof HOSTILE_CLASSES)[number];

export type FigureName = keyof Figures;

export interface Tally {
  add(name: FigureName, count?: number): void;
  get(name: FigureName): number;
  /** Runs one check: counts it as tried, and as passed only when `work` resolves. */
  check<T>(tried: FigureName, passed: FigureName, work: () => Promise<T>): Promise<T>;
  /** One hostile case of a class: counted in hostileTried and the class, passed when `work` resolves. */
  hostile<T>(kind: HostileClass, work: () => Promise<T>): Promise<T>;
}

/**
 * A tally for one test file; written to the run's summary directory after the file's tests
 * (also when some failed: then "tried" and "passed" differ, which the summary shows).
 */
export const tallyFor = (testFile: string): Tally => {
  const figures: Partial<Figures> = {};
  const classes: Partial<Record<HostileClass, { tried: number; passed: number }>> = {};
  const add = (name: FigureName, count = 1): void => {
    figures[name] = (figures[name] ?? 0) + count;
  };
  const classOf = (kind: HostileClass) => (classes[kind] ??= { tried: 0, passed: 0 });
  afterAll(() => {
    const dir = process.env[SUMMARY_DIR_ENV];
    if (!dir) return;
    writeFileSync(
      join(dir, `${basename(testFile)}-${process.pid}.json`),
      JSON.stringify({ file: basename(testFile), figures, classes }),
    );
  });
  return {
    add,
    get: (name) => figures[name] ?? 0,
    check: async (tried, passed, work) => {
      add(tried);
      const result = await work();
      add(passed);
      return result;
    },
    hostile: async (kind, work) => {
      add('hostileTried');
      classOf(kind).tried += 1;
      const result = await work();
      add('hostilePassed');
      classOf(kind).passed += 1;
      return result;
    },
  };
};
