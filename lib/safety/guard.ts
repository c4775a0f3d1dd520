// The one gate every perform, dropdown, connection test and token call passes through:
// - before: every input value and the connection's own fields are checked for what no field may
//   hold (control characters, broken Unicode, Zapier placeholders left unresolved, malformed IDs
//   or tokens), so such a value gets a message naming its field instead of a crash or a request;
// - after: whatever throws leaves as one of the app's own errors, core's "What happened" context
//   (the step's whole input) switched off, and every secret known for the call scrubbed out.
// guardApp builds a new definition with every function behind the gate; nothing is changed in place.
import type { Bundle, ZObject } from 'zapier-platform-core';
import { errors } from 'zapier-platform-core';
import { HIGHLEVEL } from '../text';
import { checkInputText, idRuleProblem, labelsOf, type FieldLabels } from './checks';
import {
  isSecretText,
  knownSecrets,
  scrub,
  scrubOutput,
  withoutContext,
  ZAPIER_ERROR_NAMES,
} from './secrets';

const brokenConnection = (what: string): Error =>
  withoutContext(
    new errors.Error(
      `This ${HIGHLEVEL} connection is damaged: its ${what} is not valid. Reconnect your ` +
        'HighLevel account in Zapier; nothing was sent to HighLevel.',
      'broken_connection',
      400,
    ),
  );

/**
 * The connection's own fields, checked before they go into a header, a path or a body. A refresh
 * needs no access token (it is what the refresh makes); every other call does.
 */
export const checkConnection = (
  authData: Bundle['authData'] | undefined,
  needsAccessToken = true,
): void => {
  if (!authData) return;
  const token = authData.access_token;
  if (needsAccessToken && (token === undefined || token === '')) {
    throw withoutContext(
      new errors.Error(
        `This ${HIGHLEVEL} connection's access token is empty, so nothing was sent to HighLevel. ` +
          'Reconnect your HighLevel account in Zapier.',
        'empty_access_token',
        400,
      ),
    );
  }
  if (token !== undefined && token !== '' && !isSecretText(token)) {
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

interface GuardOptions {
  checkConnection?: boolean | 'refresh';
  checkInput?: boolean;
  /** Off for the token calls only: their output is the connection's new tokens. */
  scrubOutput?: boolean;
}

/** One function of the definition behind the gate. */
export const guard = <A extends unknown[], R>(
  fn: Fn<A, R>,
  labels: FieldLabels = {},
  options: GuardOptions = {},
): Fn<A, R> =>
  async function guarded(z, bundle, ...rest) {
    let secrets: string[] = [];
    try {
      secrets = knownSecrets(bundle);
      if (options.checkInput !== false) {
        checkInputText(bundle?.inputData as Record<string, unknown>, labels);
      }
      if (options.checkConnection !== false) {
        checkConnection(bundle?.authData, options.checkConnection !== 'refresh');
      }
      const output = await fn(z, bundle, ...rest);
      return options.scrubOutput === false ? output : scrubOutput(output, secrets);
    } catch (err) {
      throw safeError(err, secrets);
    }
  };

type Loose = Record<string, unknown>;

// A list without functions is kept as it is: the user steps share one output field list, and a
// copy per step would grow the definition core copies on every invocation.
const guardFields = (list: unknown, labels: FieldLabels): unknown =>
  Array.isArray(list) && list.some((item) => typeof item === 'function')
    ? list.map((item: unknown) =>
        typeof item === 'function' ? guard(item as Fn<[], unknown>, labels) : item,
      )
    : list;

const PERFORMS = ['perform', 'performList', 'performResume', 'performGet'] as const;

const guardOperation = (operation: Loose, sharedLabels: FieldLabels): Loose => {
  // Fields made by a function have no static label: the shared table names them.
  const labels = { ...sharedLabels, ...labelsOf(operation.inputFields) };
  const guarded: Loose = { ...operation };
  for (const name of PERFORMS) {
    if (typeof operation[name] === 'function') {
      guarded[name] = guard(operation[name] as Fn<[], unknown>, labels);
    }
  }
  guarded.inputFields = guardFields(operation.inputFields, labels);
  guarded.outputFields = guardFields(operation.outputFields, labels);
  return guarded;
};

const guardAuthentication = (auth: Loose): Loose => {
  const labels = labelsOf(auth.fields);
  const guarded: Loose = { ...auth };
  if (typeof auth.test === 'function') guarded.test = guard(auth.test as Fn<[], unknown>, labels);
  // The label's inputData is the test's output (HighLevel's user), not anything a user typed.
  if (typeof auth.connectionLabel === 'function') {
    guarded.connectionLabel = guard(auth.connectionLabel as Fn<[], unknown>, labels, {
      checkInput: false,
    });
  }
  const oauth = auth.oauth2Config as Loose | undefined;
  if (oauth) {
    const guardedOAuth: Loose = { ...oauth };
    for (const name of ['authorizeUrl', 'getAccessToken', 'refreshAccessToken']) {
      if (typeof oauth[name] === 'function') {
        // Before the first token there is no connection to check.
        guardedOAuth[name] = guard(oauth[name] as Fn<[], unknown>, labels, {
          checkConnection: name === 'refreshAccessToken' ? 'refresh' : false,
          scrubOutput: name === 'authorizeUrl',
        });
      }
    }
    guarded.oauth2Config = guardedOAuth;
  }
  return guarded;
};

/**
 * A new definition with every function of `app` behind the gate: performs, dynamic input and
 * output fields, the connection test and label, and the OAuth calls. `app` is left as it is.
 */
export const guardApp = <T extends object>(app: T, sharedLabels: FieldLabels = {}): T => {
  const definition: Loose = { ...(app as Loose) };
  for (const kind of ['triggers', 'creates', 'searches']) {
    const entries = (definition[kind] ?? {}) as Record<string, Loose>;
    definition[kind] = Object.fromEntries(
      Object.entries(entries).map(([key, entry]) => [
        key,
        { ...entry, operation: guardOperation(entry.operation as Loose, sharedLabels) },
      ]),
    );
  }
  if (definition.authentication) {
    definition.authentication = guardAuthentication(definition.authentication as Loose);
  }
  return definition as T;
};
