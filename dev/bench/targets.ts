// The targets: the figures the app is held to, each marked ok or MISS, so a change that costs a
// cold container, a warm step or the upload shows at a glance. A miss never fails the benchmark.
import type { ChildFigures, FreshProcess } from './cold-start';
import type { Footprint } from './footprint';
import { CHILD_RUNS, QUICK } from './settings';
import { mb, ms, ratio, round, table } from './stats';
import type { OperationResult } from './warm';

const TARGETS = {
  /** Fresh process, load + first Get User invocation, app / minimal app. */
  fresh: 1.1,
  /** Warm Get User invocation, app / minimal app (medians). */
  warm: 1.5,
  /** build/build.zip, bytes. */
  zipBytes: 1.2 * 1024 * 1024,
};

export interface TargetFigure {
  figure: string;
  /** The measured value (a ratio, or bytes for the zip). */
  value: number;
  target: number;
  unit: 'x' | 'bytes';
  ok: boolean;
  detail: string;
}

/** Each target from the figures that measure it (no warm one when BENCH_OPS leaves get_user out). */
export const targetFigures = (
  fresh: FreshProcess,
  warm: OperationResult | undefined,
  { zip, devInZip }: Footprint,
): TargetFigure[] => {
  const { coreLoadMs, appTotal, coreTotal, ratio: freshRatio } = fresh.pooled;
  const split = (side: ChildFigures) =>
    `${ms(coreLoadMs)} + ${ms(side.appLoadMs)} + ${ms(side.firstCallMs)}`;
  return [
    {
      figure: 'fresh process: load + first Get User invocation, app / minimal app',
      value: freshRatio,
      target: TARGETS.fresh,
      unit: 'x',
      ok: freshRatio <= TARGETS.fresh,
      detail:
        `${ms(appTotal)} ms (${split(fresh.app)}) vs ${ms(coreTotal)} ms (${split(fresh.core)}): core, ` +
        `app file, first call; medians of ${CHILD_RUNS} (whole-process medians: ` +
        `${ratio((fresh.app.loadMs + fresh.app.firstCallMs) / (fresh.core.loadMs + fresh.core.firstCallMs))})`,
    },
    {
      figure: 'warm Get User invocation, app / minimal app',
      value: warm ? warm.appOverCore : Number.NaN,
      target: TARGETS.warm,
      unit: 'x',
      ok: warm !== undefined && warm.appOverCore <= TARGETS.warm,
      detail: warm
        ? `${ms(warm.app.median)} vs ${ms(warm.core.median)} ms, medians of ${warm.app.runs}`
        : 'not measured (get_user left out by BENCH_OPS)',
    },
    {
      figure: 'build/build.zip that Zapier receives',
      value: zip ? zip.bytes : Number.NaN,
      target: TARGETS.zipBytes,
      unit: 'bytes',
      ok: zip !== undefined && zip.bytes <= TARGETS.zipBytes && devInZip.length === 0,
      detail: zip
        ? `${zip.entries.length} files, ${devInZip.length === 0 ? 'no development package' : `development packages: ${devInZip.join(', ')}`}`
        : 'not measured',
    },
  ];
};

export const printTargets = (targets: TargetFigure[]): string => {
  const show = (value: number, unit: TargetFigure['unit']) =>
    Number.isNaN(value) ? '-' : unit === 'x' ? ratio(value) : mb(value);
  return (
    `\nTargets (MISS marks a figure off target, which never fails the benchmark)` +
    `${QUICK ? ' [BENCH_QUICK: fewer runs, noisier]' : ''}:\n` +
    table(
      ['figure', 'measured', 'target', '', 'detail'],
      targets.map((t) => [
        t.figure,
        show(t.value, t.unit),
        `<= ${show(t.target, t.unit)}${t.unit === 'bytes' ? ', no dev package' : ''}`,
        t.ok ? 'ok' : 'MISS',
        t.detail,
      ]),
    )
  );
};

/** The targets as results.json records them. */
export const targetsJson = (targets: TargetFigure[]) =>
  targets.map((t) => ({ ...t, value: round(t.value, 3) }));
