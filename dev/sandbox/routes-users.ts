/** Users API 2.0 (`/users/...`), as documented in ghl-users-openapi.json. */
import {
  acceptsAnyPermissionKey,
  acceptsAnyScopeCode,
  acceptsEmptyLocationIds,
  agencyUserError,
  deleteAnswer,
  getUserJson,
  hidesAgencyUsers,
  nextPermissions,
  unknownUserError,
} from './behaviour';
import { MSG } from './constants';
import {
  assertCompany,
  assertLocation,
  assertUserReachable,
  type ApiContext,
  type ApiRoute,
  type PageQuirk,
  type SandboxState,
} from './context';
import { fail, HttpError, jsonBody, type RouteResult } from './http-util';
import type { StoredUser } from './store';
import type { UserJson } from './types';
import { userJsonOf, userJsonString } from './user-json';
import { isPlainObject } from './util';
import {
  validateCreateUser,
  validateFilterByEmail,
  validateSearchQuery,
  validateUpdateUser,
  type UserRules,
} from './validation';

/**
 * HighLevel IDs are alphanumeric. An id with other characters (spaces, dots, punctuation) is
 * malformed: 400, as HighLevel answers for unparsable ids. A well-formed id that does not
 * exist (or is another company's): `unknownUserError` (live 401 "The user does not exist.",
 * spec 404 "User not found").
 */
const WELL_FORMED_ID = /^[A-Za-z0-9]{1,64}$/;

/** How open the mode's user DTOs are (scopes and permission switches). */
function userRules(st: SandboxState): UserRules {
  return {
    anyScopeCode: acceptsAnyScopeCode(st.spec),
    anyPermissionKey: acceptsAnyPermissionKey(st.spec),
  };
}

function findUser(ctx: ApiContext, st: SandboxState, userId: string): StoredUser {
  if (!WELL_FORMED_ID.test(userId)) throw fail.badRequest(`Invalid userId: ${userId}`);
  const user = st.store.userById.get(userId);
  if (!user || user.companyId !== ctx.grant.companyId) {
    throw HttpError.from(unknownUserError(st.spec));
  }
  return user;
}

/** Every location id must be one the token may use and one the company has. */
function checkLocationIds(ctx: ApiContext, st: SandboxState, locationIds: string[]): void {
  for (const id of locationIds) assertLocation(st.spec, ctx.grant, id);
  const unknown = locationIds.filter((id) => !st.store.locationById.has(id));
  if (unknown.length > 0) throw fail.badRequest(`Location not found: ${unknown.join(', ')}`);
}

/**
 * A raw user (`POST /_sandbox/raw-users`) belongs to a location when it has no usable roles
 * (`roles` missing, null, or without a `locationIds` array) or when its `roles.locationIds`
 * names the location.
 */
function rawInLocation(raw: Record<string, unknown>, locationId: string | undefined): boolean {
  if (locationId === undefined) return true;
  const roles = raw.roles;
  if (!isPlainObject(roles) || !Array.isArray(roles.locationIds)) return true;
  return roles.locationIds.includes(locationId);
}

/** A raw user whose `roles.type` is 'agency' (hidden from sub-account tokens, live). */
function rawIsAgency(raw: Record<string, unknown>): boolean {
  return isPlainObject(raw.roles) && raw.roles.type === 'agency';
}

/** Applies a page quirk's `duplicate`: the first user's entry appears twice on the page. */
function duplicateOne<T>(page: T[], quirk: PageQuirk | undefined): T[] {
  if (!quirk?.duplicate || page.length === 0) return page;
  const out = [...page];
  if (out.length === 1) out.push(out[0] as T);
  else out[out.length - 1] = out[0] as T;
  return out;
}

function searchUsers(ctx: ApiContext, st: SandboxState): RouteResult {
  const v = validateSearchQuery(ctx.query);
  if (!v.ok) throw fail.unprocessable(v.errors);
  const { companyId, filter, sort, skip, limit } = v.value;
  assertCompany(st.spec, ctx.grant, companyId);
  if (ctx.grant.userType === 'Location') {
    // A sub-account token only ever sees its own location's users.
    if (filter.locationId !== undefined) assertLocation(st.spec, ctx.grant, filter.locationId);
    filter.locationId = ctx.grant.locationId;
  }
  // Live, sub-account tokens do not see agency-type users at all (count included).
  const hideAgency = hidesAgencyUsers(st.spec, ctx.grant.userType);
  if (hideAgency) filter.excludeType = 'agency';
  const quirk = st.pageQuirks.shift();
  const want = limit + (quirk?.overfill ?? 0);
  const json = (u: StoredUser): string => userJsonString(u, st.spec);
  // Raw users are the newest: after every seeded/created user ascending, before them descending.
  const raws = st.rawUsers
    .filter((r) => rawInLocation(r, filter.locationId) && !(hideAgency && rawIsAgency(r)))
    .map((r) => JSON.stringify(r));
  let items: string[];
  let count: number;
  if (sort.direction === 'desc' && raws.length > 0) {
    raws.reverse();
    items = raws.slice(skip, skip + want);
    const res = st.store.searchUsers(
      filter,
      sort,
      Math.max(0, skip - raws.length),
      want - items.length,
    );
    items.push(...res.users.map(json));
    count = res.count + raws.length;
  } else {
    const res = st.store.searchUsers(filter, sort, skip, want);
    // Users' JSON is cached per user: a page of 100 out of 10,000 costs a filter pass only.
    items = res.users.map(json);
    const rawSkip = Math.max(0, skip - res.count);
    items.push(...raws.slice(rawSkip, rawSkip + want - items.length));
    count = res.count + raws.length;
  }
  items = duplicateOne(items, quirk);
  return { status: 200, raw: `{"users":[${items.join(',')}],"count":${count}}` };
}

/**
 * POST /users/search/filter-by-email (Agency tokens only).
 * - `emails`: ONE comma-separated string, matched case-insensitively and exactly.
 * - `deleted` (default false) filters on the deleted status: false returns only active users,
 *   true returns only deleted users ("Filter users by company ID, deleted status, and email").
 * - `projection`: "all" returns full users; a comma-separated list of field names returns
 *   `id` plus those fields; anything else (or nothing) returns only `{id, email}`.
 * - Results in creation order; `count` is the number of matches before skip/limit.
 */
function filterByEmail(ctx: ApiContext, st: SandboxState): RouteResult {
  const v = validateFilterByEmail(jsonBody(ctx.rawBody, ctx.headers));
  if (!v.ok) throw fail.unprocessable(v.errors);
  const { companyId, emails, deleted, skip, limit, projection } = v.value;
  assertCompany(st.spec, ctx.grant, companyId);
  const matches = st.store
    .usersByEmails(emails)
    .filter((u) => u.companyId === companyId && u.deleted === deleted);
  // Raw users (newest, so last) whose email matches, case-insensitively, and whose `deleted`
  // (true, or anything else = not deleted) fits the filter; answered as-is.
  const wanted = new Set(emails);
  const raws = st.rawUsers.filter(
    (r) =>
      typeof r.email === 'string' &&
      wanted.has(r.email.trim().toLowerCase()) &&
      (r.deleted === true) === deleted,
  );
  const quirk = st.pageQuirks.shift();
  const real = new Set<unknown>(matches);
  const all: Array<StoredUser | Record<string, unknown>> = [...matches, ...raws];
  const page = all.slice(skip, skip + limit + (quirk?.overfill ?? 0));
  const project = (u: StoredUser | Record<string, unknown>): Partial<UserJson> => {
    if (!real.has(u)) return u as Partial<UserJson>;
    const full = userJsonOf(u as StoredUser, st.spec);
    if (projection === 'all') return full;
    const fields = projection === null ? ['email'] : projection;
    const out: Record<string, unknown> = { id: full.id };
    for (const f of fields) {
      if (f in full) out[f] = full[f as keyof UserJson];
    }
    if (Object.keys(out).length === 1) out.email = full.email;
    return out as Partial<UserJson>;
  };
  const users = duplicateOne(page.map(project), quirk);
  return { status: 200, json: { users, count: all.length } };
}

/**
 * GET /users/{userId}: deleted users are still returned (with `deleted: true`). Live, an
 * agency-type user is 403 for a sub-account token, and `roles.restrictSubAccount` is left out.
 */
function getUser(ctx: ApiContext, st: SandboxState): RouteResult {
  const user = findUser(ctx, st, ctx.params.userId as string);
  assertUserReachable(st.spec, ctx.grant, user);
  if (user.roles.type === 'agency' && hidesAgencyUsers(st.spec, ctx.grant.userType)) {
    throw HttpError.from(agencyUserError(st.spec));
  }
  return { status: 200, json: getUserJson(st.spec, userJsonOf(user, st.spec)) };
}

/** Deprecated GET /users/?locationId= (sub-account tokens only): `{users}`, no paging. */
function usersByLocation(ctx: ApiContext, st: SandboxState): RouteResult {
  const locationId = ctx.query.locationId;
  if (locationId === undefined || locationId.trim() === '') {
    throw fail.unprocessable(['locationId should not be empty', 'locationId must be a string']);
  }
  assertLocation(st.spec, ctx.grant, locationId);
  const hideAgency = hidesAgencyUsers(st.spec, ctx.grant.userType);
  const users = st.store
    .usersOfLocation(locationId)
    .filter((u) => !(hideAgency && u.roles.type === 'agency'));
  const json = users.map((u) => userJsonString(u, st.spec));
  return { status: 200, raw: `{"users":[${json.join(',')}]}` };
}

function createUser(ctx: ApiContext, st: SandboxState): RouteResult {
  const v = validateCreateUser(jsonBody(ctx.rawBody, ctx.headers), userRules(st));
  if (!v.ok) throw fail.unprocessable(v.errors);
  const input = v.value;
  assertCompany(st.spec, ctx.grant, input.companyId);
  checkLocationIds(ctx, st, input.locationIds);
  // Deleted users free their email; active ones make it taken (company-wide).
  if (st.store.activeUserByEmail(input.email)) throw fail.badRequest(MSG.userExists);
  const user = st.store.createUser(input);
  st.userEvent('create', user);
  return { status: 201, raw: userJsonString(user, st.spec) };
}

/**
 * PUT /users/{userId}: only the fields sent change. `email` may be sent only unchanged (HighLevel
 * no longer allows email updates); `companyId` is required for agency tokens; an empty `scopes`
 * array really removes every scope. Deleted users cannot be updated (404).
 * `st.partialUpdates` 'reset': a `permissions` object resets every switch it does not name to
 * its default, and `locationIds: []` is accepted and clears the list (422 in 'merge').
 */
function updateUser(ctx: ApiContext, st: SandboxState): RouteResult {
  const body = jsonBody(ctx.rawBody, ctx.headers);
  const v = validateUpdateUser(body, {
    ...userRules(st),
    requireCompanyId: ctx.grant.userType === 'Company',
    allowEmptyLocationIds: acceptsEmptyLocationIds(st.partialUpdates),
  });
  if (!v.ok) throw fail.unprocessable(v.errors);
  const user = findUser(ctx, st, ctx.params.userId as string);
  if (user.deleted) throw fail.notFound(MSG.userNotFound);
  assertUserReachable(st.spec, ctx.grant, user);
  const { companyId, email, patch } = v.value;
  if (companyId !== undefined) assertCompany(st.spec, ctx.grant, companyId);
  if (email !== undefined && email !== user.email) throw fail.badRequest(MSG.emailImmutable);
  if (patch.locationIds !== undefined) checkLocationIds(ctx, st, patch.locationIds);
  if (patch.permissions !== undefined) {
    patch.permissions = nextPermissions(st.partialUpdates, user.permissions, patch.permissions);
  }
  st.store.updateUser(user, patch);
  st.userEvent('update', user);
  return { status: 200, raw: userJsonString(user, st.spec) };
}

/**
 * DELETE /users/{userId}: HighLevel queues the deletion ("Will take effect in a few minutes"):
 * the user stays unchanged until `deleteDelayMs` has passed, then it is flagged deleted. A
 * second DELETE while queued answers the same; an already deleted user is 404, an unknown one
 * `unknownUserError`.
 * The flag is spelled `succeded`, as in the 2021-07-28 document.
 */
function deleteUser(ctx: ApiContext, st: SandboxState): RouteResult {
  const user = findUser(ctx, st, ctx.params.userId as string);
  if (user.deleted) throw fail.notFound(MSG.userNotFound);
  assertUserReachable(st.spec, ctx.grant, user);
  if (!user.deleteQueued) st.scheduleDelete(user);
  const name = `${user.firstName} ${user.lastName}`.trim();
  return { status: 200, json: deleteAnswer(st.spec, user.email, name) };
}

export const userRoutes: ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/users/search',
    scope: 'users.readonly',
    access: 'any',
    handler: searchUsers,
  },
  {
    method: 'POST',
    pattern: '/users/search/filter-by-email',
    scope: 'users.readonly',
    access: 'agency',
    handler: filterByEmail,
  },
  {
    method: 'GET',
    pattern: '/users',
    scope: 'users.readonly',
    access: 'location',
    handler: usersByLocation,
  },
  { method: 'POST', pattern: '/users', scope: 'users.write', access: 'any', handler: createUser },
  {
    method: 'GET',
    pattern: '/users/:userId',
    scope: 'users.readonly',
    access: 'any',
    handler: getUser,
  },
  {
    method: 'PUT',
    pattern: '/users/:userId',
    scope: 'users.write',
    access: 'any',
    handler: updateUser,
  },
  {
    method: 'DELETE',
    pattern: '/users/:userId',
    scope: 'users.write',
    access: 'any',
    handler: deleteUser,
  },
];
