// Create User and Update User: from a checked plan (lib/user-input.ts) to HighLevel's request,
// with the reads they need first: the user to copy access from, and for an update the user's
// current switches and lists, so that what the Zap did not name is sent back as it was.
// Why the update sends whole objects: docs/highlevel-behaviour.md, "Partial updates".
import type { Bundle, ZObject } from 'zapier-platform-core';
import { PERMISSION_KEYS } from './catalog';
import { companyIdOf, isSubAccount } from './connection';
import { appErrorDetails, callApi, type ApiCall } from './http';
import { compact, text } from './input';
import { HIGHLEVEL } from './messages';
import { generatePassword } from './password';
import { schemas, type CreateUserBody, type UpdateUserBody } from './schemas';
import { USER_FIELD_LABELS } from './user-fields';
import {
  changesSomething,
  LIST_KEYS,
  readUserPlan,
  type ListEdit,
  type ListKey,
  type Switches,
  type UserPlan,
} from './user-input';
import { parseUser, type UserOutput } from './users';
import { checkInput, inputError, pathId } from './validate';

/** The parts of a user that access is made of, as read from HighLevel. */
interface Access {
  permissions: Switches;
  scopes: string[];
  scopesAssignedToOnly: string[];
  locationIds: string[];
  type?: string;
  role?: string;
}

const accessOf = (user: UserOutput): Access => {
  const permissions: Switches = {};
  const raw = (user.permissions ?? {}) as Record<string, unknown>;
  for (const key of PERMISSION_KEYS) {
    if (typeof raw[key] === 'boolean') permissions[key] = raw[key];
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

const getUser = async (z: ZObject, userId: string, what: string): Promise<UserOutput> =>
  parseUser(await callApi(z, { path: `/users/${userId}` }), what);

/** The user to copy access from; a user that cannot be read fails naming Copy Access From. */
const readTemplate = async (z: ZObject, userId: string): Promise<Access> => {
  const field = `${USER_FIELD_LABELS.copyAccessFromUserId} (copyAccessFromUserId)`;
  let user: UserOutput;
  try {
    user = await getUser(z, userId, 'the user to copy access from');
  } catch (err) {
    const { status } = appErrorDetails(err);
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

/** A list after additions and removals, in the base's order, additions at the end. */
const edited = (base: readonly string[], edit: ListEdit): string[] => {
  const remove = new Set(edit.remove ?? []);
  const result = base.filter((item) => !remove.has(item));
  for (const item of edit.add ?? []) if (!result.includes(item)) result.push(item);
  return result;
};

const hasEdits = (edit: ListEdit): boolean => edit.add !== undefined || edit.remove !== undefined;

/**
 * The value a list is sent with: the replacement if given; else the base (the copied user's list,
 * or the current one) with the additions and removals; undefined when nothing touches it.
 */
const listValue = (
  edit: ListEdit,
  copied: string[] | undefined,
  current: string[] | undefined,
): string[] | undefined => {
  if (edit.replace) return edit.replace;
  const base = copied ?? current;
  if (base === undefined) return undefined;
  return hasEdits(edit) || copied !== undefined ? edited(base, edit) : undefined;
};

/** Which lists the copy provides: scopes always, sub-accounts only with Also Copy Sub-accounts. */
const copiedList = (key: ListKey, plan: UserPlan, template?: Access): string[] | undefined =>
  template && (key !== 'locationIds' || plan.copySubAccounts) ? template[key] : undefined;

const withoutEmptySwitches = (switches: Switches): Switches | undefined =>
  Object.keys(switches).length ? switches : undefined;

/** Sends a Create or Update body and returns the user HighLevel answers with. */
const send = async (
  z: ZObject,
  call: ApiCall & { body: CreateUserBody | UpdateUserBody },
  what: string,
  check: string,
): Promise<UserOutput> => parseUser(await callApi(z, call), what, check);

export const createUser = async (z: ZObject, bundle: Bundle): Promise<UserOutput> => {
  const plan = readUserPlan(bundle.inputData, 'create');
  const { authData } = bundle;
  const ownLocation = isSubAccount(authData) ? text(authData.locationId) : undefined;
  const draft = (template?: Access) => {
    const copy = plan.copySubAccounts ? template : undefined;
    return compact({
      companyId: companyIdOf(authData),
      ...plan.fields,
      // Nobody sees a generated password: the user sets their own with "Forgot password".
      password: plan.fields.password ?? generatePassword(),
      type: plan.fields.type ?? copy?.type,
      role: plan.fields.role ?? copy?.role,
      locationIds:
        plan.lists.locationIds.replace ??
        (copy?.locationIds.length ? copy.locationIds : ownLocation ? [ownLocation] : undefined),
      permissions: withoutEmptySwitches({ ...template?.permissions, ...plan.permissions }),
      scopes: listValue(plan.lists.scopes, copiedList('scopes', plan, template), undefined),
      scopesAssignedToOnly: listValue(
        plan.lists.scopesAssignedToOnly,
        copiedList('scopesAssignedToOnly', plan, template),
        undefined,
      ),
    });
  };
  let template: Access | undefined;
  if (plan.copyFrom !== undefined) {
    // What the copy cannot supply must be right before anything is read.
    const copyable = plan.copySubAccounts ? { type: true, role: true, locationIds: true } : {};
    checkInput(schemas().createUserBody.partial(copyable as never), draft(), USER_FIELD_LABELS);
    template = await readTemplate(z, plan.copyFrom);
  }
  const body = checkInput(schemas().createUserBody, draft(template), USER_FIELD_LABELS);
  return send(
    z,
    { method: 'POST', path: '/users/', body },
    'the new user',
    'look it up in HighLevel (or with Find User by email)',
  );
};

export const updateUser = async (z: ZObject, bundle: Bundle): Promise<UserOutput> => {
  const userId = pathId(bundle.inputData.userId, 'userId', 'User');
  const plan = readUserPlan(bundle.inputData, 'update');
  if (!changesSomething(plan)) {
    throw new z.errors.Error(
      'Fill in at least one field to change: nothing was sent to HighLevel.',
      'invalid_input',
      400,
    );
  }
  const { authData } = bundle;
  const companyId = isSubAccount(authData) ? undefined : companyIdOf(authData);
  const template = plan.copyFrom === undefined ? undefined : await readTemplate(z, plan.copyFrom);

  // HighLevel's PUT takes `permissions` as one object; a partial one may reset the switches it
  // leaves out, so the whole object is sent, built on the user's current switches.
  const switchesSent = template !== undefined || Object.keys(plan.permissions).length > 0;
  const templateIsComplete =
    template !== undefined && PERMISSION_KEYS.every((key) => key in template.permissions);
  const needsCurrent =
    (switchesSent && !templateIsComplete) ||
    LIST_KEYS.some(
      (key) =>
        hasEdits(plan.lists[key]) && !plan.lists[key].replace && !copiedList(key, plan, template),
    );
  const current = needsCurrent
    ? accessOf(await getUser(z, userId, 'the user to update'))
    : undefined;

  const copy = plan.copySubAccounts ? template : undefined;
  const lists = Object.fromEntries(
    LIST_KEYS.map((key) => [
      key,
      listValue(plan.lists[key], copiedList(key, plan, template), current?.[key]),
    ]),
  ) as Record<ListKey, string[] | undefined>;
  if (lists.locationIds?.length === 0) {
    throw inputError([
      `${plan.lists.locationIds.remove ? 'Sub-accounts to Remove (removeLocationIds)' : 'Sub-accounts (locationIds)'} ` +
        'would leave the user with no sub-account; nothing was changed',
    ]);
  }
  const body = checkInput(
    schemas().updateUserBody,
    compact({
      companyId,
      ...plan.fields,
      type: plan.fields.type ?? copy?.type,
      role: plan.fields.role ?? copy?.role,
      ...lists,
      permissions: switchesSent
        ? { ...current?.permissions, ...template?.permissions, ...plan.permissions }
        : undefined,
    }),
    USER_FIELD_LABELS,
  );
  return send(
    z,
    { method: 'PUT', path: `/users/${userId}`, body },
    'the updated user',
    'check the user in HighLevel',
  );
};
