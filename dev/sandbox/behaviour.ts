/**
 * Where HighLevel as it really behaves and HighLevel's documents disagree, the sandbox can play
 * either: the default is the real behaviour; `spec: true` (CLI `--spec`) is the behaviour the
 * 2021-07-28 OpenAPI document describes. Each difference is ONE small function here taking the
 * `spec` flag (`st.spec` in a route), so adding a difference is adding a function and calling it
 * where the answer is built. Partial-update semantics (`partialUpdates`) live here too.
 * Answers are plain data (`Answer`): the HTTP layer sends or throws them, so this module needs
 * none of it.
 *
 * Differences implemented so far:
 * - `userJson`: real HighLevel returns `scopes` and `scopesAssignedToOnly` as arrays of
 *   strings; the document's UserSchema types `scopes` as ONE string (one enum value, its examples
 *   show `"scopes": "campaigns.readonly"`) and has no `scopesAssignedToOnly` at all.
 * - `deleteAnswer`: the same in both modes (document and live agree on `{succeded: true, ...}`).
 * - `unknownUserError`: a well-formed user id that does not exist (GET, PUT, DELETE
 *   /users/{id}) is a 401 "The user does not exist." live, a 404 "User not found" per the document.
 * - `getUserJson`: live Get User leaves out `roles.restrictSubAccount` (Search keeps it).
 * - `hidesAgencyUsers` / `agencyUserError`: live, sub-account tokens do not see agency-type users.
 * - `acceptsAnyScopeCode` / `acceptsAnyPermissionKey`: live, any well-formed scope code and any
 *   boolean switch is taken (the open world); the document's enum and PermissionsDto refuse others.
 * - `accessError`: live 401/403 bodies carry no `error` field; the document's schemas have one.
 * - `tokenError` (and `invalidRefreshAnswer`, `inactiveLocationRefreshAnswer`): POST /oauth/token
 *   errors are HighLevel's `{statusCode, message}` in both modes; no document shows RFC 6749's.
 * - `inactiveLocationApiError`: a paused sub-account's API call (its `error` as `accessError`).
 * - `consentGrant`: the bulk-installation option (not a mode): a chosen sub-account yields a
 *   Company token.
 */
import { MSG, PERMISSION_DEFAULTS, PERMISSION_KEYS } from './constants';
import type { Answer, UserJson, UserRoles } from './types';

/** How PUT /users/{id} treats what it was not sent. */
export type PartialUpdates = 'merge' | 'reset';

export const PARTIAL_UPDATE_MODES: readonly PartialUpdates[] = ['merge', 'reset'];

/** A user object in the mode's shape (the store builds the real one). */
export function userJson(spec: boolean, user: UserJson): UserJson {
  if (!spec) return user;
  // A copy keeps the key order, `scopes` its place. One documented enum value; a user without
  // scopes has nothing that fits, so the (optional) member is left out rather than answered
  // with a value the schema refuses.
  const out: UserJson = { ...user, permissions: documentedPermissions(user.permissions) };
  delete out.scopesAssignedToOnly;
  const first = Array.isArray(user.scopes) ? user.scopes[0] : user.scopes;
  if (first === undefined) delete out.scopes;
  else out.scopes = first;
  return out;
}

const DOCUMENTED_PERMISSIONS = new Set(PERMISSION_KEYS);

/** PermissionsDto's keys only: the document's user has no other switch. */
function documentedPermissions(p: Readonly<Record<string, boolean>>): Record<string, boolean> {
  return Object.fromEntries(Object.entries(p).filter(([k]) => DOCUMENTED_PERMISSIONS.has(k)));
}

/**
 * Whether POST/PUT /users take any well-formed scope code (SCOPE_CODE_PATTERN) rather than only
 * the enum: live HighLevel adds codes before any document lists them (docs/highlevel-behaviour.md U14).
 */
export function acceptsAnyScopeCode(spec: boolean): boolean {
  return !spec;
}

/**
 * Whether `permissions` takes any key with a boolean value: live users carry switches
 * PermissionsDto does not list (docs/highlevel-behaviour.md U16); the document refuses them.
 */
export function acceptsAnyPermissionKey(spec: boolean): boolean {
  return !spec;
}

/**
 * A 401 or 403 of the API. Live answers carry no `error` field (docs/highlevel-behaviour.md T11);
 * the document's UnauthorizedDTO has one. The unknown-user 401 is its own case (`unknownUserError`).
 */
export function accessError(spec: boolean, status: 401 | 403, message: string): Answer {
  const json = spec
    ? { statusCode: status, message, error: status === 401 ? 'Unauthorized' : 'Forbidden' }
    : { statusCode: status, message };
  return { status, json };
}

/** DELETE /users/{id}'s 200 body (spelling `succeded` in the document and live). */
export function deleteAnswer(
  _spec: boolean,
  email: string,
  name: string,
): { succeded: true; message: string } {
  return {
    succeded: true,
    message: `Queued deleting user with e-mail ${email} and name ${name}. Will take effect in a few minutes.`,
  };
}

/**
 * GET, PUT or DELETE /users/{id} of a well-formed id that does not exist. Live HighLevel answers
 * 401 with this body (key order as observed; docs/highlevel-behaviour.md U1); the document (no 404 listed) is
 * played as the sandbox's 404 "User not found".
 */
export function unknownUserError(spec: boolean): Answer {
  if (spec) return { status: 404, json: { statusCode: 404, message: MSG.userNotFound } };
  return {
    status: 401,
    json: { message: 'The user does not exist.', error: 'Unauthorized', statusCode: 401 },
  };
}

/** A user object whose `roles.restrictSubAccount` may be missing. */
export type GetUserJson = Omit<UserJson, 'roles'> & {
  roles: Omit<UserRoles, 'restrictSubAccount'> & { restrictSubAccount?: boolean };
};

/** GET /users/{id}'s body: live, `roles` has no `restrictSubAccount` (docs/highlevel-behaviour.md U4). */
export function getUserJson(spec: boolean, user: UserJson): GetUserJson {
  if (spec) return user;
  const roles: GetUserJson['roles'] = { ...user.roles };
  delete roles.restrictSubAccount;
  return { ...user, roles };
}

/**
 * Whether a sub-account (Location) token is kept from agency-type users (`roles.type`
 * 'agency'): live it is (docs/highlevel-behaviour.md U5); the document lists Location-Access without exceptions.
 */
export function hidesAgencyUsers(spec: boolean, tokenUserType: 'Company' | 'Location'): boolean {
  return !spec && tokenUserType === 'Location';
}

/** What GET /users/{id} of a user hidden by `hidesAgencyUsers` answers. */
export function agencyUserError(spec: boolean): Answer {
  return accessError(spec, 403, MSG.location);
}

/**
 * An error of POST /oauth/token: 400 with HighLevel's own `{statusCode, message}` in both modes.
 * The v3 OAuth document's examples show this shape; neither document shows RFC 6749's
 * `{error, error_description}` (docs/highlevel-behaviour.md T2, T5).
 */
export function tokenError(_spec: boolean, message: string): Answer {
  return {
    status: 400,
    json: { statusCode: 400, message },
    headers: { 'Cache-Control': 'no-store' },
  };
}

/** An unknown, expired or already used refresh token (docs/highlevel-behaviour.md T2). */
export function invalidRefreshAnswer(spec: boolean): Answer {
  return tokenError(spec, MSG.refreshTokenInvalid);
}

/**
 * A refresh of a paused location's token (docs/highlevel-behaviour.md T3; v3 OAuth document `locationNotActive`):
 * 400, and the refresh token is NOT used up. Both modes.
 */
export function inactiveLocationRefreshAnswer(spec: boolean): Answer {
  return tokenError(spec, MSG.locationInactive);
}

/** An API call with a paused location's access token (thin evidence: the sandbox's guess). */
export function inactiveLocationApiError(spec: boolean): Answer {
  return accessError(spec, 401, MSG.locationInactive);
}

/**
 * What a click on the consent page grants. With bulk installation on (an option, as HighLevel's
 * listing setting is), a chosen sub-account still yields a Company token for the agency, without
 * `locationId` (docs/highlevel-behaviour.md T12).
 */
export function consentGrant(
  bulkInstall: boolean,
  chosen: 'Company' | 'Location',
): { userType: 'Company' | 'Location'; bulk: boolean } {
  if (bulkInstall && chosen === 'Location') return { userType: 'Company', bulk: true };
  return { userType: chosen, bulk: false };
}

/**
 * The permissions a PUT leaves a user with. 'merge': the switches sent change, the others keep
 * their value. 'reset': the switches sent are set, every other one goes back to its documented
 * default (what a DTO with defaults does when the whole object is replaced); a switch no
 * document lists has no default, so it goes back to false and stays in the object.
 */
export function nextPermissions(
  mode: PartialUpdates,
  current: Readonly<Record<string, boolean>>,
  sent: Readonly<Record<string, boolean>>,
): Record<string, boolean> {
  if (mode === 'merge') return { ...current, ...sent };
  const undocumented = Object.keys(current).filter((k) => !DOCUMENTED_PERMISSIONS.has(k));
  return {
    ...PERMISSION_DEFAULTS,
    ...Object.fromEntries(undocumented.map((k) => [k, false])),
    ...sent,
  };
}

/** Whether PUT accepts `locationIds: []` (and clears the list) instead of a 422. */
export function acceptsEmptyLocationIds(mode: PartialUpdates): boolean {
  return mode === 'reset';
}
