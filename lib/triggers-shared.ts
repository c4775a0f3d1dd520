// What the user triggers share: the connection's level and company, and the one Search Users call
// (GET /users/search) behind New User, New User in Location and the User dropdown.
import type { Bundle, ZObject } from 'zapier-platform-core';
import { PAGE_SIZE } from './config';
import { callApi } from './http';
import { HIGHLEVEL } from './messages';
import { compact, text } from './input';
import { schemas, type User } from './schemas';
import { checkInput, parseResponse } from './validate';

/**
 * A sub-account (location) connection. HighLevel's token says so in `userType`; a connection made
 * without it (a Private Integration Token set up by hand) is one when it carries a location ID.
 */
export const isSubAccount = (bundle: Pick<Bundle, 'authData'>): boolean => {
  const { userType, locationId } = bundle.authData;
  return userType === 'Location' || (!userType && Boolean(locationId));
};

/** The company (agency) every Users search is scoped to; it comes with the connection. */
export const connectionCompanyId = (z: ZObject, bundle: Pick<Bundle, 'authData'>): string => {
  const companyId = bundle.authData.companyId;
  if (!companyId) {
    throw new z.errors.Error(
      `This connection does not know its ${HIGHLEVEL} company (no companyId). Reconnect your HighLevel ` +
        'account; with a Private Integration Token, set authData_companyId to your company ID.',
      'missing_company_id',
    );
  }
  return companyId;
};

/** True for lib/http.ts's error for a token that lacks a scope (a z.errors.Error, code in JSON). */
export const isMissingScope = (err: unknown): boolean => {
  if (!(err instanceof Error) || err.name !== 'AppError') return false;
  try {
    return (JSON.parse(err.message) as { code?: unknown }).code === 'missing_scope';
  } catch {
    return false;
  }
};

const SEARCH_LABELS = {
  companyId: 'Company ID (from the connection)',
  query: 'Search Query',
  locationId: 'Location',
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
): Promise<User[]> => {
  const companyId = connectionCompanyId(z, bundle);
  const locationId =
    text(search.locationId) ??
    (isSubAccount(bundle) ? text(bundle.authData.locationId) : undefined);
  const query = checkInput(
    schemas().searchUsersQuery,
    compact({
      companyId,
      query: text(search.query),
      locationId,
      type: text(search.type),
      role: text(search.role),
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
  return parseResponse(schemas().userList, data, 'Search Users').users;
};
