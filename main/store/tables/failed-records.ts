import type { Db } from '../db.ts';

/** The payload hash of each record whose last write failed permanently (see migration 0002). */
export function failedRecordsTable(db: Db) {
  const get = db.prepare<[string, string], { hash: string; event_id: number }>('SELECT hash, event_id FROM failed_records WHERE flow_id = ? AND source_id = ?');
  const put = db.prepare(
    `INSERT INTO failed_records (flow_id, source_id, hash, event_id) VALUES (?, ?, ?, ?)
     ON CONFLICT (flow_id, source_id) DO UPDATE SET hash = excluded.hash, event_id = excluded.event_id`,
  );
  const del = db.prepare('DELETE FROM failed_records WHERE flow_id = ? AND source_id = ?');
  const any = db.prepare<[string], { x: number }>('SELECT 1 x FROM failed_records WHERE flow_id = ? LIMIT 1');
  return {
    get: (flowId: string, sourceId: string) => {
      const r = get.get(flowId, sourceId);
      return r ? { hash: r.hash, eventId: r.event_id } : undefined;
    },
    set: (flowId: string, sourceId: string, hash: string, eventId: number) => put.run(flowId, sourceId, hash, eventId),
    clear: (flowId: string, sourceId: string) => del.run(flowId, sourceId),
    /** Whether the flow has any permanently failed record (most pages of most runs: no). */
    any: (flowId: string) => any.get(flowId) !== undefined,
  };
}
