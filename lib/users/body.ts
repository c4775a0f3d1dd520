// The bodies of Create User (POST /users/) and Update User (PUT /users/{id}), built from a checked
// plan (lib/users/form.ts) and the access read from HighLevel (lib/users/access.ts). HighLevel's PUT
// takes `permissions` as one object and each list whole, so an update sends them complete: the
// user's current values with the Zap's changes on top (docs/highlevel-behaviour.md, "Partial updates").
import type { UserRole, UserType } from '../highlevel/catalog';
import { generatePassword } from '../safety/password';
import { inputError } from '../safety/checks';
import { compact } from '../safety/values';
import type { Access } from './access';
import { userFieldLabel } from './fields';
import {
  LIST_KEYS,
  type ListEdit,
  type ListKey,
  type Switches,
  type UserPlan,
  type UserValues,
} from './form';

export interface CreateUserBody extends UserValues {
  companyId: string;
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  type: UserType;
  role: UserRole;
  locationIds: string[];
  permissions?: Switches;
  scopes?: string[];
  scopesAssignedToOnly?: string[];
}

export interface UpdateUserBody extends Omit<UserValues, 'email'> {
  companyId?: string;
  locationIds?: string[];
  permissions?: Switches;
  scopes?: string[];
  scopesAssignedToOnly?: string[];
}

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

// Create User's required fields, in the order its form shows them.
const REQUIRED = ['firstName', 'lastName', 'email', 'type', 'role', 'locationIds'] as const;

const COPYABLE: ReadonlySet<string> = new Set(['type', 'role', 'locationIds']);

/** Refuses a draft that lacks a required field, naming each; `copying` leaves some to the copy. */
const requireFields = (draft: Partial<CreateUserBody>, copying: boolean): void => {
  const missing = REQUIRED.filter(
    (key) => draft[key] === undefined && !(copying && COPYABLE.has(key)),
  );
  if (missing.length) throw inputError(missing.map((key) => `${userFieldLabel(key)} is required`));
};

interface Connection {
  companyId: string;
  /** A Sub-account connection's own sub-account: a new user's default. */
  ownLocation?: string;
}

const createDraft = (
  plan: UserPlan,
  connection: Connection,
  template?: Access,
): Partial<CreateUserBody> => {
  const copy = plan.copySubAccounts ? template : undefined;
  return compact({
    companyId: connection.companyId,
    ...plan.fields,
    // Nobody sees a generated password: the user sets their own with "Forgot password".
    password: plan.fields.password ?? generatePassword(),
    type: plan.fields.type ?? (copy?.type as UserType | undefined),
    role: plan.fields.role ?? (copy?.role as UserRole | undefined),
    locationIds:
      plan.lists.locationIds.replace ??
      (copy?.locationIds.length
        ? copy.locationIds
        : connection.ownLocation
          ? [connection.ownLocation]
          : undefined),
    permissions: withoutEmptySwitches({ ...template?.permissions, ...plan.permissions }),
    scopes: listValue(plan.lists.scopes, copiedList('scopes', plan, template), undefined),
    scopesAssignedToOnly: listValue(
      plan.lists.scopesAssignedToOnly,
      copiedList('scopesAssignedToOnly', plan, template),
      undefined,
    ),
  });
};

/** Before the user to copy from is read: what the copy cannot supply must already be there. */
export const checkBeforeCopy = (plan: UserPlan, connection: Connection): void =>
  requireFields(createDraft(plan, connection), plan.copySubAccounts);

/** Create User's body: the form, the copied access, and a generated password when none is given. */
export const createBody = (
  plan: UserPlan,
  connection: Connection,
  template?: Access,
): CreateUserBody => {
  const draft = createDraft(plan, connection, template);
  requireFields(draft, false);
  return draft as CreateUserBody;
};

/** Whether an update sends switches: HighLevel's PUT takes them as one whole object. */
const sendsSwitches = (plan: UserPlan, template?: Access): boolean =>
  template !== undefined || Object.keys(plan.permissions).length > 0;

/**
 * Whether an update must read the user first: whenever it sends switches (the user may have some
 * the Zap and the copy do not name, which must go back as they are), or edits a list.
 */
export const needsCurrentAccess = (plan: UserPlan, template?: Access): boolean =>
  sendsSwitches(plan, template) ||
  LIST_KEYS.some(
    (key) =>
      hasEdits(plan.lists[key]) && !plan.lists[key].replace && !copiedList(key, plan, template),
  );

/** Update User's body: only what the Zap changes, each switch object and list sent whole. */
export const updateBody = (
  plan: UserPlan,
  companyId: string | undefined,
  template?: Access,
  current?: Access,
): UpdateUserBody => {
  const copy = plan.copySubAccounts ? template : undefined;
  const lists = Object.fromEntries(
    LIST_KEYS.map((key) => [
      key,
      listValue(plan.lists[key], copiedList(key, plan, template), current?.[key]),
    ]),
  ) as Record<ListKey, string[] | undefined>;
  if (lists.locationIds?.length === 0) {
    throw inputError([
      `${userFieldLabel(plan.lists.locationIds.remove ? 'removeLocationIds' : 'locationIds')} ` +
        'would leave the user with no sub-account; nothing was changed',
    ]);
  }
  return compact({
    companyId,
    ...plan.fields,
    type: plan.fields.type ?? (copy?.type as UserType | undefined),
    role: plan.fields.role ?? (copy?.role as UserRole | undefined),
    ...lists,
    permissions: sendsSwitches(plan, template)
      ? { ...current?.permissions, ...template?.permissions, ...plan.permissions }
      : undefined,
  });
};
