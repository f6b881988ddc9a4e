// Service Layer sessions (spec §2): Login issues a B1SESSION id (also the body's SessionId) and a ROUTEID
// cookie; a session dies after `SessionTimeout` idle time, every request restarting the clock; Logout
// ends it. Users are the company's B1 users, with the states check() must tell apart.
import { randomUUID } from 'node:crypto';
import { SlError } from './errors.ts';

export interface SandboxUser {
  name: string;
  password: string;
  state: 'ok' | 'locked' | 'unlicensed';
}

interface Session {
  user: string;
  lastUsedMs: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  logins = 0;

  constructor(private readonly nowMs: () => number, private readonly timeoutMs: () => number) {}

  open(user: string): string {
    const id = randomUUID();
    this.sessions.set(id, { user, lastUsedMs: this.nowMs() });
    this.logins++;
    return id;
  }

  /** The session's user if it is alive, touching it (the idle timeout slides). */
  use(id: string | undefined): string | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const now = this.nowMs();
    if (now - s.lastUsedMs >= this.timeoutMs()) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastUsedMs = now;
    return s.user;
  }

  close(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  /** Admin/fault: forget every session (a restart of the node, or the `expire` fault). */
  expireAll(): number {
    const n = this.sessions.size;
    this.sessions.clear();
    return n;
  }

  get active(): number {
    return this.sessions.size;
  }
}

/** Login's answers for everything but success (spec §2.5, §2.7). */
export function loginRefusal(
  users: readonly SandboxUser[],
  companyDB: string,
  body: { CompanyDB?: unknown; UserName?: unknown; Password?: unknown },
  opts: { unknownCompanyStatus: number; unlicensedAnswer: 'loginFailed' | 'licenseMessage' },
): SlError | SandboxUser {
  if (typeof body.CompanyDB !== 'string' || typeof body.UserName !== 'string' || typeof body.Password !== 'string') {
    return new SlError(400, -1000, 'Login requires CompanyDB, UserName and Password');
  }
  if (body.CompanyDB !== companyDB) return new SlError(opts.unknownCompanyStatus, -111, 'Fail to Get the Bound Database Instance from SLD');
  const user = users.find((u) => u.name === body.UserName);
  if (!user || user.password !== body.Password) return new SlError(401, 100000027, 'Login failed');
  if (user.state === 'locked') return new SlError(401, 100000055, 'User account is locked');
  if (user.state === 'unlicensed') {
    return opts.unlicensedAnswer === 'loginFailed'
      ? new SlError(401, 100000027, 'Login failed')
      : new SlError(401, -1, 'You are not permitted to perform this action: no license is assigned to this user. Assign a Professional or Limited license in License Administration.');
  }
  return user;
}
