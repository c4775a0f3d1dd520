/**
 * OAuth 2.0 Authorization Code flow, HighLevel style.
 *
 * - GET /oauth/chooselocation (also /v2/oauth/chooselocation, the current documented path):
 *   HighLevel shows an account picker (the agency, or one of its sub-accounts). The sandbox
 *   renders a tiny HTML page with one link per choice; following a link (the same URL plus
 *   `choose=agency` or `choose=<locationId>`) consents at once and redirects to
 *   `redirect_uri?code=...&state=...`.
 * - POST /oauth/token: application/x-www-form-urlencoded only. Every error is 400 with
 *   HighLevel's own `{statusCode, message}` (behaviour.ts `tokenError`): "Missing parameter: …",
 *   "Invalid parameter: …", "Invalid grant: …", "Location is not active".
 * - With bulk installation on (`st.bulkInstall`), choosing a sub-account yields a Company token
 *   (behaviour.ts `consentGrant`).
 */
import type { TokenUserType } from './auth';
import {
  consentGrant,
  inactiveLocationRefreshAnswer,
  invalidRefreshAnswer,
  tokenError,
} from './behaviour';
import { MSG } from './constants';
import { isPaused, type RequestContext, type SandboxState } from './context';
import { contentTypeOf, escapeHtml, type RouteResult } from './http-util';

function htmlPage(title: string, body: string): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;color:#1f2937}' +
    'a{display:block;padding:.75rem 1rem;margin:.5rem 0;border:1px solid #d1d5db;border-radius:.5rem;' +
    'text-decoration:none;color:#111827}a:hover{background:#f3f4f6}small{color:#6b7280}</style>' +
    `</head><body>${body}</body></html>`
  );
}

function htmlError(status: number, message: string): RouteResult {
  return {
    status,
    raw: htmlPage(
      'Authorization error',
      `<h1>Authorization error</h1><p>${escapeHtml(message)}</p>`,
    ),
    contentType: 'text/html; charset=utf-8',
  };
}

export function chooseLocation(ctx: RequestContext, st: SandboxState): RouteResult {
  const q = ctx.query;
  if (q.response_type !== 'code') return htmlError(400, 'response_type must be "code".');
  if (q.client_id !== st.clientId) return htmlError(400, 'Unknown client_id.');
  const redirectUri = q.redirect_uri ?? '';
  let redirect: URL;
  try {
    redirect = new URL(redirectUri);
  } catch {
    return htmlError(400, 'redirect_uri must be an absolute URL.');
  }
  // URLSearchParams already turned '+' into spaces; scopes are space-separated.
  const scopes = (q.scope ?? '').split(/\s+/).filter((s) => s !== '');
  if (scopes.length === 0) return htmlError(400, 'scope is required (space-separated scopes).');

  const choose = q.choose;
  if (choose === undefined || choose === '') {
    const linkFor = (value: string): string => {
      const params = new URLSearchParams(q);
      params.set('choose', value);
      return `${ctx.path}?${params.toString()}`;
    };
    const { company, locations } = st.store;
    const items = [
      `<a href="${escapeHtml(linkFor('agency'))}">Agency (${escapeHtml(company.name)})<br>` +
        `<small>user_type=Company &middot; companyId ${escapeHtml(company.id)}</small></a>`,
      ...locations.map(
        (l) =>
          `<a href="${escapeHtml(linkFor(l.id))}">${escapeHtml(l.name)}<br>` +
          `<small>${st.bulkInstall ? 'bulk installation: user_type=Company' : 'user_type=Location'}` +
          ` &middot; locationId ${escapeHtml(l.id)}</small></a>`,
      ),
    ];
    return {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      raw: htmlPage(
        'Choose an account',
        `<h1>Choose an account</h1><p>The app is requesting: <code>${escapeHtml(scopes.join(' '))}</code></p>` +
          items.join(''),
      ),
    };
  }

  let chosen: TokenUserType;
  let locationId: string | undefined;
  if (choose === 'agency') {
    chosen = 'Company';
  } else if (st.store.locationById.has(choose)) {
    chosen = 'Location';
    locationId = choose;
  } else {
    return htmlError(400, 'Unknown account.');
  }
  const { userType, bulk } = consentGrant(st.bulkInstall, chosen);
  const code = st.tokens.issueCode(
    st.clientId,
    redirectUri,
    st.grantFor(userType, locationId, scopes, bulk),
  );
  redirect.searchParams.set('code', code);
  if (q.state !== undefined) redirect.searchParams.set('state', q.state);
  return { status: 302, headers: { Location: redirect.toString() }, raw: '' };
}

const USER_TYPES: readonly TokenUserType[] = ['Company', 'Location'];

/** Form field → the camelCase name HighLevel's token errors use ("Missing parameter: clientId"). */
const PARAM = {
  client_id: 'clientId',
  client_secret: 'clientSecret',
  grant_type: 'grantType',
  code: 'code',
  refresh_token: 'refreshToken',
  user_type: 'userType',
  redirect_uri: 'redirectUri',
} as const;

const missing = (st: SandboxState, field: keyof typeof PARAM): RouteResult =>
  tokenError(st.spec, `Missing parameter: ${PARAM[field]}`);
const invalid = (st: SandboxState, field: keyof typeof PARAM): RouteResult =>
  tokenError(st.spec, `Invalid parameter: ${PARAM[field]}`);

export function token(ctx: RequestContext, st: SandboxState): RouteResult {
  // Only a form body is read: any other body carries no parameters, so the first is missing.
  const form = new URLSearchParams(
    contentTypeOf(ctx.headers) === 'application/x-www-form-urlencoded'
      ? ctx.rawBody.toString('utf8')
      : '',
  );
  const get = (k: keyof typeof PARAM): string | undefined => {
    const v = form.get(k);
    return v === null || v === '' ? undefined : v;
  };
  for (const field of ['client_id', 'client_secret', 'grant_type'] as const) {
    if (get(field) === undefined) return missing(st, field);
  }
  if (get('client_id') !== st.clientId) return invalid(st, 'client_id');
  if (get('client_secret') !== st.clientSecret) return invalid(st, 'client_secret');
  const grantType = get('grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return invalid(st, 'grant_type');
  }
  const userTypeRaw = get('user_type');
  if (userTypeRaw !== undefined && !(USER_TYPES as readonly string[]).includes(userTypeRaw)) {
    return invalid(st, 'user_type');
  }
  const userType = userTypeRaw as TokenUserType | undefined;

  if (grantType === 'authorization_code') {
    const code = get('code');
    if (code === undefined) return missing(st, 'code');
    const rec = st.tokens.peekCode(code, st.clientId);
    if (!rec) return tokenError(st.spec, MSG.codeInvalid);
    if (get('redirect_uri') !== rec.redirectUri) return invalid(st, 'redirect_uri');
    // HighLevel issues a Location token unless user_type=Company is asked for; the requested type
    // must match what the installing user picked (the agency, or a sub-account). A bulk
    // installation answers a Company token whichever was asked for.
    const requested = userType ?? 'Location';
    if (requested !== rec.grant.userType && !rec.grant.bulk) return invalid(st, 'user_type');
    st.tokens.consumeCode(code);
    return {
      status: 200,
      json: st.tokens.issue(rec.grant, st.accessTokenTtlSeconds),
      headers: { 'Cache-Control': 'no-store' },
    };
  }

  const refreshToken = get('refresh_token');
  if (refreshToken === undefined) return missing(st, 'refresh_token');
  const grant = st.tokens.peekRefresh(refreshToken);
  if (!grant) return invalidRefreshAnswer(st.spec);
  if (userType !== undefined && userType !== grant.userType) return invalid(st, 'user_type');
  // A paused sub-account: refused, but the refresh token stays valid for after the resume.
  if (isPaused(st, grant)) return inactiveLocationRefreshAnswer(st.spec);
  const set = st.tokens.rotate(refreshToken, st.accessTokenTtlSeconds);
  if (!set) return invalidRefreshAnswer(st.spec);
  return { status: 200, json: set, headers: { 'Cache-Control': 'no-store' } };
}
