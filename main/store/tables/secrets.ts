import type { Db } from '../db.ts';

/** Ciphertext blobs only; encryption happens in main/secrets before anything reaches this table. */
export function secretsTable(db: Db) {
  const get = db.prepare<[string, string], { ciphertext: Buffer }>('SELECT ciphertext FROM secrets WHERE connection_id = ? AND name = ?');
  const names = db.prepare<[string], { name: string }>('SELECT name FROM secrets WHERE connection_id = ? ORDER BY name');
  const all = db.prepare<[], { connection_id: string; name: string; ciphertext: Buffer }>('SELECT connection_id, name, ciphertext FROM secrets');
  const upsert = db.prepare(
    `INSERT INTO secrets (connection_id, name, ciphertext, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (connection_id, name) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
  );
  const removeAll = db.prepare('DELETE FROM secrets');
  const removeFor = db.prepare<[string]>('DELETE FROM secrets WHERE connection_id = ?');
  return {
    /** Forgets every stored secret (their key is lost); connections and flows stay. */
    removeAll: () => removeAll.run().changes,
    /** Forgets one connection's secrets (its address moved to another origin). */
    removeFor: (connectionId: string) => removeFor.run(connectionId).changes,
    get: (connectionId: string, name: string) => get.get(connectionId, name)?.ciphertext,
    names: (connectionId: string) => names.all(connectionId).map((r) => r.name),
    all: () => all.all().map((r) => ({ connectionId: r.connection_id, name: r.name, ciphertext: r.ciphertext })),
    set: (connectionId: string, name: string, ciphertext: Buffer) => upsert.run(connectionId, name, ciphertext, new Date().toISOString()),
  };
}
