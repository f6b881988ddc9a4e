// Everything one running sandbox holds: the company data, the gateway state, faults, counters, the clock.
import { FaultInjector, parseFaultSpec } from '../../kit/sandbox/faults.ts';
import { seededRandom } from '../../kit/sandbox/random.ts';
import { seedStore } from './data.ts';
import { newGatewayState, type Credentials, type GatewayState } from './gateway.ts';
import { Store } from './store.ts';
import type { Switches } from './switches.ts';

/** Faults this sandbox adds to the kit's names: `expire` ends every session before the request runs. */
export const FAULT_NAMES = ['expire'];

interface OnceFault {
  fault: string;
  /** Only a request holding this function (e.g. `create`) draws it. */
  function?: string;
  times: number;
}

export class FaultPlan {
  private readonly injector: FaultInjector;
  private once: OnceFault[] = [];

  constructor(spec: string | undefined, seed: number) {
    this.injector = new FaultInjector(parseFaultSpec(spec, FAULT_NAMES), seededRandom(seed));
  }

  setSpec(spec: string): void {
    this.injector.set(parseFaultSpec(spec, FAULT_NAMES));
  }

  enqueue(items: { fault: string; function?: string; times?: number }[]): void {
    for (const i of items) {
      parseFaultSpec(`${i.fault}=0`, FAULT_NAMES);
      this.once.push({ fault: i.fault, ...(i.function && { function: i.function }), times: i.times ?? 1 });
    }
  }

  clear(): void {
    this.once = [];
    this.injector.set({ entries: [] });
  }

  pending(): OnceFault[] {
    return this.once.map((o) => ({ ...o }));
  }

  /** The fault for a request with this body, or null; queued one-shot faults first. */
  draw(body: string): string | null {
    const hit = this.once.find((o) => !o.function || body.includes(`<${o.function}`));
    if (hit) {
      hit.times--;
      if (hit.times <= 0) this.once = this.once.filter((o) => o !== hit);
      return hit.fault;
    }
    return this.injector.draw();
  }
}

export interface InitialSetup {
  vendors: number;
  seed: number;
  switches: Switches;
  faults?: string;
}

export class SandboxCore {
  readonly store: Store;
  readonly gateway: GatewayState;
  readonly faults: FaultPlan;
  clockOffsetMs = 0;
  requests = 0;
  byStatus = new Map<string, number>();

  constructor(
    creds: Credentials,
    readonly initial: InitialSetup,
  ) {
    this.store = new Store(() => this.now());
    this.gateway = newGatewayState(creds, this.store, initial.switches, () => this.now());
    this.faults = new FaultPlan(initial.faults, initial.seed);
    this.seed(initial.vendors, initial.seed);
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  seed(vendors: number, seed: number): void {
    seedStore(this.store, { vendors, seed, now: this.now() - 60_000 });
    this.gateway.resultSets.clear();
    this.gateway.completed.clear();
  }

  reset(): void {
    this.gateway.switches = this.initial.switches;
    this.clockOffsetMs = 0;
    this.seed(this.initial.vendors, this.initial.seed);
    this.gateway.sessions.reset();
    this.faults.clear();
    if (this.initial.faults) this.faults.setSpec(this.initial.faults);
    this.resetCounters();
  }

  count(status: number | string): void {
    this.requests++;
    this.byStatus.set(String(status), (this.byStatus.get(String(status)) ?? 0) + 1);
  }

  counters() {
    return {
      requests: this.requests,
      byStatus: Object.fromEntries(this.byStatus),
      functions: Object.fromEntries(this.gateway.calls),
      sessionsOpened: this.gateway.sessions.handedOut,
      sessionsCreated: this.gateway.sessions.opened,
      liveSessions: this.gateway.sessions.live,
    };
  }

  resetCounters(): void {
    this.requests = 0;
    this.byStatus.clear();
    this.gateway.calls.clear();
    this.gateway.sessions.opened = 0;
    this.gateway.sessions.handedOut = 0;
  }
}
