// HighLevel's user as its API reference documents it, for the tests of the operations that read
// users, and the check that holds an operation's sample against a real mapped result.
import { LOCATION_ID } from './bundle';

/** A user as HighLevel documents it in the Get User response (UserSchema; no date field). */
export const documentedUser = {
  id: '0IHuJvc2ofPAAA8GzTRi',
  name: 'John Deo',
  firstName: 'John',
  lastName: 'Deo',
  email: 'john@deo.com',
  phone: '+1 808-868-8888',
  extension: '',
  permissions: { campaignsEnabled: true, campaignsReadOnly: false, contactsEnabled: true },
  scopes: ['contacts.write', 'campaigns.readonly'],
  roles: {
    type: 'account',
    role: 'admin',
    locationIds: [LOCATION_ID],
    restrictSubAccount: true,
  },
  deleted: false,
  lcPhone: { locationId: '+1234556677' },
  platformLanguage: 'en_US',
};

/** The same user in a Search Users answer, whose documented `scopes` is one string. */
export const documentedSearchUser = { ...documentedUser, scopes: 'campaigns.readonly' };

/**
 * documentedUser as every operation returns it: HighLevel's whole object, the fields people map
 * most lifted beside `roles`. Written out rather than computed, so it checks lib/users.ts.
 */
export const mappedUser = {
  id: '0IHuJvc2ofPAAA8GzTRi',
  name: 'John Deo',
  firstName: 'John',
  lastName: 'Deo',
  email: 'john@deo.com',
  phone: '+1 808-868-8888',
  extension: '',
  permissions: { campaignsEnabled: true, campaignsReadOnly: false, contactsEnabled: true },
  scopes: ['contacts.write', 'campaigns.readonly'],
  scopesAssignedToOnly: [],
  roles: {
    type: 'account',
    role: 'admin',
    locationIds: [LOCATION_ID],
    restrictSubAccount: true,
  },
  type: 'account',
  role: 'admin',
  locationIds: [LOCATION_ID],
  restrictSubAccount: true,
  deleted: false,
  lcPhone: { locationId: '+1234556677' },
  platformLanguage: 'en_US',
};

/** documentedSearchUser as the operations return it: its one scope becomes a list. */
export const mappedSearchUser = { ...mappedUser, scopes: ['campaigns.readonly'] };

/** Each key's JSON type (arrays and null told apart from objects): a sample must match its output's. */
export const shape = (value: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v,
    ]),
  );
