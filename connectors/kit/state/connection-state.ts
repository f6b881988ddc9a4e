// Small JSON values a connector keeps per connection between runs and across processes (design §3):
// OAuth access tokens, session facts, webhook channel ids, API budget counters. The host persists them
// (main/store: SQLite, shared by `serve` and a CLI `sync` running beside it); the kit only sees this
// interface. Each key has a version that grows by one on every write, so read-modify-write cycles use
// compareAndSwap() and lose no update when two processes write at once. withLock() is a lease that is
// exclusive across every process using the same data folder; a holder that dies frees it after ttlMs.
//
// Values are stored as given (JSON). Secrets go in sealed (auth/sealed.ts), never in clear.
// Connector code validates what it reads with zod: a value may come from an older version.

export interface StateEntry<T = unknown> {
  value: T;
  /** 1 on the first write, +1 on each write after. */
  version: number;
}

export interface LockOptions {
  /** The lease: another process may take the lock this long after it was taken, if never released. */
  ttlMs: number;
  /** Give up waiting after this long (default: ttlMs + 5 s) with a RetriableError LOCK_BUSY. */
  waitMs?: number;
  signal?: AbortSignal;
}

export interface ConnectionState {
  get<T = unknown>(key: string): Promise<StateEntry<T> | undefined>;
  /** Writes unconditionally. */
  set(key: string, value: unknown): Promise<void>;
  /**
   * Writes only if the key is still at `expectedVersion` (undefined: the key must be absent).
   * True when written; false when another writer came first (read again and retry).
   */
  compareAndSwap(key: string, expectedVersion: number | undefined, value: unknown): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Runs `fn` holding the lock `name`: exclusive across processes and within this one. */
  withLock<T>(name: string, options: LockOptions, fn: () => Promise<T>): Promise<T>;
  /**
   * The state of an account several connections share (`hubspot:portal-123`, `zoho:org-456`):
   * same interface, its own key space, shared by every connection that names the same account.
   */
  account(accountKey: string): ConnectionState;
}

/** Reads, changes and writes one key until no other writer interferes; returns the value written. */
export async function updateState<T>(state: ConnectionState, key: string, change: (current: T | undefined) => T, attempts = 100): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const entry = await state.get<T>(key);
    const next = change(entry?.value);
    if (await state.compareAndSwap(key, entry?.version, next)) return next;
  }
  throw new Error(`State key ${key} kept changing under ${attempts} attempts to update it; another process writes it in a loop.`);
}
