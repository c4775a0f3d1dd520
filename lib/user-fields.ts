// The input fields of Create User and Update User, made once: the two differ in what is required,
// Update has no Email, and Update adds fields that add to or remove from a list instead of
// replacing it. lib/user-input.ts turns what was filled in into a plan; lib/user-write.ts sends it.
import {
  defineInputField,
  defineInputFields,
  type Bundle,
  type ZObject,
} from 'zapier-platform-core';
import { PERMISSION_DEFAULTS, PERMISSION_KEYS } from './catalog';
import { isSubAccount } from './connection';
import { flag } from './input';
import {
  LANGUAGE_LABELS,
  PERMISSION_CHOICES,
  PERMISSION_LABELS,
  ROLE_LABELS,
  TYPE_LABELS,
} from './labels';
import type { FieldLabels } from './validate';

/** The labels every error message names a field by (the same as the form's). */
export const USER_FIELD_LABELS: FieldLabels = {
  userId: 'User',
  companyId: 'Company ID',
  firstName: 'First Name',
  lastName: 'Last Name',
  email: 'Email',
  password: 'Password',
  phone: 'Phone',
  type: 'User Type',
  role: 'Role',
  locationIds: 'Sub-accounts',
  addLocationIds: 'Sub-accounts to Add',
  removeLocationIds: 'Sub-accounts to Remove',
  platformLanguage: 'Platform Language',
  profilePhoto: 'Profile Photo URL',
  scopes: 'Scopes',
  addScopes: 'Scopes to Turn On',
  removeScopes: 'Scopes to Turn Off',
  scopesAssignedToOnly: 'Scopes for Assigned Data Only',
  addScopesAssignedToOnly: 'Assigned-Data Scopes to Turn On',
  removeScopesAssignedToOnly: 'Assigned-Data Scopes to Turn Off',
  permissions: 'Permissions to Turn On',
  permissionsOff: 'Permissions to Turn Off',
  copyAccessFromUserId: 'Copy Access From',
  copySubAccounts: 'Also Copy Sub-accounts',
};

export const userFieldLabel = (key: string): string => `${USER_FIELD_LABELS[key] ?? key} (${key})`;

const API_DOCS = 'https://marketplace.gohighlevel.com/docs/ghl/users/create-user';

/** Key of the collapsible group holding scopes and permissions (see userInputFieldGroups). */
const ACCESS_GROUP = 'access';

export const userInputFieldGroups = [
  { key: ACCESS_GROUP, label: 'Access: Scopes and Permissions (optional)' },
];

type Mode = 'create' | 'update';

const OFF_BY_DEFAULT = PERMISSION_KEYS.filter((key) => !PERMISSION_DEFAULTS[key])
  .map((key) => PERMISSION_LABELS[key])
  .join(', ');

const firstNameField = <R extends boolean>(required: R) =>
  defineInputField({
    key: 'firstName',
    label: 'First Name',
    type: 'string',
    required,
    helpText: required
      ? "The user's first name, as shown in HighLevel's team list."
      : "The user's new first name. Leave empty to keep the current one.",
  });

const lastNameField = <R extends boolean>(required: R) =>
  defineInputField({
    key: 'lastName',
    label: 'Last Name',
    type: 'string',
    required,
    helpText: required
      ? "The user's last name, as shown in HighLevel's team list."
      : "The user's new last name. Leave empty to keep the current one.",
  });

const emailField = defineInputField({
  key: 'email',
  label: 'Email',
  type: 'string',
  required: true,
  helpText:
    'The address the user signs in with, like jane@example.com. HighLevel refuses an email that ' +
    'another active user already has, and it cannot be changed later.',
});

const POLICY =
  'at least 12 characters with an upper-case letter, a lower-case letter, a digit and a special ' +
  "character (HighLevel's password policy)";

// A plain text field, not `type: 'password'`: Zapier's editor lets nobody map into a password
// field, so an onboarding Zap could not pass each new user's own password.
const passwordField = (mode: Mode) =>
  defineInputField({
    key: 'password',
    label: 'Password',
    type: 'string',
    required: false,
    helpText:
      mode === 'create'
        ? `The user's first password: ${POLICY}. Leave empty and the app sets a strong random ` +
          'password that nobody sees; the user then sets their own with "Forgot password" on the ' +
          'HighLevel login page. If the Zap must tell the user a ' +
          'password, generate or map one in an earlier step. It is sent only to HighLevel and never ' +
          "appears in this step's output."
        : `A new password for the user: ${POLICY}. Leave empty to keep the current one. It is sent ` +
          "only to HighLevel and never appears in this step's output.",
  });

const phoneField = defineInputField({
  key: 'phone',
  label: 'Phone',
  type: 'string',
  required: false,
  helpText:
    'With the country code, like +1 415-555-0132 (7 to 15 digits; spaces, dashes, dots and ' +
    'brackets are fine). Leave empty to leave it as it is.',
});

const platformLanguageField = defineInputField({
  key: 'platformLanguage',
  label: 'Platform Language',
  type: 'string',
  required: false,
  choices: LANGUAGE_LABELS,
  helpText:
    "The language of HighLevel's screens for this user. Leave empty to keep HighLevel's " +
    'choice (English (US) for a new user).',
});

const profilePhotoField = defineInputField({
  key: 'profilePhoto',
  label: 'Profile Photo URL',
  type: 'string',
  required: false,
  helpText:
    'A public http(s) link to the picture, like https://example.com/jane.png. Leave empty to ' +
    'leave it as it is.',
});

const COPY_HELP =
  'Another HighLevel user whose access this user gets: every permission switch, the scopes and ' +
  'the assigned-data-only scopes. Anything you set below wins over the copy, switch by switch and ' +
  'list by list. User type, role and sub-accounts are copied only with "Also Copy Sub-accounts".';

const copyAccessField = defineInputField({
  key: 'copyAccessFromUserId',
  label: 'Copy Access From',
  type: 'string',
  required: false,
  dynamic: 'user_choices.id.name',
  search: 'find_user.id',
  altersDynamicFields: true,
  helpText: COPY_HELP,
});

const copySubAccountsField = defineInputField({
  key: 'copySubAccounts',
  label: 'Also Copy Sub-accounts',
  type: 'boolean',
  required: false,
  default: 'false',
  altersDynamicFields: true,
  helpText:
    'Yes: also copy the user type, the role and the list of sub-accounts from "Copy Access From" ' +
    '(fields you fill in below still win). No: those stay as you set them here.',
});

const typeField = <R extends boolean>(required: R, mode: Mode) =>
  defineInputField({
    key: 'type',
    label: 'User Type',
    type: 'string',
    required,
    choices: TYPE_LABELS,
    helpText:
      '**Agency user** works at agency level; **Sub-account user** works only inside the ' +
      `sub-accounts chosen below. HighLevel's codes are \`agency\` and \`account\`.` +
      (mode === 'update' ? ' Leave empty to keep the current type.' : ''),
  });

const roleField = <R extends boolean>(required: R, mode: Mode) =>
  defineInputField({
    key: 'role',
    label: 'Role',
    type: 'string',
    required,
    choices: ROLE_LABELS,
    helpText:
      '**Admin** can manage settings and other users; **User** works with the permissions ' +
      `and scopes you give. HighLevel's codes are \`admin\` and \`user\`.` +
      (mode === 'update' ? ' Leave empty to keep the current role.' : ''),
  });

const locationIdsField = <R extends boolean>(required: R, helpText: string) =>
  defineInputField({
    key: 'locationIds',
    label: 'Sub-accounts',
    type: 'string',
    list: true,
    required,
    dynamic: 'location_choices.id.name',
    helpText,
  });

const LOCATIONS_CREATE_HELP =
  'The sub-accounts the user can work in: pick them, or map sub-account IDs. Required on an ' +
  'Agency connection; on a Sub-account connection, leave it empty for the connected sub-account.';

const LOCATIONS_UPDATE_HELP =
  "**Replaces** the user's whole list of sub-accounts with these. To add or remove a few and keep " +
  'the rest, use "Sub-accounts to Add" or "Sub-accounts to Remove" instead. Leave empty to keep ' +
  'the current list.';

const isCopyingSubAccounts = (inputData: Record<string, unknown>): boolean =>
  Boolean(inputData.copyAccessFromUserId) && flag(inputData.copySubAccounts) === true;

// What Create User requires depends on the connection (an agency must name sub-accounts; a
// sub-account falls back to itself) and on whether type, role and sub-accounts are copied. The
// tuple return type keeps these fields typed in inputData.
const createAccountFields = (_z: ZObject, bundle: Bundle) => {
  const copying = isCopyingSubAccounts(bundle.inputData ?? {});
  const fields = [
    typeField(!copying, 'create'),
    roleField(!copying, 'create'),
    locationIdsField(!copying && !isSubAccount(bundle.authData), LOCATIONS_CREATE_HELP),
  ] as const;
  return [...fields] as [(typeof fields)[0], (typeof fields)[1], (typeof fields)[2]];
};

const listEditField = <K extends string>(
  key: K,
  label: string,
  helpText: string,
  source: { dynamic: string } | { group: string },
) =>
  defineInputField({
    key,
    label,
    type: 'string',
    list: true,
    required: false,
    ...source,
    helpText,
  });

const addLocationIdsField = listEditField(
  'addLocationIds',
  'Sub-accounts to Add',
  "Sub-accounts to add to the user's list; every sub-account the user already has stays.",
  { dynamic: 'location_choices.id.name' },
);

const removeLocationIdsField = listEditField(
  'removeLocationIds',
  'Sub-accounts to Remove',
  "Sub-accounts to take away from the user; the others stay. Removing the user's last " +
    'sub-account is refused.',
  { dynamic: 'location_choices.id.name' },
);

const SCOPES_HINT =
  'Pick from the list (grouped by product area; type to search), or map scope codes such as ' +
  `\`contacts.write\`, comma-separated. See [HighLevel's Users API](${API_DOCS}).`;

const scopesField = (mode: Mode) =>
  defineInputField({
    key: 'scopes',
    label: 'Scopes',
    type: 'string',
    list: true,
    required: false,
    dynamic: 'scope_choices.id.name',
    group: ACCESS_GROUP,
    helpText:
      'What the user may do in HighLevel. **Replaces** the whole list: only the scopes listed here ' +
      'are on, every other scope is off. ' +
      (mode === 'create'
        ? "Leave empty for HighLevel's defaults (or the copied user's scopes). "
        : 'To turn a few on or off and keep the rest, use "Scopes to Turn On" or "Scopes to Turn Off" ' +
          "instead. Leave empty to keep the user's current scopes. ") +
      SCOPES_HINT,
  });

const scopeEditFields = (mode: Mode) => {
  const base =
    mode === 'create'
      ? 'Only with "Copy Access From": on top of the copied user\'s scopes. '
      : 'The other scopes stay as they are. ';
  return [
    listEditField(
      'addScopes',
      'Scopes to Turn On',
      `Scopes to turn on for the user. ${base}${SCOPES_HINT}`,
      { dynamic: 'scope_choices.id.name' },
    ),
    listEditField('removeScopes', 'Scopes to Turn Off', `Scopes to turn off. ${base}`, {
      dynamic: 'scope_choices.id.name',
    }),
    listEditField(
      'addScopesAssignedToOnly',
      'Assigned-Data Scopes to Turn On',
      `Assigned-data-only scopes to turn on. ${base}`,
      { dynamic: 'scope_choices.id.name' },
    ),
    listEditField(
      'removeScopesAssignedToOnly',
      'Assigned-Data Scopes to Turn Off',
      `Assigned-data-only scopes to turn off. ${base}`,
      { dynamic: 'scope_choices.id.name' },
    ),
  ].map((field) => ({ ...field, group: ACCESS_GROUP }));
};

const scopesAssignedToOnlyField = (mode: Mode) =>
  defineInputField({
    key: 'scopesAssignedToOnly',
    label: 'Scopes for Assigned Data Only',
    type: 'string',
    list: true,
    required: false,
    dynamic: 'scope_choices.id.name',
    group: ACCESS_GROUP,
    helpText:
      'Scopes the user has only for records assigned to them. **Replaces** the whole list. ' +
      (mode === 'create'
        ? "Leave empty for HighLevel's defaults (or the copied user's)."
        : "Leave empty to keep the user's current list."),
  });

const permissionsField = (mode: Mode) =>
  defineInputField({
    key: 'permissions',
    label: 'Permissions to Turn On',
    type: 'string',
    list: true,
    required: false,
    choices: PERMISSION_CHOICES,
    group: ACCESS_GROUP,
    helpText:
      "HighLevel's feature switches to turn ON for this user, like Contacts or Workflows. " +
      'Switches named in neither this list nor "Permissions to Turn Off" ' +
      (mode === 'create'
        ? `keep HighLevel's default (on, except ${OFF_BY_DEFAULT}) or the copied user's setting.`
        : 'keep their current setting (or the copied user\'s, with "Copy Access From").') +
      " A mapped value may use the labels shown or HighLevel's names (like `contactsEnabled`), comma-separated.",
  });

const permissionsOffField = defineInputField({
  key: 'permissionsOff',
  label: 'Permissions to Turn Off',
  type: 'string',
  list: true,
  required: false,
  choices: PERMISSION_CHOICES,
  group: ACCESS_GROUP,
  helpText:
    "HighLevel's feature switches to turn OFF for this user. A switch cannot be in both lists.",
});

const createFields = () =>
  defineInputFields([
    firstNameField(true),
    lastNameField(true),
    emailField,
    passwordField('create'),
    copyAccessField,
    copySubAccountsField,
    createAccountFields,
    phoneField,
    platformLanguageField,
    profilePhotoField,
    scopesField('create'),
    ...scopeEditFields('create'),
    scopesAssignedToOnlyField('create'),
    permissionsField('create'),
    permissionsOffField,
  ]);

// No Email: HighLevel no longer lets the API change it (update_user says so in its help text).
const updateFields = () =>
  defineInputFields([
    firstNameField(false),
    lastNameField(false),
    passwordField('update'),
    copyAccessField,
    copySubAccountsField,
    typeField(false, 'update'),
    roleField(false, 'update'),
    locationIdsField(false, LOCATIONS_UPDATE_HELP),
    addLocationIdsField,
    removeLocationIdsField,
    phoneField,
    platformLanguageField,
    profilePhotoField,
    scopesField('update'),
    ...scopeEditFields('update'),
    scopesAssignedToOnlyField('update'),
    permissionsField('update'),
    permissionsOffField,
  ]);

/** The input fields of Create User (`create`) or, all optional and without Email, Update User. */
export function userInputFields(options: { mode: 'create' }): ReturnType<typeof createFields>;
export function userInputFields(options: { mode: 'update' }): ReturnType<typeof updateFields>;
export function userInputFields(options: { mode: Mode }) {
  return options.mode === 'create' ? createFields() : updateFields();
}
