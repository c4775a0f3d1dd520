// OAuth2 (Authorization Code) against HighLevel, for agencies and sub-accounts alike.
import type { Authentication, Bundle, HttpResponse, ZObject } from 'zapier-platform-core';
import packageJson from './package.json';
import { callApi, describeNetworkError } from './lib/highlevel/client';
import { apiBaseUrl, authorizeBaseUrl, OAUTH_SCOPES } from './lib/highlevel/config';
import { refuseNonFinal, safeMessage, throttled } from './lib/highlevel/errors';
import { parseAnswer, tokenResponse, type TokenResponse } from './lib/highlevel/schemas';
import { parseUser, userLabel, type UserOutput } from './lib/highlevel/user';
import { pathId } from './lib/safety/checks';
import { isSecretText, withoutContext } from './lib/safety/secrets';
import { HIGHLEVEL } from './lib/text';

// The README of the agency's own copy (package.json `homepage`), for the Account Level help.
const { homepage } = packageJson as { homepage?: unknown };
const HOMEPAGE = typeof homepage === 'string' ? homepage : '';

/** HighLevel's two token levels, as its token endpoint names them in `user_type`. */
export const ACCOUNT_LEVELS = { Company: 'Agency', Location: 'Sub-account' } as const;
export type AccountLevel = keyof typeof ACCOUNT_LEVELS;

const accountLevel = (value: unknown): AccountLevel =>
  value === 'Location' ? 'Location' : 'Company';

// A HighLevel scope code: contacts.readonly, calendars/events.write, locations/customValues.readonly.
const SCOPE_CODE = /^[a-z][a-z0-9-]*(\/[a-z][a-z0-9-]*)*(\.[a-z][a-z0-9-]*)+$/i;

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
  // Core's log censoring skips values shorter than 6 characters, and HighLevel's are far longer:
  // a short one is a setup or a damaged sign-in, refused before it can reach a log line.
  if (!isSecretText(body.client_secret)) {
    throw new z.errors.Error(
      "This integration's HighLevel app credentials are not set up correctly. Reconnecting will not " +
        'help: whoever deployed this integration must set its HighLevel client ID and secret.',
      'invalid_client',
    );
  }
  for (const key of ['code', 'refresh_token'] as const) {
    const value = body[key];
    if (value !== undefined && !isSecretText(value)) {
      throw new z.errors.Error(
        `The ${key === 'code' ? 'sign-in code HighLevel sent back' : "connection's refresh token"} is ` +
          'malformed. Start the connection again in Zapier.',
        'malformed_secret',
      );
    }
  }
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
    if (err instanceof Error && err.name === 'AppError') throw err; // the client refused a 3xx/1xx
    // A reset or timeout says nothing about the tokens: not "reconnect", just "try again".
    throw new z.errors.Error(
      `Could not reach ${HIGHLEVEL}'s sign-in service: ${describeNetworkError(err)}. Please try again in a few minutes.`,
      'network_error',
    );
  }
  refuseNonFinal(response, `${HIGHLEVEL}'s sign-in service`);
  if (response.status >= 500) {
    throw new z.errors.Error(
      `${HIGHLEVEL}'s sign-in service is having trouble (HTTP ${response.status}). Please try again in a few minutes.`,
      'server_error',
      response.status,
    );
  }
  // The same limits and headers as every other call (burst or daily).
  if (response.status === 429) throw throttled(response);
  if (response.status >= 400) {
    // HighLevel's (or a proxy's) words may quote the code, the refresh token or the client secret:
    // the same scrubbing as every API answer, which reads them from the form the request sent.
    throw failure(response, safeMessage(response, undefined) || `HTTP ${response.status}`);
  }
  return parseAnswer(tokenResponse(), response.data, 'the token request');
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

/**
 * What a refused refresh means, and the error that says so. Zapier marks a connection stale (every
 * Zap on it stops until the user reconnects) when a refresh fails with a 4xx or ExpiredAuthError,
 * so that is kept for a connection that really is dead. docs/highlevel-behaviour.md, "Refresh".
 */
const refreshFailure =
  (z: ZObject, bundle: Bundle) => (response: HttpResponse, message: string) => {
    if (/location is not active/i.test(message)) {
      // A paused sub-account: the same refresh token works again once it is active (HighLevel).
      return new z.errors.Error(
        `${HIGHLEVEL} could not renew this connection because its sub-account is paused or inactive ` +
          `(${HIGHLEVEL} said: "${message}"). Reactivate the sub-account in HighLevel; the connection then ` +
          'works again by itself, with no need to reconnect.',
        'location_inactive',
        response.status,
      );
    }
    if (response.status === 400 && /invalid grant|invalid_grant|refresh token/i.test(message)) {
      // HighLevel rotates refresh tokens and accepts each once. Two steps of one connection that
      // renew at the same moment both send it; one wins, and Zapier keeps the winner's tokens. The
      // loser cannot tell a lost race from a revoked token, so it does not mark the connection dead.
      return new z.errors.Error(
        `${HIGHLEVEL} refused this connection's refresh token because it was already used ` +
          `(${HIGHLEVEL} said: "${message}"). That happens when several steps of the same connection ` +
          'renew it at the same moment: one of them succeeded and the connection keeps working, so ' +
          'replay this run. If every run fails this way, reconnect your HighLevel account in Zapier.',
        'refresh_token_used',
        response.status,
      );
    }
    if (response.status === 401 || /invalid_client|client/i.test(message)) {
      // The Marketplace app's credentials, not the user's connection.
      return new z.errors.Error(
        `${HIGHLEVEL} did not accept this integration's app credentials (${message}). Reconnecting will not ` +
          'help: whoever deployed this integration must check its HighLevel client ID and secret.',
        'invalid_client',
        response.status,
      );
    }
    void bundle;
    return withoutContext(
      new z.errors.ExpiredAuthError(
        `Your ${HIGHLEVEL} connection has expired or was revoked (${message}). Reconnect your HighLevel account in Zapier.`,
      ),
    );
  };

// HighLevel rotates refresh tokens: the one just used is dead, so the new one must be returned
// (and stored by Zapier) every time, together with any account fields HighLevel sends back.
const refreshAccessToken = async (z: ZObject, bundle: Bundle) => {
  if (!bundle.authData.refresh_token) {
    // A Private Integration Token has no refresh token: a refused one was revoked.
    throw withoutContext(
      new z.errors.ExpiredAuthError(
        `${HIGHLEVEL} no longer accepts this connection's token, and it has no refresh token to renew ` +
          'it. Reconnect your HighLevel account in Zapier.',
      ),
    );
  }
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
    refreshFailure(z, bundle),
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
      'This connection does not know which HighLevel user installed it. Reconnect your HighLevel ' +
        'account in Zapier.',
      'missing_user_id',
    );
  }
  const data = await callApi(z, { path: `/users/${pathId(userId, 'userId', 'User ID')}` });
  return parseUser(data, 'the connection test');
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
