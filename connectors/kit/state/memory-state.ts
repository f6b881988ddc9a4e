// ConnectionState in memory, for tests and single-process tools. A `MemoryStateStore` plays the data
// folder: several ConnectionState objects made from one store behave like processes sharing a file
// (same values, same locks, lease expiry on the given clock).
import { RetriableError } from '../errors.ts';
import { abortError } from '../sleep.ts';
import type { ConnectionState, LockOptions, StateEntry } from './connection-state.ts';

interface Lease {
  owner: symbol;
  expiresAt: number;
}

export class MemoryStateStore {
  readonly values = new Map<string, StateEntry>();
  private readonly leases = new Map<string, Lease>();
  private readonly waiters = new Set<() => void>();

  constructor(readonly now: () => number = Date.now) {}

  /** The state of one connection (scope `connection:<id>`). */
  connection(connectionId: string): ConnectionState {
    return this.scoped(`connection:${connectionId}`);
  }

  scoped(scope: string): ConnectionState {
    const k = (key: string) => `${scope}\u0000${key}`;
    const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));
    return {
      get: async <T>(key: string) => {
        const e = this.values.get(k(key));
        return e ? ({ value: clone(e.value) as T, version: e.version } satisfies StateEntry<T>) : undefined;
      },
      set: async (key, value) => {
        const e = this.values.get(k(key));
        this.values.set(k(key), { value: clone(value), version: (e?.version ?? 0) + 1 });
      },
      compareAndSwap: async (key, expected, value) => {
        const e = this.values.get(k(key));
        if (e?.version !== expected) return false;
        this.values.set(k(key), { value: clone(value), version: (e?.version ?? 0) + 1 });
        return true;
      },
      delete: async (key) => {
        this.values.delete(k(key));
      },
      withLock: (name, options, fn) => this.withLock(`${scope}\u0000${name}`, options, fn),
      account: (accountKey) => this.scoped(`account:${accountKey}`),
    };
  }

  private async withLock<T>(name: string, options: LockOptions, fn: () => Promise<T>): Promise<T> {
    const owner = Symbol(name);
    const deadline = this.now() + (options.waitMs ?? options.ttlMs + 5000);
    for (;;) {
      if (options.signal?.aborted) throw abortError(options.signal);
      const held = this.leases.get(name);
      if (!held || held.expiresAt <= this.now()) {
        this.leases.set(name, { owner, expiresAt: this.now() + options.ttlMs });
        break;
      }
      if (this.now() >= deadline) {
        throw new RetriableError(`Another process has held the lock "${name.split('\u0000')[1]}" too long.`, { code: 'LOCK_BUSY', retryAfterMs: Math.max(0, held.expiresAt - this.now()) });
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, 10);
        function done(): void {
          clearTimeout(t);
          resolve();
        }
        this.waiters.add(done);
      });
    }
    try {
      return await fn();
    } finally {
      if (this.leases.get(name)?.owner === owner) this.leases.delete(name);
      const ws = [...this.waiters];
      this.waiters.clear();
      for (const w of ws) w();
    }
  }
}

/** A fresh in-memory state for one connection (the default when a host gives none). */
export function memoryState(connectionId = 'local'): ConnectionState {
  return new MemoryStateStore().connection(connectionId);
}
