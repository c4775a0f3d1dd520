// Input checks shared by every step: what no field may hold, what an ID must look like, and the one
// error that names each field that is wrong. Nothing is sent to HighLevel when one of these fails.
import type * as Zod from 'zod';
import { errors } from 'zapier-platform-core';
import { clip, thousands } from '../text';

export type FieldLabels = Readonly<Record<string, string>>;

/** Each field's label by its key, from a step's input field definitions. */
export const labelsOf = (inputFields: unknown): Record<string, string> => {
  const labels: Record<string, string> = {};
  if (Array.isArray(inputFields)) {
    for (const field of inputFields as Array<Record<string, unknown>>) {
      if (field && typeof field === 'object' && typeof field.key === 'string') {
        labels[field.key] = typeof field.label === 'string' ? field.label : field.key;
      }
    }
  }
  return labels;
};

/**
 * "Email (email)", "Scopes (scopes.2)": a field, or an item or switch of one, as the form shows it,
 * with its key for mapped values.
 */
export const named = (key: string, labels: FieldLabels, ...rest: readonly PropertyKey[]): string =>
  `${labels[key] ?? key} (${[key, ...rest.map(String)].join('.')})`;

/** The one error for bad input: each problem names its field ("Email (email) must be ..."). */
export const inputError = (problems: readonly string[]): Error =>
  new errors.Error(
    `Please fix ${problems.length === 1 ? 'this field' : 'these fields'}: ${problems.join('; ')}.`,
    'invalid_input',
    400,
  );

// Tab, line feed and carriage return are text (a JSON body has them); the rest of C0, DEL and C1
// are not, in any field.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// What Zapier leaves in a field whose mapped step gave nothing: {{123456__email}}.
const PLACEHOLDER = /\{\{\s*\d+__[^{}]*\}\}/;

// No HighLevel field takes a megabyte; checks past it would only cost time.
export const MAX_TEXT_VALUE = 1_000_000;

/** What is wrong with one text value, or undefined. Never quotes the value. */
export const textProblem = (value: string): string | undefined => {
  if (value.length > MAX_TEXT_VALUE) {
    return `is too long (${thousands(value.length)} characters; no HighLevel field takes more than ${thousands(MAX_TEXT_VALUE)})`;
  }
  if (value.includes('\u0000')) return 'contains a NUL character';
  if (CONTROL.test(value)) return 'contains a control character';
  if (LONE_SURROGATE.test(value)) return 'contains broken Unicode (a lone surrogate)';
  if (PLACEHOLDER.test(value)) {
    return (
      'holds a Zapier field reference that was never filled in (the earlier step gave no value ' +
      'for it): map a field that has a value, or leave this one empty'
    );
  }
  return undefined;
};

const visit = (value: unknown, path: string[], found: Array<[string[], string]>): void => {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) found.push([path, problem]);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => visit(item, [...path, String(i)], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = textProblem(key);
      if (problem) found.push([path, `has a key that ${problem}`]);
      else visit(item, [...path, key], found);
    }
  }
};

/** Refuses input values no field may hold, naming each field by its label. */
export const checkInputText = (
  inputData: Record<string, unknown> | undefined,
  labels: FieldLabels,
): void => {
  const found: Array<[string[], string]> = [];
  visit(inputData ?? {}, [], found);
  if (found.length === 0) return;
  throw inputError(
    found.map(([[key = 'input', ...rest], problem]) => `${named(key, labels, ...rest)} ${problem}`),
  );
};

/** A Yes/No field as `flag` reads it: its problem when it is neither Yes, No nor left blank. */
export const yesNoProblem = (
  value: unknown,
  key: string,
  labels: FieldLabels,
): string | undefined =>
  value === undefined || typeof value === 'boolean'
    ? undefined
    : `${named(key, labels)} must be Yes or No`;

/** A plain HighLevel ID (20 letters and digits on HighLevel): nothing URL handling could change. */
const PLAIN_ID = /^[A-Za-z0-9_-]+$/;
const MAX_ID = 128;

/** What is wrong with an ID (after trimming), in words for "<Field> (key) …"; undefined if none. */
export const idRuleProblem = (value: unknown, what = 'ID'): string | undefined => {
  if (typeof value !== 'string') return `must be a text ${what}`;
  const id = value.trim();
  if (id === '') return 'must not be empty';
  if (id.length > MAX_ID) return `is too long to be a HighLevel ${what}`;
  if (!PLAIN_ID.test(id)) {
    return `must be a single HighLevel ${what}: letters and digits only, like Tq8v2LmZ4xNc7RbW1sKd`;
  }
  return undefined;
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

const fieldName = (path: PropertyKey[], labels: FieldLabels): string => {
  const [head, ...rest] = path;
  return head === undefined ? 'Input' : named(String(head), labels, ...rest);
};

/** Validates input against a schema: the data parsed, or every field that is wrong, each named. */
export const schemaProblems = <S extends Zod.ZodType>(
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
    const [key, index] = issue.path;
    // An item of a list field: named by the field and the value, as the user typed or mapped it.
    if (typeof key === 'string' && typeof index === 'number' && typeof issue.input === 'string') {
      const item = `${fieldName([key], labels)} has "${clip(issue.input, 60)}", which`;
      problems.set(`${key}.${index}`, `${item} ${issue.message}`);
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

/** Validates input against a schema; throws one error listing every field that is wrong. */
export const checkInput = <S extends Zod.ZodType>(
  schema: S,
  data: unknown,
  labels: FieldLabels,
): Zod.infer<S> => {
  const result = schemaProblems(schema, data, labels);
  if (result.problems) throw inputError(result.problems);
  return result.data;
};
