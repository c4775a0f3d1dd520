// Connections and typed bundles for createAppTester: an agency and a sub-account connection as
// HighLevel's token endpoint describes them, or as a sandbox hands them out.
import type { Bundle } from 'zapier-platform-core';
import { bundleFor } from '../../dev/tour/bundle';

export const COMPANY_ID = 'UAXssdawIWAWD0000001';
export const LOCATION_ID = 've9EPM428h8vShlRW1KT';
export const AGENCY_USER_ID = 'agencyUser0000000001';
export const LOCATION_USER_ID = 'locationUser00000001';
export const ACCESS_TOKEN = 'test-access-token-0123456789abcdef';
export const REFRESH_TOKEN = 'test-refresh-token-0123456789abcdef';

export const agencyAuth = (): Record<string, string> => ({
  access_token: ACCESS_TOKEN,
  refresh_token: REFRESH_TOKEN,
  companyId: COMPANY_ID,
  userType: 'Company',
  userId: AGENCY_USER_ID,
});

export const subAccountAuth = (): Record<string, string> => ({
  access_token: ACCESS_TOKEN,
  refresh_token: REFRESH_TOKEN,
  companyId: COMPANY_ID,
  locationId: LOCATION_ID,
  userType: 'Location',
  userId: LOCATION_USER_ID,
});

/** The authData Zapier keeps for a connection, from one of the sandbox's token sets. */
export { authDataOf } from '../../dev/tour/bundle';

/** A bundle as Zapier builds it; only what a test sets differs from Zapier's defaults. */
export const makeBundle = <T extends Record<string, unknown>>(
  inputData: T,
  authData: Record<string, string> = agencyAuth(),
  meta: Partial<Bundle['meta']> = {},
): Bundle<T> => bundleFor(authData, inputData, meta);
