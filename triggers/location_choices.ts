// Hidden: feeds every Sub-account dropdown. An agency lists its sub-accounts, 100 per page
// (GET /locations/search); a sub-account connection offers just itself.
import {
  defineTrigger,
  type Bundle,
  type PollingTriggerPerform,
  type ZObject,
} from 'zapier-platform-core';
import { callApi } from '../lib/highlevel/client';
import { PAGE_SIZE } from '../lib/highlevel/config';
import { companyIdOf, isSubAccount } from '../lib/highlevel/connection';
import { errorFacts } from '../lib/highlevel/errors';
import { locationList, locationOne, parseAnswer, type Location } from '../lib/highlevel/schemas';
import { pathId } from '../lib/safety/checks';
import { asString } from '../lib/safety/values';
import { HIGHLEVEL } from '../lib/text';

const isMissingScope = (err: unknown): boolean => errorFacts(err).code === 'missing_scope';

export interface LocationChoice {
  [key: string]: unknown;
  id: string;
  name: string;
  email: string;
  city: string;
  state: string;
  country: string;
}

const toChoice = (location: Location): LocationChoice => ({
  id: location.id,
  name: asString(location.name).trim() || location.id,
  email: asString(location.email),
  city: asString(location.city),
  state: asString(location.state),
  country: asString(location.country),
});

/**
 * Without `locations.readonly` an agency cannot list its sub-accounts. Instead of an error the
 * dropdown shows this one item saying so. Its id holds spaces on purpose: picked by mistake, it is
 * refused by every step's Location check (naming the field) before anything reaches HighLevel.
 */
export const MISSING_SCOPE_CHOICE: LocationChoice = toChoice({
  id: 'locations.readonly scope missing',
  name:
    `Cannot list sub-accounts: this ${HIGHLEVEL} connection lacks the "locations.readonly" scope. ` +
    'Type or map a sub-account ID instead, or add the scope to your HighLevel app and reconnect.',
});

/** The connected sub-account, named by one GET /locations/{id} when the scope allows it. */
const connectedLocation = async (z: ZObject, bundle: Bundle): Promise<LocationChoice[]> => {
  const locationId = pathId(
    bundle.authData.locationId,
    'locationId',
    'Sub-account (from the connection)',
  );
  try {
    const data = await callApi(z, { path: `/locations/${locationId}` });
    return [toChoice(parseAnswer(locationOne(), data, 'Get Sub-Account').location)];
  } catch (err) {
    if (!isMissingScope(err)) throw err;
    const id = bundle.authData.locationId.trim();
    return [toChoice({ id, name: `Connected sub-account (${id})` })];
  }
};

const perform = (async (z, bundle) => {
  const page = bundle.meta.page ?? 0;
  // A sub-account token reaches only its own location: one item, on the first page only.
  if (isSubAccount(bundle.authData)) return page === 0 ? connectedLocation(z, bundle) : [];
  const companyId = companyIdOf(bundle.authData);
  let data: unknown;
  try {
    data = await callApi(z, {
      path: '/locations/search',
      params: { companyId, skip: String(page * PAGE_SIZE), limit: String(PAGE_SIZE) },
    });
  } catch (err) {
    if (!isMissingScope(err)) throw err;
    return page === 0 ? [MISSING_SCOPE_CHOICE] : [];
  }
  return parseAnswer(locationList(), data, 'Search Sub-Accounts').locations.map(toChoice);
}) satisfies PollingTriggerPerform<Record<string, unknown>, LocationChoice>;

const sample: LocationChoice = {
  id: 'k3Jd9QwE1rTy7UiO5pAs',
  name: 'Bright Smile Dental',
  email: 'office@brightsmiledental.com',
  city: 'Austin',
  state: 'Texas',
  country: 'US',
};

export default defineTrigger({
  key: 'location_choices',
  noun: 'Sub-account',
  display: {
    label: 'Sub-account Choices',
    description:
      "Triggers when a Sub-account dropdown loads: lists the agency's sub-accounts, 100 per page, or the connected sub-account.",
    hidden: true,
  },
  operation: {
    type: 'polling',
    perform,
    canPaginate: true,
    sample,
    outputFields: [
      { key: 'id', label: 'Sub-account ID', type: 'string' },
      { key: 'name', label: 'Name', type: 'string' },
      { key: 'email', label: 'Email', type: 'string' },
      { key: 'city', label: 'City', type: 'string' },
      { key: 'state', label: 'State', type: 'string' },
      { key: 'country', label: 'Country', type: 'string' },
    ],
  },
});
