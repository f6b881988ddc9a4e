import type { Db } from '../db.ts';

/**
 * Rows behind ConnectorContext.state: versioned JSON values per scope and key, and lock leases.
 * Compare-and-swap and lock taking run in IMMEDIATE transactions, so two processes on the same file
 * cannot both see the same version or both find the lock free.
 */
export function connectionStateTable(db: Db) {
  const get = db.prepare<[string, string], { value: string; version: number }>('SELECT value, version FROM connection_state WHERE scope = ? AND key = ?');
  const put = db.prepare<[string, string, string, number, string]>(
    `INSERT INTO connection_state (scope, key, value, version, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, version = excluded.version, updated_at = excluded.updated_at`,
  );
  const del = db.prepare<[string, string]>('DELETE FROM connection_state WHERE scope = ? AND key = ?');
  const delScope = db.prepare<[string]>('DELETE FROM connection_state WHERE scope = ?');
  const byKey = db.prepare<[string, string], { scope: string; value: string }>("SELECT scope, value FROM connection_state WHERE key = ? AND scope LIKE ? ESCAPE '\\'");
  const lockGet = db.prepare<[string], { owner: string; expires_at: number }>('SELECT owner, expires_at FROM state_locks WHERE name = ?');
  const lockPut = db.prepare<[string, string, number]>(
    'INSERT INTO state_locks (name, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at',
  );
  const lockDel = db.prepare<[string, string]>('DELETE FROM state_locks WHERE name = ? AND owner = ?');

  const write = db.transaction((scope: string, key: string, expected: number | undefined | 'any', json: string): boolean => {
    const cur = get.get(scope, key);
    if (expected !== 'any' && cur?.version !== expected) return false;
    put.run(scope, key, json, (cur?.version ?? 0) + 1, new Date().toISOString());
    return true;
  });
  const take = db.transaction((name: string, owner: string, ttlMs: number, now: number): { ok: true } | { ok: false; expiresAt: number } => {
    const cur = lockGet.get(name);
    if (cur && cur.owner !== owner && cur.expires_at > now) return { ok: false, expiresAt: cur.expires_at };
    lockPut.run(name, owner, now + ttlMs);
    return { ok: true };
  });

  return {
    get(scope: string, key: string): { value: unknown; version: number } | undefined {
      const row = get.get(scope, key);
      return row ? { value: JSON.parse(row.value) as unknown, version: row.version } : undefined;
    },
    set: (scope: string, key: string, value: unknown) => void write.immediate(scope, key, 'any', JSON.stringify(value ?? null)),
    compareAndSwap: (scope: string, key: string, expected: number | undefined, value: unknown) => write.immediate(scope, key, expected, JSON.stringify(value ?? null)),
    delete: (scope: string, key: string) => void del.run(scope, key),
    /** The value of `key` in every scope starting with `scopePrefix` (every account's API budget). */
    listKey: (key: string, scopePrefix: string): { scope: string; value: unknown }[] =>
      byKey.all(key, scopePrefix.replace(/[\\%_]/g, (c) => '\\' + c) + '%').map((r) => ({ scope: r.scope, value: JSON.parse(r.value) as unknown })),
    /** Forgets a whole scope (a deleted connection's state). */
    deleteScope: (scope: string) => void delScope.run(scope),
    tryLock: (name: string, owner: string, ttlMs: number, now = Date.now()) => take.immediate(name, owner, ttlMs, now),
    unlock: (name: string, owner: string) => void lockDel.run(name, owner),
  };
}
