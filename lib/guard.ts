// The one gate every perform, dropdown, connection test and token call passes through:
// - before: every input value and the connection's own fields are checked for what no field may
//   hold (control characters, broken Unicode, Zapier placeholders left unresolved, malformed IDs
//   or tokens), so such a value gets a message naming its field instead of a crash or a request;
// - after: whatever throws leaves as one of the app's own errors, core's "What happened" context
//   (the step's whole input) switched off, and every secret known for the call scrubbed out.
import type { Bundle, ZObject } from 'zapier-platform-core';
import { errors } from 'zapier-platform-core';
import { HIGHLEVEL } from './messages';
import { passwordProblems } from './password';
import { idRuleProblem, isSecretText } from './shapes';
import { inputError } from './validate';

// Tab, line feed and carriage return are text (a JSON body has them); the rest of C0, DEL and C1
// are not, in any field.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// What Zapier leaves in a field whose mapped step gave nothing: {{123456__email}}.
const PLACEHOLDER = /\{\{\s*\d+__[^{}]*\}\}/;

export const ZAPIER_ERROR_NAMES: ReadonlySet<string> = new Set([
  'AppError',
  'HaltedError',
  'ThrottledError',
  'RefreshAuthError',
  'ExpiredAuthError',
  'ResponseError',
  'CheckError',
]);

export const withoutContext = <E extends Error>(error: E): E =>
  Object.assign(error, { doNotContextify: true });

/** What is wrong with one text value, or undefined. Never quotes the value. */
export const textProblem = (value: string): string | undefined => {
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
  labels: Record<string, string>,
): void => {
  const found: Array<[string[], string]> = [];
  visit(inputData ?? {}, [], found);
  if (found.length === 0) return;
  throw inputError(
    found.map(([[key = 'input', ...rest], problem]) => {
      const label = labels[key] ?? key;
      return `${label} (${[key, ...rest].join('.')}) ${problem}`;
    }),
  );
};

const brokenConnection = (what: string): Error =>
  withoutContext(
    new errors.Error(
      `This ${HIGHLEVEL} connection is damaged: its ${what} is not valid. Reconnect your ` +
        'HighLevel account in Zapier; nothing was sent to HighLevel.',
      'broken_connection',
      400,
    ),
  );

/** The connection's own fields, checked before they go into a header, a path or a body. */
export const checkConnection = (authData: Bundle['authData'] | undefined): void => {
  if (!authData) return;
  const token = authData.access_token;
  if (token !== undefined && !isSecretText(token)) {
    throw brokenConnection('access token');
  }
  const refresh = authData.refresh_token;
  if (refresh !== undefined && refresh !== '' && !isSecretText(refresh)) {
    throw brokenConnection('refresh token');
  }
  for (const [key, what] of [
    ['companyId', 'company ID'],
    ['locationId', 'sub-account ID'],
    ['userId', 'user ID'],
  ] as const) {
    const value: unknown = authData[key];
    if (value === undefined || value === '') continue;
    if (idRuleProblem(value) !== undefined) throw brokenConnection(what);
  }
};

/** The secrets a call may carry: the connection's tokens, the client secret, a password, a code. */
export const knownSecrets = (bundle: Partial<Bundle> | undefined): string[] => {
  const candidates: unknown[] = [
    bundle?.authData?.access_token,
    bundle?.authData?.refresh_token,
    process.env.CLIENT_SECRET,
    // A password the policy refuses is never sent, so it cannot come back in HighLevel's words;
    // hiding it would only blank out words like "password" in the message that refuses it.
    passwordProblems(String(bundle?.inputData?.password ?? '')).length === 0
      ? bundle?.inputData?.password
      : undefined,
    bundle?.inputData?.code,
  ];
  return candidates.filter(
    (value): value is string => typeof value === 'string' && value.length >= 4,
  );
};

// encodeURIComponent throws on a lone surrogate; such a value is refused as input anyway.
const urlForm = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
};

/** Every form a secret takes in a message: as is, JSON-escaped, URL-encoded. */
export const scrub = (text: string, secrets: readonly string[]): string => {
  let result = text;
  for (const secret of secrets) {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), urlForm(secret)])) {
      if (form.length >= 4) result = result.split(form).join('[hidden]');
    }
  }
  return result;
};

const scrubError = (err: Error, secrets: readonly string[]): Error => {
  err.message = scrub(err.message, secrets);
  if (typeof err.stack === 'string') err.stack = scrub(err.stack, secrets);
  return withoutContext(err);
};

/** What any error becomes on its way out: one of ours, without context, without secrets. */
export const safeError = (err: unknown, secrets: readonly string[]): Error => {
  if (err instanceof Error && ZAPIER_ERROR_NAMES.has(err.name)) {
    return scrubError(err, secrets);
  }
  // Anything else is a fault in the app, not in the input: say so without quoting either.
  const kind = err instanceof Error && /^[A-Za-z]{1,40}$/.test(err.name) ? err.name : 'error';
  return withoutContext(
    new errors.Error(
      `The HighLevel app hit an unexpected internal problem (${kind}) in this step. Nothing in ` +
        'your input is shown here. Please try again; if it keeps happening, contact whoever ' +
        'runs this integration.',
      'internal_error',
    ),
  );
};

type Fn<A extends unknown[], R> = (z: ZObject, bundle: Bundle, ...rest: A) => Promise<R> | R;

/** Wraps one function of the definition in the gate. */
export const guard = <A extends unknown[], R>(
  fn: Fn<A, R>,
  labels: Record<string, string> = {},
  options: { checkConnection?: boolean; checkInput?: boolean } = {},
): Fn<A, R> =>
  async function guarded(z, bundle, ...rest) {
    const secrets = knownSecrets(bundle);
    try {
      if (options.checkInput !== false) {
        checkInputText(bundle?.inputData as Record<string, unknown>, labels);
      }
      if (options.checkConnection !== false) checkConnection(bundle?.authData);
      return await fn(z, bundle, ...rest);
    } catch (err) {
      throw safeError(err, secrets);
    }
  };

type Loose = Record<string, unknown>;

const labelsOf = (inputFields: unknown): Record<string, string> => {
  const labels: Record<string, string> = {};
  if (Array.isArray(inputFields)) {
    for (const field of inputFields as Loose[]) {
      if (field && typeof field === 'object' && typeof field.key === 'string') {
        labels[field.key] = typeof field.label === 'string' ? field.label : field.key;
      }
    }
  }
  return labels;
};

// A list without functions is kept as it is: operations share their output field lists, and
// core copies a shared list once per invocation (bench/README.md).
const wrapFunctions = (list: unknown, labels: Record<string, string>): unknown =>
  Array.isArray(list) && list.some((item) => typeof item === 'function')
    ? list.map((item: unknown) =>
        typeof item === 'function' ? guard(item as Fn<[], unknown>, labels) : item,
      )
    : list;

/**
 * The definition with every function of it behind the gate: performs, dynamic input and output
 * fields, the connection test and label, and the OAuth calls.
 */
export const guardApp = <T extends object>(
  app: T,
  sharedLabels: Record<string, string> = {},
): T => {
  const definition = app as Loose;
  for (const kind of ['triggers', 'creates', 'searches']) {
    for (const entry of Object.values((definition[kind] ?? {}) as Record<string, Loose>)) {
      const operation = entry.operation as Loose;
      // Fields made by a function have no static label: the shared table names them.
      const labels = { ...sharedLabels, ...labelsOf(operation.inputFields) };
      for (const name of ['perform', 'performList', 'performResume', 'performGet']) {
        if (typeof operation[name] === 'function') {
          operation[name] = guard(operation[name] as Fn<[], unknown>, labels);
        }
      }
      operation.inputFields = wrapFunctions(operation.inputFields, labels);
      operation.outputFields = wrapFunctions(operation.outputFields, labels);
    }
  }
  const auth = definition.authentication as Loose | undefined;
  if (auth) {
    const labels = labelsOf(auth.fields);
    if (typeof auth.test === 'function') auth.test = guard(auth.test as Fn<[], unknown>, labels);
    // The label's inputData is the test's output (HighLevel's user), not anything a user typed.
    if (typeof auth.connectionLabel === 'function') {
      auth.connectionLabel = guard(auth.connectionLabel as Fn<[], unknown>, labels, {
        checkInput: false,
      });
    }
    const oauth = auth.oauth2Config as Loose | undefined;
    for (const name of ['authorizeUrl', 'getAccessToken', 'refreshAccessToken']) {
      if (oauth && typeof oauth[name] === 'function') {
        // Before the first token there is no connection to check.
        oauth[name] = guard(oauth[name] as Fn<[], unknown>, labels, {
          checkConnection: name === 'refreshAccessToken',
        });
      }
    }
  }
  return app;
};
