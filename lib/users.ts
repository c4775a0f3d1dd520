// The user as every operation returns it: HighLevel's whole object, never trimmed, with the fields
// people map most (type, role, location IDs) lifted to the top level beside the nested `roles`.
import type { User } from './schemas';

export interface UserOutput {
  [key: string]: unknown;
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  type: string;
  role: string;
  locationIds: string[];
  restrictSubAccount: boolean;
  scopes: string[];
  scopesAssignedToOnly: string[];
  deleted: boolean;
}

const asList = (value: string[] | string | undefined): string[] =>
  Array.isArray(value)
    ? value
    : value
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];

export const mapUser = (user: User): UserOutput => {
  const firstName = user.firstName ?? '';
  const lastName = user.lastName ?? '';
  return {
    ...user,
    id: user.id,
    name: user.name ?? [firstName, lastName].filter(Boolean).join(' '),
    firstName,
    lastName,
    email: user.email ?? '',
    phone: user.phone ?? '',
    type: user.roles?.type ?? '',
    role: user.roles?.role ?? '',
    locationIds: user.roles?.locationIds ?? [],
    restrictSubAccount: user.roles?.restrictSubAccount ?? false,
    scopes: asList(user.scopes),
    scopesAssignedToOnly: asList(user.scopesAssignedToOnly),
    deleted: user.deleted ?? false,
  };
};

/** "Jane Doe (jane@agency.com)": how a user is named in labels and dropdowns. */
export const userLabel = (user: Pick<UserOutput, 'name' | 'email' | 'id'>): string => {
  const name = user.name.trim();
  if (name && user.email) return `${name} (${user.email})`;
  return name || user.email || user.id;
};

export const userSample: UserOutput = {
  id: '0IHuJvc2ofPAAA8GzTRi',
  name: 'John Deo',
  firstName: 'John',
  lastName: 'Deo',
  email: 'john@deo.com',
  phone: '+1 808-868-8888',
  extension: '',
  type: 'account',
  role: 'admin',
  locationIds: ['ve9EPM428h8vShlRW1KT'],
  restrictSubAccount: true,
  permissions: {
    campaignsEnabled: true,
    contactsEnabled: true,
    workflowsEnabled: true,
    opportunitiesEnabled: true,
    appointmentsEnabled: true,
    conversationsEnabled: true,
    settingsEnabled: true,
  },
  scopes: ['contacts.write', 'campaigns.readonly'],
  scopesAssignedToOnly: [],
  roles: {
    type: 'account',
    role: 'admin',
    locationIds: ['ve9EPM428h8vShlRW1KT'],
    restrictSubAccount: true,
  },
  deleted: false,
  lcPhone: { ve9EPM428h8vShlRW1KT: '+1234556677' },
  platformLanguage: 'en_US',
};

export const userOutputFields = [
  { key: 'id', label: 'User ID', type: 'string' as const },
  { key: 'name', label: 'Full Name', type: 'string' as const },
  { key: 'firstName', label: 'First Name', type: 'string' as const },
  { key: 'lastName', label: 'Last Name', type: 'string' as const },
  { key: 'email', label: 'Email', type: 'string' as const },
  { key: 'phone', label: 'Phone', type: 'string' as const },
  { key: 'extension', label: 'Phone Extension', type: 'string' as const },
  { key: 'type', label: 'User Type (agency or account)', type: 'string' as const },
  { key: 'role', label: 'Role (admin or user)', type: 'string' as const },
  { key: 'locationIds[]', label: 'Location IDs', type: 'string' as const },
  { key: 'restrictSubAccount', label: 'Restricted to Sub-Accounts', type: 'boolean' as const },
  { key: 'scopes[]', label: 'Scopes', type: 'string' as const },
  { key: 'scopesAssignedToOnly[]', label: 'Scopes (Assigned Data Only)', type: 'string' as const },
  { key: 'deleted', label: 'Deleted', type: 'boolean' as const },
  { key: 'platformLanguage', label: 'Platform Language', type: 'string' as const },
  { key: 'roles__type', label: 'Roles: Type', type: 'string' as const },
  { key: 'roles__role', label: 'Roles: Role', type: 'string' as const },
  { key: 'roles__locationIds[]', label: 'Roles: Location IDs', type: 'string' as const },
  {
    key: 'permissions__campaignsEnabled',
    label: 'Permissions: Campaigns',
    type: 'boolean' as const,
  },
  { key: 'permissions__contactsEnabled', label: 'Permissions: Contacts', type: 'boolean' as const },
  {
    key: 'permissions__workflowsEnabled',
    label: 'Permissions: Workflows',
    type: 'boolean' as const,
  },
  {
    key: 'permissions__opportunitiesEnabled',
    label: 'Permissions: Opportunities',
    type: 'boolean' as const,
  },
  {
    key: 'permissions__appointmentsEnabled',
    label: 'Permissions: Appointments',
    type: 'boolean' as const,
  },
  {
    key: 'permissions__conversationsEnabled',
    label: 'Permissions: Conversations',
    type: 'boolean' as const,
  },
  { key: 'permissions__settingsEnabled', label: 'Permissions: Settings', type: 'boolean' as const },
];
