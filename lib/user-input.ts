// What a Create or Update User step asks for, read from inputData and checked before any request:
// plain fields, the permission switches named, and for each list (sub-accounts, scopes,
// assigned-data scopes) a replacement or additions and removals. lib/user-write.ts sends it.
import {
  PERMISSION_KEYS,
  PLATFORM_LANGUAGES,
  USER_ROLES,
  USER_SCOPES,
  USER_TYPES,
} from './catalog';
import type { PermissionKey } from './catalog';
import { compact, flag, list, secret, text } from './input';
import { PERMISSION_LABELS } from './labels';
import { schemas } from './schemas';
import { userFieldLabel, USER_FIELD_LABELS } from './user-fields';
import { idProblem, inputError, inputProblems } from './validate';

export const LIST_KEYS = ['locationIds', 'scopes', 'scopesAssignedToOnly'] as const;

/** The plain fields, each sent as it is. */
const FIELD_KEYS = [
  'firstName',
  'lastName',
  'email',
  'password',
  'phone',
  'type',
  'role',
  'platformLanguage',
  'profilePhoto',
] as const;
export type ListKey = (typeof LIST_KEYS)[number];

const addKey = (key: ListKey) => `add${key[0]?.toUpperCase()}${key.slice(1)}`;
const removeKey = (key: ListKey) => `remove${key[0]?.toUpperCase()}${key.slice(1)}`;

export interface ListEdit {
  replace?: string[];
  add?: string[];
  remove?: string[];
}

export type Switches = Partial<Record<PermissionKey, boolean>>;

export interface UserPlan {
  /** Checked plain fields (names, email, password, phone, type, role, language, photo). */
  fields: {
    firstName?: string;
    lastName?: string;
    email?: string;
    password?: string;
    phone?: string;
    type?: (typeof USER_TYPES)[number];
    role?: (typeof USER_ROLES)[number];
    platformLanguage?: (typeof PLATFORM_LANGUAGES)[number];
    profilePhoto?: string;
  };
  /** The switches named in Permissions to Turn On / Off. */
  permissions: Switches;
  lists: Record<ListKey, ListEdit>;
  /** Copy Access From, checked and encoded for a path. */
  copyFrom?: string;
  copySubAccounts: boolean;
}

/** A value matched case-insensitively to one of HighLevel's codes, or passed on for the schema. */
const canonical = (value: unknown, allowed: readonly string[]): unknown => {
  if (typeof value !== 'string') return value;
  const lower = value.toLowerCase();
  return allowed.find((code) => code.toLowerCase() === lower) ?? value;
};

const canonicalList = (value: unknown, allowed?: readonly string[]): unknown => {
  const items = list(value);
  return Array.isArray(items) && allowed ? items.map((item) => canonical(item, allowed)) : items;
};

const names = (value: unknown): string[] => {
  const items = list(value);
  // JSON text for anything but text: String() throws on a mapped object such as {"toString": {}}.
  return Array.isArray(items)
    ? items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
    : [];
};

const permissionByName = (name: string): PermissionKey | undefined => {
  const lower = name.toLowerCase();
  return PERMISSION_KEYS.find(
    (key) => key.toLowerCase() === lower || PERMISSION_LABELS[key].toLowerCase() === lower,
  );
};

/** The switches named: `permissions` turns them on, `permissionsOff` off. */
const readPermissions = (inputData: Record<string, unknown>, problems: string[]): Switches => {
  const result: Switches = {};
  for (const [field, value] of [
    ['permissions', true],
    ['permissionsOff', false],
  ] as const) {
    const unknown: string[] = [];
    for (const name of names(inputData[field])) {
      const key = permissionByName(name);
      if (!key) unknown.push(`"${name}"`);
      else if (result[key] === !value) {
        problems.push(
          `${userFieldLabel(field)} names ${PERMISSION_LABELS[key]}, which ${userFieldLabel('permissions')} ` +
            'turns on: a switch can be in one list only',
        );
      } else result[key] = value;
    }
    if (unknown.length) {
      problems.push(
        `${userFieldLabel(field)} has unknown permission(s): ${unknown.join(', ')}. Pick them from the ` +
          'list, or use the labels shown or HighLevel\'s names such as "contactsEnabled"',
      );
    }
  }
  return result;
};

/**
 * Reads and checks everything a Create (`create`) or Update User step was given. Every problem is
 * reported at once, naming its field; nothing has been sent when this throws.
 */
export const readUserPlan = (
  inputData: Record<string, unknown>,
  mode: 'create' | 'update',
): UserPlan => {
  const problems: string[] = [];
  const permissions = readPermissions(inputData, problems);
  const raw: Record<string, unknown> = {
    firstName: text(inputData.firstName),
    lastName: text(inputData.lastName),
    // Update never reads Email: HighLevel no longer lets it change, and an old Zap may hold one.
    email: mode === 'create' ? text(inputData.email) : undefined,
    password: secret(inputData.password),
    phone: text(inputData.phone),
    type: canonical(text(inputData.type), USER_TYPES),
    role: canonical(text(inputData.role), USER_ROLES),
    platformLanguage: canonical(text(inputData.platformLanguage), PLATFORM_LANGUAGES),
    profilePhoto: text(inputData.profilePhoto),
  };
  for (const key of LIST_KEYS) {
    const codes = key === 'locationIds' ? undefined : USER_SCOPES;
    raw[key] = canonicalList(inputData[key], codes);
    // Create has no Sub-accounts to Add/Remove: a new user has no list to keep.
    if (mode === 'create' && key === 'locationIds') continue;
    raw[addKey(key)] = canonicalList(inputData[addKey(key)], codes);
    raw[removeKey(key)] = canonicalList(inputData[removeKey(key)], codes);
  }
  const result = inputProblems(schemas().userInput, compact(raw), USER_FIELD_LABELS);
  problems.push(...(result.problems ?? []));
  const checked: Record<string, unknown> = result.data ?? {};

  const lists = {} as Record<ListKey, ListEdit>;
  for (const key of LIST_KEYS) {
    const edit: ListEdit = compact({
      replace: checked[key] as string[] | undefined,
      add: checked[addKey(key)] as string[] | undefined,
      remove: checked[removeKey(key)] as string[] | undefined,
    });
    if (edit.replace && (edit.add || edit.remove)) {
      problems.push(
        `${userFieldLabel(key)} replaces the whole list, so it cannot be combined with ` +
          `${userFieldLabel(edit.add ? addKey(key) : removeKey(key))}: fill in one or the other`,
      );
    }
    const both = (edit.add ?? []).filter((item) => edit.remove?.includes(item));
    if (both.length) {
      problems.push(
        `${userFieldLabel(addKey(key))} and ${userFieldLabel(removeKey(key))} both name ${both.join(', ')}`,
      );
    }
    lists[key] = edit;
  }

  const copyFromRaw = text(inputData.copyAccessFromUserId);
  let copyFrom: string | undefined;
  if (copyFromRaw !== undefined) {
    const id = idProblem(copyFromRaw, 'copyAccessFromUserId', 'Copy Access From');
    if (id.problem !== undefined) problems.push(id.problem);
    copyFrom = id.id;
  }
  // Left blank in any of the ways the editor or a mapping leaves it: not set.
  const copySubAccounts =
    list(inputData.copySubAccounts) === undefined
      ? undefined
      : flag(text(inputData.copySubAccounts));
  if (copySubAccounts !== undefined && typeof copySubAccounts !== 'boolean') {
    problems.push(`${userFieldLabel('copySubAccounts')} must be Yes or No`);
  }
  if (copySubAccounts === true && copyFrom === undefined && copyFromRaw === undefined) {
    problems.push(
      `${userFieldLabel('copySubAccounts')} needs ${userFieldLabel('copyAccessFromUserId')}: pick the user to copy from`,
    );
  }
  if (mode === 'create' && copyFromRaw === undefined) {
    for (const key of ['scopes', 'scopesAssignedToOnly'] as const) {
      const { add, remove } = lists[key];
      if (add || remove) {
        problems.push(
          `${userFieldLabel(add ? addKey(key) : removeKey(key))} works on a new user only with ` +
            `${userFieldLabel('copyAccessFromUserId')}; to choose a new user's scopes, list them all in ${userFieldLabel(key)}`,
        );
      }
    }
  }
  if (problems.length) throw inputError(problems);

  return {
    fields: Object.fromEntries(
      FIELD_KEYS.filter((key) => checked[key] !== undefined).map((key) => [key, checked[key]]),
    ) as UserPlan['fields'],
    permissions,
    lists,
    copyFrom,
    copySubAccounts: copySubAccounts === true,
  };
};

/** True when the step changes anything at all. */
export const changesSomething = (plan: UserPlan): boolean =>
  Object.keys(plan.fields).length > 0 ||
  Object.keys(plan.permissions).length > 0 ||
  LIST_KEYS.some((key) => Object.keys(plan.lists[key]).length > 0) ||
  plan.copyFrom !== undefined;
