import type { Db } from '../db.ts';

/** Digests of accepted webhook deliveries within the replay window (no payloads, no signatures). */
export function webhookDeliveriesTable(db: Db) {
  const prune = db.prepare<[number]>('DELETE FROM webhook_deliveries WHERE received_at < ?');
  const insert = db.prepare<[string, string, number]>('INSERT OR IGNORE INTO webhook_deliveries (digest, connection_id, received_at) VALUES (?, ?, ?)');
  return {
    /** Records a delivery; false when it was already recorded since `since` (a replay). */
    firstSighting: (digest: string, connectionId: string, at: number, since: number): boolean => {
      prune.run(since);
      return insert.run(digest, connectionId, at).changes === 1;
    },
  };
}
