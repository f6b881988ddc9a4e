// API credits over a rolling 24 hours (no midnight reset: a credit comes back 24 h after it was
// spent, spec §6.1) and the per-org concurrency and sub-concurrency caps (§6.2). Going past either
// answers 429 TOO_MANY_REQUESTS. The window is measured on the clock's vendor time (ticks), so a time
// scale shortens it for benches and an admin clock advance ages credits out.
import type { SandboxClock } from '../../kit/sandbox/clock.ts';

const DAY_MS = 24 * 3600_000;

export class CreditLedger {
  /** Spend times (vendor ms, clock ticks), oldest first, one entry per credit. */
  private spent: number[] = [];
  total = 0;

  constructor(
    private readonly clock: SandboxClock,
    private readonly limit: () => number,
  ) {}

  readonly windowMs = DAY_MS;

  private prune(now: number): void {
    const from = now - this.windowMs;
    let i = 0;
    while (i < this.spent.length && (this.spent[i] ?? 0) <= from) i++;
    if (i) this.spent.splice(0, i);
  }

  used(): number {
    this.prune(this.clock.ticks());
    return this.spent.length;
  }

  remaining(): number {
    return Math.max(0, this.limit() - this.used());
  }

  /** Ms until the oldest credit in the window comes back (0 when none is spent). */
  msUntilNextCredit(): number {
    const now = this.clock.ticks();
    this.prune(now);
    const oldest = this.spent[0];
    return oldest === undefined ? 0 : Math.max(0, oldest + this.windowMs - now);
  }

  /** Spends `cost` credits if the window has them. */
  take(cost = 1): boolean {
    const now = this.clock.ticks();
    this.prune(now);
    if (this.spent.length + cost > this.limit()) return false;
    for (let i = 0; i < cost; i++) this.spent.push(now);
    this.total += cost;
    return true;
  }

  /** Admin: set the usage of the current window to `used` credits, all spent `agoMs` before now. */
  setUsed(used: number, agoMs = 0): void {
    const at = this.clock.ticks() - agoMs;
    this.spent = Array.from({ length: Math.max(0, Math.floor(used)) }, () => at);
  }

  reset(): void {
    this.spent = [];
    this.total = 0;
  }
}

export class ConcurrencyGate {
  inFlight = 0;
  heavyInFlight = 0;
  peak = 0;

  constructor(
    private readonly limit: () => number,
    private readonly subLimit: () => number,
  ) {}

  /** Admits one call or returns false; the caller must `release` an admitted call. */
  enter(heavy: boolean): boolean {
    if (this.inFlight >= this.limit()) return false;
    if (heavy && this.subLimit() > 0 && this.heavyInFlight >= this.subLimit()) return false;
    this.inFlight++;
    if (heavy) this.heavyInFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    return true;
  }

  release(heavy: boolean): void {
    this.inFlight--;
    if (heavy) this.heavyInFlight--;
  }
}
