// Property-based tests of the reading operations (triggers, dropdowns, Find User): for any input,
// either a z.errors error naming the field before any request, or one request valid against
// HighLevel's documents and our schemas, asking exactly for what the input said.
import { isDeepStrictEqual } from 'node:util';
import { PAGE_SIZE } from '../../lib/highlevel/config';
import { flag } from '../../lib/safety/values';
import { hlId } from './fuzz-inputs';
import {
  describeFuzzing,
  textOf,
  userPathProblems,
  type FuzzCase,
  type FuzzOperation,
} from './fuzz';
import type { CapturedRequest } from '../helpers/api';
import { tallyFor } from './tally';

const tally = tallyFor(__filename);

const same = (what: string, actual: unknown, expected: unknown): string[] =>
  isDeepStrictEqual(actual, expected)
    ? []
    : [`${what}: sent ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`];

const route = (request: CapturedRequest, expected: string): string[] =>
  same('route', `${request.method} ${request.path}`, expected);

const isSub = (c: FuzzCase): boolean => c.connection === 'subAccount';

const includesDeleted = (c: FuzzCase): boolean => flag(c.input.includeDeleted) === true;

/** Zapier's boolean field values as HighLevel must get them. */
const flagOf = (value: unknown): boolean | undefined => {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(lower)) return true;
  if (['false', 'no', '0', 'off'].includes(lower)) return false;
  return undefined;
};

const emailsOf = (value: unknown): string[] => {
  const items = Array.isArray(value) ? value.join(',') : String(value);
  return [
    ...new Set(
      items
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
};

/** A query without the parameters left out (undefined). */
const queryOf = (params: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

/** GET /users/search as the polling triggers send it: newest first, one page. */
const pollQuery = (c: FuzzCase, filters: Record<string, string | undefined>) =>
  queryOf({
    companyId: c.auth.companyId,
    ...filters,
    sort: 'dateAdded',
    sortDirection: 'desc',
    limit: String(PAGE_SIZE),
    skip: '0',
  });

/** The sub-account a poll narrows to: the one picked, else a sub-account connection's own. */
const locationOf = (c: FuzzCase): string | undefined =>
  textOf(c.input.locationId) ?? (isSub(c) ? c.auth.locationId : undefined);

/** One poll of GET /users/search with these filters. */
const polls = (
  request: CapturedRequest,
  c: FuzzCase,
  filters: Record<string, string | undefined>,
): string[] => [
  ...route(request, 'GET /users/search'),
  ...same('query', request.query, pollQuery(c, filters)),
];

const extra = { companyId: hlId };

const OPERATIONS: FuzzOperation[] = [
  {
    kind: 'triggers',
    key: 'search_users',
    connections: ['agency', 'subAccount'],
    extra,
    expect: (request, c) =>
      polls(request, c, {
        query: textOf(c.input.query),
        locationId: locationOf(c),
        // Typed in any case, as Create and Update accept them.
        type: textOf(c.input.type)?.toLowerCase(),
        role: textOf(c.input.role)?.toLowerCase(),
      }),
  },
  {
    kind: 'triggers',
    key: 'filter_users_by_email',
    connections: ['agency'],
    extra,
    expect: (request, c) => {
      const deleted = flagOf(c.input.deleted);
      return [
        ...route(request, 'POST /users/search/filter-by-email'),
        ...same('body', request.body, {
          companyId: c.auth.companyId,
          emails: emailsOf(c.input.emails).join(','),
          projection: 'all',
          limit: String(PAGE_SIZE),
          skip: '0',
          ...(deleted === undefined ? {} : { deleted }),
        }),
      ];
    },
  },
  {
    kind: 'triggers',
    key: 'get_user',
    connections: ['agency', 'subAccount'],
    extra,
    // One user picked: Get User. None: every user, a page at a time (the recorder's one user).
    expect: (request, c) =>
      textOf(c.input.userId) !== undefined
        ? [...userPathProblems(request, 'GET', c.input.userId), ...same('query', request.query, {})]
        : polls(request, c, { locationId: locationOf(c) }),
  },
  {
    kind: 'triggers',
    key: 'deleted_user',
    connections: ['agency', 'subAccount'],
    extra,
    expect: (request, c) => polls(request, c, { locationId: locationOf(c) }),
  },
  {
    kind: 'triggers',
    key: 'list_users_by_location',
    connections: ['agency', 'subAccount'],
    extra,
    expect: (request, c) => polls(request, c, { locationId: locationOf(c) }),
  },
  {
    kind: 'triggers',
    key: 'user_choices',
    connections: ['agency', 'subAccount'],
    extra,
    pages: true,
    expect: (request, c) => [
      ...route(request, 'GET /users/search'),
      ...same(
        'query',
        request.query,
        queryOf({
          companyId: c.auth.companyId,
          locationId: isSub(c) ? c.auth.locationId : undefined,
          limit: String(PAGE_SIZE),
          skip: String(c.page * PAGE_SIZE),
        }),
      ),
    ],
  },
  {
    kind: 'triggers',
    key: 'location_choices',
    connections: ['agency', 'subAccount'],
    extra,
    pages: true,
    // A sub-account offers only itself, on the first page.
    requests: (c) => (isSub(c) && c.page > 0 ? 0 : 1),
    expect: (request, c) =>
      isSub(c)
        ? route(request, `GET /locations/${encodeURIComponent(c.auth.locationId ?? '')}`)
        : [
            ...route(request, 'GET /locations/search'),
            ...same('query', request.query, {
              companyId: c.auth.companyId,
              skip: String(c.page * PAGE_SIZE),
              limit: String(PAGE_SIZE),
            }),
          ],
  },
  {
    kind: 'searches',
    key: 'find_user',
    connections: ['agency', 'subAccount'],
    extra,
    // With Include Deleted Users, a second filter asks for deleted users when none is active.
    requests: (c) =>
      textOf(c.input.email) !== undefined && !isSub(c) && includesDeleted(c) ? [1, 2] : 1,
    expect: (request, c) => {
      const email = textOf(c.input.email);
      if (email !== undefined && !isSub(c)) {
        const deleted = (request.body as { deleted?: unknown } | null)?.deleted === true;
        return [
          ...route(request, 'POST /users/search/filter-by-email'),
          ...(deleted && !includesDeleted(c) ? ['body.deleted: asked though not wanted'] : []),
          ...same('body', request.body, {
            companyId: c.auth.companyId,
            emails: email,
            projection: 'all',
            ...(deleted ? { deleted: true } : {}),
          }),
        ];
      }
      return [
        ...route(request, 'GET /users/search'),
        ...same(
          'query',
          request.query,
          queryOf({
            companyId: c.auth.companyId,
            query: email ?? textOf(c.input.query),
            locationId: locationOf(c),
            sort: 'dateAdded',
            sortDirection: 'desc',
            limit: String(PAGE_SIZE),
          }),
        ),
      ];
    },
  },
];

describeFuzzing('reading', OPERATIONS, { tally, mustRefuse: false });
