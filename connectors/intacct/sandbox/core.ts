// Everything one running sandbox holds: the company data and the gateway state, on the kit's parts —
// its clock, fault plan, request counters and switches (SandboxBase) and its sessions (SessionStore).
import { SandboxBase } from '../../kit/sandbox/base.ts';
import { SessionStore } from '../../kit/sandbox/sessions.ts';
import type { SandboxOptions } from '../../kit/sandbox/types.ts';
import { seedStore } from './data.ts';
import { newGatewayState, type Credentials, type GatewayState, type SessionData } from './gateway.ts';
import { Store } from './store.ts';
import { intacctSwitches } from './switches.ts';

export class SandboxCore {
  readonly base: SandboxBase<typeof intacctSwitches.schema.shape>;
  readonly store: Store;
  readonly gateway: GatewayState;
  /** Vendors seeded at start (and by a reset). */
  readonly vendors: number;

  constructor(creds: Credentials, options: SandboxOptions) {
    this.base = new SandboxBase({ system: 'intacct', switches: intacctSwitches }, options);
    this.vendors = options.records ?? 50;
    this.store = new Store(() => this.now());
    const sessions = new SessionStore<SessionData>(this.base.clock, { lifetimeMs: this.base.switches.sessionTimeoutSeconds * 1000, sliding: true, suffix: '..' });
    this.gateway = newGatewayState(creds, this.store, this.base, sessions);
    this.seed(this.vendors, this.base.seed);
  }

  now(): number {
    return this.base.clock.now();
  }

  seed(vendors: number, seed: number): void {
    seedStore(this.store, { vendors, seed, now: this.now() - 60_000 });
    this.gateway.resultSets.clear();
    this.gateway.completed.clear();
  }

  /** After a switch change: sessions follow the company's session duration. */
  switchesChanged(): void {
    this.gateway.sessions.setLifetime(this.base.switches.sessionTimeoutSeconds * 1000);
  }

  reset(): void {
    this.base.changeSwitches(this.base.initialSwitches);
    this.switchesChanged();
    this.base.clock.reset({ timeScale: this.base.options.timeScale ?? 1 });
    this.seed(this.vendors, this.base.seed);
    this.gateway.sessions.reset();
    this.base.faults.clear();
    if (this.base.options.faults) this.base.faults.setSpec(this.base.options.faults);
    this.resetCounters();
  }

  /** The kit's request counters, plus what the gateway counts: functions run, sessions handed out. */
  counters() {
    const c = this.base.counters.get();
    return {
      ...c,
      requests: c.total,
      functions: Object.fromEntries(this.gateway.calls),
      sessionsOpened: this.gateway.handedOut,
      sessionsCreated: this.gateway.sessions.logins,
      liveSessions: this.gateway.sessions.size,
    };
  }

  resetCounters(): void {
    this.base.counters.reset();
    this.gateway.calls.clear();
    this.gateway.sessions.logins = 0;
    this.gateway.handedOut = 0;
  }
}
