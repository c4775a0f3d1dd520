// Input checks and response parsing: bad input stops here with a message naming the field, before
// any request; an unexpected HighLevel answer becomes a readable error, not a crash.
import type * as Zod from 'zod';
import { errors } from 'zapier-platform-core';
import { HIGHLEVEL } from './messages';
import { schemas, type Schemas } from './schemas';

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

/** Validates what the user typed; throws one z.errors.Error listing every field that is wrong. */
export const checkInput = <S extends Zod.ZodType>(
  schema: S,
  data: unknown,
  labels: FieldLabels,
): Zod.infer<S> => {
  // zod 4 leaves `issue.input` out unless asked; without it a wrong value reads "is required".
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
      for (const key of issue.keys)
        problems.set(key, `${fieldName([key], labels)} is not a field this step accepts`);
      continue;
    }
    const field = fieldName(issue.path, labels);
    if (!problems.has(field)) {
      const isMissing = issue.code === 'invalid_type' && issue.input === undefined;
      problems.set(field, `${field} ${isMissing ? 'is required' : issue.message}`);
    }
  }
  throw inputError([...problems.values()]);
};

// Built once: `id()` makes a new zod schema on each call (70 µs, more than the check itself).
let idRule: ReturnType<Schemas['id']> | undefined;

/** Checks an ID typed or mapped by the user and returns it encoded for a URL path. */
export const pathId = (value: unknown, field: string, label: string): string => {
  idRule ??= schemas().id();
  const result = idRule.safeParse(value);
  if (result.success) return encodeURIComponent(result.data);
  const problem =
    value === undefined || value === null ? 'is required' : result.error.issues[0]?.message;
  throw inputError([`${label} (${field}) ${problem}`]);
};

/** Parses a HighLevel response body; anything unexpected is reported, never passed on half-read. */
export const parseResponse = <S extends Zod.ZodType>(
  schema: S,
  data: unknown,
  what: string,
): Zod.infer<S> => {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new errors.Error(
    `${HIGHLEVEL} returned an unexpected response for ${what}; please try again, and contact support if it keeps happening.`,
    'unexpected_response',
  );
};
