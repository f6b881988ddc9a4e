// A rolling-window rate limiter that paces requests to stay under an account's limit instead of
// provoking 429s, shared by every flow using the account (get it through `sharedRateLimiter`).
//
// - Window: a request occupies a slot from the moment it is sent until `intervalMs` after its
//   response arrived. The server counted it somewhere in between, so our window always expires
//   after the server's: pacing is conservative without guessing network delays.
// - Adaptation: a header reader (e.g. connectors/hubspot's `hubspotRateLimitHeaders`) reports the server's max,
//   remaining and interval. A different max or a shorter/longer interval replaces ours; a server
//   that counts more than we sent (another app, another process) adds phantom slots.
// - 429 anyway: every acquirer waits until the server's hint (Retry-After or one interval) passes.
// Daily or rolling 24 h allowances are not this limiter's job: see budget/api-budget.ts.
import type { GateOutcome, Permit, RequestGate } from './gate.ts';
import { retryAfterFrom } from './classify.ts';
import { abortError, sleep as defaultSleep, type Sleep } from './sleep.ts';
import type { SharedRegistry } from './types.ts';

export interface RateLimitObservation {
  max?: number;
  remaining?: number;
  intervalMs?: number;
}

export type RateLimitHeaderReader = (headers: Headers) => RateLimitObservation | undefined;

export interface RateLimiterOptions {
  /** Requests per window (HubSpot Professional: 190 per 10 000 ms). */
  max: number;
  intervalMs: number;
  /**
   * Slots kept free for other apps on the account (default 2 % of max, at least 1). Our own traffic needs
   * none: a slot is held from send until a whole interval after the response, so the server — which
   * counted the request in between — never sees more of ours in its window than we do.
   */
  headroom?: number;
  readHeaders?: RateLimitHeaderReader;
  /** For diagnostics: 'HubSpot search', … */
  label?: string;
  system?: string;
  now?: () => number;
  sleep?: Sleep;
}

export interface RateLimiterStats {
  max: number;
  intervalMs: number;
  inWindow: number;
  inFlight: number;
  waitedMs: number;
  throttled: number;
}

export class RollingWindowLimiter implements RequestGate {
  private max: number;
  private intervalMs: number;
  private readonly headroomOption: number | undefined;
  /** Release times of finished requests still inside the window, ascending. */
  private readonly done: number[] = [];
  private inFlight = 0;
  private blockedUntil = 0;
  private readonly waiters = new Set<() => void>();
  private waitedMs = 0;
  private throttled = 0;
  private readonly now: () => number;
  private readonly wait: Sleep;

  constructor(private readonly options: RateLimiterOptions) {
    this.max = options.max;
    this.intervalMs = options.intervalMs;
    this.headroomOption = options.headroom;
    this.now = options.now ?? Date.now;
    this.wait = options.sleep ?? defaultSleep;
  }

  private get capacity(): number {
    const headroom = this.headroomOption ?? Math.max(1, Math.floor(this.max * 0.02));
    return Math.max(1, this.max - headroom);
  }

  private prune(now: number): void {
    const cutoff = now - this.intervalMs;
    let i = 0;
    while (i < this.done.length && (this.done[i] as number) <= cutoff) i++;
    if (i) this.done.splice(0, i);
  }

  async acquire(signal?: AbortSignal): Promise<Permit> {
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const now = this.now();
      let waitMs: number;
      if (now < this.blockedUntil) {
        waitMs = this.blockedUntil - now;
      } else {
        this.prune(now);
        if (this.done.length + this.inFlight < this.capacity) {
          this.inFlight++;
          return this.permit();
        }
        // Full: the oldest finished slot frees first; if all slots are in flight, a release wakes us.
        waitMs = this.done.length ? (this.done[0] as number) + this.intervalMs - now : this.intervalMs;
      }
      this.throttled++;
      const start = this.now();
      await this.waitForChange(Math.max(1, waitMs), signal);
      this.waitedMs += this.now() - start;
    }
  }

  private permit(): Permit {
    let released = false;
    return {
      release: (outcome?: GateOutcome) => {
        if (released) return;
        released = true;
        this.inFlight--;
        const now = this.now();
        this.done.push(now);
        if (outcome?.headers) this.observe(outcome.headers, outcome.status, now);
        this.wake();
      },
    };
  }

  /** Learns from a response: the server's view of the window and the daily budget, and 429 back-off. */
  observe(headers: Headers, status: number | undefined, now = this.now()): void {
    const o = this.options.readHeaders?.(headers);
    if (o) {
      if (o.intervalMs && o.intervalMs > 0 && o.intervalMs !== this.intervalMs) this.intervalMs = o.intervalMs;
      if (o.max && o.max > 0 && o.max !== this.max) this.max = o.max;
      if (o.remaining !== undefined) {
        this.prune(now);
        const serverUsed = this.max - o.remaining;
        const phantom = serverUsed - (this.done.length + this.inFlight);
        for (let i = 0; i < phantom; i++) this.done.push(now);
      }
    }
    if (status === 429) {
      this.blockedUntil = Math.max(this.blockedUntil, now + (retryAfterFrom(headers, now) ?? this.intervalMs));
    }
  }

  stats(): RateLimiterStats {
    this.prune(this.now());
    return { max: this.max, intervalMs: this.intervalMs, inWindow: this.done.length, inFlight: this.inFlight, waitedMs: this.waitedMs, throttled: this.throttled };
  }

  private wake(): void {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  private async waitForChange(ms: number, signal?: AbortSignal): Promise<void> {
    const ac = new AbortController();
    const onAbort = (): void => ac.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const woken = new Promise<void>((resolve) => this.waiters.add(resolve));
    try {
      await Promise.race([this.wait(ms, ac.signal).catch(() => undefined), woken]);
    } finally {
      ac.abort();
      signal?.removeEventListener('abort', onAbort);
    }
    if (signal?.aborted) throw abortError(signal);
  }
}

/** The limiter for `key` (e.g. `hubspot:pat-hash:burst`), created once per process and shared by every flow. */
export function sharedRateLimiter(registry: SharedRegistry, key: string, options: RateLimiterOptions): RollingWindowLimiter {
  return registry.shared(`rate-limit:${key}`, () => new RollingWindowLimiter(options));
}

/** A registry for tests and single-connector tools (the kit's one registry, under its older name). */
export { createSharedRegistry as createRegistry } from './registry.ts';
