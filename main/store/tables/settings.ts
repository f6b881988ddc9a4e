import type { Db } from '../db.ts';

/** Key → JSON value. The service validates the whole document with the contract's settings schema. */
export function settingsTable(db: Db) {
  const all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    all: (): Record<string, unknown> => Object.fromEntries(all.all().map((r) => [r.key, JSON.parse(r.value)])),
    set: (values: Record<string, unknown>) => {
      db.transaction(() => {
        for (const [k, v] of Object.entries(values)) if (v !== undefined) upsert.run(k, JSON.stringify(v));
      })();
    },
  };
}
