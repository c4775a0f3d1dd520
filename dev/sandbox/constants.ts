/**
 * Constants copied from HighLevel's Users API 2.0 documentation (OpenAPI snapshot 2026-06-19).
 *
 * The sandbox keeps its own copy on purpose: it must not read ../shared at run time, and a
 * drift between the docs and the integration is exactly what the sandbox should surface.
 */

/** The only `Version` header value the Users and Locations endpoints accept. */
export const API_VERSION = '2021-07-28';

/**
 * `scopes` / `scopesAssignedToOnly` enum of CreateUserDto and UpdateUserDto: the 2021-07-28
 * document's 189 values plus the five the v3 document adds (194, in v3's order). Spec mode
 * checks against it; HighLevel mode takes any well-formed code (behaviour.ts, `acceptsAnyScopeCode`).
 */
export const USER_SCOPES: readonly string[] = [
  'campaigns.readonly',
  'campaigns.write',
  'calendars.readonly',
  'calendars/events.write',
  'calendars/groups.write',
  'calendars.write',
  'contacts.write',
  'contacts/bulkActions.write',
  'workflows.readonly',
  'workflows.write',
  'triggers.write',
  'funnels.write',
  'forms.write',
  'surveys.write',
  'quizzes.write',
  'websites.write',
  'medias.write',
  'medias.readonly',
  'opportunities.write',
  'opportunities/leadValue.readonly',
  'opportunities/bulkActions.write',
  'pipelines.create',
  'reporting/phone.readonly',
  'reporting/adwords.readonly',
  'reporting/facebookAds.readonly',
  'reporting/attributions.readonly',
  'prospecting/auditReport.write',
  'reporting/reports.readonly',
  'reporting/agent.readonly',
  'reporting/reports.write',
  'reporting/stats.export',
  'payments.write',
  'payments/records.write',
  'payments/orders.readonly',
  'payments/orders.export',
  'payments/orders.import',
  'payments/orders.collectPayment',
  'payments/subscriptions.readonly',
  'payments/subscriptions.write',
  'payments/subscriptions.update',
  'payments/subscriptions.export',
  'payments/subscriptions.pauseResumeCancel',
  'payments/subscriptions.sharePaymentMethod',
  'payments/transactions.readonly',
  'payments/transactions.export',
  'payments/transactions.import',
  'payments/transactions.refund',
  'payments/transactions.viewReceipts',
  'payments/taxesSettings.readonly',
  'payments/settings.readonly',
  'payments/taxesSettings.updateInclusiveExclusive',
  'payments/taxesSettings.manageRates',
  'payments/taxesSettings.configureAutomatic',
  'products.readonly',
  'products.write',
  'products.delete',
  'products.duplicate',
  'products.bulkActions',
  'payments/settings.write',
  'payments/settings.configureReceipt',
  'payments/settings.configureSubscription',
  'invoices.write',
  'invoices.readonly',
  'invoices/schedule.readonly',
  'invoices/schedule.write',
  'invoices/template.readonly',
  'invoices/template.write',
  'reputation/review.write',
  'reputation/listing.write',
  'reputation/reviewsAIAgents.write',
  'reputation/gbp.write',
  'conversations.write',
  'conversations.readonly',
  'conversations/message.readonly',
  'conversations/message.write',
  'contentAI.write',
  'ai-studio.readonly',
  'ai-studio.write',
  'dashboard/stats.readonly',
  'locations/tags.write',
  'locations/tags.readonly',
  'marketing.write',
  'eliza.write',
  'settings.write',
  'socialplanner/post.write',
  'socialplanner/account.readonly',
  'socialplanner/account.write',
  'socialplanner/category.readonly',
  'socialplanner/category.write',
  'socialplanner/csv.readonly',
  'socialplanner/csv.write',
  'socialplanner/group.write',
  'socialplanner/hashtag.readonly',
  'socialplanner/hashtag.write',
  'socialplanner/oauth.readonly',
  'socialplanner/oauth.write',
  'socialplanner/post.readonly',
  'socialplanner/recurring.readonly',
  'socialplanner/recurring.write',
  'socialplanner/review.readonly',
  'socialplanner/review.write',
  'socialplanner/rss.readonly',
  'socialplanner/rss.write',
  'socialplanner/search.readonly',
  'socialplanner/setting.readonly',
  'socialplanner/setting.write',
  'socialplanner/stat.readonly',
  'socialplanner/tag.readonly',
  'socialplanner/tag.write',
  'socialplanner/filters.readonly',
  'socialplanner/medias.readonly',
  'socialplanner/medias.write',
  'socialplanner/watermarks.readonly',
  'socialplanner/watermarks.write',
  'socialplanner/metatag.readonly',
  'socialplanner/facebook.readonly',
  'socialplanner/linkedin.readonly',
  'socialplanner/twitter.readonly',
  'socialplanner/notification.readonly',
  'socialplanner/notification.write',
  'socialplanner/snapshot.readonly',
  'socialplanner/snapshot.write',
  'marketing/affiliate.write',
  'blogs.write',
  'membership.write',
  'communities.write',
  'gokollab.write',
  'certificates.write',
  'certificates.readonly',
  'adPublishing.write',
  'adPublishing.readonly',
  'prospecting.write',
  'prospecting.readonly',
  'prospecting/reports.readonly',
  'private-integration-location.readonly',
  'private-integration-location.write',
  'private-integration-company.readonly',
  'private-integration-company.write',
  'native-integrations.readonly',
  'native-integrations.write',
  'wordpress.write',
  'wordpress.read',
  'custom-menu-link.write',
  'qrcodes.write',
  'users/team-management.write',
  'users/team-management.readonly',
  'loginas.write',
  'users-sso-login-management.write',
  'users-sso-login-management.readonly',
  'sso-config.write',
  'snapshots/api.readonly',
  'snapshots/api.create',
  'snapshots/api.edit',
  'snapshots/api.push',
  'snapshots/api.refresh',
  'snapshots/api.share',
  'snapshots/api.delete',
  'internaltools.location-transfer.write',
  'internaltools.location-transfer.readonly',
  'affiliateportal.write',
  'affiliateportal.readonly',
  'companies.write',
  'internaltools.billing.write',
  'internaltools.billing.readonly',
  'internaltools.billing-common.readonly',
  'internaltools.billing-common.write',
  'voice-ai-agents.write',
  'voice-ai-agents.readonly',
  'voice-ai-common.readonly',
  'voice-ai-common.write',
  'voice-ai-agent-goals.readonly',
  'voice-ai-agent-goals.write',
  'voice-ai-dashboard.readonly',
  'agency/launchpad.write',
  'agency/launchpad.readonly',
  'launchpad/location.write',
  'launchpad/location.readonly',
  'text-ai-agents.write',
  'text-ai-agent-goals.readonly',
  'text-ai-agent-goals.write',
  'text-ai-agent-training.write',
  'text-ai-agents-dashboard.readonly',
  'locations.create',
  'locations.delete',
  'askai.write',
  'copilot.readonly',
  'locations.export.list',
  'locations.features-limits.manage',
  'locations.pause-resume',
  'locations.agency-subaccounts.manage',
  'locations.billing.manage',
  'locations.details.manage',
  'audit-logs.readonly',
  'audit-logs.export',
];

/**
 * What a scope code looks like, for HighLevel mode's open world: every documented code fits, and
 * so do codes no document lists yet (docs/highlevel-behaviour.md U14).
 */
export const SCOPE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;

/** `platformLanguage` enum. */
export const PLATFORM_LANGUAGES: readonly string[] = [
  'en_US',
  'es',
  'fr_CA',
  'fr_FR',
  'nl',
  'de',
  'pt_PT',
  'pt_BR',
  'it',
  'sv',
  'da',
  'fi',
  'no',
];

/**
 * PermissionsDto: every key with its documented default. A user object always carries all of
 * them; a create request may send any subset, the rest take these defaults.
 */
export const PERMISSION_DEFAULTS: Readonly<Record<string, boolean>> = {
  campaignsEnabled: true,
  campaignsReadOnly: false,
  contactsEnabled: true,
  workflowsEnabled: true,
  workflowsReadOnly: false,
  triggersEnabled: true,
  funnelsEnabled: true,
  websitesEnabled: false,
  opportunitiesEnabled: true,
  dashboardStatsEnabled: true,
  bulkRequestsEnabled: true,
  appointmentsEnabled: true,
  reviewsEnabled: true,
  onlineListingsEnabled: true,
  phoneCallEnabled: true,
  conversationsEnabled: true,
  assignedDataOnly: false,
  adwordsReportingEnabled: false,
  membershipEnabled: false,
  facebookAdsReportingEnabled: false,
  attributionsReportingEnabled: false,
  settingsEnabled: true,
  tagsEnabled: true,
  leadValueEnabled: true,
  marketingEnabled: true,
  agentReportingEnabled: true,
  botService: false,
  socialPlanner: true,
  bloggingEnabled: true,
  invoiceEnabled: true,
  affiliateManagerEnabled: true,
  contentAiEnabled: true,
  refundsEnabled: true,
  recordPaymentEnabled: true,
  cancelSubscriptionEnabled: true,
  paymentsEnabled: true,
  communitiesEnabled: true,
  exportPaymentsEnabled: true,
};

export const PERMISSION_KEYS: readonly string[] = Object.keys(PERMISSION_DEFAULTS);

/**
 * A switch live users carry that PermissionsDto does not list (docs/highlevel-behaviour.md U4):
 * seeded users have it in HighLevel mode; spec mode leaves it out.
 */
export const UNDOCUMENTED_SEED_PERMISSION = 'opportunitiesBulkActionsEnabled';
/**
 * Scopes every sandbox-minted OAuth token carries unless told otherwise: what the Users
 * integration asks for (users.readonly, users.write, locations.readonly) plus the two OAuth
 * scopes an agency app typically requests.
 */
export const DEFAULT_TOKEN_SCOPES: readonly string[] = [
  'users.readonly',
  'users.write',
  'locations.readonly',
  'oauth.readonly',
  'oauth.write',
];

/** Scopes a seeded or newly created user gets when none are sent (a typical sub-account user). */
export const DEFAULT_USER_SCOPES: readonly string[] = [
  'campaigns.readonly',
  'calendars.readonly',
  'calendars/events.write',
  'contacts.write',
  'workflows.readonly',
  'opportunities.write',
  'conversations.write',
  'conversations.readonly',
  'conversations/message.readonly',
  'conversations/message.write',
  'dashboard/stats.readonly',
  'medias.readonly',
  'invoices.readonly',
  'payments/orders.readonly',
  'reporting/reports.readonly',
  'socialplanner/post.readonly',
  'locations/tags.readonly',
];

/** HighLevel's documented API 2.0 limits: 100 requests / 10 s burst and 200,000 / day per resource. */
export const DEFAULT_RATE_LIMIT = { burst: 100, windowMs: 10_000, daily: 200_000 } as const;

export const DAY_MS = 86_400_000;

/** Access tokens live "a day" (the token response says expires_in 86399). */
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 86_399;

/** "The refresh tokens are valid for a year unless they are used." */
export const REFRESH_TOKEN_TTL_MS = 365 * DAY_MS;

/** Authorization codes: single use, 10 minutes. */
export const AUTH_CODE_TTL_MS = 10 * 60_000;

/** Error messages seen from HighLevel (reference/README.md, "Facts that are easy to miss"). */
export const MSG = {
  invalidJwt: 'Invalid JWT',
  scope: 'The token is not authorized for this scope.',
  location: 'The token does not have access to this location.',
  company: 'The token does not have access to this company.',
  versionMissing: 'Version header was not found',
  tooMany: 'Too Many Requests',
  userNotFound: 'User not found',
  locationNotFound: 'Location not found',
  userExists: 'User already exists with this email',
  emailImmutable: 'Email cannot be updated',
  companyIdRequired: 'companyId is required for agency-level access',
  locationInactive: 'Location is not active',
  refreshTokenInvalid: 'Invalid grant: refresh token is invalid',
  /** No source gives HighLevel's wording for a bad code; this follows the refresh token's. */
  codeInvalid: 'Invalid grant: authorization code is invalid',
} as const;
