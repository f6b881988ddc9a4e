// OAuth 2 refresh-token auth shared by every process of a connection (Zoho CRM; any refresh-token API).
//
//   const oauth = new OAuthRefresh({
//     system: 'zoho', state: ctx.state, sealKey: ctx.secrets.refreshToken, allowedHosts: manifest.allowedHosts(config),
//     scheme: 'Zoho-oauthtoken', maxRefreshes: { count: 10, windowMs: 600_000 },
//     refresh: async (signal) => parseTokenAnswer((await accounts.request({ method: 'POST', path: 'oauth/v2/token',
//       form: { grant_type: 'refresh_token', client_id, client_secret, refresh_token }, signal })).body, 'zoho'),
//   });
//   const { apiBase } = await oauth.access();            // the API domain the token answer named
//   const http = createHttpClient({ baseUrl: `${apiBase}/crm/v8`, auth: oauth.authProvider(), ... });
//
// - The access token is cached in ConnectionState, sealed under the refresh token (auth/sealed.ts), so
//   `serve` and a CLI `sync` beside it share one token; it is refreshed `refreshAheadMs` (5 min)
//   before it expires, never per request.
// - A refresh happens under the state's cross-process lock, and the cache is read again once the lock
//   is held: when two processes need a token at once, one refreshes and the other reuses its answer.
// - Refreshes are counted in the state too; past `maxRefreshes` in the window (Zoho: 10 per 10 min per
//   refresh token, then "Access Denied" for the rest of the window) a RetriableError OAUTH_REFRESH_BUDGET
//   says when the next one is allowed instead of burning the account's allowance.
// - A base URL learned from the token answer (`api_domain`) must pass isAllowedHost(); otherwise a
//   ConfigError HOST_NOT_ALLOWED and nothing is cached or sent there.
// - After a 401 the provider drops the token that request carried (not a newer one) and the HTTP
//   client repeats the request once with a fresh one.
import { z } from 'zod';
import { AuthError, RetriableError } from '../errors.ts';
import { requireAllowedHost } from '../hosts.ts';
import type { AuthProvider } from '../http.ts';
import { secretFilter, type SecretFilter } from '../redact.ts';
import type { ConnectionState } from '../state/connection-state.ts';
import { open, seal } from './sealed.ts';

export interface AccessGrant {
  accessToken: string;
  /** Lifetime from now. */
  expiresInMs: number;
  /** Base URL the token answer named for API calls (Zoho's `api_domain`). */
  apiBase?: string;
}

export interface OAuthRefreshOptions {
  system: string;
  state: ConnectionState;
  /** Key material the cached token is sealed under: the refresh token (or another credential). */
  sealKey: string;
  /** Performs the token request; throws recovery-typed errors (see parseTokenAnswer). */
  refresh(signal?: AbortSignal): Promise<AccessGrant>;
  /** Origins or host patterns a learned `apiBase` may name (the manifest's allowedHosts). */
  allowedHosts: readonly string[];
  /** Authorization scheme (default `Bearer`; Zoho: `Zoho-oauthtoken`). */
  scheme?: string;
  /** Refresh this long before expiry (default 5 minutes). */
  refreshAheadMs?: number;
  maxRefreshes?: { count: number; windowMs: number };
  /** State key (default `oauth`); one per refresh token if a connection holds several. */
  stateKey?: string;
  /** Lease of the refresh lock (default 60 s: longer than any token request). */
  lockTtlMs?: number;
  now?: () => number;
  filter?: SecretFilter;
}

const cachedSchema = z.object({
  /** Sealed JSON `{ accessToken, apiBase? }`. */
  sealed: z.string().optional(),
  expiresAt: z.number(),
  /** Times of recent refreshes (epoch ms), for the refresh budget. */
  refreshes: z.array(z.number()).default([]),
});
type Cached = z.infer<typeof cachedSchema>;
const openedSchema = z.object({ accessToken: z.string().min(1), apiBase: z.string().optional() });

export interface AccessToken {
  accessToken: string;
  apiBase: string | undefined;
  expiresAt: number;
}

export class OAuthRefresh {
  private memory: AccessToken | undefined;
  private pending: Promise<AccessToken> | undefined;
  private readonly now: () => number;
  private readonly aheadMs: number;
  private readonly key: string;
  private readonly filter: SecretFilter;
  private refreshCount = 0;

  constructor(private readonly options: OAuthRefreshOptions) {
    this.now = options.now ?? Date.now;
    this.aheadMs = options.refreshAheadMs ?? 5 * 60_000;
    this.key = options.stateKey ?? 'oauth';
    this.filter = options.filter ?? secretFilter;
    this.filter.add(options.sealKey);
  }

  /** Token requests this instance made (tests, diagnostics). */
  get refreshes(): number {
    return this.refreshCount;
  }

  private fresh(t: AccessToken | undefined): t is AccessToken {
    return !!t && t.expiresAt - this.aheadMs > this.now();
  }

  /** A token good for at least `refreshAheadMs`, from memory, the shared state, or a refresh. */
  async access(signal?: AbortSignal): Promise<AccessToken> {
    if (this.fresh(this.memory)) return this.memory;
    this.pending ??= this.load(signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async readShared(): Promise<{ cached: Cached | undefined; token: AccessToken | undefined; version: number | undefined }> {
    const entry = await this.options.state.get(this.key);
    const parsed = entry ? cachedSchema.safeParse(entry.value) : undefined;
    const cached = parsed?.success ? parsed.data : undefined;
    let token: AccessToken | undefined;
    const plain = cached?.sealed ? open(cached.sealed, this.options.sealKey, this.key) : undefined;
    if (plain && cached) {
      const o = openedSchema.safeParse(safeJson(plain));
      if (o.success) token = { accessToken: o.data.accessToken, apiBase: o.data.apiBase, expiresAt: cached.expiresAt };
    }
    if (token) this.filter.add(token.accessToken);
    return { cached, token, version: entry?.version };
  }

  private async load(signal?: AbortSignal): Promise<AccessToken> {
    const shared = await this.readShared();
    if (this.fresh(shared.token)) return (this.memory = shared.token);
    return this.options.state.withLock(`${this.key}:refresh`, { ttlMs: this.options.lockTtlMs ?? 60_000, ...(signal && { signal }) }, async () => {
      // Another process may have refreshed while we waited for the lock.
      const again = await this.readShared();
      if (this.fresh(again.token)) return (this.memory = again.token);
      const now = this.now();
      const budget = this.options.maxRefreshes;
      const recent = (again.cached?.refreshes ?? []).filter((t) => budget && t > now - budget.windowMs);
      if (budget && recent.length >= budget.count) {
        const retryAfterMs = Math.max(1000, Math.min(...recent) + budget.windowMs - now);
        throw new RetriableError(`${this.options.system} allows ${budget.count} token refreshes per ${Math.round(budget.windowMs / 60_000)} minutes and they are used up.`, {
          code: 'OAUTH_REFRESH_BUDGET',
          system: this.options.system,
          retryAfterMs,
          hint: 'The run continues once a refresh is allowed again; check that no other app refreshes with the same token.',
        });
      }
      this.refreshCount++;
      const grant = await this.options.refresh(signal);
      this.filter.add(grant.accessToken);
      if (grant.apiBase !== undefined) requireAllowedHost(grant.apiBase, this.options.allowedHosts, { system: this.options.system, what: 'API address' });
      const token: AccessToken = { accessToken: grant.accessToken, apiBase: grant.apiBase?.replace(/\/+$/, ''), expiresAt: this.now() + grant.expiresInMs };
      const value: Cached = {
        sealed: seal(JSON.stringify({ accessToken: token.accessToken, ...(token.apiBase !== undefined && { apiBase: token.apiBase }) }), this.options.sealKey, this.key),
        expiresAt: token.expiresAt,
        refreshes: [...recent, now],
      };
      await this.options.state.set(this.key, value);
      return (this.memory = token);
    });
  }

  /** Drops `accessToken` (the server refused it) from memory and the shared cache, unless a newer one replaced it. */
  async invalidate(accessToken: string): Promise<void> {
    if (this.memory?.accessToken === accessToken) this.memory = undefined;
    const shared = await this.readShared();
    if (shared.token?.accessToken === accessToken && shared.cached) {
      await this.options.state.compareAndSwap(this.key, shared.version, { ...shared.cached, expiresAt: 0 });
    }
  }

  /** For createHttpClient({ auth }): the token on every request; after a 401 a fresh one, once. */
  authProvider(): AuthProvider {
    const scheme = this.options.scheme ?? 'Bearer';
    return {
      headers: async (signal) => ({ authorization: `${scheme} ${(await this.access(signal)).accessToken}` }),
      onUnauthorized: async (_signal, sent) => {
        const value = sent?.authorization;
        if (value?.startsWith(`${scheme} `)) await this.invalidate(value.slice(scheme.length + 1));
        return true;
      },
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const tokenGranted = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.union([z.number(), z.string()]).optional(),
  expires_in_sec: z.union([z.number(), z.string()]).optional(),
  api_domain: z.string().optional(),
});
const tokenRefused = z.looseObject({ error: z.string(), error_description: z.string().optional() });

/** Errors meaning the refresh token or client is wrong: the admin must reconnect. */
const REJECTED = new Set(['invalid_code', 'invalid_grant', 'invalid_client', 'invalid_token', 'unauthorized_client', 'invalid_redirect_uri']);

/**
 * A token endpoint's answer (RFC 6749 §5, including servers that report errors with HTTP 200, like
 * Zoho) as an AccessGrant, or the recovery-typed error it means. `expires_in` is seconds;
 * `expires_in_sec` wins when present; one hour when absent.
 */
export function parseTokenAnswer(body: unknown, system: string): AccessGrant {
  const granted = tokenGranted.safeParse(body);
  if (granted.success) {
    const a = granted.data;
    const seconds = Number(a.expires_in_sec ?? a.expires_in ?? 3600);
    return { accessToken: a.access_token, expiresInMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000, ...(a.api_domain !== undefined && { apiBase: a.api_domain }) };
  }
  const refused = tokenRefused.safeParse(body);
  if (!refused.success) {
    throw new AuthError(`${system}'s token endpoint answered in an unexpected shape.`, { code: 'OAUTH_UNEXPECTED', system, hint: 'Check the accounts server address of this connection (data centre).' });
  }
  const e = refused.data;
  const detail = e.error_description ? `${e.error}: ${e.error_description}` : e.error;
  if (REJECTED.has(e.error.toLowerCase())) {
    throw new AuthError(`${system} refused the refresh token (${e.error}).`, { code: 'OAUTH_REJECTED', system, hint: `Reconnect ${system} in the connection settings: the authorisation was revoked, expired or belongs to another data centre.` });
  }
  if (/access denied|too many|throttl|rate/i.test(detail)) {
    throw new RetriableError(`${system} throttled token refreshes (${e.error}).`, { code: 'OAUTH_THROTTLED', system, retryAfterMs: 10 * 60_000, hint: 'Refreshes are limited per token; the run continues after the window.' });
  }
  throw new AuthError(`${system}'s token endpoint refused the refresh (${e.error}).`, { code: 'OAUTH_REJECTED', system, hint: `Reconnect ${system} in the connection settings.` });
}
