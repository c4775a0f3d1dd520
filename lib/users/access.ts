// The access a user has (switches, scopes, sub-accounts, type, role), read from HighLevel: the user
// Copy Access From names, and for an update the user's current access, so that what the Zap did not
// name is sent back as it was (docs/highlevel-behaviour.md, "Partial updates").
import type { ZObject } from 'zapier-platform-core';
import { errorFacts } from '../highlevel/errors';
import { getUser, type UserOutput } from '../highlevel/user';
import { inputError } from '../safety/checks';
import { HIGHLEVEL } from '../text';
import { userFieldLabel } from './fields';
import type { Switches } from './form';

export interface Access {
  permissions: Switches;
  scopes: string[];
  scopesAssignedToOnly: string[];
  locationIds: string[];
  type?: string;
  role?: string;
}

// Every switch the user has, the catalog's and any HighLevel added since: a write sends them all
// back, so none is lost (docs/highlevel-behaviour.md, "Partial updates").
const accessOf = (user: UserOutput): Access => {
  const permissions: Switches = {};
  const raw = (user.permissions ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'boolean') permissions[key] = value;
  }
  return {
    permissions,
    scopes: user.scopes,
    scopesAssignedToOnly: user.scopesAssignedToOnly,
    locationIds: user.locationIds,
    type: user.type || undefined,
    role: user.role || undefined,
  };
};

/** The user an update changes: what it has now. */
export const readCurrentAccess = async (z: ZObject, userId: string): Promise<Access> =>
  accessOf(await getUser(z, userId, 'the user to update'));

/** The user to copy access from; a user that cannot be read fails naming Copy Access From. */
export const readTemplate = async (z: ZObject, userId: string): Promise<Access> => {
  const field = userFieldLabel('copyAccessFromUserId');
  let user: UserOutput;
  try {
    user = await getUser(z, userId, 'the user to copy access from');
  } catch (err) {
    const { status } = errorFacts(err);
    if (status === 404) {
      throw inputError([
        `${field}: ${HIGHLEVEL} has no user with this ID (it may have been deleted); nothing was changed`,
      ]);
    }
    if (status === 403) {
      throw inputError([
        `${field}: this connection cannot read that user (it belongs to a sub-account the ` +
          'connection cannot reach); pick a user of this connection; nothing was changed',
      ]);
    }
    throw err;
  }
  if (user.deleted) {
    throw inputError([
      `${field}: that user has been deleted; pick an active user; nothing was changed`,
    ]);
  }
  return accessOf(user);
};
