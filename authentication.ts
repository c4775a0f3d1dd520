// OAuth2 (Authorization Code) against HighLevel, for agencies and sub-accounts alike.
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import packageJson from './package.json';
import { authorizeBaseUrl, OAUTH_SCOPES } from './lib/highlevel/config';
import { ACCOUNT_LEVELS, accountLevel, exchangeCode, renewToken } from './lib/highlevel/oauth';
import { SCOPE_CODE } from './lib/highlevel/scopes';
import { getUser, userLabel, type UserOutput } from './lib/highlevel/user';
import { pathId } from './lib/safety/checks';
import { withoutContext } from './lib/safety/secrets';

// The README of the agency's own copy (package.json `homepage`), for the Account Level help.
const { homepage } = packageJson as { homepage?: unknown };
const HOMEPAGE = typeof homepage === 'string' ? homepage : '';

/**
 * The scopes a connection asks for: OAUTH_SCOPES, plus the agency's EXTRA_SCOPES (space or comma
 * separated) for what its Zaps call with API Request. Each must be offered by the Marketplace app.
 */
export const requestedScopes = (z: ZObject): string[] => {
  const extra = (process.env.EXTRA_SCOPES ?? '').split(/[\s,]+/).filter(Boolean);
  const bad = extra.find((scope) => !SCOPE_CODE.test(scope));
  if (bad !== undefined) {
    throw withoutContext(
      new z.errors.Error(
        "This integration's list of extra HighLevel scopes is not valid, so it cannot connect. " +
          `Whoever deployed it must list scope codes separated by spaces or commas, like ` +
          `"contacts.readonly contacts.write" ("${bad.slice(0, 60)}" is not one).`,
        'setup_error',
      ),
    );
  }
  return [...new Set<string>([...OAUTH_SCOPES, ...extra])];
};

const authorizeUrl = async (z: ZObject, bundle: Bundle): Promise<string> => {
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: process.env.CLIENT_ID ?? '',
    redirect_uri: String(bundle.inputData.redirect_uri ?? ''),
    state: String(bundle.inputData.state ?? ''),
    scope: requestedScopes(z).join(' '),
  };
  // encodeURIComponent writes spaces as %20, which every OAuth server reads as a space.
  const query = Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return `${authorizeBaseUrl()}/v2/oauth/chooselocation?${query}`;
};

// Named for the OAuth step each is, as Zapier's logs and the tests call them.
const getAccessToken = (z: ZObject, bundle: Bundle) => exchangeCode(z, bundle);

const refreshAccessToken = (z: ZObject, bundle: Bundle) => renewToken(z, bundle);

const test = async (z: ZObject, bundle: Bundle): Promise<UserOutput> => {
  const userId = bundle.authData.userId;
  if (!userId) {
    throw new z.errors.Error(
      'This connection does not know which HighLevel user installed it. Reconnect your HighLevel ' +
        'account in Zapier.',
      'missing_user_id',
    );
  }
  return getUser(z, pathId(userId, 'userId', 'User ID'), 'the connection test');
};

const connectionLabel = async (_z: ZObject, bundle: Bundle): Promise<string> => {
  const user = bundle.inputData as Partial<UserOutput>;
  const who = userLabel({ name: user.name ?? '', email: user.email ?? '', id: user.id ?? '' });
  return `${who} · ${ACCOUNT_LEVELS[accountLevel(bundle.authData.userType)]}`;
};

export default {
  type: 'oauth2',
  fields: [
    {
      key: 'userType',
      label: 'Account Level',
      required: true,
      choices: [
        { value: 'Company', label: 'Agency', sample: 'Company' },
        { value: 'Location', label: 'Sub-account', sample: 'Location' },
      ],
      default: 'Company',
      helpText:
        'Choose **Agency** to manage users across every sub-account (needed for "New User With Email" ' +
        'and agency users), or **Sub-account** to work only in one sub-account. Pick the same level on ' +
        "HighLevel's next page." +
        (HOMEPAGE ? ` [Which one to pick](${HOMEPAGE}#account-level-agency-or-sub-account)` : ''),
    },
  ],
  oauth2Config: {
    authorizeUrl,
    getAccessToken,
    refreshAccessToken,
    // Core's autoRefresh turns EVERY 401 into a refresh, including HighLevel's "not authorized for
    // this scope" 401, which a new token cannot fix. lib/highlevel/errors.ts raises RefreshAuthError itself,
    // only for an expired or invalid token.
    autoRefresh: false,
    scope: OAUTH_SCOPES.join(' '),
  },
  test,
  connectionLabel,
} satisfies Authentication;
