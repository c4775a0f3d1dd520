/**
 * OAuth state of the sandbox: authorization codes, access tokens and refresh tokens.
 *
 * HighLevel access tokens are JWTs; the sandbox hands out opaque random strings instead (the
 * integration must treat them as opaque anyway). What matters is the behaviour:
 * - access tokens expire (`expires_in`, about a day) and then answer 401 "Invalid JWT";
 * - refresh tokens ROTATE: a refresh returns a new refresh token and the old one is dead;
 * - authorization codes are single use, expire after 10 minutes and are bound to the client,
 *   the redirect URI, the chosen account (agency or one location) and the requested scopes.
 */
import { randomBytes } from 'crypto';
import { AUTH_CODE_TTL_MS, REFRESH_TOKEN_TTL_MS } from './constants';

export type TokenUserType = 'Company' | 'Location';

/** What a token grants: who installed the app, on which account, with which scopes. */
export interface Grant {
  userType: TokenUserType;
  companyId: string;
  locationId?: string;
  userId: string;
  scopes: string[];
  approvedLocations: string[];
  planId: string;
  /** A bulk installation: a Company grant made by choosing sub-accounts (`approvedLocations`). */
  bulk?: boolean;
}

/** The documented token response (GetAccessCodeSuccessfulResponseDto). */
export interface SandboxTokenSet {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
  userType: TokenUserType;
  companyId: string;
  locationId?: string;
  userId: string;
  approvedLocations: string[];
  planId: string;
  isBulkInstallation: boolean;
  /** Company tokens only. */
  installToFutureLocations?: boolean;
  /** Company tokens only. */
  approveAllLocations?: boolean;
}

interface AccessRecord {
  grant: Grant;
  expiresAt: number;
}

interface RefreshRecord {
  grant: Grant;
  expiresAt: number;
}

export interface CodeRecord {
  clientId: string;
  redirectUri: string;
  grant: Grant;
  expiresAt: number;
}

export type AuthResult =
  { ok: true; grant: Grant } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

function randomToken(): string {
  return randomBytes(32).toString('hex');
}

export class TokenStore {
  private readonly access = new Map<string, AccessRecord>();
  private readonly refresh = new Map<string, RefreshRecord>();
  private readonly codes = new Map<string, CodeRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Mints an access + refresh token pair for a grant. */
  issue(grant: Grant, ttlSeconds: number): SandboxTokenSet {
    const access_token = randomToken();
    const refresh_token = randomToken();
    const now = this.now();
    this.access.set(access_token, { grant, expiresAt: now + ttlSeconds * 1000 });
    this.refresh.set(refresh_token, { grant, expiresAt: now + REFRESH_TOKEN_TTL_MS });
    // Key order of the documented response (locationId only for Location tokens).
    const set: SandboxTokenSet = {
      access_token,
      token_type: 'Bearer',
      expires_in: ttlSeconds,
      refresh_token,
      scope: grant.scopes.join(' '),
      userType: grant.userType,
      companyId: grant.companyId,
      ...(grant.userType === 'Location' ? { locationId: grant.locationId } : {}),
      userId: grant.userId,
      approvedLocations: [...grant.approvedLocations],
      planId: grant.planId,
      isBulkInstallation: grant.bulk === true,
      ...(grant.userType === 'Company'
        ? { installToFutureLocations: false, approveAllLocations: grant.bulk !== true }
        : {}),
    };
    return set;
  }

  authenticate(authorization: string | undefined): AuthResult {
    if (!authorization) return { ok: false, reason: 'missing' };
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) return { ok: false, reason: 'unknown' };
    const rec = this.access.get(m[1] as string);
    if (!rec) return { ok: false, reason: 'unknown' };
    if (this.now() >= rec.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, grant: rec.grant };
  }

  /** Every current access token becomes expired; refresh tokens keep working. */
  expireAccessTokens(): number {
    const now = this.now();
    let n = 0;
    for (const rec of this.access.values()) {
      if (rec.expiresAt > now) n++;
      rec.expiresAt = Math.min(rec.expiresAt, now);
    }
    return n;
  }

  issueCode(clientId: string, redirectUri: string, grant: Grant): string {
    const code = randomToken();
    this.codes.set(code, {
      clientId,
      redirectUri,
      grant,
      expiresAt: this.now() + AUTH_CODE_TTL_MS,
    });
    return code;
  }

  /** A live code for this client, or undefined. Does not consume it. */
  peekCode(code: string, clientId: string): CodeRecord | undefined {
    const rec = this.codes.get(code);
    if (!rec) return undefined;
    if (this.now() >= rec.expiresAt) {
      this.codes.delete(code);
      return undefined;
    }
    return rec.clientId === clientId ? rec : undefined;
  }

  consumeCode(code: string): void {
    this.codes.delete(code);
  }

  /** A live refresh token, or undefined. Does not consume it. */
  peekRefresh(token: string): Grant | undefined {
    const rec = this.refresh.get(token);
    if (!rec) return undefined;
    if (this.now() >= rec.expiresAt) {
      this.refresh.delete(token);
      return undefined;
    }
    return rec.grant;
  }

  /** Rotation: the used refresh token dies, a new pair is issued for the same grant. */
  rotate(token: string, ttlSeconds: number): SandboxTokenSet | undefined {
    const grant = this.peekRefresh(token);
    if (!grant) return undefined;
    this.refresh.delete(token);
    return this.issue(grant, ttlSeconds);
  }
}
