// What a connection knows about itself: its level (agency or one sub-account) and its company.
// Operations read these from authData; no Zap ever asks a user to type them.
import type { Bundle } from 'zapier-platform-core';
import { HIGHLEVEL } from '../text';
import { HighLevelError } from './errors';

type AuthData = Bundle['authData'];

/**
 * A sub-account (location) connection. HighLevel's token says so in `userType`; a connection made
 * without it (a Private Integration Token set up by hand) is one when it carries a location ID.
 */
export const isSubAccount = (authData: AuthData): boolean => {
  const { userType, locationId } = authData;
  return userType === 'Location' || (!userType && Boolean(locationId));
};

/** A Sub-account connection's own sub-account; undefined on an Agency connection. */
export const ownLocationOf = (authData: AuthData): string | undefined => {
  const raw: unknown = authData.locationId;
  return isSubAccount(authData) && typeof raw === 'string' && raw.trim() !== ''
    ? raw.trim()
    : undefined;
};

/** The connection's HighLevel company, which every Users call but Get and Delete must name. */
export const companyIdOf = (authData: AuthData): string => {
  const raw: unknown = authData.companyId;
  const companyId = typeof raw === 'string' ? raw.trim() : undefined;
  if (companyId) return companyId;
  throw new HighLevelError(
    `This connection does not know which ${HIGHLEVEL} agency it belongs to. Reconnect your HighLevel ` +
      'account in Zapier.',
    'missing_company_id',
    400,
  );
};
