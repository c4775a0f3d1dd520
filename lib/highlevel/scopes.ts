// HighLevel's user scopes: the codes its documents list, and how each reads on screen ("Product
// Area: what it allows (code)"), grouped by the product area of HighLevel's menu. The list labels
// and fills the Scopes dropdowns; a well-formed code it does not know is still sent as it is.

export const USER_SCOPES = [
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
] as const;

const AREAS: Array<[RegExp, string]> = [
  [/^locations\/tags\b/, 'Sub-account'],
  [/^(funnels|forms|surveys|quizzes|websites|wordpress|blogs|qrcodes)\b/, 'Sites'],
  [/^(campaigns|workflows|triggers)\b/, 'Automation'],
  [/^(products|invoices|payments)\b/, 'Payments'],
  [/^(reputation)\b/, 'Reputation'],
  [/^(reporting|dashboard)\b/, 'Reporting'],
  [/^(socialplanner|marketing|adPublishing|eliza|contentAI)\b/, 'Marketing'],
  [/^(membership|communities|certificates|gokollab)\b/, 'Memberships'],
  [/^(voice-ai|text-ai|ai-studio|askai|copilot)/, 'AI'],
  [/^(users|loginas|users-sso|sso-config)\b/, 'Team'],
  [
    /^(locations|audit-logs|snapshots|companies|agency|launchpad|affiliateportal|internaltools|custom-menu-link|private-integration|native-integrations|prospecting|medias)/,
    'Agency and Settings',
  ],
  [/^(contacts|conversations|calendars|opportunities|pipelines|settings)\b/, 'Sub-account'],
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
  pauseResumeCancel: 'Pause, Resume and Cancel',
  'pause-resume': 'Pause and Resume',
};

// Code segments whose words do not split by themselves, in HighLevel's own spelling.
const SEGMENTS: Record<string, string> = {
  socialplanner: 'Social Planner',
  internaltools: 'Internal Tools',
  affiliateportal: 'Affiliate Portal',
  medias: 'Media',
  locations: 'Sub-accounts',
  'agency-subaccounts': 'Agency Sub-accounts',
  gokollab: 'GoKollab',
  contentAI: 'Content AI',
  loginas: 'Login As',
  qrcodes: 'QR Codes',
  wordpress: 'WordPress',
  adwords: 'Google Ads',
  facebookAds: 'Facebook Ads',
  linkedin: 'LinkedIn',
  oauth: 'OAuth',
  askai: 'Ask AI',
  'ai-studio': 'AI Studio',
  reviewsAIAgents: 'Reviews AI Agents',
};

/** "bulkActions" → "Bulk Actions", "team-management" → "Team Management". */
const segmentWords = (segment: string): string =>
  SEGMENTS[segment] ??
  segment
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

/**
 * What a scope is about, in HighLevel's words: its code's segments, without the first when it only
 * repeats the area ("reporting/reports" under Reporting is "Reports").
 */
const subjectWords = (subject: string, area: string): string => {
  const segments = subject.split(/[./]/).map(segmentWords);
  const [first, ...rest] = segments;
  const repeatsArea = first !== undefined && area.toLowerCase().startsWith(first.toLowerCase());
  return (rest.length && (repeatsArea || first === 'Sub-accounts') ? rest : segments).join(' ');
};

/** "Sub-account: Contacts Bulk Actions, Edit (contacts/bulkActions.write)" */
export const scopeLabel = (code: string): string => {
  const dot = code.lastIndexOf('.');
  const subject = dot > 0 ? code.slice(0, dot) : code;
  const verb = dot > 0 ? code.slice(dot + 1) : '';
  const action = ACTIONS[verb] ?? (verb ? segmentWords(verb) : '');
  const area = scopeArea(code);
  return `${area}: ${subjectWords(subject, area)}${action ? `, ${action}` : ''} (${code})`;
};

/** Every user scope with its label, grouped by product area (areas and codes alphabetical). */
export const scopeChoices = (): Array<{ id: string; name: string }> =>
  USER_SCOPES.map((code) => ({ id: code, name: scopeLabel(code) })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );

/**
 * What a scope code looks like (every one HighLevel documents is "area.action"): HighLevel decides
 * whether it knows it.
 */
export const SCOPE_CODE = /^(?=.{3,100}$)[A-Za-z0-9][A-Za-z0-9/_-]*(\.[A-Za-z0-9_-]+)+$/;

// Each known code by its lower case, made on first use: a mapped code is sent in HighLevel's case.
let knownByLowerCase: Map<string, string> | undefined;
const knownCode = (code: string): string =>
  (knownByLowerCase ??= new Map(USER_SCOPES.map((known) => [known.toLowerCase(), known]))).get(
    code.toLowerCase(),
  ) ?? code;

/**
 * A Scopes field's value as codes: items of a list, comma-separated codes, or the dropdown's
 * labels ("Area: Words, Action (code)") mapped from an earlier step, each read as its code.
 */
export const readScopes = (value: unknown): unknown => {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  const scopes: unknown[] = [];
  const add = (code: string): void => {
    scopes.push(knownCode(code));
  };
  for (const item of items) {
    if (typeof item !== 'string') {
      scopes.push(item);
      continue;
    }
    // Read once, part by part: a label ("Area: Words, Action (code)") spans two comma-separated
    // parts, from one holding ":" to the next ending in "(code)".
    let label: string[] | undefined;
    for (const raw of item.split(',')) {
      const part = raw.trim();
      const open = part.lastIndexOf('(');
      if (part.endsWith(')') && open !== -1 && (label !== undefined || part.includes(':'))) {
        add(part.slice(open + 1, -1).trim());
        label = undefined;
      } else if (label !== undefined) label.push(part);
      else if (part.includes(':') && !part.includes('(')) label = [part];
      else if (part !== '') add(part);
    }
    // A label never closed by its "(code)" is passed on whole, for the rule to refuse by name.
    if (label !== undefined) scopes.push(label.join(', '));
  }
  return scopes.length ? scopes : undefined;
};
