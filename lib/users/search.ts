// The one Search Users call (GET /users/search) behind New User, New User in Sub-account, the User
// dropdown and Find User. Works for agency and sub-account tokens alike; on a sub-account
// connection the search stays in the connected sub-account.
import type { Bundle, ZObject } from 'zapier-platform-core';
import { callApi } from '../highlevel/client';
import { PAGE_SIZE } from '../highlevel/config';
import { companyIdOf, isSubAccount } from '../highlevel/connection';
import { parseUsers, type UserOutput } from '../highlevel/user';
import { checkInput, type FieldLabels } from '../safety/checks';
import { compact, text } from '../safety/values';
import { once, zod } from '../zod';
import { USER_FIELD_LABELS } from './fields';
import * as rules from './rules';

const filters = once(() =>
  zod().strictObject({
    query: rules.searchText().optional(),
    locationId: rules.id('sub-account ID').optional(),
    type: rules.userType().optional(),
    role: rules.userRole().optional(),
  }),
);

const lowerCase = (value: unknown): unknown =>
  typeof value === 'string' ? value.toLowerCase() : value;

export interface UserSearch {
  /** Filters as the user gave them (checked here, so a bad one fails before any request). */
  query?: unknown;
  locationId?: unknown;
  type?: unknown;
  role?: unknown;
  /** Which page of PAGE_SIZE users (dropdowns page; polls read page 0). */
  page?: number;
  /**
   * Newest first for polls. Users carry no date field, but HighLevel sorts on its internal
   * `dateAdded` when asked. Without `sort` HighLevel orders by first and last name.
   */
  newestFirst: boolean;
}

/** One page of Search Users. */
export const searchUsers = async (
  z: ZObject,
  bundle: Pick<Bundle, 'authData'>,
  search: UserSearch,
  /** The labels of the calling step's fields, for a message naming a bad filter. */
  labels: FieldLabels = USER_FIELD_LABELS,
): Promise<UserOutput[]> => {
  const companyId = companyIdOf(bundle.authData);
  const checked = checkInput(
    filters(),
    compact({
      query: text(search.query),
      // HighLevel answers a location token only about its own location.
      locationId:
        text(search.locationId) ??
        (isSubAccount(bundle.authData) ? text(bundle.authData.locationId) : undefined),
      // Create and Update accept "Agency" or "ADMIN" as typed; so does the search.
      type: lowerCase(text(search.type)),
      role: lowerCase(text(search.role)),
    }),
    labels,
  );
  const data = await callApi(z, {
    path: '/users/search',
    params: {
      companyId,
      ...checked,
      sort: search.newestFirst ? 'dateAdded' : undefined,
      sortDirection: search.newestFirst ? 'desc' : undefined,
      limit: String(PAGE_SIZE),
      skip: String((search.page ?? 0) * PAGE_SIZE),
    },
  });
  return parseUsers(z, data, 'the user search');
};
