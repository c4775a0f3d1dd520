// OAuth2 (Authorization Code) against HighLevel, for agencies and sub-accounts alike.
import type { Authentication, Bundle, HttpResponse, ZObject } from 'zapier-platform-core';
import { apiBaseUrl, authorizeBaseUrl, OAUTH_SCOPES } from './lib/config';
import { callApi, describeNetworkError, throttled, withoutContext } from './lib/http';
import { ghlMessage, HIGHLEVEL } from './lib/messages';
import { schemas, type TokenResponse } from './lib/schemas';
import { mapUser, userLabel, type UserOutput } from './lib/users';
import { parseResponse, pathId } from './lib/validate';

/** HighLevel's two token levels, as its token endpoint names them in `user_type`. */
export const ACCOUNT_LEVELS = { Company: 'Agency', Location: 'Sub-account' } as const;
export type AccountLevel = keyof typeof ACCOUNT_LEVELS;

const accountLevel = (value: unknown): AccountLevel =>
  value === 'Location' ? 'Location' : 'Company';

const authorizeUrl = async (_z: ZObject, bundle: Bundle): Promise<string> => {
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: process.env.CLIENT_ID ?? '',
    redirect_uri: String(bundle.inputData.redirect_uri ?? ''),
    state: String(bundle.inputData.state ?? ''),
    scope: OAUTH_SCOPES.join(' '),
  };
  // encodeURIComponent writes spaces as %20, which every OAuth server reads as a space.
  const query = Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return `${authorizeBaseUrl()}/v2/oauth/chooselocation?${query}`;
};

/** The authData a connection keeps: tokens plus who and where it is (never asked of users again). */
const accountData = (token: TokenResponse) => ({
  access_token: token.access_token,
  refresh_token: token.refresh_token ?? '',
  ...(token.companyId ? { companyId: token.companyId } : {}),
  ...(token.locationId ? { locationId: token.locationId } : {}),
  ...(token.userType ? { userType: token.userType } : {}),
  ...(token.userId ? { userId: token.userId } : {}),
});

const requestToken = async (
  z: ZObject,
  form: Record<string, string | undefined>,
  failure: (response: HttpResponse, message: string) => Error,
): Promise<TokenResponse> => {
  const body = Object.fromEntries(
    Object.entries(form).filter(([, v]) => v !== undefined && v !== ''),
  );
  // Outside the try: a bad GHL_API_BASE_URL is a setup error to show as is, not a network failure.
  const url = `${apiBaseUrl()}/oauth/token`;
  let response: HttpResponse;
  try {
    response = await z.request({
      url,
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      skipThrowForStatus: true,
    });
  } catch (err) {
    // A reset or timeout says nothing about the tokens: not "reconnect", just "try again".
    throw new z.errors.Error(
      `Could not reach ${HIGHLEVEL}'s sign-in service: ${describeNetworkError(err)}. Please try again in a few minutes.`,
      'network_error',
    );
  }
  if (response.status >= 500) {
    throw new z.errors.Error(
      `${HIGHLEVEL}'s sign-in service is having trouble (HTTP ${response.status}). Please try again in a few minutes.`,
      'server_error',
      response.status,
    );
  }
  // The same limits and headers as every other call (burst or daily).
  if (response.status === 429) throw throttled(z, response);
  if (response.status >= 400)
    throw failure(response, ghlMessage(response) || `HTTP ${response.status}`);
  return parseResponse(schemas().tokenResponse, response.data, 'the token request');
};

const getAccessToken = async (z: ZObject, bundle: Bundle) => {
  const token = await requestToken(
    z,
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      grant_type: 'authorization_code',
      code: String(bundle.inputData.code ?? ''),
      user_type: accountLevel(bundle.inputData.userType),
      redirect_uri: String(bundle.inputData.redirect_uri ?? ''),
    },
    (_response, message) =>
      new z.errors.Error(
        `${HIGHLEVEL} did not accept the sign-in (${message}). Start the connection again; if it keeps ` +
          `failing, check that the Account Level you chose matches what you picked on HighLevel's page.`,
        'oauth_failed',
      ),
  );
  return accountData(token);
};

// HighLevel rotates refresh tokens: the one just used is dead, so the new one must be returned
// (and stored by Zapier) every time, together with any account fields HighLevel sends back.
const refreshAccessToken = async (z: ZObject, bundle: Bundle) => {
  const token = await requestToken(
    z,
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      grant_type: 'refresh_token',
      refresh_token: bundle.authData.refresh_token,
      user_type: bundle.authData.userType ? accountLevel(bundle.authData.userType) : undefined,
      redirect_uri: bundle.inputData?.redirect_uri
        ? String(bundle.inputData.redirect_uri)
        : undefined,
    },
    (_response, message) =>
      withoutContext(
        new z.errors.ExpiredAuthError(
          `Your ${HIGHLEVEL} connection has expired or was revoked (${message}). Reconnect your HighLevel account in Zapier.`,
        ),
      ),
  );
  const data = accountData(token);
  if (!token.refresh_token) {
    // Keep the stored refresh token only if HighLevel did not rotate it.
    data.refresh_token = bundle.authData.refresh_token ?? '';
  }
  return data;
};

const test = async (z: ZObject, bundle: Bundle): Promise<UserOutput> => {
  const userId = bundle.authData.userId;
  if (!userId) {
    throw new z.errors.Error(
      'This connection does not know which HighLevel user installed it (no userId). Reconnect your HighLevel ' +
        'account; with a Private Integration Token, set authData_userId to your HighLevel user ID.',
      'missing_user_id',
    );
  }
  const data = await callApi(z, { path: `/users/${pathId(userId, 'userId', 'User ID')}` });
  return mapUser(parseResponse(schemas().user, data, 'the connection test'));
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
        'and agency users), or **Sub-account** to work only in one location. Pick the same level on ' +
        "HighLevel's next page.",
    },
  ],
  oauth2Config: {
    authorizeUrl,
    getAccessToken,
    refreshAccessToken,
    // Core's autoRefresh turns EVERY 401 into a refresh, including HighLevel's "not authorized for
    // this scope" 401, which a new token cannot fix. lib/http.ts raises RefreshAuthError itself,
    // only for an expired or invalid token.
    autoRefresh: false,
    scope: OAUTH_SCOPES.join(' '),
  },
  test,
  connectionLabel,
} satisfies Authentication;
