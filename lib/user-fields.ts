// The input fields of Create User and Update User, made once (the two differ only in what is
// required, and Update has no Email), and the functions that turn what a user filled in into
// HighLevel's request body. Only filled-in fields are ever sent: HighLevel's PUT treats every field
// it receives as the new value (an empty `scopes` list turns every scope off).
import {
  defineInputField,
  defineInputFields,
  errors,
  type Bundle,
  type ZObject,
} from 'zapier-platform-core';
import {
  PERMISSION_DEFAULTS,
  PERMISSION_KEYS,
  PLATFORM_LANGUAGES,
  USER_ROLES,
  USER_SCOPES,
  USER_TYPES,
  type PermissionKey,
} from './catalog';
import { companyIdOf, isSubAccount } from './connection';
import { compact, list, secret, text } from './input';
import { schemas, type CreateUserBody, type UpdateUserBody } from './schemas';
import { callApi, withoutContext, type ApiCall } from './http';
import { mapUser, type UserOutput } from './users';
import { checkInput, inputError, parseResponse, type FieldLabels } from './validate';

type AuthData = Bundle['authData'];

// ---- readable names for HighLevel's codes ----

const TYPE_LABELS: Record<(typeof USER_TYPES)[number], string> = {
  agency: 'Agency user',
  account: 'Sub-account user',
};

const ROLE_LABELS: Record<(typeof USER_ROLES)[number], string> = {
  admin: 'Admin',
  user: 'User',
};

const LANGUAGE_LABELS: Record<(typeof PLATFORM_LANGUAGES)[number], string> = {
  en_US: 'English (US)',
  es: 'Spanish',
  fr_CA: 'French (Canada)',
  fr_FR: 'French (France)',
  nl: 'Dutch',
  de: 'German',
  pt_PT: 'Portuguese (Portugal)',
  pt_BR: 'Portuguese (Brazil)',
  it: 'Italian',
  sv: 'Swedish',
  da: 'Danish',
  fi: 'Finnish',
  no: 'Norwegian',
};

/** How each of HighLevel's 38 feature switches reads in the form. */
export const PERMISSION_LABELS: Record<PermissionKey, string> = {
  campaignsEnabled: 'Campaigns',
  campaignsReadOnly: 'Campaigns (read only)',
  contactsEnabled: 'Contacts',
  workflowsEnabled: 'Workflows',
  workflowsReadOnly: 'Workflows (read only)',
  triggersEnabled: 'Triggers',
  funnelsEnabled: 'Funnels',
  websitesEnabled: 'Websites',
  opportunitiesEnabled: 'Opportunities',
  dashboardStatsEnabled: 'Dashboard Stats',
  bulkRequestsEnabled: 'Bulk Requests',
  appointmentsEnabled: 'Appointments',
  reviewsEnabled: 'Reviews',
  onlineListingsEnabled: 'Online Listings',
  phoneCallEnabled: 'Phone Calls',
  conversationsEnabled: 'Conversations',
  assignedDataOnly: 'Assigned Data Only',
  adwordsReportingEnabled: 'Google Ads Reporting',
  membershipEnabled: 'Memberships',
  facebookAdsReportingEnabled: 'Facebook Ads Reporting',
  attributionsReportingEnabled: 'Attribution Reporting',
  settingsEnabled: 'Settings',
  tagsEnabled: 'Tags',
  leadValueEnabled: 'Lead Value',
  marketingEnabled: 'Marketing',
  agentReportingEnabled: 'Agent Reporting',
  botService: 'Bot Service',
  socialPlanner: 'Social Planner',
  bloggingEnabled: 'Blogging',
  invoiceEnabled: 'Invoices',
  affiliateManagerEnabled: 'Affiliate Manager',
  contentAiEnabled: 'Content AI',
  refundsEnabled: 'Refunds',
  recordPaymentEnabled: 'Record Payments',
  cancelSubscriptionEnabled: 'Cancel Subscriptions',
  paymentsEnabled: 'Payments',
  communitiesEnabled: 'Communities',
  exportPaymentsEnabled: 'Export Payments',
};

const PERMISSION_CHOICES = Object.fromEntries(
  PERMISSION_KEYS.map((key) => [key, PERMISSION_LABELS[key]]),
);

const OFF_BY_DEFAULT = PERMISSION_KEYS.filter((key) => !PERMISSION_DEFAULTS[key])
  .map((key) => PERMISSION_LABELS[key])
  .join(', ');

/** The labels every error message names a field by (the same as the form's). */
const USER_FIELD_LABELS: FieldLabels = {
  userId: 'User',
  companyId: 'Company ID',
  firstName: 'First Name',
  lastName: 'Last Name',
  email: 'Email',
  password: 'Password',
  phone: 'Phone',
  type: 'User Type',
  role: 'Role',
  locationIds: 'Locations',
  platformLanguage: 'Platform Language',
  profilePhoto: 'Profile Photo URL',
  scopes: 'Scopes',
  scopesAssignedToOnly: 'Scopes for Assigned Data Only',
  permissions: 'Permissions to Turn On',
  permissionsOff: 'Permissions to Turn Off',
};

// ---- the fields, one factory each; `required` stays a literal so inputData is typed ----

const API_DOCS = 'https://marketplace.gohighlevel.com/docs/ghl/users/create-user';

/** Key of the collapsible group holding scopes and permissions (see userInputFieldGroups). */
const ACCESS_GROUP = 'access';

export const userInputFieldGroups = [
  { key: ACCESS_GROUP, label: 'Scopes and Permissions (optional)' },
];

type Mode = 'create' | 'update';

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
    'another active user already has, and it cannot be changed later through the API.',
});

const passwordField = <R extends boolean>(required: R) =>
  defineInputField({
    key: 'password',
    label: 'Password',
    type: 'password',
    required,
    helpText: required
      ? "The user's first password for signing in to HighLevel. It is sent only to HighLevel and " +
        "never appears in this step's output."
      : 'A new password for the user. Leave empty to keep the current one. It is sent only to ' +
        "HighLevel and never appears in this step's output.",
  });

const phoneField = defineInputField({
  key: 'phone',
  label: 'Phone',
  type: 'string',
  required: false,
  helpText:
    'With the country code, like +1 808-868-8888 (7 to 15 digits; spaces, dashes, dots and ' +
    'brackets are fine). Left empty, it is not sent.',
});

const typeField = <R extends boolean>(required: R) =>
  defineInputField({
    key: 'type',
    label: 'User Type',
    type: 'string',
    required,
    choices: TYPE_LABELS,
    helpText:
      '**Agency user** works at agency level; **Sub-account user** works only inside the ' +
      `locations chosen below. HighLevel's codes are \`agency\` and \`account\`.` +
      (required ? '' : ' Leave empty to keep the current type.'),
  });

const roleField = <R extends boolean>(required: R) =>
  defineInputField({
    key: 'role',
    label: 'Role',
    type: 'string',
    required,
    choices: ROLE_LABELS,
    helpText:
      '**Admin** can manage settings and other users; **User** works with the permissions ' +
      `and scopes you give. HighLevel's codes are \`admin\` and \`user\`.` +
      (required ? '' : ' Leave empty to keep the current role.'),
  });

const locationIdsField = <R extends boolean>(required: R, helpText: string) =>
  defineInputField({
    key: 'locationIds',
    label: 'Locations',
    type: 'string',
    list: true,
    required,
    dynamic: 'location_choices.id.name',
    helpText,
  });

const LOCATIONS_CREATE_HELP =
  'The sub-accounts (locations) the user can work in: pick them, or map location IDs. Required ' +
  'on an Agency connection; on a Sub-account connection, leave it empty to use the connected ' +
  'sub-account.';

const LOCATIONS_UPDATE_HELP =
  "Replaces the user's whole list of sub-accounts (locations) with these. Leave empty to keep " +
  'the current list.';

// Whether Locations is required depends on the connection, so the field is made per connection:
// an agency must name locations, a sub-account falls back to itself. The tuple return type keeps
// `locationIds` typed in inputData.
const createLocationIdsField = (_z: ZObject, bundle: Bundle) => {
  const field = locationIdsField(!isSubAccount(bundle.authData), LOCATIONS_CREATE_HELP);
  return [field] as [typeof field];
};

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
    'A public http(s) link to the picture, like https://example.com/jane.png. Left empty, it is ' +
    'not sent.',
});

const scopesField = (mode: Mode) =>
  defineInputField({
    key: 'scopes',
    label: 'Scopes',
    type: 'string',
    list: true,
    required: false,
    choices: [...USER_SCOPES],
    group: ACCESS_GROUP,
    helpText:
      'What the user may do in HighLevel, like `contacts.write`. Only the scopes listed here are ' +
      'turned on; every other scope is turned off. ' +
      (mode === 'create'
        ? "Leave empty to keep HighLevel's defaults."
        : "Leave empty to keep the user's current scopes.") +
      ` See [HighLevel's Users API](${API_DOCS}).`,
  });

const scopesAssignedToOnlyField = (mode: Mode) =>
  defineInputField({
    key: 'scopesAssignedToOnly',
    label: 'Scopes for Assigned Data Only',
    type: 'string',
    list: true,
    required: false,
    choices: [...USER_SCOPES],
    group: ACCESS_GROUP,
    helpText:
      'Scopes the user has only for records assigned to them. Only the scopes listed here are ' +
      'turned on. ' +
      (mode === 'create'
        ? "Leave empty to keep HighLevel's defaults."
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
        ? `keep HighLevel's default: on, except ${OFF_BY_DEFAULT}.`
        : 'are left as they are.') +
      " A mapped value may use the labels shown or HighLevel's names (like `contactsEnabled`), comma-separated.",
  });

const permissionsOffField = (mode: Mode) =>
  defineInputField({
    key: 'permissionsOff',
    label: 'Permissions to Turn Off',
    type: 'string',
    list: true,
    required: false,
    choices: PERMISSION_CHOICES,
    group: ACCESS_GROUP,
    helpText:
      "HighLevel's feature switches to turn OFF for this user. A switch cannot be in both lists. " +
      (mode === 'create'
        ? "Switches named in neither list keep HighLevel's default."
        : 'Switches named in neither list are left as they are.'),
  });

const createFields = () =>
  defineInputFields([
    firstNameField(true),
    lastNameField(true),
    emailField,
    passwordField(true),
    typeField(true),
    roleField(true),
    createLocationIdsField,
    phoneField,
    platformLanguageField,
    profilePhotoField,
    scopesField('create'),
    scopesAssignedToOnlyField('create'),
    permissionsField('create'),
    permissionsOffField('create'),
  ]);

// No Email: HighLevel no longer lets the API change it (update_user says so in its help text).
const updateFields = () =>
  defineInputFields([
    firstNameField(false),
    lastNameField(false),
    passwordField(false),
    typeField(false),
    roleField(false),
    locationIdsField(false, LOCATIONS_UPDATE_HELP),
    phoneField,
    platformLanguageField,
    profilePhotoField,
    scopesField('update'),
    scopesAssignedToOnlyField('update'),
    permissionsField('update'),
    permissionsOffField('update'),
  ]);

/** The input fields of Create User (`create`) or, all optional and without Email, Update User. */
export function userInputFields(options: { mode: 'create' }): ReturnType<typeof createFields>;
export function userInputFields(options: { mode: 'update' }): ReturnType<typeof updateFields>;
export function userInputFields(options: { mode: Mode }) {
  return options.mode === 'create' ? createFields() : updateFields();
}

// ---- from inputData to a request body ----

/** A value matched case-insensitively to one of HighLevel's codes, or passed on for the schema. */
const canonical = (value: unknown, allowed: readonly string[]): unknown => {
  if (typeof value !== 'string') return value;
  const lower = value.toLowerCase();
  return allowed.find((code) => code.toLowerCase() === lower) ?? value;
};

const canonicalList = (value: unknown, allowed: readonly string[]): unknown => {
  const items = list(value);
  return Array.isArray(items) ? items.map((item) => canonical(item, allowed)) : items;
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

const fieldLabel = (key: string): string => `${USER_FIELD_LABELS[key]} (${key})`;

/**
 * HighLevel's `permissions` object holding only the switches the user named: `permissions` turns
 * them on, `permissionsOff` off. Unknown names and a switch in both lists stop the step.
 */
const readPermissions = (
  inputData: Record<string, unknown>,
): Partial<Record<PermissionKey, boolean>> | undefined => {
  const result: Partial<Record<PermissionKey, boolean>> = {};
  const problems: string[] = [];
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
          `${fieldLabel(field)} names ${PERMISSION_LABELS[key]}, which ${fieldLabel('permissions')} ` +
            'turns on: a switch can be in one list only',
        );
      } else result[key] = value;
    }
    if (unknown.length) {
      problems.push(
        `${fieldLabel(field)} has unknown permission(s): ${unknown.join(', ')}. Pick them from the ` +
          'list, or use the labels shown or HighLevel\'s names such as "contactsEnabled"',
      );
    }
  }
  if (problems.length) {
    throw inputError(problems);
  }
  return Object.keys(result).length ? result : undefined;
};

/** The fields Create and Update share, normalised; unset ones are undefined. */
const commonBody = (inputData: Record<string, unknown>) => ({
  firstName: text(inputData.firstName),
  lastName: text(inputData.lastName),
  password: secret(inputData.password),
  phone: text(inputData.phone),
  type: canonical(text(inputData.type), USER_TYPES),
  role: canonical(text(inputData.role), USER_ROLES),
  locationIds: list(inputData.locationIds),
  permissions: readPermissions(inputData),
  scopes: canonicalList(inputData.scopes, USER_SCOPES),
  scopesAssignedToOnly: canonicalList(inputData.scopesAssignedToOnly, USER_SCOPES),
  profilePhoto: text(inputData.profilePhoto),
  platformLanguage: canonical(text(inputData.platformLanguage), PLATFORM_LANGUAGES),
});

/** POST /users/ body: the connection's company, and on a sub-account its own location by default. */
export const createUserBody = (
  inputData: Record<string, unknown>,
  authData: AuthData,
): CreateUserBody => {
  const common = commonBody(inputData);
  const ownLocation = isSubAccount(authData) ? text(authData.locationId) : undefined;
  const body = compact({
    companyId: companyIdOf(authData),
    ...common,
    email: text(inputData.email),
    locationIds: common.locationIds ?? (ownLocation === undefined ? undefined : [ownLocation]),
  });
  return checkInput(schemas().createUserBody, body, USER_FIELD_LABELS);
};

/**
 * PUT /users/{userId} body: only what the user filled in, plus `companyId`, which HighLevel
 * requires from an agency token. `email` is never read (an old Zap may still hold one).
 */
export const updateUserBody = (
  inputData: Record<string, unknown>,
  authData: AuthData,
): UpdateUserBody => {
  const changes = compact(commonBody(inputData));
  if (Object.keys(changes).length === 0) {
    throw new errors.Error(
      'Fill in at least one field to change: nothing was sent to HighLevel.',
      'invalid_input',
      400,
    );
  }
  const body = isSubAccount(authData) ? changes : { companyId: companyIdOf(authData), ...changes };
  return checkInput(schemas().updateUserBody, body, USER_FIELD_LABELS);
};

/**
 * Keeps a password out of an error from a request that carried one. lib/http.ts already stops core
 * from appending the bundle to the errors it raises (`withoutContext`); this also covers any other
 * error on the way, and HighLevel's own words, passed on verbatim, which could quote it.
 */
const hidePassword = (err: unknown, password: unknown): unknown => {
  if (!(err instanceof Error) || typeof password !== 'string' || password === '') return err;
  withoutContext(err);
  // Very short values would blank out ordinary words; HighLevel refuses such passwords anyway.
  if (password.length < 4) return err;
  // AppError messages are JSON, where the password may appear escaped.
  for (const form of [password, JSON.stringify(password).slice(1, -1)]) {
    err.message = err.message.split(form).join('[password hidden]');
  }
  return err;
};

/**
 * Sends a Create or Update body and returns the user HighLevel answers with. The password the body
 * may carry never reaches an error message.
 */
export const writeUser = async (
  z: ZObject,
  call: ApiCall & { body: CreateUserBody | UpdateUserBody },
  what: string,
): Promise<UserOutput> => {
  let data: unknown;
  try {
    data = await callApi(z, call);
  } catch (err) {
    throw hidePassword(err, call.body.password);
  }
  return mapUser(parseResponse(schemas().user, data, what));
};
