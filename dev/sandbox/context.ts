/** Types shared by the route modules, plus the access rules every API route applies. */
import type { IncomingHttpHeaders } from 'http';
import type { Grant, SandboxTokenSet, TokenStore, TokenUserType } from './auth';
import type { PartialUpdates } from './behaviour';
import { MSG } from './constants';
import { fail, type RouteResult } from './http-util';
import type { Store, StoredUser } from './store';
import type { UserEventKind } from './webhook-events';

export interface RequestContext {
  method: string;
  /** Path without query string, trailing slash removed (NestJS ignores it too). */
  path: string;
  /** Raw request URL (path + query), for NestJS-style "Cannot GET /x" messages. */
  url: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  params: Record<string, string>;
}

export interface ApiContext extends RequestContext {
  grant: Grant;
}

export interface MintOptions {
  userType: TokenUserType;
  locationId?: string;
  scopes?: string[];
  ttlSeconds?: number;
}

/**
 * A quirk for the next search answer (GET /users/search or filter-by-email), queued by
 * `POST /_sandbox/duplicate-next-page` / `overfill-next-page`.
 */
export interface PageQuirk {
  /** The page repeats one user id (its first user) twice. */
  duplicate: boolean;
  /** The page holds this many users more than `limit` asked for. */
  overfill: number;
}

/** What route handlers may use of the running sandbox. */
export interface SandboxState {
  /**
   * false (default): HighLevel as it really behaves; true: as its OpenAPI document describes.
   * Branch through the functions of behaviour.ts.
   */
  spec: boolean;
  /** PUT /users/{id}: 'merge' (default) or 'reset' (see behaviour.ts). Switchable at run time. */
  partialUpdates: PartialUpdates;
  /** `POST /_sandbox/raw-users`: objects appended as-is to search and filter-by-email answers. */
  rawUsers: Record<string, unknown>[];
  /** Consumed one per search answer, oldest first. */
  pageQuirks: PageQuirk[];
  /**
   * Paused sub-accounts (`POST /_sandbox/locations/{id}/pause`): their tokens' API calls are 401
   * and their refreshes 400 "Location is not active" (the refresh token is kept).
   */
  pausedLocations: Set<string>;
  /**
   * Bulk installation (`bulkInstall` option, `POST /_sandbox/bulk-install`): choosing a
   * sub-account on the consent page yields a Company token (behaviour.ts `consentGrant`).
   */
  bulkInstall: boolean;
  store: Store;
  tokens: TokenStore;
  clientId: string;
  clientSecret: string;
  accessTokenTtlSeconds: number;
  /** Queue the "few minutes later" deletion of a user (its webhook event comes when it happens). */
  scheduleDelete(user: StoredUser): void;
  /** A user was created or updated: its webhook events go out after the answer, if a URL is set. */
  userEvent(kind: Exclude<UserEventKind, 'delete'>, user: StoredUser): void;
  mint(opts: MintOptions): SandboxTokenSet;
  /**
   * The grant (installing user, approved locations...) for an agency or location connection;
   * `bulk`: a Company grant from a chosen sub-account (`locationId`), the agency installing.
   */
  grantFor(
    userType: TokenUserType,
    locationId: string | undefined,
    scopes: string[],
    bulk?: boolean,
  ): Grant;
}

export type Access = 'any' | 'agency' | 'location';

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** e.g. '/users/:userId' */
  pattern: string;
  /** OAuth scope the token must carry. */
  scope: string;
  /**
   * Which kind of token may call it. HighLevel answers a token of the wrong kind (e.g. a
   * sub-account token on an Agency-only endpoint) with the same 401 as a missing scope.
   */
  access: Access;
  handler: (ctx: ApiContext, st: SandboxState) => RouteResult;
}

/** `companyId` in a request must be the token's company (`spec` picks the 403's shape). */
export function assertCompany(spec: boolean, grant: Grant, companyId: string): void {
  if (companyId !== grant.companyId) throw fail.forbidden(spec, MSG.company);
}

/** A sub-account token may only name its own location. */
export function assertLocation(spec: boolean, grant: Grant, locationId: string): void {
  if (grant.userType === 'Location' && locationId !== grant.locationId) {
    throw fail.forbidden(spec, MSG.location);
  }
}

/**
 * A sub-account token only reaches users of its own location (agency users belong to every
 * location of the company, so they are reachable too). Anything else: 403, like a foreign
 * locationId, rather than pretending the user does not exist.
 */
export function assertUserReachable(spec: boolean, grant: Grant, user: StoredUser): void {
  if (user.companyId !== grant.companyId) throw fail.notFound(MSG.userNotFound);
  if (grant.userType === 'Location' && !user.roles.locationIds.includes(grant.locationId ?? '')) {
    throw fail.forbidden(spec, MSG.location);
  }
}

/** Whether a grant is that of a paused sub-account (`POST /_sandbox/locations/{id}/pause`). */
export function isPaused(st: SandboxState, grant: Grant): boolean {
  return (
    grant.userType === 'Location' &&
    grant.locationId !== undefined &&
    st.pausedLocations.has(grant.locationId)
  );
}
