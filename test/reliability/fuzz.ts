// The property every operation must hold for any input (test/reliability/fuzz-*.test.ts): it is
// either refused before any request with a z.errors error naming a field, or it sends exactly one
// request that HighLevel's documents and our own zod schemas accept. Nothing crashes.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { Bundle, PlainInputField } from 'zapier-platform-core';
import { performOf, type AuthData } from '../../dev/tour/harness';
import { recordHighLevel, type CapturedRequest, type Recorder } from '../helpers/api';
import { agencyAuth, makeBundle, subAccountAuth } from '../helpers/bundle';
import { userMessage } from '../helpers/errors';
import { createRunner, inputFieldsOf, type Kind } from '../helpers/invoke';
import { requestRules } from '../helpers/request-rules';
import { inputFor, type Input } from './fuzz-inputs';
import { loadReference, openApiProblems, type Reference } from './openapi';
import type { Tally } from './tally';

export type Connection = 'agency' | 'subAccount';

export const CONNECTIONS: Record<Connection, () => AuthData> = {
  agency: agencyAuth,
  subAccount: subAccountAuth,
};

export interface FuzzCase {
  input: Input;
  connection: Connection;
  auth: AuthData;
  page: number;
}

export interface FuzzOperation {
  kind: Kind;
  key: string;
  connections: Connection[];
  /** Keys the form does not have that a bundle may still carry. */
  extra?: Record<string, fc.Arbitrary<unknown>>;
  /** Whether Zapier pages through it (dropdowns): bundle.meta.page varies. */
  pages?: boolean;
  /**
   * A refusal that rightly names no single field (Update User given nothing to change): true when
   * this message is the right answer to this case.
   */
  refusesWithoutField?(message: string, fuzzCase: FuzzCase): boolean;
  /**
   * Requests an accepted case may make: 1 unless said otherwise (a dropdown past its end: 0); a
   * list when it depends on HighLevel's answer (Find User looking for a deleted user second).
   */
  requests?(fuzzCase: FuzzCase): number | number[];
  /**
   * Update and Create User may read users first (the user to copy access from, the user's current
   * switches and lists): up to two GET /users/{id} of IDs the input names, then the one write,
   * which `expect` judges.
   */
  readsFirst?: boolean;
  /** What must be true of the request sent for this case; problems as sentences. */
  expect(request: CapturedRequest, fuzzCase: FuzzCase): string[];
}

export interface FuzzFigures {
  generated: number;
  refused: number;
  sent: number;
}

const appTester = createRunner();

/** Our zod schemas for each request HighLevel documents, and what they would change. */
export const zodProblems = (request: CapturedRequest): string[] => {
  const s = requestRules;
  const route = `${request.method} ${request.path}`;
  const problems: string[] = [];
  const check = (name: string, schema: { safeParse(data: unknown): unknown }, data: unknown) => {
    const result = schema.safeParse(data) as
      | { success: true; data: unknown }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push(`${name} ${issue.path.map(String).join('.')}: ${issue.message}`);
      }
    } else if (!isDeepStrictEqual(result.data, data)) {
      problems.push(`${name}: sent a value the schema would normalise (${JSON.stringify(data)})`);
    }
  };
  const pathId = (segment: string): void => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      problems.push(`path: ${segment} is not valid percent-encoding`);
      return;
    }
    check('path id', s.id(), decoded);
  };

  if (route === 'GET /users/search') check('query', s.searchUsersQuery, request.query);
  else if (route === 'POST /users/search/filter-by-email') {
    check('body', s.filterByEmailBody, request.body);
  } else if (route === 'POST /users/') check('body', s.createUserBody, request.body);
  else if (/^PUT \/users\/[^/]+$/.test(route)) {
    check('body', s.updateUserBody, request.body);
    pathId(request.path.split('/')[2] ?? '');
  } else if (/^(GET|DELETE) \/users\/[^/]+$/.test(route)) {
    pathId(request.path.split('/')[2] ?? '');
  } else if (route === 'GET /locations/search') {
    check('query companyId', s.id(), request.query.companyId);
    for (const key of ['skip', 'limit']) {
      if (!/^\d+$/.test(request.query[key] ?? '')) problems.push(`query ${key}: not a number`);
    }
  } else if (/^GET \/locations\/[^/]+$/.test(route)) {
    pathId(request.path.split('/')[2] ?? '');
  } else problems.push(`${route}: not a request this app should make`);
  return problems;
};

const STACK_TRACE = /\n\s+at |SyntaxError|TypeError|ReferenceError|Unexpected token/;

/** Runs fast-check over one operation; returns what was generated, refused and sent. */
export const fuzzOperation = async (
  op: FuzzOperation,
  options: {
    recorder: Recorder;
    reference: Reference | undefined;
    tally: Tally;
    runs: number;
    seed?: number;
  },
): Promise<FuzzFigures> => {
  const { recorder, reference, tally } = options;
  const perform = performOf(op.kind, op.key);
  const fieldsBy = new Map<Connection, PlainInputField[]>();
  for (const connection of op.connections) {
    fieldsBy.set(
      connection,
      await inputFieldsOf(appTester, op.kind, op.key, CONNECTIONS[connection]()),
    );
  }
  const figures: FuzzFigures = { generated: 0, refused: 0, sent: 0 };

  const cases: fc.Arbitrary<FuzzCase> = fc
    .constantFrom(...op.connections)
    .chain((connection) =>
      fc.record({
        connection: fc.constant(connection),
        input: inputFor(fieldsBy.get(connection) ?? [], op.extra),
        page: op.pages ? fc.nat({ max: 50 }) : fc.constant(0),
      }),
    )
    // Zapier hands a step its inputData as JSON: plain objects, no undefined, no NaN.
    .map((c) => ({
      ...c,
      input: JSON.parse(JSON.stringify(c.input)) as Input,
      auth: CONNECTIONS[c.connection](),
    }));

  const property = fc.asyncProperty(cases, async (fuzzCase) => {
    figures.generated += 1;
    tally.add('fuzzGenerated');
    recorder.clear();
    const fields = fieldsBy.get(fuzzCase.connection) ?? [];
    const bundle: Bundle = makeBundle(fuzzCase.input, fuzzCase.auth, { page: fuzzCase.page });
    let output: unknown;
    let failure: unknown;
    try {
      output = await appTester(perform, bundle);
    } catch (err) {
      failure = err;
    }
    const sentTo = recorder.requests.map((r) => `${r.method} ${r.url}`);

    if (failure !== undefined) {
      // (a) refused: a z.errors error naming one of the step's fields, and nothing sent.
      if (!(failure instanceof Error)) throw new Error(`threw a non-Error: ${String(failure)}`);
      const message = userMessage(failure);
      if (failure.name !== 'AppError' && failure.name !== 'HaltedError') {
        throw new Error(`crashed with ${failure.name}: ${failure.message}`);
      }
      const named = fields.some(
        (field) => message.includes(`(${field.key})`) || message.includes(`(${field.key}.`),
      );
      if (!named && !op.refusesWithoutField?.(message, fuzzCase)) {
        throw new Error(`refused without naming a field: ${message}`);
      }
      if (STACK_TRACE.test(message)) throw new Error(`message carries internals: ${message}`);
      if (sentTo.length || recorder.elsewhere.length) {
        throw new Error(`refused after sending ${[...sentTo, ...recorder.elsewhere].join(', ')}`);
      }
      figures.refused += 1;
      tally.add('fuzzRefused');
      return;
    }

    // (b) sent: exactly one request, valid for HighLevel, and what the inputs asked for.
    if (recorder.elsewhere.length) {
      throw new Error(`called another host: ${recorder.elsewhere.join(', ')}`);
    }
    const allowed = [op.requests ? op.requests(fuzzCase) : 1].flat();
    const reads = op.readsFirst ? recorder.requests.slice(0, -1) : [];
    const readIds = new Set(
      // As the app reads an ID: trimmed text, a mapped number as its digits.
      [fuzzCase.input.userId, fuzzCase.input.copyAccessFromUserId].map((id) =>
        encodeURIComponent(textOf(id) ?? ''),
      ),
    );
    const badRead = reads.find(
      (read) => read.method !== 'GET' || !readIds.has(read.path.replace(/^\/users\//, '')),
    );
    if (badRead || reads.length > 2) {
      throw new Error(`read what the input did not name before writing: ${sentTo.join(', ')}`);
    }
    if (!allowed.includes(recorder.requests.length - reads.length)) {
      throw new Error(
        `made ${recorder.requests.length} requests, not ${allowed.join(' or ')}: ${sentTo.join(', ')}`,
      );
    }
    const problems = recorder.requests.flatMap((request, index) => [
      ...(request.headers.authorization === `Bearer ${fuzzCase.auth.access_token}`
        ? []
        : ['header Authorization: not the connection token']),
      ...zodProblems(request),
      ...(reference ? openApiProblems(reference, request) : []),
      ...(index < reads.length ? [] : op.expect(request, fuzzCase)),
    ]);
    if (problems.length) {
      throw new Error(
        `${sentTo.join(', ')} ${recorder.requests[0]?.rawBody ?? ''}\n  ${problems.join('\n  ')}`,
      );
    }
    if (op.kind !== 'creates' && !Array.isArray(output)) throw new Error('returned no list');
    if (op.kind === 'creates' && (output === null || typeof output !== 'object')) {
      throw new Error('returned no object');
    }
    figures.sent += 1;
    tally.add('fuzzSent');
  });

  await fc.assert(property, {
    numRuns: options.runs,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  return figures;
};

/** Cases per operation: FUZZ_RUNS, or a default that keeps the suite well under a minute. */
export const fuzzRuns = (fallback: number): number => {
  const fromEnv = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback;
};

export const fuzzSeed = (): number | undefined => {
  const fromEnv = Number(process.env.FUZZ_SEED);
  return process.env.FUZZ_SEED && Number.isInteger(fromEnv) ? fromEnv : undefined;
};

/**
 * The fuzz test of a group of operations (test/reliability/fuzz-*.test.ts): one test each, then a
 * table of the cases generated, refused before any request and sent. With `mustRefuse`, every
 * operation must also have refused some input (the dropdowns take none, so they always send).
 */
export const describeFuzzing = (
  group: 'reading' | 'writing',
  operations: FuzzOperation[],
  { tally, mustRefuse }: { tally: Tally; mustRefuse: boolean },
): void => {
  const reference = loadReference();
  const runs = fuzzRuns(200);

  describe(`fuzzing the ${group} operations (fast-check)`, () => {
    const recorder = recordHighLevel();
    const results = new Map<string, FuzzFigures>();

    afterAll(() => {
      recorder.stop();
      const lines = [...results].map(
        ([key, f]) =>
          `  ${key.padEnd(24)} ${String(f.generated).padStart(5)} generated, ${String(f.refused).padStart(5)} refused, ${String(f.sent).padStart(5)} sent`,
      );
      const total = [...results.values()].reduce(
        (t, f) => ({
          generated: t.generated + f.generated,
          refused: t.refused + f.refused,
          sent: t.sent + f.sent,
        }),
        { generated: 0, refused: 0, sent: 0 },
      );
      console.log(
        `Fuzz cases, ${group} operations (${runs} per operation; OpenAPI check ${reference ? 'on' : 'OFF: ../shared/reference missing'}):\n` +
          `${lines.join('\n')}\n  total: ${total.generated} generated, ${total.refused} refused before any request, ${total.sent} sent`,
      );
    });

    it.each(operations.map((op) => [op.key, op] as const))(
      '%s: refuses bad input by field name before any request, or sends one valid request',
      async (key, op) => {
        const figures = await fuzzOperation(op, {
          recorder,
          reference,
          tally,
          runs,
          seed: fuzzSeed(),
        });
        results.set(key, figures);
        expect(figures.refused + figures.sent).toBe(figures.generated);
        // Both kinds of outcome were really exercised (an operation without input always sends).
        expect(figures.sent).toBeGreaterThan(0);
        if (mustRefuse) expect(figures.refused).toBeGreaterThan(0);
      },
    );
  });
};

// ---- what inputs become: independent of the app's helpers, so they check rather than repeat ----

/** Text as the app must send it: trimmed, numbers as text; undefined when empty or not text. */
export const textOf = (value: unknown): string | undefined => {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  return value.trim() === '' ? undefined : value.trim();
};

/** Form fields that hold lists (a mapped value may be one comma-separated string). */
export const LIST_FIELDS = new Set([
  'locationIds',
  'scopes',
  'scopesAssignedToOnly',
  'permissions',
  'permissionsOff',
  'emails',
  'addLocationIds',
  'removeLocationIds',
  'addScopes',
  'removeScopes',
  'addScopesAssignedToOnly',
  'removeScopesAssignedToOnly',
]);

/**
 * Whether the user filled the field in at all: text that is not only spaces; for a list field, a
 * list (or comma-separated text) with at least one item that is not blank.
 */
export const isFilled = (value: unknown, key = ''): boolean => {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') {
    const parts = LIST_FIELDS.has(key) ? value.split(',') : [value];
    return parts.some((part) => part.trim() !== '');
  }
  if (Array.isArray(value)) return value.some((item) => isFilled(item, key));
  return true;
};

/** Empty strings, empty lists or empty objects anywhere in a request body. */
export const emptyValues = (value: unknown, where = 'body'): string[] => {
  if (typeof value === 'string' && value.trim() === '') return [`${where}: empty text`];
  if (Array.isArray(value)) {
    return value.length === 0
      ? [`${where}: empty list`]
      : value.flatMap((item, i) => emptyValues(item, `${where}[${i}]`));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return [`${where}: empty object`];
    return entries.flatMap(([key, item]) => emptyValues(item, `${where}.${key}`));
  }
  return [];
};

/**
 * Problems unless the request's path is `/users/<the ID given>`: one segment, which decodes to
 * the ID as typed (trimmed). Compared decoded, as the URL parser may escape more than
 * encodeURIComponent does (an apostrophe goes out as %27).
 */
export const userPathProblems = (
  request: CapturedRequest,
  method: string,
  id: unknown,
): string[] => {
  const expected = textOf(id);
  const segments = request.path.split('/');
  let decoded: string | undefined;
  try {
    decoded =
      segments.length === 3 && segments[1] === 'users'
        ? decodeURIComponent(segments[2] ?? '')
        : undefined;
  } catch {
    decoded = undefined;
  }
  return request.method === method &&
    decoded !== undefined &&
    decoded !== '' &&
    decoded === expected
    ? []
    : [`route: ${request.method} ${request.path}, for the ID ${JSON.stringify(id)}`];
};
