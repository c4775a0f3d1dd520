// Search Users (GET /users/search) as New User, New User in Sub-account, the User dropdown, the
// instant trigger's samples and the watches of Updated and Deleted User page it. Works for agency and
// sub-account tokens alike; on a sub-account connection the search stays in the connected
// sub-account (searchLocation, which Find User's own unpaged call uses too).
import type { Bundle, ZObject } from 'zapier-platform-core';
import { callApiForResponse } from '../highlevel/client';
import { PAGE_SIZE } from '../highlevel/config';
import { companyIdOf, isSubAccount, ownLocationOf } from '../highlevel/connection';
import { parseUsers, type UserOutput } from '../highlevel/user';
import { checkInput, inputError, named, type FieldLabels } from '../safety/checks';
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

/**
 * The sub-account to search: the one asked for, or on a Sub-account connection its own. A
 * Sub-account connection sees only its own sub-account, so another one is refused, naming the
 * field, rather than searched behind the help text's back.
 */
export const searchLocation = (
  authData: Bundle['authData'],
  asked: string | undefined,
  labels: FieldLabels,
): string | undefined => {
  if (!isSubAccount(authData)) return asked;
  const own = ownLocationOf(authData);
  if (asked === undefined || asked === own) return own;
  throw inputError([
    `${named('locationId', labels)} must be this connection's own sub-account (${own ?? 'none'}) or ` +
      'empty: a Sub-account connection sees only its own users. Clear it, or connect at Agency level ' +
      'to search another sub-account. Nothing was searched',
  ]);
};

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

export interface SearchPage {
  users: UserOutput[];
  /** HighLevel's `count`, when it sends a number. */
  count?: number;
  /** What is left of HighLevel's burst limit after this request, and its window, when told. */
  remaining?: number;
  windowMs?: number;
}

const numberOf = (value: unknown): number | undefined => {
  const number = Number(value);
  return value !== undefined && value !== null && value !== '' && Number.isFinite(number)
    ? number
    : undefined;
};

/** One page of Search Users, with what HighLevel says of its total and its rate limit. */
export const searchPage = async (
  z: ZObject,
  bundle: Pick<Bundle, 'authData'>,
  search: UserSearch,
  /** The labels of the calling step's fields, for a message naming a bad filter. */
  labels: FieldLabels = USER_FIELD_LABELS,
): Promise<SearchPage> => {
  const companyId = companyIdOf(bundle.authData);
  const asked = text(search.locationId);
  const checked = checkInput(
    filters(),
    compact({
      query: text(search.query),
      locationId:
        typeof asked === 'string' ? searchLocation(bundle.authData, asked, labels) : asked,
      // Create and Update accept "Agency" or "ADMIN" as typed; so does the search.
      type: lowerCase(text(search.type)),
      role: lowerCase(text(search.role)),
    }),
    labels,
  );
  // HighLevel answers a location token only about its own location.
  checked.locationId ??= searchLocation(bundle.authData, undefined, labels);
  const response = await callApiForResponse(z, {
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
  const data = response.data as { count?: unknown } | undefined;
  return {
    users: parseUsers(z, data, 'the user search'),
    count: numberOf(data?.count),
    remaining: numberOf(response.getHeader('x-ratelimit-remaining')),
    windowMs: numberOf(response.getHeader('x-ratelimit-interval-milliseconds')),
  };
};

/** One page of Search Users: its users. */
export const searchUsers = async (
  z: ZObject,
  bundle: Pick<Bundle, 'authData'>,
  search: UserSearch,
  labels: FieldLabels = USER_FIELD_LABELS,
): Promise<UserOutput[]> => (await searchPage(z, bundle, search, labels)).users;
