// The benchmark's settings, read once from the environment (the table in README.md): how many runs
// each figure makes, which operations it times, and where the figures are written.
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const RESULTS = join(ROOT, 'dev', 'bench', 'results.json');

const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

// BENCH_QUICK=1: a pass of about 30 s to iterate with; the figures are noisier.
export const QUICK = process.env.BENCH_QUICK === '1';
export const USERS = 10_000;
export const LOCATIONS = 5;
export const WARMUP = envInt('BENCH_WARMUP', QUICK ? 5 : 20);
export const RUNS = envInt('BENCH_RUNS', QUICK ? 40 : 200);
export const COLD_RUNS = envInt('BENCH_COLD_RUNS', QUICK ? 5 : 15);
export const CHILD_RUNS = envInt('BENCH_CHILD_RUNS', QUICK ? 3 : 9);
/** Operations to time (comma-separated keys; delete_user brings create_user along). */
export const ONLY = (process.env.BENCH_OPS ?? (QUICK ? 'get_user,search_users' : ''))
  .split(',')
  .map((key) => key.trim())
  .filter(Boolean);
/** The ratio to a minimal core app that the per-operation table and the cold start mark. */
export const TARGET = 1.1;

/** The settings as results.json records them. */
export const settingsJson = () => ({
  quick: QUICK,
  operations: ONLY.length ? ONLY : 'all',
  warmup: WARMUP,
  runs: RUNS,
  coldRuns: COLD_RUNS,
  childRuns: CHILD_RUNS,
  target: TARGET,
});
