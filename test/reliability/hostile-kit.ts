// What the hostile-answer and hostile-input tests (issue 11) share: how an error must leave the
// app, the run-and-observe helper, and the batch check that counts every case of a table.
import { userMessage } from './fuzz';
import type { HostileClass, Tally } from './tally';

/** The errors of zapier-platform-core an app may throw (what Zapier shows as such). */
export const ZAPIER_ERRORS = new Set([
  'AppError',
  'HaltedError',
  'ThrottledError',
  'RefreshAuthError',
  'ExpiredAuthError',
  'ResponseError',
]);

export interface Outcome {
  ok: boolean;
  output?: unknown;
  error?: Error;
  /** What the user reads (an AppError's message field, or the message). */
  message: string;
  /** The AppError's `code`, when it is one. */
  code?: string;
  /** A ThrottledError's delay in seconds. */
  delay?: number;
}

const detailsOf = (error: Error): { code?: string; delay?: number } => {
  try {
    const parsed = JSON.parse(error.message) as { code?: unknown; delay?: unknown };
    const fromProperty = (error as { delay?: unknown }).delay;
    return {
      code: typeof parsed.code === 'string' ? parsed.code : undefined,
      delay:
        typeof fromProperty === 'number'
          ? fromProperty
          : typeof parsed.delay === 'number'
            ? parsed.delay
            : undefined,
    };
  } catch {
    return {};
  }
};

/** Runs a step and reports how it ended, never throwing. */
export const outcomeOf = async (work: () => Promise<unknown>): Promise<Outcome> => {
  try {
    const output = await work();
    return { ok: true, output, message: '' };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    return { ok: false, error, message: userMessage(error), ...detailsOf(error) };
  }
};

/**
 * The error is one of the app's own, as it must leave any step: a zapier-platform-core error,
 * marked so core adds no "What happened" context (which quotes the step's whole input).
 * Problems as sentences; [] when all is well.
 */
export const ownErrorProblems = (outcome: Outcome): string[] => {
  const { error } = outcome;
  if (!error) return ['the step succeeded'];
  const problems: string[] = [];
  if (!ZAPIER_ERRORS.has(error.name)) problems.push(`a ${error.name}, not a Zapier error`);
  if ((error as { doNotContextify?: unknown }).doNotContextify !== true) {
    problems.push('without doNotContextify');
  }
  if (/What happened/i.test(error.message)) problems.push('with "What happened" context');
  if (/\bbundle\b/i.test(error.message)) problems.push('naming the bundle');
  if (/\n\s+at /.test(error.message) || /TypeError|SyntaxError/.test(error.message)) {
    problems.push('with internals (a stack frame or a JS error name)');
  }
  return problems;
};

/** Which of `values` occur in `text`, by name. */
export const found = (text: string, values: Record<string, string>): string[] =>
  Object.entries(values)
    .filter(([, value]) => value !== '' && text.includes(value))
    .map(([name]) => name);

export interface Case {
  name: string;
  run: () => Promise<void>;
}

/**
 * Runs every case of a table, each counted as one hostile case of `kind` (tried, and passed when
 * it resolves), and fails the test with every case that failed, by name.
 */
export const checkAll = async (tally: Tally, kind: HostileClass, cases: Case[]): Promise<void> => {
  const failures: string[] = [];
  for (const c of cases) {
    try {
      await tally.hostile(kind, c.run);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      failures.push(`${c.name}: ${message.split('\n').slice(0, 12).join('\n')}`);
    }
  }
  expect(failures).toEqual([]);
};
