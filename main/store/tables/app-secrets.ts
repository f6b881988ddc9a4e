import type { Db } from '../db.ts';

/**
 * The workspace's own secrets (not a connection's): the alerts' SMTP password and webhook URL. Ciphertext
 * only, sealed by the vault before it reaches this table, as in `secrets`.
 */
export function appSecretsTable(db: Db) {
  const get = db.prepare<[string], { ciphertext: Buffer }>('SELECT ciphertext FROM app_secrets WHERE name = ?');
  const all = db.prepare<[], { name: string; ciphertext: Buffer }>('SELECT name, ciphertext FROM app_secrets ORDER BY name');
  const upsert = db.prepare(
    `INSERT INTO app_secrets (name, ciphertext, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM app_secrets WHERE name = ?');
  const removeAll = db.prepare('DELETE FROM app_secrets');
  return {
    get: (name: string) => get.get(name)?.ciphertext,
    all: () => all.all(),
    set: (name: string, ciphertext: Buffer) => void upsert.run(name, ciphertext, new Date().toISOString()),
    remove: (name: string) => remove.run(name).changes > 0,
    /** Forgets every one (their key is lost). */
    removeAll: () => removeAll.run().changes,
  };
}
