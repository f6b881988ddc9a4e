import type { Db } from '../db.ts';

export interface IdMapEntry {
  destId: string;
  hash: string;
  /** The audit event that last wrote the record (null for rows from before migration 0010 or echo registrations). */
  eventId: number | null;
}

/** source id ↔ destination id per flow, with the hash of the last payload written (skip unchanged). */
export function idMapTable(db: Db) {
  const get = db.prepare<[string, string], { dest_id: string; hash: string; event_id: number | null }>('SELECT dest_id, hash, event_id FROM id_map WHERE flow_id = ? AND source_id = ?');
  const bySource = db.prepare<[string, string], { dest_id: string }>('SELECT dest_id FROM id_map WHERE flow_id = ? AND source_id = ?');
  const byDest = db.prepare<[string, string], { source_id: string }>('SELECT source_id FROM id_map WHERE flow_id = ? AND dest_id = ?');
  const upsert = db.prepare(
    `INSERT INTO id_map (flow_id, source_id, dest_id, hash, source_label, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (flow_id, source_id) DO UPDATE SET dest_id = excluded.dest_id, hash = excluded.hash, source_label = excluded.source_label, updated_at = excluded.updated_at`,
  );
  const all = db.prepare<[string], { source_id: string; dest_id: string; hash: string }>('SELECT source_id, dest_id, hash FROM id_map WHERE flow_id = ?');
  const count = db.prepare<[string], { n: number }>('SELECT COUNT(*) n FROM id_map WHERE flow_id = ?');
  const del = db.prepare('DELETE FROM id_map WHERE flow_id = ? AND source_id = ?');
  const clearHash = db.prepare("UPDATE id_map SET hash = '' WHERE flow_id = ? AND source_id = ?");
  const many = db.prepare<[string, string], { source_id: string; dest_id: string; hash: string; event_id: number | null }>(
    'SELECT source_id, dest_id, hash, event_id FROM id_map WHERE flow_id = ? AND source_id IN (SELECT value FROM json_each(?))',
  );
  const ROWS = 100;
  const upserts = new Map<number, ReturnType<typeof db.prepare<unknown[]>>>();
  const upsertRows = (n: number) => {
    let st = upserts.get(n);
    if (!st) {
      // A row without an event (an echo registration, reconcile's hash refresh) keeps the write it had.
      st = db.prepare<unknown[]>(
        `INSERT INTO id_map (flow_id, source_id, dest_id, hash, source_label, updated_at, event_id) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (flow_id, source_id) DO UPDATE SET dest_id = excluded.dest_id, hash = excluded.hash, source_label = excluded.source_label, updated_at = excluded.updated_at,
           event_id = COALESCE(excluded.event_id, id_map.event_id)`,
      );
      upserts.set(n, st);
    }
    return st;
  };
  return {
    get: (flowId: string, sourceId: string): IdMapEntry | undefined => {
      const r = get.get(flowId, sourceId);
      return r ? { destId: r.dest_id, hash: r.hash, eventId: r.event_id } : undefined;
    },
    destIdOf: (flowId: string, sourceId: string) => bySource.get(flowId, sourceId)?.dest_id,
    sourceIdOf: (flowId: string, destId: string) => byDest.get(flowId, destId)?.source_id,
    set: (flowId: string, sourceId: string, destId: string, hash: string, label: string | null, at: string) => upsert.run(flowId, sourceId, destId, hash, label, at),
    /** Entries of many source ids in one query (a page's lookups); ids without an entry are absent. */
    getMany(flowId: string, sourceIds: readonly string[]): Map<string, IdMapEntry> {
      const out = new Map<string, IdMapEntry>();
      if (sourceIds.length) for (const r of many.iterate(flowId, JSON.stringify(sourceIds))) out.set(r.source_id, { destId: r.dest_id, hash: r.hash, eventId: r.event_id });
      return out;
    },
    /** set() for many rows, in order (a later row for the same source id wins), a hundred per statement. */
    setMany(rows: readonly { flowId: string; sourceId: string; destId: string; hash: string; label: string | null; eventId?: number | null }[], at: string): void {
      for (let i = 0; i < rows.length; i += ROWS) {
        const part = rows.slice(i, i + ROWS);
        upsertRows(part.length).run(...part.flatMap((r) => [r.flowId, r.sourceId, r.destId, r.hash, r.label, at, r.eventId ?? null]));
      }
    },
    all: (flowId: string) => all.iterate(flowId),
    count: (flowId: string) => count.get(flowId)?.n ?? 0,
    delete: (flowId: string, sourceId: string) => del.run(flowId, sourceId),
    /** Forces the next run to write the record again (reconcile found it different). */
    invalidate: (flowId: string, sourceId: string) => clearHash.run(flowId, sourceId),
  };
}
