// Input checks and response parsing: bad input stops here with a message naming the field, before
// any request; an unexpected HighLevel answer becomes a readable error, not a crash.
import type * as Zod from 'zod';
import { errors } from 'zapier-platform-core';
import { HIGHLEVEL } from './messages';
import { idRuleProblem } from './shapes';

export type FieldLabels = Record<string, string>;

const fieldName = (path: PropertyKey[], labels: FieldLabels): string => {
  const [head, ...rest] = path.map(String);
  if (head === undefined) return 'Input';
  const label = labels[head] ?? head;
  // Point at the item of a list or the switch of a group the way the form shows it.
  return rest.length ? `${label} (${[head, ...rest].join('.')})` : `${label} (${head})`;
};

/** The one error for bad input: each problem names its field ("Email (email) must be ..."). */
export const inputError = (problems: string[]): Error =>
  new errors.Error(
    `Please fix ${problems.length === 1 ? 'this field' : 'these fields'}: ${problems.join('; ')}.`,
    'invalid_input',
    400,
  );

/** Validates what the user typed: the data parsed, or every field that is wrong, each named. */
export const inputProblems = <S extends Zod.ZodType>(
  schema: S,
  data: unknown,
  labels: FieldLabels,
): { data: Zod.infer<S>; problems?: undefined } | { data?: undefined; problems: string[] } => {
  // zod 4 leaves `issue.input` out unless asked; without it a wrong value reads "is required".
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return { data: result.data };
  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
      for (const key of issue.keys)
        problems.set(key, `${fieldName([key], labels)} is not a field this step accepts`);
      continue;
    }
    const field = fieldName(issue.path, labels);
    if (!problems.has(field)) {
      // An empty choice field fails as "not one of"; it is missing all the same.
      const isMissing = issue.input === undefined && issue.path.length <= 1;
      problems.set(field, `${field} ${isMissing ? 'is required' : issue.message}`);
    }
  }
  return { problems: [...problems.values()] };
};

/** Validates what the user typed; throws one z.errors.Error listing every field that is wrong. */
export const checkInput = <S extends Zod.ZodType>(
  schema: S,
  data: unknown,
  labels: FieldLabels,
): Zod.infer<S> => {
  const result = inputProblems(schema, data, labels);
  if (result.problems) throw inputError(result.problems);
  return result.data;
};

/** Checks an ID for a URL path: its encoded form, or the problem naming the field. */
export const idProblem = (
  value: unknown,
  field: string,
  label: string,
): { id: string; problem?: undefined } | { id?: undefined; problem: string } => {
  const problem = value === undefined || value === null ? 'is required' : idRuleProblem(value);
  if (problem === undefined) return { id: encodeURIComponent((value as string).trim()) };
  return { problem: `${label} (${field}) ${problem}` };
};

/** Checks an ID typed or mapped by the user and returns it encoded for a URL path. */
export const pathId = (value: unknown, field: string, label: string): string => {
  const result = idProblem(value, field, label);
  if (result.problem !== undefined) throw inputError([result.problem]);
  return result.id;
};

/**
 * Parses a HighLevel response body; anything unexpected is reported, never passed on half-read.
 * After a write that HighLevel answered with success, `written` says how to check what was done:
 * "please try again" would invite a duplicate.
 */
export const parseResponse = <S extends Zod.ZodType>(
  schema: S,
  data: unknown,
  what: string,
  written?: string,
): Zod.infer<S> => {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw unexpectedResponse(what, written);
};

/** The error for an answer that cannot be read (see parseResponse). */
export const unexpectedResponse = (what: string, written?: string): Error =>
  new errors.Error(
    written
      ? `${HIGHLEVEL} said it succeeded but returned an unexpected response for ${what}, so the ` +
          `change was probably made: ${written} before running this step again.`
      : `${HIGHLEVEL} returned an unexpected response for ${what}; please try again, and contact support if it keeps happening.`,
    'unexpected_response',
  );
