// Session authentication (SAP B1 Service Layer, Sage Intacct getAPISession): log in once, reuse the
// session while it lives, log in again when the server says it expired, log out on close.
//
//   const auth = new SessionAuth({
//     key: `sapb1:${origin}:${company}:${user}`,        // one session per account, shared by every flow
//     registry: ctx.registry,
//     login: async (signal) => {                         // the connector's own login request
//       const res = await http.request({ method: 'POST', path: 'Login', json: {...}, signal });
//       return { setCookies: res.headers.getSetCookie(), idleMs: res.body.SessionTimeout * 60_000 };
//     },
//     logout: (s, signal) => http.request({ method: 'POST', path: 'Logout', headers: s.headers(), signal }),
//     isExpired: (e) => e instanceof AuthError && e.code === 'SAPB1_SESSION_EXPIRED',
//   });
//   const res = await auth.request(http, { method: 'GET', path: 'BusinessPartners' });
//   // or, for sessions carried in the body (Intacct): await auth.run((s) => post(s.data.sessionId))
//
// Rules (SAP spec §2.6, Intacct spec §3):
// - one login in flight per account key: concurrent callers wait for the same attempt (the holder
//   lives in the SharedRegistry, so every flow of the process shares it);
// - the lifetime slides: a session unused for `idleMs` minus a margin is replaced before use, and an
//   absolute `expiresAt` (Intacct's sessiontimeout, moved on by `extend()`) is honoured the same way;
// - an error the connector's `isExpired` recognises drops that session (only if it is still the
//   current one, so N parallel failures cause one login), logs in again and repeats the call ONCE;
// - close() of the last user logs out — after `lingerMs` when set, so the next flow of the same sync
//   (they run one after another) takes the session over instead of signing in again; the registry's
//   close() at shutdown logs out what still lingers. A session without logout is kept for the next user
//   until it expires. Logout failures are logged, never thrown.
// Cookie values and grant headers are registered with the secret filter as they arrive.
import { createHash } from 'node:crypto';
import { isConnectorError } from '../errors.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '../http.ts';
import { silentLogger } from '../logger.ts';
import { secretFilter, type SecretFilter } from '../redact.ts';
import type { Logger, SharedRegistry } from '../types.ts';
import { CookieJar } from './cookie-jar.ts';

export interface SessionGrant<D> {
  /** `Set-Cookie` values of the login answer. */
  setCookies?: readonly string[];
  /** Headers to send with every request of the session (e.g. a session-id header). Secrets. */
  headers?: Record<string, string>;
  /** Idle timeout: the server drops a session unused for this long (SAP's SessionTimeout). */
  idleMs?: number;
  /** Absolute expiry instant in epoch ms (Intacct's sessiontimeout); `Session.extend()` moves it. */
  expiresAt?: number;
  /** Whatever else the login answer taught (session id, endpoint, version). */
  data: D;
}

export class Session<D> {
  readonly jar: CookieJar;
  readonly data: D;
  readonly idleMs: number | undefined;
  private expiresAtMs: number | undefined;
  private lastUsedMs: number;
  private readonly extraHeaders: Record<string, string>;

  constructor(grant: SessionGrant<D>, nowMs: number, filter: SecretFilter) {
    this.jar = new CookieJar(filter);
    this.jar.store(grant.setCookies ?? [], nowMs);
    this.extraHeaders = { ...grant.headers };
    for (const v of Object.values(this.extraHeaders)) filter.add(v);
    this.data = grant.data;
    this.idleMs = grant.idleMs;
    this.expiresAtMs = grant.expiresAt;
    this.lastUsedMs = nowMs;
  }

  /** `Cookie` plus the grant's headers, for a request made on this session. */
  headers(): Record<string, string> {
    const cookie = this.jar.header();
    return { ...this.extraHeaders, ...(cookie !== undefined && { cookie }) };
  }

  /** Marks a request sent now: the server restarts its idle clock when it receives it. */
  touch(nowMs: number): void {
    this.lastUsedMs = Math.max(this.lastUsedMs, nowMs);
  }

  /** A new absolute expiry the server announced (Intacct repeats it on every answer). */
  extend(expiresAtMs: number): void {
    this.expiresAtMs = expiresAtMs;
  }

  get lastUsed(): number {
    return this.lastUsedMs;
  }

  get expiresAt(): number | undefined {
    return this.expiresAtMs;
  }

  /** True while the session can still be used for a request sent now, keeping `marginMs` in hand. */
  usable(nowMs: number, marginMs: number): boolean {
    if (this.idleMs !== undefined && nowMs - this.lastUsedMs >= this.idleMs - Math.min(marginMs, this.idleMs / 2)) return false;
    if (this.expiresAtMs !== undefined && nowMs >= this.expiresAtMs - marginMs) return false;
    return true;
  }
}

export interface SessionAuthOptions<D> {
  /** The account the session belongs to, e.g. `sapb1:https://b1:50000:SBODEMOUS:manager`. */
  key: string;
  /**
   * The secrets the login sends. A session signed in with other ones is not reused: after the admin
   * changes a password, the next request signs in with the new one (and fails if it is wrong) instead of
   * riding on a session the old one opened. Only a digest is kept, as part of the registry key.
   */
  credentials?: readonly string[];
  registry: SharedRegistry;
  login(signal?: AbortSignal): Promise<SessionGrant<D>>;
  logout?(session: Session<D>, signal?: AbortSignal): Promise<unknown>;
  /** Does this error mean "the session is gone"? Default: a connector error with code SESSION_EXPIRED. */
  isExpired?(error: unknown): boolean;
  /** Renew this long before the idle timeout or expiry (default 60 s; at most half the idle timeout). */
  marginMs?: number;
  /** Hold the last user's logout back this long for a next user of the account (default 0: at once). */
  lingerMs?: number;
  now?: () => number;
  logger?: Logger;
  filter?: SecretFilter;
}

/** Per account, per process: the live session, the login in flight, and how many users share it. */
interface Holder<D> {
  current: Session<D> | undefined;
  pending: Promise<Session<D>> | undefined;
  users: number;
  logins: number;
  /** The last user's logout, held back `lingerMs` for a next user of the account. */
  lingering: Lingering | undefined;
  /** Ends a lingering session now (the registry's close() calls it at shutdown). */
  dispose(): Promise<void>;
}

/** A held-back logout: `end(true)` logs out (linger over, shutdown), `end(false)` hands the session to a new user. */
interface Lingering {
  end(logout: boolean): Promise<void>;
}

/** The registry key: the account, and a digest of the credentials (never the credentials) when given. */
function holderKey(key: string, credentials: readonly string[] | undefined): string {
  if (!credentials) return `session:${key}`;
  return `session:${key}:${createHash('sha256').update(credentials.join('\u0000')).digest('base64url')}`;
}

export const defaultIsExpired = (e: unknown): boolean => isConnectorError(e) && e.code === 'SESSION_EXPIRED';

export class SessionAuth<D = undefined> {
  private readonly holder: Holder<D>;
  private readonly now: () => number;
  private readonly marginMs: number;
  private readonly filter: SecretFilter;
  private readonly logger: Logger;
  private closed = false;

  constructor(private readonly options: SessionAuthOptions<D>) {
    this.now = options.now ?? Date.now;
    this.marginMs = options.marginMs ?? 60_000;
    this.filter = options.filter ?? secretFilter;
    this.logger = options.logger ?? silentLogger;
    this.holder = options.registry.shared<Holder<D>>(holderKey(options.key, options.credentials), () => {
      const h: Holder<D> = { current: undefined, pending: undefined, users: 0, logins: 0, lingering: undefined, dispose: async () => h.lingering?.end(true) };
      return h;
    });
    this.holder.users++;
    // A next user within the linger takes the session over; the last user's transport can go.
    void this.holder.lingering?.end(false);
  }

  /** Logins performed for this account in this process (for tests and diagnostics). */
  get logins(): number {
    return this.holder.logins;
  }

  /** A usable session: the current one, the login already in flight, or a new login. */
  async session(signal?: AbortSignal): Promise<Session<D>> {
    if (this.closed) throw new Error(`The session for ${this.options.key} was used after close().`);
    const h = this.holder;
    if (h.current?.usable(this.now(), this.marginMs)) return h.current;
    if (!h.pending) {
      h.current = undefined;
      h.logins++;
      h.pending = this.options
        .login(signal)
        .then((grant) => {
          const s = new Session(grant, this.now(), this.filter);
          h.current = s;
          return s;
        })
        .finally(() => {
          h.pending = undefined;
        });
    }
    return h.pending;
  }

  /** Forgets `session` if it is still the current one (the server said it expired). */
  invalidate(session: Session<D>): void {
    if (this.holder.current === session) this.holder.current = undefined;
  }

  /** Runs `fn` on a live session; when it fails because the session expired, logs in again and runs it once more. */
  async run<T>(fn: (session: Session<D>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const isExpired = this.options.isExpired ?? defaultIsExpired;
    const first = await this.session(signal);
    try {
      return await fn(first);
    } catch (e) {
      if (!isExpired(e)) throw e;
      this.logger.info({ session: this.options.key }, 'session expired; logging in again');
      this.invalidate(first);
      return fn(await this.session(signal));
    }
  }

  /** `http.request(req)` on the session: its cookies and headers added, new cookies kept, expiry handled. */
  request<T>(http: HttpClient, req: HttpRequest<T>): Promise<HttpResponse<T>> {
    return this.run((s) => {
      s.touch(this.now());
      return http.request({
        ...req,
        headers: { ...req.headers, ...s.headers() },
        inspect: (raw) => {
          const set = raw.headers.getSetCookie();
          if (set.length) s.jar.store(set, this.now());
          return req.inspect?.(raw);
        },
      });
    }, req.signal);
  }

  /**
   * Ends this user's share; the last one logs the session out — after `lingerMs` when set. `after` (freeing
   * the transport the logout is sent on) runs once this user is done with it: at once while others share
   * the session, else once it is logged out or, lingering, taken over by a next user.
   */
  async close(signal?: AbortSignal, after?: () => Promise<void>): Promise<void> {
    const lastUser = !this.closed && --this.holder.users === 0;
    this.closed = true;
    // Without a logout (Intacct has none) the session stays for the next user of this account in the
    // process — the next flow of the same sync — until it expires: one sign-in per run, not per flow.
    if (!lastUser || !this.options.logout) return after?.();
    const linger = this.options.lingerMs ?? 0;
    if (linger > 0) return this.linger(linger, after);
    await this.logout(signal);
    return after?.();
  }

  /** Holds the logout back `ms` for a next user of the account (who ends it with `end(false)`). */
  private linger(ms: number, after: (() => Promise<void>) | undefined): void {
    const h = this.holder;
    const lingering: Lingering = {
      end: async (logout) => {
        if (h.lingering !== lingering) return; // already ended (timer, take-over and shutdown can race)
        clearTimeout(timer);
        h.lingering = undefined;
        if (logout) await this.logout();
        await after?.();
      },
    };
    const timer = setTimeout(() => void lingering.end(true), ms);
    timer.unref?.();
    h.lingering = lingering;
  }

  private async logout(signal?: AbortSignal): Promise<void> {
    const h = this.holder;
    const s = h.current ?? (await h.pending?.catch(() => undefined));
    h.current = undefined;
    if (!s) return;
    try {
      await this.options.logout!(s, signal);
    } catch (e) {
      this.logger.warn({ session: this.options.key, code: isConnectorError(e) ? e.code : undefined }, 'logout failed; the server will drop the session after its timeout');
    }
  }
}
