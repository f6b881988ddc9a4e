// System permissions a superuser grants other users (spec §10.1: "Webhook Manipulation", ID 2249, through
// `SBOBobService_SetSystemPermission`). Superusers hold every permission. A change reaches the Service
// Layer's permission cache only after a while ("about a minute", switch `permissionCacheSeconds`, vendor
// time): until then the user keeps what they had.
import type { SandboxClock } from '../../kit/sandbox/clock.ts';
import type { SandboxUser } from './core.ts';

export const WEBHOOK_MANIPULATION = '2249';

interface Grant {
  before: boolean;
  after: boolean;
  /** Clock ticks from which `after` holds. */
  effectiveAt: number;
}

export class SystemPermissions {
  private readonly grants = new Map<string, Grant>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly cacheSeconds: () => number,
  ) {}

  set(permission: string, user: string, granted: boolean): void {
    const key = `${permission}|${user}`;
    const before = this.current(key);
    this.grants.set(key, { before, after: granted, effectiveAt: this.clock.ticks() + this.cacheSeconds() * 1000 });
  }

  has(user: SandboxUser, permission: string): boolean {
    return user.superuser || this.current(`${permission}|${user.name}`);
  }

  private current(key: string): boolean {
    const g = this.grants.get(key);
    if (!g) return false;
    return this.clock.ticks() >= g.effectiveAt ? g.after : g.before;
  }
}
