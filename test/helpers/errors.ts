// How a Zapier user reads an error the app throws, one reader for every suite: AppError and
// ThrottledError keep their text (and code, status, delay) in a JSON message, the others as is.

/** What a failure shows: the text the user reads, and the facts core keeps beside it. */
export interface Shown {
  name: string;
  message: string;
  code?: string;
  status?: number;
  delay?: number;
}

/** An error's JSON message as an object; {} when the message is plain text. */
const jsonOf = (error: Error): Record<string, unknown> => {
  try {
    const parsed: unknown = JSON.parse(error.message);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** The text a user reads. */
export const userMessage = (err: unknown): string => {
  if (!(err instanceof Error)) return String(err);
  const { message } = jsonOf(err);
  return typeof message === 'string' ? message : err.message;
};

/** What a failure shows: its class, the readable message, and its code, status and delay. */
export const shown = (error: Error): Shown => {
  const { code, status, delay } = jsonOf(error);
  return {
    name: error.name,
    message: userMessage(error),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof delay === 'number' ? { delay } : {}),
  };
};

/** Runs `work`, which must fail, and returns the error. */
export const failureOf = async (work: () => Promise<unknown>): Promise<Error> => {
  try {
    await work();
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`Expected an Error, got ${String(err)}`, { cause: err });
  }
  throw new Error('Expected the call to fail, but it succeeded');
};

/** Runs `work`, which must throw at once (a check before any request), and returns the error. */
export const thrownBy = (work: () => unknown): Error => {
  try {
    work();
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`Expected an Error, got ${String(err)}`, { cause: err });
  }
  throw new Error('Expected the call to throw, but it returned');
};

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

/** Runs a step and reports how it ended, never throwing. */
export const outcomeOf = async (work: () => Promise<unknown>): Promise<Outcome> => {
  try {
    const output = await work();
    return { ok: true, output, message: '' };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    const { message, code, delay } = shown(error);
    return { ok: false, error, message, code, delay };
  }
};

/** The errors of zapier-platform-core an app may throw (what Zapier shows as such). */
const ZAPIER_ERRORS = new Set([
  'AppError',
  'HaltedError',
  'ThrottledError',
  'RefreshAuthError',
  'ExpiredAuthError',
  'ResponseError',
]);

/**
 * The error is one of the app's own, as it must leave any step: a zapier-platform-core error,
 * marked so core adds no "What happened" context (which quotes the step's whole input).
 * Problems as sentences; [] when all is well.
 */
const ownErrorProblems = (outcome: Outcome): string[] => {
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

/** Every expectation of the app's own error (ownErrorProblems), in one failure message. */
export const expectOwnError = (outcome: Outcome): void => {
  expect({ message: outcome.message, problems: ownErrorProblems(outcome) }).toEqual({
    message: outcome.message,
    problems: [],
  });
};

/** Internals a user must never read in an error: stack frames, parser errors, raw JSON dumps. */
export const INTERNALS =
  /\n\s+at |SyntaxError|TypeError|Unexpected (token|end)|JSON\.parse|"status":|<html/i;
