// Property-based tests of the writing operations (Create, Update and Delete User): for any input,
// either a z.errors error naming the field before any request, or one request valid against
// HighLevel's documents and our schemas that carries only what the user filled in, on the ID given.
import fc from 'fast-check';
import { hlId } from './fuzz-inputs';
import {
  describeFuzzing,
  emptyValues,
  isFilled,
  textOf,
  userPathProblems,
  type FuzzCase,
  type FuzzOperation,
} from './fuzz';
import type { CapturedRequest } from '../helpers/api';
import { tallyFor } from './tally';

const tally = tallyFor(__filename);

const isSub = (c: FuzzCase): boolean => c.connection === 'subAccount';

const bodyOf = (request: CapturedRequest): Record<string, unknown> =>
  request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body)
    ? (request.body as Record<string, unknown>)
    : {};

const problem = (condition: boolean, text: string): string[] => (condition ? [] : [text]);

/**
 * Which form fields a body key may come from: `permissions` holds both permission lists, a list
 * its replacement and its additions and removals, and Copy Access From supplies switches and
 * scopes (and, with Also Copy Sub-accounts, type, role and sub-accounts).
 */
const SOURCES: Record<string, string[]> = {
  permissions: ['permissions', 'permissionsOff', 'copyAccessFromUserId'],
  scopes: ['scopes', 'addScopes', 'removeScopes', 'copyAccessFromUserId'],
  scopesAssignedToOnly: [
    'scopesAssignedToOnly',
    'addScopesAssignedToOnly',
    'removeScopesAssignedToOnly',
    'copyAccessFromUserId',
  ],
  locationIds: ['locationIds', 'addLocationIds', 'removeLocationIds', 'copySubAccounts'],
  type: ['type', 'copySubAccounts'],
  role: ['role', 'copySubAccounts'],
};

/** HighLevel's password policy, which a password the app generates meets too. */
const meetsPolicy = (password: unknown): boolean =>
  typeof password === 'string' &&
  password.length >= 12 &&
  /[A-Z]/.test(password) &&
  /[a-z]/.test(password) &&
  /[0-9]/.test(password) &&
  /[^A-Za-z0-9\s]/.test(password);

/**
 * Nothing lost, nothing invented: every key of the body but companyId comes from a field the user
 * filled in; no empty text, list or object is sent (HighLevel would take `scopes: []` as "turn
 * every scope off"); the password is sent exactly as typed; `email` is never sent by Update.
 */
const onlyWhatWasFilled = (
  body: Record<string, unknown>,
  c: FuzzCase,
  generatesPassword = false,
): string[] => {
  // An empty scope list is sent only when the Zap's own removals emptied it: that is the
  // user's request (turn these off), not a field left empty.
  const emptiedByRemovals = (where: string): boolean =>
    [
      ['scopes', 'removeScopes'],
      ['scopesAssignedToOnly', 'removeScopesAssignedToOnly'],
    ].some(
      ([key = '', remove = '']) =>
        where === `body.${key}: empty list` && isFilled(c.input[remove], remove),
    );
  const problems = emptyValues(body).filter((found) => !emptiedByRemovals(found));
  for (const key of Object.keys(body)) {
    if (key === 'companyId') continue;
    // Create User makes a password when none is given.
    if (key === 'password' && generatesPassword && !isFilled(c.input.password, 'password')) {
      if (!meetsPolicy(body.password)) problems.push('body.password: generated, but weak');
      continue;
    }
    const sources = SOURCES[key] ?? [key];
    const filled = sources.some((source) =>
      source === 'password'
        ? typeof c.input.password === 'string' && c.input.password.trim() !== ''
        : isFilled(c.input[source], source),
    );
    if (!filled) problems.push(`body.${key}: sent though the user left it empty`);
  }
  if (
    body.password !== undefined &&
    isFilled(c.input.password, 'password') &&
    body.password !== c.input.password
  ) {
    problems.push('body.password: not the password as typed');
  }
  return problems;
};

/** Update User's fields that change something (all but the user's ID). */
const UPDATE_FIELDS = new Set([
  'firstName',
  'lastName',
  'password',
  'type',
  'role',
  'locationIds',
  'phone',
  'platformLanguage',
  'profilePhoto',
  'scopes',
  'scopesAssignedToOnly',
  'permissions',
  'permissionsOff',
  'addLocationIds',
  'removeLocationIds',
  'addScopes',
  'removeScopes',
  'addScopesAssignedToOnly',
  'removeScopesAssignedToOnly',
  'copyAccessFromUserId',
  'copySubAccounts',
]);

const OPERATIONS: FuzzOperation[] = [
  {
    kind: 'creates',
    key: 'create_user',
    connections: ['agency', 'subAccount'],
    readsFirst: true,
    // A mapped companyId must never redirect the user into another company.
    extra: { companyId: hlId },
    expect: (request, c) => {
      const body = bodyOf(request);
      return [
        ...problem(
          `${request.method} ${request.path}` === 'POST /users/',
          `route: ${request.method} ${request.path}`,
        ),
        ...problem(body.companyId === c.auth.companyId, 'body.companyId: not the connection'),
        ...problem(body.email === textOf(c.input.email), 'body.email: not the email given'),
        ...problem(
          isFilled(c.input.locationIds, 'locationIds') ||
            isFilled(c.input.copySubAccounts, 'copySubAccounts') ||
            (isSub(c) && JSON.stringify(body.locationIds) === JSON.stringify([c.auth.locationId])),
          'body.locationIds: not the connected sub-account when left empty',
        ),
        ...onlyWhatWasFilled(
          Object.fromEntries(
            Object.entries(body).filter(([key]) => !(key === 'locationIds' && isSub(c))),
          ),
          c,
          true,
        ),
      ];
    },
  },
  {
    kind: 'creates',
    key: 'update_user',
    connections: ['agency', 'subAccount'],
    readsFirst: true,
    // An old Zap may still hold an Email; a mapped companyId must not override the connection.
    extra: {
      companyId: hlId,
      email: fc.constantFrom('jane@example.com', ''),
      unknownField: fc.string({ maxLength: 10 }),
    },
    refusesWithoutField: (message, c) =>
      message.startsWith('Fill in at least one field to change') &&
      Object.keys(c.input).every((key) => !UPDATE_FIELDS.has(key) || !isFilled(c.input[key], key)),
    expect: (request, c) => {
      const body = bodyOf(request);
      return [
        ...userPathProblems(request, 'PUT', c.input.userId),
        ...problem(
          isSub(c) ? !('companyId' in body) : body.companyId === c.auth.companyId,
          `body.companyId: ${JSON.stringify(body.companyId)} (HighLevel needs the agency's own, and only from an agency)`,
        ),
        ...problem(!('email' in body), 'body.email: sent, though HighLevel refuses email changes'),
        ...onlyWhatWasFilled(body, c),
      ];
    },
  },
  {
    kind: 'creates',
    key: 'delete_user',
    connections: ['agency', 'subAccount'],
    extra: { companyId: hlId, id: hlId },
    expect: (request, c) => [
      ...userPathProblems(request, 'DELETE', c.input.userId),
      ...problem(request.rawBody === '', 'body: DELETE carries none'),
      ...problem(Object.keys(request.query).length === 0, 'query: DELETE carries none'),
    ],
  },
];

describeFuzzing('writing', OPERATIONS, { tally, mustRefuse: true });
