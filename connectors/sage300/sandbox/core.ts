// The running sandbox's mutable parts, shared by the Web API routes and the admin API.
import type { SandboxUser } from './auth.ts';
import type { SeedData } from './data.ts';
import type { FaultPlan } from './fault-plan.ts';
import type { SandboxState } from './state.ts';
import type { Switches } from './switches.ts';

/** Requests by endpoint (`GET AR/ARCustomers`) and outcome (status code, or reset/dropped/timeout). */
export class RequestCounter {
  total = 0;
  /** Web API requests being served right now, and the most ever served at once (checks client concurrency). */
  inFlight = 0;
  peakInFlight = 0;
  private readonly by = new Map<string, Map<string, number>>();

  add(endpoint: string, outcome: number | string): void {
    this.total++;
    const m = this.by.get(endpoint) ?? new Map<string, number>();
    m.set(String(outcome), (m.get(String(outcome)) ?? 0) + 1);
    this.by.set(endpoint, m);
  }

  count(endpoint?: string, outcome?: number | string): number {
    let n = 0;
    for (const [e, m] of this.by) {
      if (endpoint && e !== endpoint) continue;
      for (const [o, c] of m) if (outcome === undefined || o === String(outcome)) n += c;
    }
    return n;
  }

  enter(): void {
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
  }

  leave(): void {
    this.inFlight--;
  }

  snapshot(): { total: number; peakInFlight: number; byEndpoint: Record<string, Record<string, number>> } {
    return { total: this.total, peakInFlight: this.peakInFlight, byEndpoint: Object.fromEntries([...this.by].map(([e, m]) => [e, Object.fromEntries(m)])) };
  }

  reset(): void {
    this.total = 0;
    this.peakInFlight = this.inFlight;
    this.by.clear();
  }
}

export interface SandboxCore {
  company: string;
  users: SandboxUser[];
  state: SandboxState;
  switches: Switches;
  faults: FaultPlan;
  requests: RequestCounter;
  /** The first request after start (or after the admin re-arms it) waits `coldStartMs`. */
  cold: boolean;
  /** How to rebuild the initial data on `/__sandbox/reset`. */
  initial: { records: number; seed: number; today: string; data?: Partial<SeedData>; switches: Switches; faults?: string };
}
