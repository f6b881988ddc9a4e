import type { Db } from '../db.ts';

/** A lock older than this without a heartbeat belongs to a process that died. */
export const LOCK_STALE_MS = 60_000;

/**
 * One run of a flow at a time across processes (a CLI `sync` next to a running `serve`). Taken in an
 * IMMEDIATE transaction so two processes cannot both see the lock free.
 */
export function flowLocksTable(db: Db, isAlive: (pid: number) => boolean) {
  const get = db.prepare<[string], { owner: string; pid: number; heartbeat_at: string }>('SELECT owner, pid, heartbeat_at FROM flow_locks WHERE flow_id = ?');
  const put = db.prepare(
    `INSERT INTO flow_locks (flow_id, owner, pid, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (flow_id) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
  );
  const beat = db.prepare('UPDATE flow_locks SET heartbeat_at = ? WHERE flow_id = ? AND owner = ?');
  const del = db.prepare('DELETE FROM flow_locks WHERE flow_id = ? AND owner = ?');
  const delOwner = db.prepare('DELETE FROM flow_locks WHERE owner = ?');
  const acquire = db.transaction((flowId: string, owner: string, pid: number, now: number): { ok: true } | { ok: false; holder: { owner: string; pid: number } } => {
    const cur = get.get(flowId);
    if (cur && cur.owner !== owner) {
      const fresh = now - Date.parse(cur.heartbeat_at) < LOCK_STALE_MS;
      if (fresh && isAlive(cur.pid)) return { ok: false, holder: { owner: cur.owner, pid: cur.pid } };
    }
    const at = new Date(now).toISOString();
    put.run(flowId, owner, pid, at, at);
    return { ok: true };
  });
  return {
    acquire: (flowId: string, owner: string, pid: number = process.pid) => acquire.immediate(flowId, owner, pid, Date.now()),
    heartbeat: (flowId: string, owner: string) => beat.run(new Date().toISOString(), flowId, owner),
    release: (flowId: string, owner: string) => del.run(flowId, owner),
    /** Every lock of an owner that is gone while its process lives on (a crashed engine thread). */
    releaseOwner: (owner: string) => delOwner.run(owner).changes,
    holder: (flowId: string) => get.get(flowId),
  };
}
