/** Users API 2.0 (`/users/...`), as documented in ghl-users-openapi.json. */
import { MSG } from './constants';
import {
  assertCompany,
  assertLocation,
  assertUserReachable,
  type ApiContext,
  type ApiRoute,
  type SandboxState,
} from './context';
import { fail, jsonBody, type RouteResult } from './http-util';
import { toUserJson, userJsonString, type StoredUser, type UserJson } from './store';
import {
  validateCreateUser,
  validateFilterByEmail,
  validateSearchQuery,
  validateUpdateUser,
} from './validation';

/**
 * HighLevel IDs are alphanumeric. An id with other characters (spaces, dots, punctuation) is
 * malformed: 400, as HighLevel answers for unparsable ids. A well-formed id that does not
 * exist is 404 "User not found".
 */
const WELL_FORMED_ID = /^[A-Za-z0-9]{1,64}$/;

function findUser(st: SandboxState, userId: string): StoredUser {
  if (!WELL_FORMED_ID.test(userId)) throw fail.badRequest(`Invalid userId: ${userId}`);
  const user = st.store.userById.get(userId);
  if (!user) throw fail.notFound(MSG.userNotFound);
  return user;
}

/** Every location id must be one the token may use and one the company has. */
function checkLocationIds(ctx: ApiContext, st: SandboxState, locationIds: string[]): void {
  for (const id of locationIds) assertLocation(ctx.grant, id);
  const unknown = locationIds.filter((id) => !st.store.locationById.has(id));
  if (unknown.length > 0) throw fail.badRequest(`Location not found: ${unknown.join(', ')}`);
}

function searchUsers(ctx: ApiContext, st: SandboxState): RouteResult {
  const v = validateSearchQuery(ctx.query);
  if (!v.ok) throw fail.unprocessable(v.errors);
  const { companyId, filter, sort, skip, limit } = v.value;
  assertCompany(ctx.grant, companyId);
  if (ctx.grant.userType === 'Location') {
    // A sub-account token only ever sees its own location's users.
    if (filter.locationId !== undefined) assertLocation(ctx.grant, filter.locationId);
    filter.locationId = ctx.grant.locationId;
  }
  const res = st.store.searchUsers(filter, sort, skip, limit);
  // Users' JSON is cached per user: a page of 100 out of 10,000 costs a filter pass only.
  return {
    status: 200,
    raw: `{"users":[${res.users.map(userJsonString).join(',')}],"count":${res.count}}`,
  };
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
  assertCompany(ctx.grant, companyId);
  const matches = st.store
    .usersByEmails(emails)
    .filter((u) => u.companyId === companyId && u.deleted === deleted);
  const page = matches.slice(skip, skip + limit);
  const users = page.map((u): Partial<UserJson> => {
    const full = toUserJson(u);
    if (projection === 'all') return full;
    const fields = projection === null ? ['email'] : projection;
    const out: Record<string, unknown> = { id: full.id };
    for (const f of fields) {
      if (f in full) out[f] = full[f as keyof UserJson];
    }
    if (Object.keys(out).length === 1) out.email = full.email;
    return out as Partial<UserJson>;
  });
  return { status: 200, json: { users, count: matches.length } };
}

/** GET /users/{userId}: deleted users are still returned (with `deleted: true`). */
function getUser(ctx: ApiContext, st: SandboxState): RouteResult {
  const user = findUser(st, ctx.params.userId as string);
  assertUserReachable(ctx.grant, user);
  return { status: 200, raw: userJsonString(user) };
}

/** Deprecated GET /users/?locationId= (sub-account tokens only): `{users}`, no paging. */
function usersByLocation(ctx: ApiContext, st: SandboxState): RouteResult {
  const locationId = ctx.query.locationId;
  if (locationId === undefined || locationId.trim() === '') {
    throw fail.unprocessable(['locationId should not be empty', 'locationId must be a string']);
  }
  assertLocation(ctx.grant, locationId);
  const users = st.store.usersOfLocation(locationId);
  return { status: 200, raw: `{"users":[${users.map(userJsonString).join(',')}]}` };
}

function createUser(ctx: ApiContext, st: SandboxState): RouteResult {
  const v = validateCreateUser(jsonBody(ctx.rawBody, ctx.headers));
  if (!v.ok) throw fail.unprocessable(v.errors);
  const input = v.value;
  assertCompany(ctx.grant, input.companyId);
  checkLocationIds(ctx, st, input.locationIds);
  // Deleted users free their email; active ones make it taken (company-wide).
  if (st.store.activeUserByEmail(input.email)) throw fail.badRequest(MSG.userExists);
  const user = st.store.createUser(input);
  return { status: 201, raw: userJsonString(user) };
}

/**
 * PUT /users/{userId}: only the fields sent change. `email` may be sent only unchanged (HighLevel
 * no longer allows email updates); `companyId` is required for agency tokens; an empty `scopes`
 * array really removes every scope. Deleted users cannot be updated (404).
 */
function updateUser(ctx: ApiContext, st: SandboxState): RouteResult {
  const body = jsonBody(ctx.rawBody, ctx.headers);
  const v = validateUpdateUser(body, ctx.grant.userType === 'Company');
  if (!v.ok) throw fail.unprocessable(v.errors);
  const user = findUser(st, ctx.params.userId as string);
  if (user.deleted) throw fail.notFound(MSG.userNotFound);
  assertUserReachable(ctx.grant, user);
  const { companyId, email, patch } = v.value;
  if (companyId !== undefined) assertCompany(ctx.grant, companyId);
  if (email !== undefined && email !== user.email) throw fail.badRequest(MSG.emailImmutable);
  if (patch.locationIds !== undefined) checkLocationIds(ctx, st, patch.locationIds);
  st.store.updateUser(user, patch);
  return { status: 200, raw: userJsonString(user) };
}

/**
 * DELETE /users/{userId}: HighLevel queues the deletion ("Will take effect in a few minutes"):
 * the user stays unchanged until `deleteDelayMs` has passed, then it is flagged deleted. A
 * second DELETE while queued answers the same; an unknown or already deleted user is 404.
 * The flag is spelled `succeded`, as in the 2021-07-28 document.
 */
function deleteUser(ctx: ApiContext, st: SandboxState): RouteResult {
  const user = findUser(st, ctx.params.userId as string);
  if (user.deleted) throw fail.notFound(MSG.userNotFound);
  assertUserReachable(ctx.grant, user);
  if (!user.deleteQueued) st.scheduleDelete(user);
  const name = `${user.firstName} ${user.lastName}`.trim();
  return {
    status: 200,
    json: {
      succeded: true,
      message: `Queued deleting user with e-mail ${user.email} and name ${name}. Will take effect in a few minutes.`,
    },
  };
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
