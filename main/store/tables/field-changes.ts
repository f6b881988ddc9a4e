import type { Db } from '../db.ts';

/** One field an update changed since our last write of the record: its value then and now. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** Which fields each update event changed (migration 0012). */
export function fieldChangesTable(db: Db) {
  const insert = db.prepare<[number, string]>('INSERT OR REPLACE INTO field_changes (event_id, changes) VALUES (?, ?)');
  const get = db.prepare<[number], { changes: string }>('SELECT changes FROM field_changes WHERE event_id = ?');
  return {
    record: (eventId: number, changes: readonly FieldChange[]) => void insert.run(eventId, JSON.stringify(changes)),
    get: (eventId: number): FieldChange[] | undefined => {
      const r = get.get(eventId);
      return r ? (JSON.parse(r.changes) as FieldChange[]) : undefined;
    },
  };
}
