/** Sub-Accounts (formerly Locations): the two read endpoints a location picker needs. */
import { MSG } from './constants';
import {
  assertCompany,
  assertLocation,
  type ApiContext,
  type ApiRoute,
  type SandboxState,
} from './context';
import { fail, type RouteResult } from './http-util';
import type { StoredLocation } from './store';
import { validateLocationSearch } from './validation';

const SETTINGS = {
  allowDuplicateContact: false,
  allowDuplicateOpportunity: false,
  allowFacebookNameMerge: false,
  disableContactTimezone: false,
};

function social(): Record<string, string> {
  return {
    facebookUrl: '',
    googlePlus: '',
    linkedIn: '',
    foursquare: '',
    twitter: '',
    yelp: '',
    instagram: '',
    youtube: '',
    pinterest: '',
    blogRss: '',
    googlePlacesId: '',
  };
}

/** GetLocationSchema (items of GET /locations/search). */
function searchItem(l: StoredLocation): Record<string, unknown> {
  return {
    id: l.id,
    name: l.name,
    phone: l.phone,
    email: l.email,
    address: l.address,
    city: l.city,
    state: l.state,
    country: l.country,
    postalCode: l.postalCode,
    website: l.website,
    timezone: l.timezone,
    settings: { ...SETTINGS },
    social: social(),
  };
}

/** GetLocationByIdSchema (GET /locations/{locationId}). */
function detail(l: StoredLocation): Record<string, unknown> {
  return {
    id: l.id,
    companyId: l.companyId,
    name: l.name,
    domain: l.domain,
    address: l.address,
    city: l.city,
    state: l.state,
    logoUrl: l.logoUrl,
    country: l.country,
    postalCode: l.postalCode,
    website: l.website,
    timezone: l.timezone,
    firstName: l.firstName,
    lastName: l.lastName,
    email: l.email,
    phone: l.phone,
    business: {
      name: l.name,
      address: l.address,
      city: l.city,
      state: l.state,
      country: l.country,
      postalCode: l.postalCode,
      website: l.website,
      timezone: l.timezone,
      logoUrl: l.logoUrl,
    },
    social: social(),
    settings: { ...SETTINGS },
    reseller: {},
  };
}

/**
 * GET /locations/search. Agency tokens only in the sandbox: a sub-account token cannot list the
 * agency's sub-accounts (401 like a missing scope). Ordered by creation (`order` asc|desc);
 * `email` filters on the sub-account's email. Returns `{locations}` without a count.
 */
function searchLocations(ctx: ApiContext, st: SandboxState): RouteResult {
  const v = validateLocationSearch(ctx.query);
  if (!v.ok) throw fail.unprocessable(v.errors);
  const { companyId, skip, limit, order, email } = v.value;
  if (companyId !== undefined) assertCompany(st.spec, ctx.grant, companyId);
  let list = st.store.locations.filter((l) => l.companyId === ctx.grant.companyId);
  if (email !== undefined) list = list.filter((l) => l.email.toLowerCase() === email);
  if (order === 'desc') list = [...list].reverse();
  return { status: 200, json: { locations: list.slice(skip, skip + limit).map(searchItem) } };
}

function getLocation(ctx: ApiContext, st: SandboxState): RouteResult {
  const locationId = ctx.params.locationId as string;
  assertLocation(st.spec, ctx.grant, locationId);
  const loc = st.store.locationById.get(locationId);
  if (!loc || loc.companyId !== ctx.grant.companyId) {
    throw fail.notFound(MSG.locationNotFound);
  }
  return { status: 200, json: { location: detail(loc) } };
}

export const locationRoutes: ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/locations/search',
    scope: 'locations.readonly',
    access: 'agency',
    handler: searchLocations,
  },
  {
    method: 'GET',
    pattern: '/locations/:locationId',
    scope: 'locations.readonly',
    access: 'any',
    handler: getLocation,
  },
];
