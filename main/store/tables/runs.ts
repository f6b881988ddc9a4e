import type { Db } from '../db.ts';

export interface RunCountsRow {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  waiting: number;
}

export interface RunRow {
  id: string;
  flowId: string;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  counts: RunCountsRow;
  expected: number;
  written: number;
  error: { code: string; message: string; hint?: string } | null;
  pid: number | null;
  /** API units the run spent per CRM account (`hubspot:<hash>` → units); empty before it finished. */
  apiUnits: Record<string, number>;
  /** The run stopped on an exhausted API budget: when the budget is back and the flow resumes. */
  pausedUntil: string | null;
  /** A re-sync (trigger 'resync'): the UTC instant it re-read from. */
  resyncFrom: string | null;
}

/** A run's API spend, for the budget planner: what it spent on each account, and when. */
export interface RunSpendRow {
  id: string;
  flowId: string;
  trigger: string;
  startedAt: string;
  apiUnits: Record<string, number>;
}

interface Raw extends RunCountsRow {
  id: string;
  flow_id: string;
  trigger: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  expected: number;
  written: number;
  error: string | null;
  pid: number | null;
  api_units: string | null;
  paused_until: string | null;
  resync_from: string | null;
}

const unitsOf = (json: string | null): Record<string, number> => (json ? (JSON.parse(json) as Record<string, number>) : {});

const fromRaw = (r: Raw): RunRow => ({
  id: r.id,
  flowId: r.flow_id,
  trigger: r.trigger,
  status: r.status,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  counts: { read: r.read, created: r.created, updated: r.updated, unchanged: r.unchanged, skipped: r.skipped, failed: r.failed, waiting: r.waiting },
  expected: r.expected,
  written: r.written,
  error: r.error ? JSON.parse(r.error) : null,
  pid: r.pid,
  apiUnits: unitsOf(r.api_units),
  pausedUntil: r.paused_until,
  resyncFrom: r.resync_from,
});

export function runsTable(db: Db) {
  const insert = db.prepare(
    `INSERT INTO runs (id, flow_id, trigger, status, started_at, pid, resync_from) VALUES (@id, @flowId, @trigger, @status, @startedAt, @pid, @resyncFrom)`,
  );
  const update = db.prepare(
    `UPDATE runs SET status = @status, finished_at = @finishedAt, read = @read, created = @created, updated = @updated, unchanged = @unchanged,
       skipped = @skipped, failed = @failed, waiting = @waiting, expected = @expected, written = @written, error = @error,
       api_units = @apiUnits, paused_until = @pausedUntil WHERE id = @id`,
  );
  const get = db.prepare<[string], Raw>('SELECT * FROM runs WHERE id = ?');
  const started = db.prepare("UPDATE runs SET status = 'running', started_at = ?, pid = ? WHERE id = ?");
  // Runs a crashed process left 'running' can never finish: mark them so the dashboard tells the truth.
  const interrupt = db.prepare("UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ? AND status IN ('queued', 'running')");
  // A replay re-sends a few records; it is not the flow's last run (the dashboard's, the scheduler's).
  const latestForFlow = db.prepare<[string], Raw>("SELECT * FROM runs WHERE flow_id = ? AND trigger != 'replay' ORDER BY started_at DESC LIMIT 1");
  const listAll = db.prepare<[string, number], Raw>('SELECT * FROM runs WHERE started_at < ? ORDER BY started_at DESC LIMIT ?');
  const listFlow = db.prepare<[string, string, number], Raw>('SELECT * FROM runs WHERE flow_id = ? AND started_at < ? ORDER BY started_at DESC LIMIT ?');
  const running = db.prepare<[], Raw>("SELECT * FROM runs WHERE status IN ('queued', 'running')");
  const discardQueued = db.prepare("DELETE FROM runs WHERE id = ? AND status = 'queued'");
  const spentSince = db.prepare<[string], { id: string; flow_id: string; trigger: string; started_at: string; api_units: string }>(
    'SELECT id, flow_id, trigger, started_at, api_units FROM runs WHERE started_at >= ? AND api_units IS NOT NULL ORDER BY started_at DESC',
  );
  // Runs of a flow that finished with their spend counted (queued, running and interrupted runs have none).
  const spentByFlow = db.prepare<[string, number], { id: string; flow_id: string; trigger: string; started_at: string; api_units: string }>(
    'SELECT id, flow_id, trigger, started_at, api_units FROM runs WHERE flow_id = ? AND api_units IS NOT NULL ORDER BY started_at DESC LIMIT ?',
  );
  const spendOf = (r: { id: string; flow_id: string; trigger: string; started_at: string; api_units: string }): RunSpendRow => ({
    id: r.id,
    flowId: r.flow_id,
    trigger: r.trigger,
    startedAt: r.started_at,
    apiUnits: unitsOf(r.api_units),
  });
  return {
    insert: (r: Pick<RunRow, 'id' | 'flowId' | 'trigger' | 'status' | 'startedAt' | 'pid'> & { resyncFrom?: string | null }) => insert.run({ ...r, resyncFrom: r.resyncFrom ?? null }),
    update: (r: Pick<RunRow, 'id' | 'status' | 'finishedAt' | 'counts' | 'expected' | 'written' | 'error'> & Partial<Pick<RunRow, 'apiUnits' | 'pausedUntil'>>) =>
      update.run({
        id: r.id,
        status: r.status,
        finishedAt: r.finishedAt,
        ...r.counts,
        expected: r.expected,
        written: r.written,
        error: r.error ? JSON.stringify(r.error) : null,
        apiUnits: r.apiUnits ? JSON.stringify(r.apiUnits) : null,
        pausedUntil: r.pausedUntil ?? null,
      }),
    get: (id: string) => {
      const r = get.get(id);
      return r ? fromRaw(r) : undefined;
    },
    latestForFlow: (flowId: string) => {
      const r = latestForFlow.get(flowId);
      return r ? fromRaw(r) : undefined;
    },
    list: (opts: { flowId?: string; before?: string; limit: number }) => {
      const before = opts.before ?? '9999';
      return (opts.flowId ? listFlow.all(opts.flowId, before, opts.limit) : listAll.all(before, opts.limit)).map(fromRaw);
    },
    unfinished: () => running.all().map(fromRaw),
    /** Runs started at or after `iso` that counted their API spend, newest first. */
    spentSince: (iso: string) => spentSince.all(iso).map(spendOf),
    /** The flow's last `limit` runs that counted their API spend, newest first. */
    spendOfFlow: (flowId: string, limit: number) => spentByFlow.all(flowId, limit).map(spendOf),
    markStarted: (id: string, at: string, pid: number) => started.run(at, pid, id),
    /** A queued run that never started and never will (its flow was held by another process): no run at all. */
    discardQueued: (id: string) => discardQueued.run(id).changes > 0,
    /** A run its process can no longer finish (it crashed or was stopped) is marked failed, resumable. */
    markInterrupted: (id: string) =>
      interrupt.run(new Date().toISOString(), JSON.stringify({ code: 'INTERRUPTED', message: 'The run was interrupted (the app stopped or crashed).', hint: 'It resumes from the last committed page at the next run.' }), id).changes > 0,
  };
}
