// A Create or Update User step's form, read into a checked plan before any request: the plain
// fields, the permission switches named, and for each list (sub-accounts, scopes, assigned-data
// scopes) a replacement or additions and removals. Every problem is reported at once, naming its
// field; lib/users/body.ts builds the request from the plan.
import type * as Zod from 'zod';
import {
  PERMISSION_KEYS,
  PERMISSION_LABELS,
  PLATFORM_LANGUAGES,
  USER_ROLES,
  USER_TYPES,
  type PermissionKey,
} from '../highlevel/catalog';
import { idProblem, inputError, schemaProblems, yesNoProblem } from '../safety/checks';
import { compact, list, rawLength, text } from '../safety/values';
import { once, zod } from '../zod';
import { USER_FIELD_LABELS, USER_FIELDS, userFieldLabel, type UserFieldKey } from './fields';
import { thousands } from '../text';

export const LIST_KEYS = ['locationIds', 'scopes', 'scopesAssignedToOnly'] as const;
export type ListKey = (typeof LIST_KEYS)[number];

/** The plain fields, each sent as it is. */
const PLAIN_KEYS = [
  'firstName',
  'lastName',
  'email',
  'password',
  'phone',
  'type',
  'role',
  'platformLanguage',
  'profilePhoto',
] as const satisfies readonly UserFieldKey[];

const addKey = (key: ListKey) => `add${key[0]?.toUpperCase()}${key.slice(1)}` as UserFieldKey;
const removeKey = (key: ListKey) => `remove${key[0]?.toUpperCase()}${key.slice(1)}` as UserFieldKey;

/** The fields with a rule: everything but the switches and the copy, which are read below. */
const RULED_KEYS = (Object.keys(USER_FIELDS) as UserFieldKey[]).filter(
  (key) => 'rule' in USER_FIELDS[key],
);

type Ruled<K> = K extends UserFieldKey
  ? (typeof USER_FIELDS)[K] extends { rule: () => infer S extends Zod.ZodType }
    ? Zod.infer<S>
    : never
  : never;

/** Every ruled field's value as checked: what the bodies are built from. */
export type UserValues = { [K in (typeof PLAIN_KEYS)[number]]?: Ruled<K> };

/** The one schema of a user's fields: each field's own rule, all optional, nothing else. */
export const userFormSchema = once(() =>
  zod().strictObject(
    Object.fromEntries(
      RULED_KEYS.map((key) => [
        key,
        (USER_FIELDS[key] as { rule: () => Zod.ZodType }).rule().optional(),
      ]),
    ),
  ),
);

export interface ListEdit {
  replace?: string[];
  add?: string[];
  remove?: string[];
}

/** Permission switches by HighLevel's name: the documented ones and any HighLevel adds later. */
export type Switches = Record<string, boolean>;

export interface UserPlan {
  fields: UserValues;
  /** The switches named in Permissions to Turn On / Off. */
  permissions: Switches;
  lists: Record<ListKey, ListEdit>;
  /** Copy Access From, checked and encoded for a path. */
  copyFrom?: string;
  copySubAccounts: boolean;
}

/** A value matched case-insensitively to one of HighLevel's codes, or passed on for its rule. */
const asCode = (value: unknown, codes: readonly string[]): unknown => {
  if (typeof value !== 'string') return value;
  const lower = value.toLowerCase();
  return codes.find((code) => code.toLowerCase() === lower) ?? value;
};

const CODES: Partial<Record<UserFieldKey, readonly string[]>> = {
  type: USER_TYPES,
  role: USER_ROLES,
  platformLanguage: PLATFORM_LANGUAGES,
};

// A list field's raw text: 500 sub-accounts or 200 scopes fit many times over; past this, splitting
// and checking each item would only cost time.
const MAX_RAW_FIELD = 64_000;

/** A field's value as its spec reads it, with codes in HighLevel's own case. */
const readField = (key: UserFieldKey, raw: unknown): unknown => {
  const value = USER_FIELDS[key].read(raw);
  const codes = CODES[key];
  return codes ? asCode(value, codes) : value;
};

const names = (value: unknown): string[] => {
  const items = list(value);
  // JSON text for anything but text: String() throws on a mapped object such as {"toString": {}}.
  return Array.isArray(items)
    ? items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
    : [];
};

// HighLevel's switch names: lowerCamelCase of two words or more (contactsEnabled, botService).
const SWITCH_NAME = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/;

// Each documented switch by its name and its label, in lower case.
const knownSwitches = once(
  () =>
    new Map<string, PermissionKey>(
      PERMISSION_KEYS.flatMap((key) => [
        [PERMISSION_LABELS[key].toLowerCase(), key],
        [key.toLowerCase(), key],
      ]),
    ),
);

/**
 * The switch a name means: a documented one by its label or name (any case), or a name shaped like
 * HighLevel's that the catalog does not know yet, sent as it is (HighLevel adds switches).
 */
const permissionByName = (name: string): string | undefined => {
  const known = knownSwitches().get(name.toLowerCase());
  if (known) return known;
  return name.length <= 100 && SWITCH_NAME.test(name) ? name : undefined;
};

const switchLabel = (key: string): string =>
  key in PERMISSION_LABELS ? PERMISSION_LABELS[key as PermissionKey] : key;

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
          `${userFieldLabel(field)} names ${switchLabel(key)}, which ${userFieldLabel('permissions')} ` +
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

/** Each list's replacement, additions and removals, and the problems of combining them. */
const readLists = (
  checked: Record<string, unknown>,
  problems: string[],
): Record<ListKey, ListEdit> => {
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
  return lists;
};

/**
 * Reads and checks everything a Create (`create`) or Update User step was given. Nothing has been
 * sent when this throws.
 */
export const readUserForm = (
  inputData: Record<string, unknown>,
  mode: 'create' | 'update',
): UserPlan => {
  const problems: string[] = [];
  for (const key of Object.keys(USER_FIELDS)) {
    const length = rawLength(inputData[key]);
    if (length > MAX_RAW_FIELD) {
      problems.push(
        `${userFieldLabel(key)} is too long (${thousands(length)} characters; at most ${thousands(MAX_RAW_FIELD)})`,
      );
    }
  }
  if (problems.length) throw inputError(problems);
  const permissions = readPermissions(inputData, problems);
  const raw: Record<string, unknown> = {};
  for (const key of RULED_KEYS) {
    // Update never reads Email: HighLevel no longer lets it change, and an old Zap may hold one.
    if (mode === 'update' && key === 'email') continue;
    // Create has no Sub-accounts to Add/Remove: a new user has no list to keep.
    if (mode === 'create' && (key === 'addLocationIds' || key === 'removeLocationIds')) continue;
    raw[key] = readField(key, inputData[key]);
  }
  const result = schemaProblems(userFormSchema(), compact(raw), USER_FIELD_LABELS);
  problems.push(...(result.problems ?? []));
  const checked: Record<string, unknown> = result.data ?? {};
  const lists = readLists(checked, problems);

  const copyFromRaw = text(inputData.copyAccessFromUserId);
  let copyFrom: string | undefined;
  if (copyFromRaw !== undefined) {
    const id = idProblem(
      copyFromRaw,
      'copyAccessFromUserId',
      USER_FIELDS.copyAccessFromUserId.label,
    );
    if (id.problem !== undefined) problems.push(id.problem);
    copyFrom = id.id;
  }
  const copySubAccounts = USER_FIELDS.copySubAccounts.read(inputData.copySubAccounts);
  const notYesNo = yesNoProblem(copySubAccounts, 'copySubAccounts', USER_FIELD_LABELS);
  if (notYesNo !== undefined) problems.push(notYesNo);
  if (copySubAccounts === true && copyFromRaw === undefined) {
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
      PLAIN_KEYS.filter((key) => checked[key] !== undefined).map((key) => [key, checked[key]]),
    ) as UserValues,
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
