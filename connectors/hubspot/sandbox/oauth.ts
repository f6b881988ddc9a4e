// HubSpot's OAuth 2.0 for public apps (spec §2): `POST /oauth/v1/token` (form-encoded; refresh_token
// and authorization_code grants) gives 30-minute Bearer access tokens, `GET /oauth/v1/access-tokens/{t}`
// and `GET|DELETE /oauth/v1/refresh-tokens/{t}` describe and revoke them. Token errors are 400 with an
// upper-case `status` (BAD_REFRESH_TOKEN, BAD_CLIENT_ID, …; wording unverified). Lifetimes run on the
// sandbox clock's vendor time, so the admin clock can age a token out.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SandboxClock } from '../../kit/sandbox/clock.ts';

/** What the API needs to know about a Bearer token. */
export interface TokenGrant {
  scopes: Set<string> | null;
  /** OAuth access tokens only: expiry on the clock's ticks. */
  expiresAt?: number;
}

interface RefreshGrant {
  scopes: string[] | null;
  revoked: boolean;
}

export interface OAuthAnswer {
  status: number;
  body?: unknown;
}

/** HubSpot's access tokens live 30 minutes. */
export const ACCESS_TOKEN_SECONDS = 1800;

const opaque = (prefix: string): string => `${prefix}${randomBytes(48).toString('base64url')}`;
const tokenError = (status: string, message: string): OAuthAnswer => ({ status: 400, body: { status, message, correlationId: randomUUID() } });

export class HubSpotOAuth {
  readonly clientId = randomUUID();
  readonly clientSecret = randomUUID();
  private readonly refresh = new Map<string, RefreshGrant>();
  private readonly codes = new Map<string, { redirectUri: string; scopes: string[] | null }>();
  /** Access token → its refresh token (revoking the refresh token ends them). */
  private readonly issuedBy = new Map<string, string>();

  constructor(
    private readonly clock: SandboxClock,
    /** The API's token table: access tokens are added there. */
    private readonly tokens: Map<string, TokenGrant>,
    private readonly account: { portalId: number; appId: number; userId: number; user: string },
  ) {}

  addRefreshToken(scopes: string[] | null = null): string {
    const token = `na1-${randomUUID().slice(0, 4)}-${randomUUID()}`;
    this.refresh.set(token, { scopes, revoked: false });
    return token;
  }

  /** An authorization code as HubSpot's install screen hands it to the redirect URI. */
  addCode(redirectUri: string, scopes: string[] | null = null): string {
    const code = randomUUID();
    this.codes.set(code, { redirectUri, scopes });
    return code;
  }

  /** Expires every live access token now (admin `sessions/expire`). */
  expireAll(): number {
    let n = 0;
    for (const t of this.issuedBy.keys()) {
      const g = this.tokens.get(t);
      if (g?.expiresAt !== undefined) {
        g.expiresAt = Math.min(g.expiresAt, this.clock.ticks() - 1);
        n++;
      }
    }
    return n;
  }

  /** `POST /oauth/v1/token` with its form parameters. */
  token(form: URLSearchParams): OAuthAnswer {
    const grantType = form.get('grant_type');
    if (grantType !== 'refresh_token' && grantType !== 'authorization_code') return tokenError('BAD_GRANT_TYPE', 'grant_type must be refresh_token or authorization_code');
    if (form.get('client_id') !== this.clientId) return tokenError('BAD_CLIENT_ID', 'missing or invalid client id');
    if (form.get('client_secret') !== this.clientSecret) return tokenError('BAD_CLIENT_SECRET', 'missing or invalid client secret');
    let refreshToken: string;
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code) return tokenError('BAD_AUTH_CODE', 'missing or unknown auth code');
      if (code.redirectUri !== form.get('redirect_uri')) return tokenError('BAD_REDIRECT_URI', 'redirect_uri does not match the one the code was issued for');
      this.codes.delete(form.get('code') ?? '');
      refreshToken = this.addRefreshToken(code.scopes);
    } else {
      refreshToken = form.get('refresh_token') ?? '';
      const grant = this.refresh.get(refreshToken);
      if (!grant || grant.revoked) return tokenError('BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
    }
    const grant = this.refresh.get(refreshToken) as RefreshGrant;
    const accessToken = opaque('C');
    this.tokens.set(accessToken, { scopes: grant.scopes ? new Set(grant.scopes) : null, expiresAt: this.clock.ticks() + ACCESS_TOKEN_SECONDS * 1000 });
    this.issuedBy.set(accessToken, refreshToken);
    return { status: 200, body: { token_type: 'bearer', refresh_token: refreshToken, access_token: accessToken, expires_in: ACCESS_TOKEN_SECONDS } };
  }

  private scopesOf(list: string[] | null): string[] {
    return list ?? ['oauth', 'crm.objects.companies.read', 'crm.objects.companies.write', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.deals.read', 'crm.objects.deals.write'];
  }

  /** `GET /oauth/v1/access-tokens/{token}`. */
  accessTokenInfo(token: string): OAuthAnswer {
    const grant = this.tokens.get(token);
    if (!grant || grant.expiresAt === undefined || !this.issuedBy.has(token)) return { status: 404, body: { status: 'error', message: 'Access token not found', correlationId: randomUUID() } };
    const left = Math.max(0, Math.floor((grant.expiresAt - this.clock.ticks()) / 1000));
    return {
      status: 200,
      body: { token, user: this.account.user, hub_domain: `sandbox-${this.account.portalId}.hubspot.example`, scopes: this.scopesOf(grant.scopes && [...grant.scopes]), hub_id: this.account.portalId, app_id: this.account.appId, expires_in: left, user_id: this.account.userId, token_type: 'access' },
    };
  }

  /** `GET /oauth/v1/refresh-tokens/{token}`. */
  refreshTokenInfo(token: string): OAuthAnswer {
    const grant = this.refresh.get(token);
    if (!grant || grant.revoked) return { status: 404, body: { status: 'error', message: 'Refresh token not found', correlationId: randomUUID() } };
    return {
      status: 200,
      body: { token, user: this.account.user, hub_domain: `sandbox-${this.account.portalId}.hubspot.example`, scopes: this.scopesOf(grant.scopes), hub_id: this.account.portalId, client_id: this.clientId, user_id: this.account.userId, token_type: 'refresh' },
    };
  }

  /** `DELETE /oauth/v1/refresh-tokens/{token}`: the refresh token and the access tokens it gave stop working. */
  revoke(token: string): OAuthAnswer {
    const grant = this.refresh.get(token);
    if (!grant || grant.revoked) return { status: 404, body: { status: 'error', message: 'Refresh token not found', correlationId: randomUUID() } };
    grant.revoked = true;
    for (const [access, from] of this.issuedBy) {
      if (from !== token) continue;
      this.tokens.delete(access);
      this.issuedBy.delete(access);
    }
    return { status: 204 };
  }

  /** Whether this Bearer token came from OAuth (its calls are paced as a public app's). */
  isOAuth(token: string): boolean {
    return this.issuedBy.has(token);
  }
}
