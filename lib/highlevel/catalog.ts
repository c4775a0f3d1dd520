// HighLevel's own tables for the Users API, each code with the words the app shows for it, copied
// from the official OpenAPI document (GoHighLevel/highlevel-api-docs apps/users.json).
// test/reference.test.ts checks them against ../shared/reference when that folder is present.
// The open world: these tables label and suggest; a code HighLevel adds later still passes.

const codesOf = <K extends string>(table: Record<K, unknown>): [K, ...K[]] =>
  Object.keys(table) as [K, ...K[]];

export const TYPE_LABELS = {
  agency: 'Agency user',
  account: 'Sub-account user',
} as const;
export const USER_TYPES = codesOf(TYPE_LABELS);
export type UserType = keyof typeof TYPE_LABELS;

export const ROLE_LABELS = {
  admin: 'Admin',
  user: 'User',
} as const;
export const USER_ROLES = codesOf(ROLE_LABELS);
export type UserRole = keyof typeof ROLE_LABELS;

export const LANGUAGE_LABELS = {
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
} as const;
export const PLATFORM_LANGUAGES = codesOf(LANGUAGE_LABELS);
export type PlatformLanguage = keyof typeof LANGUAGE_LABELS;

/** Each documented permission switch: how it reads on screen, and HighLevel's default for a new user. */
export const PERMISSIONS = {
  campaignsEnabled: { label: 'Campaigns', default: true },
  campaignsReadOnly: { label: 'Campaigns (read only)', default: false },
  contactsEnabled: { label: 'Contacts', default: true },
  workflowsEnabled: { label: 'Workflows', default: true },
  workflowsReadOnly: { label: 'Workflows (read only)', default: false },
  triggersEnabled: { label: 'Triggers', default: true },
  funnelsEnabled: { label: 'Funnels', default: true },
  websitesEnabled: { label: 'Websites', default: false },
  opportunitiesEnabled: { label: 'Opportunities', default: true },
  dashboardStatsEnabled: { label: 'Dashboard Stats', default: true },
  bulkRequestsEnabled: { label: 'Bulk Requests', default: true },
  appointmentsEnabled: { label: 'Appointments', default: true },
  reviewsEnabled: { label: 'Reviews', default: true },
  onlineListingsEnabled: { label: 'Online Listings', default: true },
  phoneCallEnabled: { label: 'Phone Calls', default: true },
  conversationsEnabled: { label: 'Conversations', default: true },
  assignedDataOnly: { label: 'Assigned Data Only', default: false },
  adwordsReportingEnabled: { label: 'Google Ads Reporting', default: false },
  membershipEnabled: { label: 'Memberships', default: false },
  facebookAdsReportingEnabled: { label: 'Facebook Ads Reporting', default: false },
  attributionsReportingEnabled: { label: 'Attribution Reporting', default: false },
  settingsEnabled: { label: 'Settings', default: true },
  tagsEnabled: { label: 'Tags', default: true },
  leadValueEnabled: { label: 'Lead Value', default: true },
  marketingEnabled: { label: 'Marketing', default: true },
  agentReportingEnabled: { label: 'Agent Reporting', default: true },
  botService: { label: 'Bot Service', default: false },
  socialPlanner: { label: 'Social Planner', default: true },
  bloggingEnabled: { label: 'Blogging', default: true },
  invoiceEnabled: { label: 'Invoices', default: true },
  affiliateManagerEnabled: { label: 'Affiliate Manager', default: true },
  contentAiEnabled: { label: 'Content AI', default: true },
  refundsEnabled: { label: 'Refunds', default: true },
  recordPaymentEnabled: { label: 'Record Payments', default: true },
  cancelSubscriptionEnabled: { label: 'Cancel Subscriptions', default: true },
  paymentsEnabled: { label: 'Payments', default: true },
  communitiesEnabled: { label: 'Communities', default: true },
  exportPaymentsEnabled: { label: 'Export Payments', default: true },
} as const satisfies Record<string, { label: string; default: boolean }>;

export type PermissionKey = keyof typeof PERMISSIONS;
export const PERMISSION_KEYS = codesOf(PERMISSIONS);

export const PERMISSION_LABELS = Object.fromEntries(
  PERMISSION_KEYS.map((key) => [key, PERMISSIONS[key].label]),
) as Record<PermissionKey, string>;

export const PERMISSION_DEFAULTS = Object.fromEntries(
  PERMISSION_KEYS.map((key) => [key, PERMISSIONS[key].default]),
) as Record<PermissionKey, boolean>;
