// ConnectorContext.state over the store's SQLite file (main/store/tables/connection-state.ts): what a
// connector keeps there — a sealed access token, budget counts — is seen by every process on the same
// data folder (`serve` and a CLI `sync`), and withLock() leases are exclusive across them. A holder
// that dies frees its lease after ttlMs; waiters poll, since SQLite cannot notify another process.
import { randomUUID } from 'node:crypto';
import { RetriableError } from '../../connectors/kit/errors.ts';
import { abortError, sleep } from '../../connectors/kit/sleep.ts';
import type { ConnectionState, LockOptions } from '../../connectors/kit/state/connection-state.ts';
import type { Store } from '../store/index.ts';

const POLL_MS = 50;

/** Scope of an account several connections share (`account:hubspot:<hash>`): its API budget lives there. */
export const ACCOUNT_SCOPE_PREFIX = 'account:';

export function connectionScope(connectionId: string): string {
  return `connection:${connectionId}`;
}

export function sqliteConnectionState(store: Pick<Store, 'state'>, connectionId: string, now: () => number = Date.now): ConnectionState {
  return scoped(store, connectionScope(connectionId), now);
}

function scoped(store: Pick<Store, 'state'>, scope: string, now: () => number): ConnectionState {
  const t = store.state;
  return {
    get: async <T>(key: string) => t.get(scope, key) as { value: T; version: number } | undefined,
    set: async (key, value) => t.set(scope, key, value),
    compareAndSwap: async (key, expected, value) => t.compareAndSwap(scope, key, expected, value),
    delete: async (key) => t.delete(scope, key),
    withLock: (name, options, fn) => withLock(store, `${scope}\u0000${name}`, options, fn, now),
    account: (accountKey) => scoped(store, `${ACCOUNT_SCOPE_PREFIX}${accountKey}`, now),
  };
}

async function withLock<T>(store: Pick<Store, 'state'>, name: string, options: LockOptions, fn: () => Promise<T>, now: () => number): Promise<T> {
  const owner = `${process.pid}:${randomUUID()}`;
  const deadline = now() + (options.waitMs ?? options.ttlMs + 5000);
  for (;;) {
    if (options.signal?.aborted) throw abortError(options.signal);
    const got = store.state.tryLock(name, owner, options.ttlMs, now());
    if (got.ok) break;
    if (now() >= deadline) {
      throw new RetriableError(`Another process has held the lock "${name.split('\u0000')[1]}" too long.`, { code: 'LOCK_BUSY', retryAfterMs: Math.max(0, got.expiresAt - now()) });
    }
    await sleep(POLL_MS, options.signal);
  }
  try {
    return await fn();
  } finally {
    store.state.unlock(name, owner);
  }
}
