import type { Db } from '../db.ts';

/** Each source record's hash as of the flow's last reconciliation by key hashes (see migration 0016). */
export function sourceHashesTable(db: Db) {
  const all = db.prepare<[string], { source_id: string; hash: string }>('SELECT source_id, hash FROM source_hashes WHERE flow_id = ?');
  const clear = db.prepare('DELETE FROM source_hashes WHERE flow_id = ?');
  const put = db.prepare('INSERT INTO source_hashes (flow_id, source_id, hash) VALUES (?, ?, ?)');
  return {
    all: (flowId: string): Map<string, string> => new Map(all.all(flowId).map((r) => [r.source_id, r.hash])),
    /** Replaces the flow's hashes with these, in one transaction. */
    replace: (flowId: string, hashes: ReadonlyMap<string, string>) =>
      db.transaction(() => {
        clear.run(flowId);
        for (const [id, hash] of hashes) put.run(flowId, id, hash);
      })(),
    clear: (flowId: string) => clear.run(flowId),
  };
}
