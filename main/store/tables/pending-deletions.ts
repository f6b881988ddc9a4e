import type { Db } from '../db.ts';

export interface PendingDeletionRow {
  id: number;
  flowId: string;
  destObject: string;
  destId: string;
  sourceId: string | null;
  reason: string;
  flaggedAt: string;
}

/** Deletions found by reconciliation; applied only after the admin approves them. */
export function pendingDeletionsTable(db: Db) {
  const flag = db.prepare(
    `INSERT INTO pending_deletions (flow_id, dest_object, dest_id, source_id, reason, flagged_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (flow_id, dest_id) DO NOTHING`,
  );
  const listAll = db.prepare<[], PendingDeletionRow>(
    "SELECT id, flow_id flowId, dest_object destObject, dest_id destId, source_id sourceId, reason, flagged_at flaggedAt FROM pending_deletions WHERE status = 'pending' ORDER BY id",
  );
  const listFlow = db.prepare<[string], PendingDeletionRow>(
    "SELECT id, flow_id flowId, dest_object destObject, dest_id destId, source_id sourceId, reason, flagged_at flaggedAt FROM pending_deletions WHERE status = 'pending' AND flow_id = ? ORDER BY id",
  );
  const get = db.prepare<[number], PendingDeletionRow>(
    "SELECT id, flow_id flowId, dest_object destObject, dest_id destId, source_id sourceId, reason, flagged_at flaggedAt FROM pending_deletions WHERE id = ? AND status = 'pending'",
  );
  const setStatus = db.prepare('UPDATE pending_deletions SET status = ? WHERE id = ?');
  return {
    flag: (r: Omit<PendingDeletionRow, 'id' | 'flaggedAt'>) => flag.run(r.flowId, r.destObject, r.destId, r.sourceId, r.reason, new Date().toISOString()).changes > 0,
    list: (flowId?: string) => (flowId ? listFlow.all(flowId) : listAll.all()),
    get: (id: number) => get.get(id),
    settle: (id: number, status: 'applied' | 'dismissed' | 'failed') => setStatus.run(status, id),
  };
}
