/**
 * Fault injection: queued failures consumed, in order, by the next matching API or OAuth
 * requests. They reproduce what an integration meets in the wild in front of HighLevel: gateway
 * errors with HTML bodies, 429s, truncated or empty JSON, dropped connections, slow answers.
 */

export type FaultKind =
  'status' | 'rate-limit' | 'daily-limit' | 'malformed' | 'empty' | 'reset' | 'slow';

export interface FaultSpec {
  kind: FaultKind;
  /** How many requests it applies to; default 1. */
  count?: number;
  /** For 'status': 500 | 502 | 503 (default 500). */
  status?: number;
  /** For 'slow': default 5000. */
  delayMs?: number;
  /** Only requests whose path starts with this. */
  path?: string;
}

const KINDS: readonly FaultKind[] = [
  'status',
  'rate-limit',
  'daily-limit',
  'malformed',
  'empty',
  'reset',
  'slow',
];

export const FAULT_STATUSES: readonly number[] = [500, 502, 503];

/** Checks a FaultSpec coming from outside (admin endpoint or API); returns a problem or null. */
export function faultProblem(spec: unknown): string | null {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return 'fault must be an object';
  }
  const f = spec as Record<string, unknown>;
  if (typeof f.kind !== 'string' || !(KINDS as readonly string[]).includes(f.kind)) {
    return `kind must be one of the following values: ${KINDS.join(', ')}`;
  }
  if (f.count !== undefined && (!Number.isInteger(f.count) || (f.count as number) < 1)) {
    return 'count must be a positive integer';
  }
  if (f.status !== undefined && !FAULT_STATUSES.includes(f.status as number)) {
    return `status must be one of the following values: ${FAULT_STATUSES.join(', ')}`;
  }
  if (
    f.delayMs !== undefined &&
    (typeof f.delayMs !== 'number' || !Number.isFinite(f.delayMs) || f.delayMs < 0)
  ) {
    return 'delayMs must be a non-negative number';
  }
  if (f.path !== undefined && typeof f.path !== 'string') return 'path must be a string';
  return null;
}

interface Pending {
  spec: FaultSpec;
  remaining: number;
}

export class FaultQueue {
  private readonly pending: Pending[] = [];

  add(spec: FaultSpec): void {
    const problem = faultProblem(spec);
    if (problem) throw new Error(`Invalid fault: ${problem}`);
    this.pending.push({ spec: { ...spec }, remaining: spec.count ?? 1 });
  }

  /** The first queued fault matching this path, consumed once. */
  take(path: string): FaultSpec | undefined {
    const idx = this.pending.findIndex(
      (p) => p.spec.path === undefined || path.startsWith(p.spec.path),
    );
    if (idx < 0) return undefined;
    const p = this.pending[idx] as Pending;
    p.remaining--;
    if (p.remaining <= 0) this.pending.splice(idx, 1);
    return p.spec;
  }

  get size(): number {
    return this.pending.reduce((n, p) => n + p.remaining, 0);
  }

  clear(): void {
    this.pending.length = 0;
  }
}
