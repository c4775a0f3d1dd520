// What the user triggers share: the missing-scope check and the one Search Users call
// (GET /users/search) behind New User, New User in Location and the User dropdown.
import type { Bundle, ZObject } from 'zapier-platform-core';
import { PAGE_SIZE } from './config';
import { companyIdOf, isSubAccount } from './connection';
import { appErrorDetails, callApi } from './http';
import { compact, text } from './input';
import { schemas } from './schemas';
import { parseUsers, type UserOutput } from './users';
import { checkInput } from './validate';

/** True for lib/http.ts's error for a token that lacks a scope. */
export const isMissingScope = (err: unknown): boolean =>
  appErrorDetails(err).code === 'missing_scope';

const lowerCase = (value: unknown): unknown =>
  typeof value === 'string' ? value.toLowerCase() : value;

const SEARCH_LABELS = {
  companyId: 'Company ID (from the connection)',
  query: 'Search Query',
  locationId: 'Sub-account',
  type: 'User Type',
  role: 'Role',
  skip: 'Skip',
  limit: 'Limit',
  sort: 'Sort',
  sortDirection: 'Sort Direction',
};

export interface UserSearch {
  /** Filters as the user gave them (validated here, so a bad one fails before any request). */
  query?: unknown;
  locationId?: unknown;
  type?: unknown;
  role?: unknown;
  /** Which page of PAGE_SIZE users (dropdowns page; polls always read page 0). */
  page?: number;
  /**
   * Newest first for polls. Users carry no date field, but HighLevel sorts on its internal
   * `dateAdded` when asked. Without `sort` HighLevel orders by first and last name.
   */
  newestFirst: boolean;
}

/**
 * One GET /users/search page. It works for agency and sub-account tokens alike. On a
 * sub-account connection the location defaults to the connected one: HighLevel answers a location
 * token only about its own location.
 */
export const searchUsers = async (
  z: ZObject,
  bundle: Pick<Bundle, 'authData'>,
  search: UserSearch,
): Promise<UserOutput[]> => {
  const companyId = companyIdOf(bundle.authData);
  const locationId =
    text(search.locationId) ??
    (isSubAccount(bundle.authData) ? text(bundle.authData.locationId) : undefined);
  const query = checkInput(
    schemas().searchUsersQuery,
    compact({
      companyId,
      query: text(search.query),
      locationId,
      // Create and Update accept "Agency" or "ADMIN" as typed; so does the search.
      type: lowerCase(text(search.type)),
      role: lowerCase(text(search.role)),
      sort: search.newestFirst ? 'dateAdded' : undefined,
      sortDirection: search.newestFirst ? 'desc' : undefined,
      limit: String(PAGE_SIZE),
      skip: String((search.page ?? 0) * PAGE_SIZE),
    }),
    SEARCH_LABELS,
  );
  const data = await callApi(z, {
    path: '/users/search',
    params: {
      companyId: query.companyId,
      query: query.query,
      locationId: query.locationId,
      type: query.type,
      role: query.role,
      sort: query.sort,
      sortDirection: query.sortDirection,
      limit: query.limit,
      skip: query.skip,
    },
  });
  return parseUsers(z, data, 'the user search');
};
