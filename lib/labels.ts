// How HighLevel's codes read on screen: one table per enumeration, in HighLevel's UI words.
import {
  PERMISSION_KEYS,
  USER_SCOPES,
  type PLATFORM_LANGUAGES,
  type PermissionKey,
  type USER_ROLES,
  type USER_TYPES,
} from './catalog';

export const TYPE_LABELS: Record<(typeof USER_TYPES)[number], string> = {
  agency: 'Agency user',
  account: 'Sub-account user',
};

export const ROLE_LABELS: Record<(typeof USER_ROLES)[number], string> = {
  admin: 'Admin',
  user: 'User',
};

export const LANGUAGE_LABELS: Record<(typeof PLATFORM_LANGUAGES)[number], string> = {
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

/** How each of HighLevel's 38 feature switches reads in the form and in output fields. */
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

export const PERMISSION_CHOICES = Object.fromEntries(
  PERMISSION_KEYS.map((key) => [key, PERMISSION_LABELS[key]]),
);

// ---- scopes: "Product Area: what it allows (code)", grouped by the product area of HighLevel's
// menu. The area comes from the code's first segment; the rest is read out word by word.

const AREAS: Array<[RegExp, string]> = [
  [/^locations\/tags\b/, 'Sub-account'],
  [/^(funnels|forms|surveys|quizzes|websites|wordpress|blogs|qrcodes)\b/, 'Sites'],
  [/^(campaigns|workflows|triggers)\b/, 'Automation'],
  [/^(products|invoices|payments)\b/, 'Payments'],
  [/^(reputation)\b/, 'Reputation'],
  [/^(reporting|dashboard)\b/, 'Reporting'],
  [/^(socialplanner|marketing|adPublishing|eliza|contentAI)\b/, 'Marketing'],
  [/^(membership|communities|certificates|gokollab)\b/, 'Memberships'],
  [/^(voice-ai|text-ai)/, 'AI Agents'],
  [/^(users|loginas|users-sso|sso-config)\b/, 'Team'],
  [
    /^(locations|audit-logs|snapshots|companies|agency|launchpad|affiliateportal|internaltools|custom-menu-link|private-integration|native-integrations|prospecting|medias)/,
    'Agency and Settings',
  ],
  [/^(contacts|conversations|calendars|opportunities|settings)\b/, 'Sub-account'],
];

const ACTIONS: Record<string, string> = {
  readonly: 'View',
  read: 'View',
  write: 'Edit',
  export: 'Export',
  import: 'Import',
  delete: 'Delete',
  create: 'Create',
  edit: 'Edit',
  update: 'Update',
  push: 'Push',
  refresh: 'Refresh',
  share: 'Share',
  duplicate: 'Duplicate',
  manage: 'Manage',
};

// Code segments whose words do not split by themselves.
const SEGMENTS: Record<string, string> = {
  socialplanner: 'Social Planner',
  internaltools: 'Internal Tools',
  affiliateportal: 'Affiliate Portal',
  medias: 'Media',
  locations: 'Sub-accounts',
  gokollab: 'GoKollab',
  contentAI: 'Content AI',
  loginas: 'Login As',
  qrcodes: 'QR Codes',
  wordpress: 'WordPress',
  adwords: 'Google Ads',
  facebookAds: 'Facebook Ads',
};

/** "bulkActions" → "Bulk Actions", "team-management" → "Team Management". */
const words = (part: string): string =>
  part
    .split(/[./]/)
    .map((segment) => SEGMENTS[segment] ?? segment)
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[-_ ]+/)
    .filter(Boolean)
    .map((word) =>
      /^(ai|gbp|csv|rss|sso|api|qr)$/i.test(word)
        ? word.toUpperCase()
        : word[0]?.toUpperCase() + word.slice(1),
    )
    .join(' ');

export const scopeArea = (code: string): string =>
  AREAS.find(([pattern]) => pattern.test(code))?.[1] ?? 'Other';

/** "Sub-account: Contacts Bulk Actions, Edit (contacts/bulkActions.write)" */
export const scopeLabel = (code: string): string => {
  const dot = code.lastIndexOf('.');
  const subject = dot > 0 ? code.slice(0, dot) : code;
  const verb = dot > 0 ? code.slice(dot + 1) : '';
  const action = ACTIONS[verb] ?? words(verb);
  return `${scopeArea(code)}: ${words(subject)}${action ? `, ${action}` : ''} (${code})`;
};

/** Every user scope with its label, grouped by product area (areas and codes alphabetical). */
export const scopeChoices = (): Array<{ id: string; name: string }> =>
  USER_SCOPES.map((code) => ({ id: code, name: scopeLabel(code) })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
