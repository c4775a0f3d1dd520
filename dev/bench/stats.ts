// Small helpers for the benchmark's figures and table.

export interface Summary {
  median: number;
  p95: number;
  runs: number;
}

/** The value at quantile q (0..1) of sorted values, by linear interpolation. */
const quantile = (sorted: number[], q: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
};

export const summarize = (values: number[]): Summary => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), runs: values.length };
};

export const median = (values: number[]): number => summarize(values).median;

/** Milliseconds since `start` (a process.hrtime.bigint() reading). */
export const msSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

export const round = (value: number, digits = 2): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export const ms = (value: number): string => value.toFixed(value < 10 ? 2 : 1);

export const ratio = (value: number): string => `${value.toFixed(2)}x`;

/** Median / p95 of a summary, as the per-operation table shows them. */
export const pair = (s: Summary): string => `${ms(s.median)} / ${ms(s.p95)}`;

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export const table = (header: string[], rows: string[][]): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = header.map((_, i) => rows.every((r) => /^[\d.,x/ -]+$/.test(r[i])));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
};
