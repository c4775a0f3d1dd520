// The access a user has (switches, scopes, sub-accounts, type, role), read from HighLevel: the user
// Copy Access From names, and for an update the user's current access, so that what the Zap did not
// name is sent back as it was (docs/highlevel-behaviour.md, "Partial updates").
import type { ZObject } from 'zapier-platform-core';
import { errorFacts } from '../highlevel/errors';
import { getUser, type UserOutput } from '../highlevel/user';
import { inputError } from '../safety/checks';
import { HIGHLEVEL } from '../text';
import { userFieldLabel } from './fields';
import type { Switches, UserPlan } from './form';

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

/**
 * A Sub-account connection gives access to its own sub-account only, so "Also Copy Sub-accounts"
 * from an agency user, or from one in other sub-accounts, would ask HighLevel for more than the
 * connection may grant: refused, naming Copy Access From, before anything is written. Type and
 * sub-accounts the Zap sets itself win over the copy and are not checked here.
 */
const checkCopyFits = (plan: UserPlan, ownLocation: string | undefined, template: Access): void => {
  if (ownLocation === undefined || !plan.copySubAccounts) return;
  const agency = plan.fields.type === undefined && template.type === 'agency';
  const elsewhere =
    plan.lists.locationIds.replace === undefined &&
    template.locationIds.some((id) => id !== ownLocation);
  if (!agency && !elsewhere) return;
  throw inputError([
    `${userFieldLabel('copyAccessFromUserId')} ${agency ? 'is an agency user' : 'works in other sub-accounts'}, ` +
      'and a Sub-account connection can give access to its own sub-account only, so ' +
      `${userFieldLabel('copySubAccounts')} cannot copy that. Pick a user of this sub-account, turn ` +
      `${userFieldLabel('copySubAccounts')} off, set User Type and Sub-accounts yourself, or connect ` +
      'at Agency level. Nothing was changed',
  ]);
};

/**
 * The user Copy Access From names, read before anything else: a user that cannot be read, or whose
 * access this connection cannot grant, fails naming the field. Undefined when nothing is copied.
 */
export const readTemplate = async (
  z: ZObject,
  plan: UserPlan,
  ownLocation: string | undefined,
): Promise<Access | undefined> => {
  if (plan.copyFrom === undefined) return undefined;
  const field = userFieldLabel('copyAccessFromUserId');
  let user: UserOutput;
  try {
    user = await getUser(z, plan.copyFrom, 'the user to copy access from');
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
  const template = accessOf(user);
  checkCopyFits(plan, ownLocation, template);
  return template;
};
