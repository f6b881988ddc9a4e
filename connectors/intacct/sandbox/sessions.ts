// API sessions (spec §3): a random id bound to company, user and entity, expiring `sessionTimeoutSeconds`
// after its last use (every call slides it).
import { randomBytes } from 'node:crypto';

export interface Session {
  id: string;
  userid: string;
  companyid: string;
  locationid: string;
  createdAt: number;
  expiresAt: number;
}

export class Sessions {
  private readonly byId = new Map<string, Session>();
  /** Sessions created (a login-authenticated request creates one too). */
  opened = 0;
  /** getAPISession answers: what a client counts as "sessions opened". */
  handedOut = 0;
  /** Every session id handed out since the last reset (a secrets scan looks for them in logs). */
  readonly issued: string[] = [];

  open(userid: string, companyid: string, locationid: string, now: number, timeoutSeconds: number): Session {
    // Real ids are ~40 characters of base64-ish text ending in two dots.
    const id = `${randomBytes(27).toString('base64').replace(/[+/=]/g, 'x')}..`;
    const s: Session = { id, userid, companyid, locationid, createdAt: now, expiresAt: now + timeoutSeconds * 1000 };
    this.byId.set(id, s);
    this.issued.push(id);
    this.opened++;
    return s;
  }

  /** The live session with this id, its expiry slid forward; undefined when unknown or expired. */
  use(id: string, now: number, timeoutSeconds: number): Session | undefined {
    const s = this.byId.get(id);
    if (!s) return undefined;
    if (s.expiresAt <= now) {
      this.byId.delete(id);
      return undefined;
    }
    s.expiresAt = now + timeoutSeconds * 1000;
    return s;
  }

  /** Ends every session now (the `expire` fault, the admin's "expire sessions"). */
  expireAll(): number {
    const n = this.byId.size;
    this.byId.clear();
    return n;
  }

  get live(): number {
    return this.byId.size;
  }

  reset(): void {
    this.byId.clear();
    this.opened = 0;
    this.handedOut = 0;
    this.issued.length = 0;
  }
}
