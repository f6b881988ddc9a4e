// Sessions and tokens a sandbox hands out (SAP B1's B1SESSION cookie, Intacct's sessionid, Zoho's OAuth
// access tokens): an id per login, a lifetime on the sandbox clock's scaled ticks that slides with use
// (or not), expiry on demand (the `expire` fault, the admin API) and logout.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SandboxClock } from './clock.ts';

export interface Session<T> {
  id: string;
  data: T;
  /** Clock ticks of the login and of the last use. */
  createdAt: number;
  usedAt: number;
}

export interface SessionStoreOptions {
  /** Vendor lifetime in ms (e.g. SAP B1: 30 minutes). */
  lifetimeMs: number;
  /** Each use restarts the lifetime (SAP B1, Intacct) or not (OAuth access tokens). */
  sliding: boolean;
  /** Id prefix, e.g. `pat-na1-` or `1000.`; then 32 random hex characters. */
  prefix?: string;
  /** `uuid`: a GUID (SAP B1's SessionId) instead of the 32 hex characters. */
  idFormat?: 'hex' | 'uuid';
  /** Id suffix (Intacct's session ids end in `..`). */
  suffix?: string;
}

export class SessionStore<T> {
  private readonly sessions = new Map<string, Session<T>>();
  /** Logins since start or reset (tests check a client re-logs in once, not per request). */
  logins = 0;
  /** The last ids handed out, live or not (a secrets scan looks for them in everything the client wrote). */
  readonly recent: string[] = [];

  constructor(
    private readonly clock: SandboxClock,
    private options: SessionStoreOptions,
  ) {}

  setLifetime(ms: number): void {
    this.options = { ...this.options, lifetimeMs: ms };
  }

  open(data: T): Session<T> {
    const at = this.clock.ticks();
    const session = { id: `${this.options.prefix ?? ''}${this.options.idFormat === 'uuid' ? randomUUID() : randomBytes(16).toString('hex')}${this.options.suffix ?? ''}`, data, createdAt: at, usedAt: at };
    this.sessions.set(session.id, session);
    this.logins++;
    this.recent.push(session.id);
    if (this.recent.length > 100) this.recent.shift();
    return session;
  }

  /** The live session for an id (its lifetime slides when sliding), or undefined when unknown or expired. */
  use(id: string | undefined): Session<T> | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.clock.ticks();
    const from = this.options.sliding ? session.usedAt : session.createdAt;
    if (now - from >= this.options.lifetimeMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.usedAt = now;
    return session;
  }

  /** Ends one session (logout, or the `expire` fault for the caller's session). */
  close(id: string | undefined): boolean {
    return id ? this.sessions.delete(id) : false;
  }

  /** Expires every session (admin API `POST /__sandbox/sessions/expire`). */
  expireAll(): number {
    const n = this.sessions.size;
    this.sessions.clear();
    return n;
  }

  get size(): number {
    return this.sessions.size;
  }

  reset(): void {
    this.sessions.clear();
    this.logins = 0;
    this.recent.length = 0;
  }
}
