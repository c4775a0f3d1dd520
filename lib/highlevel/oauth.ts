// The token endpoint (POST /oauth/token): the sign-in's code exchange and the refresh, and what each
// of HighLevel's refusals means. HighLevel answers `{statusCode, message}` ("Invalid parameter: …",
// "Invalid grant: …", "Location is not active"); RFC 6749's `{error, error_description}` is read too.
// docs/highlevel-behaviour.md, "Tokens, refresh and errors".
import type { Bundle, HttpResponse, ZObject } from 'zapier-platform-core';
import { errors } from 'zapier-platform-core';
import packageJson from '../../package.json';
import { isSecretText, withoutContext } from '../safety/secrets';
import { asString } from '../safety/values';
import { HIGHLEVEL } from '../text';
import { describeNetworkError, isTooLarge, tooLarge } from './client';
import { apiBaseUrl } from './config';
import { HighLevelError, refuseNonFinal, safeMessage, throttled } from './errors';
import { parseAnswer, tokenResponse, type TokenResponse } from './schemas';

/** HighLevel's two token levels, as its token endpoint names them in `user_type`. */
export const ACCOUNT_LEVELS = { Company: 'Agency', Location: 'Sub-account' } as const;
export type AccountLevel = keyof typeof ACCOUNT_LEVELS;

export const accountLevel = (value: unknown): AccountLevel =>
  value === 'Location' ? 'Location' : 'Company';

type Flow = 'sign-in' | 'refresh';

// Wrong app credentials are the deployment's, not the user's: no reconnect can fix them, and an
// error carrying a 4xx status from a refresh could make Zapier mark a working connection stale.
const appCredentials = (said: string): Error =>
  withoutContext(
    new HighLevelError(
      `${HIGHLEVEL} did not accept this integration's app credentials${said}. Reconnecting will not ` +
        "help: whoever deployed this integration must set the HighLevel Marketplace app's client ID " +
        `and secret with \`npx zapier-platform env:set ${packageJson.version} CLIENT_ID=… CLIENT_SECRET=…\`.`,
      'invalid_client',
    ),
  );

const CLIENT_PARAMETER = /(invalid|missing) parameter:\s*client_?(id|secret)\b/i;
const PARAMETER = /(invalid|missing) parameter:\s*([A-Za-z_]+)/i;

/** The error for a refused token request: its cause in HighLevel's words, and the fix. */
const tokenFailure = (flow: Flow, response: HttpResponse, message: string): Error => {
  const said = ` (${HIGHLEVEL} said: "${message}")`;
  const rfcError = (response.data as { error?: unknown } | undefined)?.error;
  if (/location is not active/i.test(message)) {
    // A paused sub-account: the same refresh token works again once it is active (T3).
    return new HighLevelError(
      flow === 'refresh'
        ? `${HIGHLEVEL} could not renew this connection because its sub-account is paused or ` +
            `inactive${said}. Reactivate the sub-account in HighLevel; the connection then works ` +
            'again by itself, with no need to reconnect.'
        : `${HIGHLEVEL} could not connect because the sub-account is paused or inactive${said}. ` +
            'Reactivate it in HighLevel, then connect again.',
      'location_inactive',
    );
  }
  if (CLIENT_PARAMETER.test(message) || rfcError === 'invalid_client' || response.status === 401) {
    return appCredentials(said);
  }
  if (flow === 'refresh' && (/invalid[ _]grant/i.test(message) || rfcError === 'invalid_grant')) {
    // HighLevel rotates refresh tokens and accepts each once. Two steps of one connection that
    // renew at the same moment both send it; one wins, and Zapier keeps the winner's tokens. The
    // loser cannot tell a lost race from a revoked token, so it does not mark the connection dead.
    return new HighLevelError(
      `${HIGHLEVEL} refused this connection's refresh token because it was already used${said}. ` +
        'That happens when several steps of the same connection renew it at the same moment: one ' +
        'of them succeeded and the connection keeps working, so replay this run. If every run ' +
        'fails this way, reconnect your HighLevel account in Zapier.',
      'refresh_token_used',
    );
  }
  const parameter = PARAMETER.exec(message)?.[2]?.toLowerCase().replace('_', '');
  if (parameter === 'redirecturi') {
    return new HighLevelError(
      `${HIGHLEVEL} refused the sign-in's return address${said}. Reconnecting will not help: ` +
        "whoever deployed this integration must add Zapier's redirect URL to the HighLevel " +
        'Marketplace app (`npx zapier-platform describe` prints it).',
      'redirect_uri_refused',
    );
  }
  if (flow === 'sign-in') {
    return new HighLevelError(
      `${HIGHLEVEL} did not accept the sign-in${said}. Start the connection again; if it keeps ` +
        "failing, check that the Account Level you chose matches what you picked on HighLevel's page.",
      'oauth_failed',
    );
  }
  if (parameter !== undefined) {
    // A request the app built that HighLevel calls malformed: the connection is not to blame.
    return new HighLevelError(
      `${HIGHLEVEL} refused to renew this connection${said}. This is a fault of the integration, not ` +
        'of your connection: please replay this run later, and tell whoever runs this integration.',
      'refresh_refused',
    );
  }
  return withoutContext(
    new errors.ExpiredAuthError(
      `Your ${HIGHLEVEL} connection has expired or was revoked (${message}). Reconnect your HighLevel account in Zapier.`,
    ),
  );
};

/**
 * POSTs the form to the token endpoint and reads the answer. The code goes into the call's
 * authData first: core's log censoring covers authData values, not a form body's.
 */
const requestToken = async (
  z: ZObject,
  bundle: Bundle,
  flow: Flow,
  form: Record<string, string | undefined>,
): Promise<TokenResponse> => {
  const body = Object.fromEntries(
    Object.entries(form).filter(([, v]) => v !== undefined && v !== ''),
  );
  // Core's log censoring skips values shorter than 6 characters, and HighLevel's are far longer:
  // a short one is a setup or a damaged sign-in, refused before it can reach a log line.
  if (!body.client_id || !isSecretText(body.client_secret)) {
    throw appCredentials(` (${!body.client_id ? 'CLIENT_ID' : 'CLIENT_SECRET'} is not set)`);
  }
  for (const key of ['code', 'refresh_token'] as const) {
    const value = body[key];
    if (value !== undefined && !isSecretText(value)) {
      throw new HighLevelError(
        `The ${key === 'code' ? 'sign-in code HighLevel sent back' : "connection's refresh token"} is ` +
          'malformed. Start the connection again in Zapier.',
        'malformed_secret',
      );
    }
  }
  // Never stored: the connection's authData is what the OAuth calls return.
  if (body.code) bundle.authData = { ...bundle.authData, authorization_code: body.code };
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
    if (isTooLarge(err)) throw tooLarge('POST', '/oauth/token');
    // A reset or timeout says nothing about the tokens: not "reconnect", just "try again".
    throw new HighLevelError(
      `Could not reach ${HIGHLEVEL}'s sign-in service: ${describeNetworkError(err)}. Please try again in a few minutes.`,
      'network_error',
    );
  }
  refuseNonFinal(response, `${HIGHLEVEL}'s sign-in service`);
  if (response.status >= 500) {
    throw new HighLevelError(
      `${HIGHLEVEL}'s sign-in service is having trouble (HTTP ${response.status}). Please try again in a few minutes.`,
      'server_error',
    );
  }
  // The same limits and headers as every other call (burst or daily).
  if (response.status === 429) throw throttled(response);
  if (response.status >= 400) {
    // HighLevel's (or a proxy's) words may quote the code, the refresh token or the client secret:
    // the same scrubbing as every API answer, which reads them from the form the request sent.
    throw tokenFailure(
      flow,
      response,
      safeMessage(response, undefined) || `HTTP ${response.status}`,
    );
  }
  return parseAnswer(tokenResponse(), response.data, 'the token request');
};

const textOf = (value: unknown): string | undefined => asString(value).trim() || undefined;

/** The authData a connection keeps: tokens plus who and where it is (never asked of users again). */
const accountData = (token: TokenResponse) => {
  const fields = {
    companyId: textOf(token.companyId),
    locationId: textOf(token.locationId),
    userType: textOf(token.userType),
    userId: textOf(token.userId),
  };
  return {
    access_token: token.access_token,
    refresh_token: token.refresh_token ?? '',
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
  } as Record<string, string>;
};

const CLIENT = () => ({
  client_id: process.env.CLIENT_ID,
  client_secret: process.env.CLIENT_SECRET,
});

/** The sign-in's code exchange. The connection follows the token's level (a bulk installation). */
export const exchangeCode = async (z: ZObject, bundle: Bundle): Promise<Record<string, string>> =>
  accountData(
    await requestToken(z, bundle, 'sign-in', {
      ...CLIENT(),
      grant_type: 'authorization_code',
      code: String(bundle.inputData.code ?? ''),
      user_type: accountLevel(bundle.inputData.userType),
      redirect_uri: String(bundle.inputData.redirect_uri ?? ''),
    }),
  );

const IDENTITY = [
  ['companyId', 'agency'],
  ['locationId', 'sub-account'],
  ['userType', 'account level'],
] as const;

/**
 * What in a renewed token names another account than the connection's: later steps must never act
 * in another agency or sub-account. A field the answer leaves out keeps the stored value.
 */
const otherAccount = (stored: Bundle['authData'], renewed: Record<string, string>): string[] =>
  IDENTITY.filter(([key]) => {
    const before = textOf(stored[key]);
    const after = renewed[key];
    if (key === 'locationId') return after !== undefined ? after !== before : false;
    return before !== undefined && after !== undefined && after !== before;
  }).map(([, what]) => what);

// HighLevel rotates refresh tokens: the one just used is dead, so the new one must be returned
// (and stored by Zapier) every time, together with any account fields HighLevel sends back.
export const renewToken = async (z: ZObject, bundle: Bundle): Promise<Record<string, string>> => {
  if (!bundle.authData.refresh_token) {
    // A Private Integration Token has no refresh token: a refused one was revoked.
    throw withoutContext(
      new errors.ExpiredAuthError(
        `${HIGHLEVEL} no longer accepts this connection's token, and it has no refresh token to renew ` +
          'it. Reconnect your HighLevel account in Zapier.',
      ),
    );
  }
  const renewed = accountData(
    await requestToken(z, bundle, 'refresh', {
      ...CLIENT(),
      grant_type: 'refresh_token',
      refresh_token: bundle.authData.refresh_token,
      user_type: bundle.authData.userType ? accountLevel(bundle.authData.userType) : undefined,
      redirect_uri: bundle.inputData?.redirect_uri
        ? String(bundle.inputData.redirect_uri)
        : undefined,
    }),
  );
  const changed = otherAccount(bundle.authData, renewed);
  if (changed.length) {
    throw withoutContext(
      new errors.ExpiredAuthError(
        `${HIGHLEVEL} renewed this connection for another account (its ${changed.join(' and ')} ` +
          'changed), so nothing was stored and no step will act there. Reconnect your HighLevel ' +
          'account in Zapier.',
      ),
    );
  }
  // The stored identity stays where the answer is silent; a refresh token HighLevel did not
  // rotate is kept.
  return {
    ...Object.fromEntries(
      IDENTITY.map(([key]) => [key, textOf(bundle.authData[key])]).filter(
        ([, value]) => value !== undefined,
      ),
    ),
    ...(textOf(bundle.authData.userId) ? { userId: bundle.authData.userId as string } : {}),
    ...renewed,
    refresh_token: renewed.refresh_token || bundle.authData.refresh_token,
  };
};
