import type { Db } from '../db.ts';
import type { TransportTrust } from '../../engine/transport-policy.ts';

export interface ConnectionRow {
  id: string;
  system: string;
  name: string;
  settings: Record<string, unknown>;
  /** Certificate trust and the admin's plain-http consent (engine/transport-policy.ts). */
  tls: TransportTrust;
  lastCheck: unknown | null;
  /** Blackout windows as saved (`{ timeZone, windows }`, contract blackoutsSchema), or null. */
  blackouts: unknown | null;
  createdAt: string;
  updatedAt: string;
}

interface Raw {
  id: string;
  system: string;
  name: string;
  settings: string;
  tls: string;
  last_check: string | null;
  blackouts: string | null;
  created_at: string;
  updated_at: string;
}

const fromRaw = (r: Raw): ConnectionRow => ({
  id: r.id,
  system: r.system,
  name: r.name,
  settings: JSON.parse(r.settings),
  tls: JSON.parse(r.tls),
  lastCheck: r.last_check ? JSON.parse(r.last_check) : null,
  blackouts: r.blackouts ? JSON.parse(r.blackouts) : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function connectionsTable(db: Db) {
  const list = db.prepare<[], Raw>('SELECT * FROM connections ORDER BY name');
  const get = db.prepare<[string], Raw>('SELECT * FROM connections WHERE id = ?');
  const byName = db.prepare<[string], Raw>('SELECT * FROM connections WHERE name = ?');
  const insert = db.prepare(
    'INSERT INTO connections (id, system, name, settings, tls, last_check, created_at, updated_at) VALUES (@id, @system, @name, @settings, @tls, NULL, @createdAt, @updatedAt)',
  );
  const update = db.prepare('UPDATE connections SET name = @name, settings = @settings, tls = @tls, updated_at = @updatedAt WHERE id = @id');
  const setCheck = db.prepare('UPDATE connections SET last_check = ? WHERE id = ?');
  const setBlackouts = db.prepare('UPDATE connections SET blackouts = ?, updated_at = ? WHERE id = ?');
  const del = db.prepare('DELETE FROM connections WHERE id = ?');
  return {
    list: () => list.all().map(fromRaw),
    get: (id: string) => {
      const r = get.get(id);
      return r ? fromRaw(r) : undefined;
    },
    byName: (name: string) => {
      const r = byName.get(name);
      return r ? fromRaw(r) : undefined;
    },
    insert(row: Omit<ConnectionRow, 'lastCheck' | 'blackouts'>) {
      insert.run({ ...row, settings: JSON.stringify(row.settings), tls: JSON.stringify(row.tls) });
    },
    update(row: Pick<ConnectionRow, 'id' | 'name' | 'settings' | 'tls' | 'updatedAt'>) {
      update.run({ ...row, settings: JSON.stringify(row.settings), tls: JSON.stringify(row.tls) });
    },
    /** Null: no test stands for the connection's details (they changed since). */
    setLastCheck: (id: string, check: unknown | null) => setCheck.run(check === null ? null : JSON.stringify(check), id),
    setBlackouts: (id: string, blackouts: unknown | null, updatedAt: string) => setBlackouts.run(blackouts === null ? null : JSON.stringify(blackouts), updatedAt, id),
    delete: (id: string) => del.run(id).changes > 0,
  };
}
