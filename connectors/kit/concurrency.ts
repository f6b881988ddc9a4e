// A keyed semaphore: an on-premise ERP server (one IIS app pool, one Sage business-view layer) gets a
// fixed number of requests in flight, shared by every flow and connection that talks to it. The
// semaphore lives in the process-wide registry, so two flows against the same server queue behind
// each other instead of each getting their own allowance (design §5: "one request at a time by default").
import type { SharedRegistry } from './types.ts';

export class Semaphore {
  private inFlight = 0;
  private readonly waiting: { resolve: () => void; reject: (e: unknown) => void; signal?: AbortSignal; onAbort?: () => void }[] = [];

  constructor(private limitValue: number) {
    Semaphore.assertLimit(limitValue);
  }

  private static assertLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Concurrency limit must be a whole number ≥ 1, got ${limit}.`);
  }

  get limit(): number {
    return this.limitValue;
  }

  /** Requests currently holding a slot. */
  get active(): number {
    return this.inFlight;
  }

  /** Callers queued for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** The latest configured limit wins; raising it lets queued callers through at once. */
  setLimit(limit: number): void {
    Semaphore.assertLimit(limit);
    this.limitValue = limit;
    this.drain();
  }

  /** Waits for a slot; returns the function that gives it back (idempotent). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.inFlight < this.limitValue && this.waiting.length === 0) {
      this.inFlight++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const entry: (typeof this.waiting)[number] = { resolve, reject };
      if (signal) {
        entry.signal = signal;
        entry.onAbort = () => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.waiting.push(entry);
    });
    return this.releaser();
  }

  /** Runs `fn` inside a slot and releases it however `fn` ends. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.drain();
    };
  }

  private drain(): void {
    while (this.inFlight < this.limitValue && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      if (next.signal && next.onAbort) next.signal.removeEventListener('abort', next.onAbort);
      this.inFlight++;
      next.resolve();
    }
  }
}

/**
 * The semaphore for one server, shared process-wide. `key` names the server, not the account or
 * company (e.g. `sage300:https://erp.example.com:443`), because the server's capacity is what is limited.
 */
export function serverSemaphore(registry: SharedRegistry, key: string, limit: number): Semaphore {
  const semaphore = registry.shared(`concurrency:${key}`, () => new Semaphore(limit));
  if (semaphore.limit !== limit) semaphore.setLimit(limit);
  return semaphore;
}
