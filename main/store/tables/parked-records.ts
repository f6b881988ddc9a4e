import type { Db } from '../db.ts';

/** Records waiting for a parent that does not exist yet in the destination. */
export function parkedRecordsTable(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO parked_records (flow_id, source_id, source_payload, reason, parked_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (flow_id, source_id) DO UPDATE SET source_payload = excluded.source_payload, reason = excluded.reason, attempts = attempts + 1`,
  );
  const list = db.prepare<[string], { source_id: string; source_payload: string; reason: string; attempts: number }>(
    'SELECT source_id, source_payload, reason, attempts FROM parked_records WHERE flow_id = ? ORDER BY parked_at',
  );
  const del = db.prepare('DELETE FROM parked_records WHERE flow_id = ? AND source_id = ?');
  const count = db.prepare<[string], { n: number }>('SELECT COUNT(*) n FROM parked_records WHERE flow_id = ?');
  return {
    park: (flowId: string, sourceId: string, payload: unknown, reason: string) => upsert.run(flowId, sourceId, JSON.stringify(payload), reason, new Date().toISOString()),
    list: (flowId: string) => list.all(flowId).map((r) => ({ sourceId: r.source_id, payload: JSON.parse(r.source_payload) as Record<string, unknown>, reason: r.reason, attempts: r.attempts })),
    release: (flowId: string, sourceId: string) => del.run(flowId, sourceId),
    count: (flowId: string) => count.get(flowId)?.n ?? 0,
  };
}
