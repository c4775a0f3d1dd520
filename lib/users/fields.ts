// Every field a user step shows, defined once: its label, its help, how its value is read and the
// rule it must meet. The Create and Update User forms, the labels error messages name fields by, and
// the form check (lib/users/form.ts) are all made from this table.
import type * as Zod from 'zod';
import {
  defineInputField,
  type Bundle,
  type PlainInputField,
  type ZObject,
} from 'zapier-platform-core';
import {
  LANGUAGE_LABELS,
  PERMISSION_DEFAULTS,
  PERMISSION_KEYS,
  PERMISSION_LABELS,
  ROLE_LABELS,
  TYPE_LABELS,
} from '../highlevel/catalog';
import { isSubAccount } from '../highlevel/connection';
import { readScopes } from '../highlevel/scopes';
import { named } from '../safety/checks';
import { flag, list, secret, text } from '../safety/values';
import * as rules from './rules';

type Mode = 'create' | 'update';

/** One field of a user step. */
interface FieldSpec {
  label: string;
  /** The help text, or one per step when Create and Update say different things. */
  help: string | Record<Mode, string>;
  /** How the raw value is read before its rule (text trimmed, a list split, …). */
  read: (value: unknown) => unknown;
  /** What the value must be, once read; none for fields form.ts reads itself. */
  rule?: () => Zod.ZodType;
  type?: 'string' | 'boolean';
  list?: true;
  choices?: Record<string, string>;
  dynamic?: string;
  search?: string;
  group?: string;
  default?: string;
}

const API_DOCS = 'https://marketplace.gohighlevel.com/docs/ghl/users/create-user';

/** Key of the collapsible group holding scopes and permissions. */
const ACCESS_GROUP = 'access';

export const userInputFieldGroups = [
  { key: ACCESS_GROUP, label: 'Access: Scopes and Permissions (optional)' },
];

const POLICY =
  'at least 12 characters with an upper-case letter, a lower-case letter, a digit and a special ' +
  "character (HighLevel's password policy)";

const COPY_HELP =
  'Another HighLevel user whose access this user gets: every permission switch, the scopes and ' +
  'the assigned-data-only scopes. Anything you set below wins over the copy, switch by switch and ' +
  'list by list. User type, role and sub-accounts are copied only with "Also Copy Sub-accounts".';

const SCOPES_HINT =
  'Pick from the list (grouped by product area; type to search), or map scope codes such as ' +
  `\`contacts.write\`, comma-separated. See [HighLevel's Users API](${API_DOCS}).`;

const OFF_BY_DEFAULT = PERMISSION_KEYS.filter((key) => !PERMISSION_DEFAULTS[key])
  .map((key) => PERMISSION_LABELS[key])
  .join(', ');

const PERMISSION_CHOICES: Record<string, string> = Object.fromEntries(
  PERMISSION_KEYS.map((key) => [key, PERMISSION_LABELS[key]]),
);

const LOCATIONS = 'location_choices.id.name';
const SCOPES = 'scope_choices.id.name';

const scopeEdit = (what: string, more = ''): Record<Mode, string> => ({
  create: `${what} Only with "Copy Access From": on top of the copied user's scopes. ${more}`,
  update: `${what} The other scopes stay as they are. ${more}`,
});

/** The same help on both forms, Update's saying how to keep what the user has. */
const orKeep = (help: string, current = 'the current one'): Record<Mode, string> => ({
  create: help,
  update: `${help} Leave empty to keep ${current}.`,
});

export const USER_FIELDS = {
  firstName: {
    label: 'First Name',
    help: {
      create: "The user's first name, as shown in HighLevel's team list.",
      update: "The user's new first name. Leave empty to keep the current one.",
    },
    read: text,
    rule: rules.name,
  },
  lastName: {
    label: 'Last Name',
    help: {
      create: "The user's last name, as shown in HighLevel's team list.",
      update: "The user's new last name. Leave empty to keep the current one.",
    },
    read: text,
    rule: rules.name,
  },
  email: {
    label: 'Email',
    help:
      'The address the user signs in with, like jane@example.com. HighLevel refuses an email that ' +
      'another active user already has, and it cannot be changed later.',
    read: text,
    rule: rules.email,
  },
  // A plain text field, not `type: 'password'`: Zapier's editor lets nobody map into a password
  // field, so an onboarding Zap could not pass each new user's own password.
  password: {
    label: 'Password',
    help: {
      create:
        `The user's first password: ${POLICY}. Leave empty and the app sets a strong random ` +
        'password that nobody sees; the user then sets their own with "Forgot password" on the ' +
        'HighLevel login page. If the Zap must tell the user a ' +
        'password, generate or map one in an earlier step. It is sent only to HighLevel and never ' +
        "appears in this step's output.",
      update:
        `A new password for the user: ${POLICY}. Leave empty to keep the current one. It is sent ` +
        "only to HighLevel and never appears in this step's output.",
    },
    read: secret,
    rule: rules.password,
  },
  copyAccessFromUserId: {
    label: 'Copy Access From',
    help: COPY_HELP,
    read: text,
    dynamic: 'user_choices.id.name',
    search: 'find_user.id',
  },
  copySubAccounts: {
    label: 'Also Copy Sub-accounts',
    type: 'boolean',
    default: 'false',
    help:
      'Yes: also copy the user type, the role and the list of sub-accounts from "Copy Access From" ' +
      '(fields you fill in below still win). No: those stay as you set them here.',
    read: flag,
  },
  type: {
    label: 'User Type',
    choices: TYPE_LABELS,
    help: orKeep(
      '**Agency user** works at agency level; **Sub-account user** works only inside the ' +
        "sub-accounts chosen below. HighLevel's codes are `agency` and `account`.",
      'the current type',
    ),
    read: text,
    rule: rules.userType,
  },
  role: {
    label: 'Role',
    choices: ROLE_LABELS,
    help: orKeep(
      '**Admin** can manage settings and other users; **User** works with the permissions ' +
        "and scopes you give. HighLevel's codes are `admin` and `user`.",
      'the current role',
    ),
    read: text,
    rule: rules.userRole,
  },
  locationIds: {
    label: 'Sub-accounts',
    list: true,
    dynamic: LOCATIONS,
    help: {
      create:
        'The sub-accounts the user can work in: pick them, or map sub-account IDs. Required on an ' +
        'Agency connection; on a Sub-account connection, leave it empty for the connected sub-account.',
      update:
        "**Replaces** the user's whole list of sub-accounts with these. To add or remove a few and " +
        'keep the rest, use "Sub-accounts to Add" or "Sub-accounts to Remove" instead. Leave empty ' +
        'to keep the current list.',
    },
    read: list,
    rule: rules.locationIds,
  },
  addLocationIds: {
    label: 'Sub-accounts to Add',
    list: true,
    dynamic: LOCATIONS,
    help: "Sub-accounts to add to the user's list; every sub-account the user already has stays.",
    read: list,
    rule: rules.locationIds,
  },
  removeLocationIds: {
    label: 'Sub-accounts to Remove',
    list: true,
    dynamic: LOCATIONS,
    help:
      "Sub-accounts to take away from the user; the others stay. Removing the user's last " +
      'sub-account is refused.',
    read: list,
    rule: rules.locationIds,
  },
  phone: {
    label: 'Phone',
    help: orKeep(
      'With the country code, like +1 415-555-0132 (7 to 15 digits; spaces, dashes, dots and ' +
        'brackets are fine).',
    ),
    read: text,
    rule: rules.phone,
  },
  platformLanguage: {
    label: 'Platform Language',
    choices: LANGUAGE_LABELS,
    help:
      "The language of HighLevel's screens for this user. Leave empty to keep HighLevel's " +
      'choice (English (US) for a new user).',
    read: text,
    rule: rules.language,
  },
  profilePhoto: {
    label: 'Profile Photo URL',
    help: orKeep('A public http(s) link to the picture, like https://example.com/jane.png.'),
    read: text,
    rule: rules.url,
  },
  scopes: {
    label: 'Scopes',
    list: true,
    dynamic: SCOPES,
    group: ACCESS_GROUP,
    help: {
      create:
        'What the user may do in HighLevel. **Replaces** the whole list: only the scopes listed here ' +
        "are on, every other scope is off. Leave empty for HighLevel's defaults (or the copied " +
        `user's scopes). ${SCOPES_HINT}`,
      update:
        'What the user may do in HighLevel. **Replaces** the whole list: only the scopes listed here ' +
        'are on, every other scope is off. To turn a few on or off and keep the rest, use "Scopes to ' +
        'Turn On" or "Scopes to Turn Off" instead. Leave empty to keep the user\'s current scopes. ' +
        SCOPES_HINT,
    },
    read: readScopes,
    rule: rules.scopes,
  },
  addScopes: {
    label: 'Scopes to Turn On',
    list: true,
    dynamic: SCOPES,
    group: ACCESS_GROUP,
    help: scopeEdit('Scopes to turn on for the user.', SCOPES_HINT),
    read: readScopes,
    rule: rules.scopes,
  },
  removeScopes: {
    label: 'Scopes to Turn Off',
    list: true,
    dynamic: SCOPES,
    group: ACCESS_GROUP,
    help: scopeEdit('Scopes to turn off.'),
    read: readScopes,
    rule: rules.scopes,
  },
  addScopesAssignedToOnly: {
    label: 'Assigned-Data Scopes to Turn On',
    list: true,
    dynamic: SCOPES,
    group: ACCESS_GROUP,
    help: scopeEdit('Assigned-data-only scopes to turn on.'),
    read: readScopes,
    rule: rules.scopes,
  },
  removeScopesAssignedToOnly: {
    label: 'Assigned-Data Scopes to Turn Off',
    list: true,
    dynamic: SCOPES,
    group: ACCESS_GROUP,
    help: scopeEdit('Assigned-data-only scopes to turn off.'),
    read: readScopes,
    rule: rules.scopes,
  },
  scopesAssignedToOnly: {
    label: 'Scopes for Assigned Data Only',
    list: true,
    dynamic: SCOPES,
    group: ACCESS_GROUP,
    help: {
      create:
        'Scopes the user has only for records assigned to them. **Replaces** the whole list. ' +
        "Leave empty for HighLevel's defaults (or the copied user's).",
      update:
        'Scopes the user has only for records assigned to them. **Replaces** the whole list. ' +
        "Leave empty to keep the user's current list.",
    },
    read: readScopes,
    rule: rules.scopes,
  },
  permissions: {
    label: 'Permissions to Turn On',
    list: true,
    choices: PERMISSION_CHOICES,
    group: ACCESS_GROUP,
    help: {
      create:
        "HighLevel's feature switches to turn ON for this user, like Contacts or Workflows. " +
        'Switches named in neither this list nor "Permissions to Turn Off" ' +
        `keep HighLevel's default (on, except ${OFF_BY_DEFAULT}) or the copied user's setting.` +
        " A mapped value may use the labels shown or HighLevel's names (like `contactsEnabled`), comma-separated.",
      update:
        "HighLevel's feature switches to turn ON for this user, like Contacts or Workflows. " +
        'Switches named in neither this list nor "Permissions to Turn Off" ' +
        'keep their current setting (or the copied user\'s, with "Copy Access From").' +
        " A mapped value may use the labels shown or HighLevel's names (like `contactsEnabled`), comma-separated.",
    },
    read: list,
  },
  permissionsOff: {
    label: 'Permissions to Turn Off',
    list: true,
    choices: PERMISSION_CHOICES,
    group: ACCESS_GROUP,
    help: "HighLevel's feature switches to turn OFF for this user. A switch cannot be in both lists.",
    read: list,
  },
} as const satisfies Record<string, FieldSpec>;

export type UserFieldKey = keyof typeof USER_FIELDS;

/** The Zapier input field for one entry of USER_FIELDS. */
const inputField = (
  key: UserFieldKey,
  mode: Mode,
  options: { required?: boolean; altersDynamicFields?: true } = {},
): PlainInputField => {
  const spec: FieldSpec = USER_FIELDS[key];
  const { help, read: _read, rule: _rule, ...props } = spec;
  void _read;
  void _rule;
  return {
    key,
    type: 'string',
    ...props,
    required: options.required ?? false,
    ...(options.altersDynamicFields ? { altersDynamicFields: true } : {}),
    helpText: typeof help === 'string' ? help : help[mode],
  };
};

export const userIdField = (required = true) =>
  defineInputField({
    key: 'userId',
    label: 'User',
    type: 'string',
    required,
    dynamic: 'user_choices.id.name',
    search: 'find_user.id',
    helpText:
      'The HighLevel user. Pick one, map a User ID from an earlier step, or use "Find User" to look one up by email.',
  });

export const locationIdField = (options: { required?: boolean; helpText?: string } = {}) =>
  defineInputField({
    key: 'locationId',
    label: 'Sub-account',
    type: 'string',
    required: options.required ?? false,
    dynamic: 'location_choices.id.name',
    helpText:
      options.helpText ??
      'A HighLevel sub-account. On a Sub-account connection this is always the connected one.',
  });

/** The labels error messages name a user step's fields by: the same as the form's. */
export const USER_FIELD_LABELS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(USER_FIELDS).map(([key, spec]) => [key, spec.label])),
  userId: userIdField().label,
  locationId: locationIdField().label,
};

/** "First Name (firstName)": a user field as messages name it. */
export const userFieldLabel = (key: string): string => named(key, USER_FIELD_LABELS);

const isCopying = (inputData: Record<string, unknown> | undefined): boolean =>
  Boolean(text(inputData?.copyAccessFromUserId));

// What Create User requires depends on the connection (an agency must name sub-accounts; a
// sub-account falls back to itself) and on whether type, role and sub-accounts are copied.
const createAccountFields = (_z: ZObject, bundle: Bundle): PlainInputField[] => {
  const copying = isCopying(bundle.inputData) && flag(bundle.inputData.copySubAccounts) === true;
  return [
    inputField('type', 'create', { required: !copying }),
    inputField('role', 'create', { required: !copying }),
    inputField('locationIds', 'create', {
      required: !copying && !isSubAccount(bundle.authData),
    }),
  ];
};

const SCOPE_EDITS = [
  'addScopes',
  'removeScopes',
  'addScopesAssignedToOnly',
  'removeScopesAssignedToOnly',
] as const;

// A new user has no scopes to turn on or off: these edit a copied user's, so they are offered
// once Copy Access From is filled in.
const copiedScopeEdits = (_z: ZObject, bundle: Bundle): PlainInputField[] =>
  isCopying(bundle.inputData) ? SCOPE_EDITS.map((key) => inputField(key, 'create')) : [];

/** Create User's form, in the order the editor shows it. */
export const createUserFields = () => [
  inputField('firstName', 'create', { required: true }),
  inputField('lastName', 'create', { required: true }),
  inputField('email', 'create', { required: true }),
  inputField('password', 'create'),
  // The fields below depend on these two (what is required, which scope edits are offered).
  inputField('copyAccessFromUserId', 'create', { altersDynamicFields: true }),
  inputField('copySubAccounts', 'create', { altersDynamicFields: true }),
  createAccountFields,
  inputField('phone', 'create'),
  inputField('platformLanguage', 'create'),
  inputField('profilePhoto', 'create'),
  inputField('scopes', 'create'),
  copiedScopeEdits,
  inputField('scopesAssignedToOnly', 'create'),
  inputField('permissions', 'create'),
  inputField('permissionsOff', 'create'),
];

// No Email: HighLevel no longer lets the API change it (update_user says so in its help text).
/** Update User's form (after its User field), every field optional. */
export const updateUserFields = () => [
  inputField('firstName', 'update'),
  inputField('lastName', 'update'),
  inputField('password', 'update'),
  inputField('copyAccessFromUserId', 'update'),
  inputField('copySubAccounts', 'update'),
  inputField('type', 'update'),
  inputField('role', 'update'),
  inputField('locationIds', 'update'),
  inputField('addLocationIds', 'update'),
  inputField('removeLocationIds', 'update'),
  inputField('phone', 'update'),
  inputField('platformLanguage', 'update'),
  inputField('profilePhoto', 'update'),
  inputField('scopes', 'update'),
  ...SCOPE_EDITS.map((key) => inputField(key, 'update')),
  inputField('scopesAssignedToOnly', 'update'),
  inputField('permissions', 'update'),
  inputField('permissionsOff', 'update'),
];
