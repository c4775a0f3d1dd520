// API Request: one step that calls any HighLevel endpoint (contacts, calendars, opportunities…)
// with the connection, through the same client as every other step. What the user types is held
// to a path below the API root, a query string, a JSON body and a Version header: nothing else
// of the request (host, headers, the bearer token) can be set or changed.
import {
  defineCreate,
  defineInputFields,
  type CreatePerform,
  type HttpMethod,
  type HttpResponse,
} from 'zapier-platform-core';
import { callApiForResponse } from '../lib/highlevel/client';
import { API_VERSION, API_VERSION_PATTERN } from '../lib/highlevel/config';
import { API_REFERENCE_URL } from '../lib/highlevel/errors';
import { inputError, labelsOf, named as namedIn } from '../lib/safety/checks';
import { text } from '../lib/safety/values';
import { HIGHLEVEL, thousands } from '../lib/text';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];
const WITH_BODY = new Set<Method>(['POST', 'PUT', 'PATCH']);

type Field = 'method' | 'path' | 'params' | 'body' | 'version';
// The form's own labels (inputFields below), for messages that name a field.
const named = (field: Field): string => namedIn(field, LABELS);

const MAX_PATH = 2048;
const MAX_PARAMS = 100;
// C0 and C1 control characters, DEL, and the two Unicode line separators.
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL_OR_LINE_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// What core's z.request does with {{…}}: drops it from query values, refuses {{bundle.…}} and
// {{process.…}} anywhere. Either would change the request behind the user's back, and core's own
// scans for them take time that grows with the square of a hostile value's length: these checks
// read each value once, and refuse such values before core sees them.
const hasDoubleBrace = (value: string): boolean => value.includes('{{');

/** `{{bundle.` or `{{process.`, closed or not (spaces may follow the braces). */
const hasCoreReference = (value: string): boolean => {
  for (let i = value.indexOf('{{'); i !== -1; i = value.indexOf('{{', i + 2)) {
    let j = i + 2;
    while (j < value.length && /\s/.test(value.charAt(j))) j += 1;
    if (value.startsWith('bundle.', j) || value.startsWith('process.', j)) return true;
  }
  return false;
};

// What HighLevel takes: a URL of a few kilobytes, and JSON bodies well under a megabyte.
const MAX_QUERY = 8_000;
const MAX_BODY = 1_000_000;
// RFC 3986 path characters: unreserved, sub-delims, ':', '@', '/', and '%' for %XX.
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,=:@/%]*$/;
// Percent-encodings that would smuggle a dot, a slash, a backslash, a second round of decoding
// (%25) or a control character past the checks above: `%2e%2e`, `%2f%2f`, `%5c`, `%252e`, `%00`.
const SMUGGLING_ESCAPES = /%(2e|2f|5c|25|[01][0-9a-f]|7f)/i;

// RFC 3986's unreserved characters: %6F and o are the same address (§6.2.2.2).
const UNRESERVED_ESCAPE = /%(4[1-9A-F]|5[0-9A]|6[1-9A-F]|7[0-9A]|3[0-9]|2D|2E|5F|7E)/gi;

/**
 * The path as HighLevel will read it: percent-encoded unreserved characters decoded, so that
 * `/%6fauth/token` meets the same checks as `/oauth/token`. Undefined for an encoding that is not
 * valid UTF-8 (an overlong `%C0%AE`, a lone `%FF`).
 */
const normalPath = (path: string): string | undefined => {
  try {
    decodeURIComponent(path);
  } catch {
    return undefined;
  }
  return path.replace(UNRESERVED_ESCAPE, (escape) =>
    String.fromCharCode(parseInt(escape.slice(1), 16)),
  );
};

/** The path to call (normalised), or the one thing wrong with it. */
const readPath = (raw: string): { path: string; problem?: undefined } | { problem: string } => {
  if (raw.length > MAX_PATH) return { problem: `must be at most ${MAX_PATH} characters long` };
  if (/%(?![0-9a-f]{2})/i.test(raw)) {
    return { problem: 'must use % only for percent-encoding, like %20' };
  }
  const path = normalPath(raw);
  if (path === undefined) {
    return {
      problem:
        'must percent-encode valid UTF-8 only (an overlong or broken sequence such as %C0%AE is not)',
    };
  }
  const problem = pathProblem(path);
  return problem === undefined ? { path } : { problem };
};

/** The one thing wrong with a normalised path, or undefined when it may be called. */
const pathProblem = (path: string): string | undefined => {
  if (CONTROL_OR_LINE_BREAK.test(path))
    return 'must not contain control characters (such as a line break)';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    return `must be the part after ${HIGHLEVEL}'s API root, like /contacts/, not a full URL`;
  }
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/|$)/i.test(path)) {
    return 'must not name a host: write only the path, like /contacts/';
  }
  if (!path.startsWith('/')) return 'must start with /, like /contacts/';
  if (path.includes('//'))
    return 'must not contain // (it would name another host or an empty segment)';
  if (path.includes('\\')) return 'must not contain a backslash (\\)';
  if (path.includes('#')) return 'must not contain # (a fragment)';
  if (path.includes('?')) {
    return `must not contain ?: put the query string in ${named('params')}, one key and value per row`;
  }
  if (/\s/.test(path)) return 'must not contain spaces (write a space in an ID as %20)';
  if (path.includes('..') || /\/\.(\/|$)/.test(path)) return 'must not contain . or .. segments';
  if (path.includes(';')) return 'must not contain ; (path parameters)';
  if (SMUGGLING_ESCAPES.test(path)) {
    return 'must not percent-encode a dot, slash, backslash, percent sign or control character (%2E, %2F, %5C, %25, %00…)';
  }
  if (/[{}]/.test(path)) {
    return 'must have its {…} placeholders filled in with IDs, like /contacts/ocQHyuzHvysMo5N5VsXc';
  }
  if (!PATH_CHARS.test(path)) {
    const bad = [...path].find((char) => !PATH_CHARS.test(char)) ?? '';
    return `must not contain "${bad}": percent-encode it (UTF-8), like %C3%A9 for é`;
  }
  if (/^\/oauth(\/|$)/i.test(path)) {
    return "must not be an /oauth/ path: the connection's sign-in is not something this step calls";
  }
  if (path === '/') return 'must name an endpoint below the API root, like /contacts/';
  // Whatever passed must reach HighLevel exactly as written: the URL parser must not rewrite it.
  if (new URL(`https://api.invalid${path}`).pathname !== path) return 'is not a valid URL path';
  return undefined;
};

/** Query string parameters as text, or the problems with them. */
const readParams = (value: unknown, problems: string[]): Record<string, string> => {
  const params: Record<string, string> = {};
  if (value === undefined || value === null || value === '') return params;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${named('params')} must be keys and values, one per row`);
    return params;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_PARAMS) {
    problems.push(`${named('params')} must hold at most ${MAX_PARAMS} parameters`);
    return params;
  }
  for (const [rawKey, rawValue] of entries) {
    const key = rawKey.trim();
    const where = `${LABELS.params} (params.${key || '?'})`;
    if (
      rawValue !== undefined &&
      rawValue !== null &&
      !['string', 'number', 'boolean'].includes(typeof rawValue)
    ) {
      problems.push(`${where} must be text`);
      continue;
    }
    const item = rawValue === undefined || rawValue === null ? '' : String(rawValue).trim();
    if (key === '') {
      if (item !== '')
        problems.push(`${named('params')} has a value ("${item.slice(0, 40)}") without a key`);
      continue;
    }
    if (CONTROL_OR_LINE_BREAK.test(key) || CONTROL_OR_LINE_BREAK.test(item)) {
      problems.push(`${where} must not contain control characters (such as a line break)`);
    } else if (hasDoubleBrace(key) || hasDoubleBrace(item)) {
      problems.push(`${where} must not contain {{: Zapier's request client would drop {{…}}`);
    } else params[key] = item;
  }
  const length = Object.entries(params).reduce((sum, [k, v]) => sum + k.length + v.length + 2, 0);
  if (length > MAX_QUERY) {
    problems.push(
      `${named('params')} is too long for a URL (${thousands(length)} characters; at most ${thousands(MAX_QUERY)})`,
    );
  }
  return params;
};

/** The JSON text to send, exactly as typed (trimmed), or undefined for no body. */
const readBody = (
  value: unknown,
  method: Method | undefined,
  problems: string[],
): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    problems.push(`${named('body')} must be JSON text, like {"firstName": "Jane"}`);
    return undefined;
  }
  if (value.length > MAX_BODY) {
    problems.push(
      `${named('body')} is too large to send (${thousands(value.length)} characters; at most ${thousands(MAX_BODY)})`,
    );
    return undefined;
  }
  const body = value.trim();
  if (body === '') return undefined;
  if (method !== undefined && !WITH_BODY.has(method)) {
    problems.push(
      `${named('body')} can only be sent with POST, PUT or PATCH: leave it empty for ${method}`,
    );
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    problems.push(
      `${named('body')} must be valid JSON, like {"firstName": "Jane"} (check the quotes, commas and brackets)`,
    );
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') {
    problems.push(`${named('body')} must be a JSON object or array, like {"firstName": "Jane"}`);
    return undefined;
  }
  if (hasCoreReference(body)) {
    problems.push(`${named('body')} must not contain {{bundle.…}} or {{process.…}}`);
    return undefined;
  }
  return body;
};

export interface ApiRequestInput {
  method: Method;
  path: string;
  params: Record<string, string>;
  body?: string;
  version?: string;
}

/** Checks every field before any request; one error lists each field that is wrong. */
export const readApiRequestInput = (input: Record<string, unknown>): ApiRequestInput => {
  const problems: string[] = [];

  const rawMethod = text(input.method);
  const method =
    rawMethod === undefined
      ? 'GET'
      : typeof rawMethod === 'string' &&
          (METHODS as readonly string[]).includes(rawMethod.toUpperCase())
        ? (rawMethod.toUpperCase() as Method)
        : undefined;
  if (method === undefined)
    problems.push(`${named('method')} must be one of ${METHODS.join(', ')}`);

  const rawPath = text(input.path);
  let path = '';
  if (rawPath === undefined) problems.push(`${named('path')} is required, like /contacts/`);
  else if (typeof rawPath !== 'string')
    problems.push(`${named('path')} must be text, like /contacts/`);
  else {
    const read = readPath(rawPath);
    if (read.problem !== undefined) problems.push(`${named('path')} ${read.problem}`);
    else path = read.path;
  }

  const params = readParams(input.params, problems);
  const body = readBody(input.body, method, problems);

  const rawVersion = text(input.version);
  let version: string | undefined;
  if (rawVersion !== undefined) {
    if (typeof rawVersion === 'string' && API_VERSION_PATTERN.test(rawVersion))
      version = rawVersion;
    else {
      problems.push(
        `${named('version')} must be a ${HIGHLEVEL} API version like ${API_VERSION} or 2021-04-15`,
      );
    }
  }

  if (problems.length || method === undefined) throw inputError(problems);
  return {
    method,
    path,
    params,
    ...(body === undefined ? {} : { body }),
    ...(version ? { version } : {}),
  };
};

// HighLevel's rate-limit headers (and the body's type): the only headers the step passes on.
export const OUTPUT_HEADERS = [
  'content-type',
  'x-ratelimit-limit-daily',
  'x-ratelimit-daily-remaining',
  'x-ratelimit-interval-milliseconds',
  'x-ratelimit-max',
  'x-ratelimit-remaining',
] as const;

export type ApiRequestOutput = {
  status: number;
  headers: Partial<Record<(typeof OUTPUT_HEADERS)[number], string>>;
  /** The parsed JSON; the text when the body is not JSON; null when there is none (204). */
  data: unknown;
};

// Core has parsed a JSON answer already (and the client again if it hid a secret): not once more.
const bodyOf = (response: HttpResponse): unknown => {
  if (response.data !== undefined) return response.data;
  const content = response.content ?? '';
  return content.trim() === '' ? null : content;
};

const inputFields = defineInputFields([
  {
    key: 'method',
    label: 'Method',
    type: 'string',
    required: true,
    default: 'GET',
    choices: METHODS.map((method) => ({ value: method, label: method, sample: method })),
    helpText:
      `The endpoint's HTTP method, as [${HIGHLEVEL}'s API reference](${API_REFERENCE_URL}) lists it. ` +
      'GET and DELETE send no body.',
  },
  {
    key: 'path',
    label: 'Path',
    type: 'string',
    required: true,
    helpText:
      `The endpoint's path below ${HIGHLEVEL}'s API root, as [${HIGHLEVEL}'s API reference](${API_REFERENCE_URL}) ` +
      'lists it, with its IDs filled in: `/contacts/`, `/contacts/{contactId}`, `/opportunities/search`. ' +
      'It must start with `/`; full URLs, `//`, `..`, `?` (use Query String Parameters), `#` and `/oauth/` ' +
      'paths are refused. Percent-encoding such as `%20` is kept, except for an encoded dot, slash, ' +
      'backslash or percent sign. The request carries this connection and nothing else: your HighLevel ' +
      'Marketplace app needs the scope the reference lists for the endpoint (for example ' +
      '`contacts.readonly` to read contacts, `contacts.write` to change them, `calendars.readonly`, ' +
      '`opportunities.write`), and the account must be reconnected after a scope is added.',
  },
  {
    key: 'params',
    label: 'Query String Parameters',
    type: 'string',
    dict: true,
    required: false,
    helpText:
      'The query string, one key and value per row. Most Sub-account endpoints need `locationId` (the ' +
      'Sub-account ID); agency endpoints often need `companyId` (the Agency ID). Rows with an empty ' +
      'value are not sent.',
  },
  {
    key: 'body',
    label: 'Body (JSON)',
    type: 'text',
    required: false,
    helpText:
      'For POST, PUT and PATCH: the JSON object or array to send, exactly as typed, like ' +
      '`{"firstName": "Jane", "locationId": "…"}`. Leave it empty for GET and DELETE.',
  },
  {
    key: 'version',
    label: 'API Version',
    type: 'string',
    required: false,
    helpText:
      `The \`Version\` header the endpoint wants, as the API reference shows it. Leave it empty for ` +
      `\`${API_VERSION}\`, which most endpoints use; some (Calendars and Conversations, for example) use ` +
      '`2021-04-15`.',
  },
]);

const LABELS = labelsOf(inputFields);

const perform = (async (z, bundle) => {
  const input = readApiRequestInput(bundle.inputData as Record<string, unknown>);
  const response = await callApiForResponse(z, {
    method: input.method as HttpMethod,
    path: input.path,
    params: input.params,
    body: input.body,
    version: input.version,
    acceptAnyBody: true,
  });
  // A redirect never gets here: the client does not follow it and refuses the 3xx, so the request
  // cannot leave the API root.
  const headers: ApiRequestOutput['headers'] = {};
  for (const name of OUTPUT_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined && value !== null && value !== '') headers[name] = String(value);
  }
  return { status: response.status, headers, data: bodyOf(response) };
}) satisfies CreatePerform<typeof inputFields, ApiRequestOutput>;

const sample: ApiRequestOutput = {
  status: 200,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'x-ratelimit-limit-daily': '200000',
    'x-ratelimit-daily-remaining': '199998',
    'x-ratelimit-interval-milliseconds': '10000',
    'x-ratelimit-max': '100',
    'x-ratelimit-remaining': '99',
  },
  data: {
    contacts: [
      {
        id: 'ocQHyuzHvysMo5N5VsXc',
        locationId: 'k3Jd9QwE1rTy7UiO5pAs',
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane@example.com',
      },
    ],
    meta: { total: 1 },
  },
};

export default defineCreate({
  key: 'api_request',
  noun: 'API Request',
  display: {
    label: 'API Request',
    description:
      'Calls any HighLevel API endpoint with this connection, for what the other steps do not cover (contacts, calendars, opportunities…).',
  },
  operation: {
    inputFields,
    perform,
    sample,
    outputFields: [
      { key: 'status', label: 'HTTP Status', type: 'integer' },
      { key: 'headers__content-type', label: 'Content Type', type: 'string' },
      { key: 'headers__x-ratelimit-limit-daily', label: 'Daily Request Limit', type: 'string' },
      {
        key: 'headers__x-ratelimit-daily-remaining',
        label: 'Daily Requests Remaining',
        type: 'string',
      },
      {
        key: 'headers__x-ratelimit-interval-milliseconds',
        label: 'Rate Limit Window (ms)',
        type: 'string',
      },
      { key: 'headers__x-ratelimit-max', label: 'Requests Allowed per Window', type: 'string' },
      {
        key: 'headers__x-ratelimit-remaining',
        label: 'Requests Remaining in Window',
        type: 'string',
      },
      { key: 'data', label: 'Response Body' },
    ],
  },
});
