// The accounts server (spec §2): `POST /oauth/v2/token` for the refresh-token and authorization-code
// grants, reading parameters from multipart/form-data (the SDK), urlencoded bodies and the query
// string (the docs). Errors are HTTP 200 with an `error` key. Limits: ≤ N tokens per refresh token
// per 10 minutes ("Access Denied"), ≤ 15 live access tokens per refresh token (the 16th kills the oldest).
import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../../kit/sandbox/clock.ts';
import type { Switches } from './switches.ts';

export const ALL_SCOPES = [
  'ZohoCRM.modules.ALL', 'ZohoCRM.settings.ALL', 'ZohoCRM.users.READ', 'ZohoCRM.org.READ', 'ZohoCRM.notifications.ALL', 'ZohoCRM.coql.READ',
];

interface RefreshGrant {
  clientId: string;
  scopes: string[];
  revoked: boolean;
  /** Issue times of access tokens (for the 10-minute throttle). */
  issued: number[];
  live: string[];
}

export interface AccessGrant {
  refreshToken: string;
  scopes: string[];
  /** On the clock's vendor time (ticks). */
  expiresAt: number;
}

interface GrantCode {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

const hex = (n: number): string => randomBytes(n).toString('hex');
const TEN_MINUTES = 10 * 60_000;

export class AccountsServer {
  readonly clients = new Map<string, string>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  readonly accessTokens = new Map<string, AccessGrant>();
  private readonly codes = new Map<string, GrantCode>();
  /** How many refreshes were answered (bench: refreshes per hour). */
  refreshCount = 0;

  constructor(
    private readonly clock: SandboxClock,
    private readonly switches: () => Switches,
    private readonly apiDomain: () => string,
  ) {}

  addClient(clientId = `1000.${hex(15).toUpperCase()}`, secret = hex(21)): { clientId: string; clientSecret: string } {
    this.clients.set(clientId, secret);
    return { clientId, clientSecret: secret };
  }

  addRefreshToken(clientId: string, scopes: string[] = ALL_SCOPES): string {
    const token = `1000.${hex(16)}.${hex(16)}`;
    this.refreshTokens.set(token, { clientId, scopes, revoked: false, issued: [], live: [] });
    return token;
  }

  /** A self-client grant code (valid 3 minutes by default, §2.2). */
  addGrantCode(clientId: string, scopes: string[] = ALL_SCOPES, minutes = 3): string {
    const code = `1000.${hex(16)}.${hex(16)}`;
    this.codes.set(code, { clientId, scopes, expiresAt: this.clock.ticks() + minutes * 60_000 });
    return code;
  }

  revoke(refreshToken: string): boolean {
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant) return false;
    grant.revoked = true;
    for (const t of grant.live) this.accessTokens.delete(t);
    grant.live = [];
    return true;
  }

  /** Expires every live access token now (tests: "token expiry mid-run"). */
  expireAll(): number {
    const now = this.clock.ticks();
    for (const g of this.accessTokens.values()) g.expiresAt = Math.min(g.expiresAt, now - 1);
    return this.accessTokens.size;
  }

  /** Answers one token request; always HTTP 200 (errors included, §2.4). */
  token(params: URLSearchParams): Record<string, unknown> {
    const clientId = params.get('client_id') ?? '';
    const secret = params.get('client_secret') ?? '';
    const grantType = params.get('grant_type') ?? '';
    if (!grantType) return { error: 'invalid_request' };
    if (!this.clients.has(clientId) || this.clients.get(clientId) !== secret) return { error: 'invalid_client' };
    const now = this.clock.ticks();
    if (grantType === 'authorization_code') {
      const code = this.codes.get(params.get('code') ?? '');
      if (!code || code.clientId !== clientId || code.expiresAt < now) return { error: 'invalid_code' };
      this.codes.delete(params.get('code') ?? '');
      const refresh = this.addRefreshToken(clientId, code.scopes);
      return { ...this.issue(refresh, now), refresh_token: refresh };
    }
    if (grantType !== 'refresh_token') return { error: 'unsupported_grant_type' };
    const refresh = params.get('refresh_token') ?? '';
    const grant = this.refreshTokens.get(refresh);
    if (!grant || grant.revoked || grant.clientId !== clientId) return { error: 'invalid_code' };
    grant.issued = grant.issued.filter((t) => t > now - TEN_MINUTES);
    if (grant.issued.length >= this.switches().refreshesPer10Min) {
      return { error: 'Access Denied', error_description: 'You have made too many requests continuously. Please try again after some time.', status: 'failure' };
    }
    return this.issue(refresh, now);
  }

  private issue(refresh: string, now: number): Record<string, unknown> {
    const grant = this.refreshTokens.get(refresh);
    if (!grant) return { error: 'invalid_code' };
    const sw = this.switches();
    const token = `1000.${hex(16)}.${hex(16)}`;
    grant.issued.push(now);
    grant.live.push(token);
    while (grant.live.length > sw.liveTokensPerRefresh) this.accessTokens.delete(grant.live.shift() ?? '');
    this.accessTokens.set(token, { refreshToken: refresh, scopes: grant.scopes, expiresAt: now + sw.tokenLifetimeSeconds * 1000 });
    this.refreshCount++;
    return {
      access_token: token,
      scope: grant.scopes.join(' '),
      api_domain: this.apiDomain(),
      token_type: 'Bearer',
      expires_in: sw.tokenLifetimeSeconds,
      ...(sw.expiresInSec && { expires_in_sec: sw.tokenLifetimeSeconds }),
    };
  }
}

/** Token parameters from the query string, then an urlencoded or multipart body (body wins). */
export async function tokenParams(url: URL, contentType: string | undefined, body: Buffer): Promise<URLSearchParams> {
  const params = new URLSearchParams(url.searchParams);
  if (!body.length) return params;
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': contentType ?? '' } }).formData();
    for (const [k, v] of form.entries()) if (typeof v === 'string') params.set(k, v);
  } else {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
  }
  return params;
}

/** Whether the granted scopes allow `group` (e.g. modules, settings), optional `sub`, operation. */
export function scopeAllows(scopes: string[], group: string, sub: string | undefined, op: 'READ' | 'CREATE' | 'UPDATE' | 'DELETE'): boolean {
  const ok = new Set([`ZohoCRM.${group}.ALL`, `ZohoCRM.${group}.${op}`]);
  if (sub) {
    ok.add(`ZohoCRM.${group}.${sub}.ALL`);
    ok.add(`ZohoCRM.${group}.${sub}.${op}`);
  }
  return scopes.some((s) => ok.has(s));
}
