// The engine: a queue of flow runs (dependencies first, one run of a flow at a time), a ticker that
// enqueues due flows (croner for cron schedules), daily reconciliation and audit retention.
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Schedule } from '../../preload/contract/index.ts';
import { scheduleSchema } from '../../preload/contract/index.ts';
import type { EnginePort } from './port.ts';
import type { EngineContext } from './context.ts';
import { EngineError, notFound } from './engine-error.ts';
import type { FlowRow, RunRow } from '../store/index.ts';
import { followerIds } from './linked-records.ts';
import { runFlow, type RunOptions } from './runner.ts';
import { nextRunAfter } from './schedule-plan.ts';
import { lastStartOf, nextRunAtOf } from './next-run.ts';
import { orderByDependencies } from './flow-order.ts';
import { replayEvents } from './replay.ts';
import { reconcileFlow, applyDeletions } from './reconcile.ts';
import { dryRunFlow } from './dry-run.ts';
import { estimateDryRun } from './dry-run-estimate.ts';
import { resyncStart } from './resync.ts';
import { estimateResync } from './resync-estimate.ts';
import { processAlive } from '../process-alive.ts';
import { createTextIndexer } from './text-indexer.ts';
import { clearOfBlackouts, flowBlackoutWait, refuseDuringBlackout } from './blackout/connection-blackouts.ts';

export interface Engine extends EnginePort {
  start(): void;
  stop(): Promise<void>;
  settingsChanged(): void;
  flowsChanged(flowIds: string[]): void;
  /** Queues flows without waiting (webhooks). A flow already queued for the same reason is not queued twice. */
  enqueue(flowIds: string[], trigger: RunOptions['trigger']): void;
  /** Enqueues the flows due at `now` — the scheduler calls it every 15 seconds. */
  tick(now?: Date): void;
  /** Flows paused by an exhausted API budget and when each resumes (epoch ms). */
  paused(): [string, number][];
  /**
   * Runs flows now and waits for them (CLI `sync`, tests); a flow in a blackout window waits for its end unless
   * forced. A flow another process is running waits for that run where the scheduler ticks; without one, its
   * entry is the refusal (status failed, error ALREADY_RUNNING), which is no run: the runs table keeps nothing.
   */
  runNow(flowIds: string[] | undefined, options?: { full?: boolean; trigger?: RunOptions['trigger']; force?: boolean }): Promise<RunRow[]>;
}

interface QueueItem {
  runId: string;
  flow: FlowRow;
  trigger: RunOptions['trigger'];
  full: boolean;
  /** Sync now forced inside a blackout window: runs at once and calls the ERP anyway. */
  force: boolean;
  /** A re-sync: the instant it re-reads from. */
  resyncFrom?: Date;
  controller: AbortController;
  done: Promise<RunRow>;
  resolve: (r: RunRow) => void;
}

export function createEngine(ctx: EngineContext, owner = `${ctx.hostName}:${process.pid}:${randomUUID().slice(0, 8)}`): Engine {
  const { store } = ctx;
  const queue: QueueItem[] = [];
  let current: QueueItem | null = null;
  let ticker: Cron | null = null;
  let daily: Cron | null = null;
  let stopped = false;
  let draining: Promise<void> | null = null;
  // Whether drain() is looping. Not `draining !== null`: that promise settles some microtasks after
  // drain's last look at the queue, and a run queued in between would never start.
  let drainActive = false;
  // Flows whose run stopped on an exhausted API budget, and when that budget is back (epoch ms).
  const pausedUntil = new Map<string, number>();
  // Queued runs held back because a connection of their flow is in a blackout window: their run rows
  // stay 'queued' and they go back into the queue when the window ends (tick).
  const deferred: { item: QueueItem; until: number }[] = [];
  const textIndexer = createTextIndexer(store, { busy: () => current !== null, logger: ctx.logger });

  // Runs left unfinished by a process that is gone can never finish: say so.
  // (A run of this very pid may belong to another engine in this process — tests, a second window —
  // unless no live lock covers its flow, e.g. a restarted container whose pid is always 1.)
  for (const r of store.runs.unfinished()) {
    const orphan = r.pid === null || !processAlive(r.pid) || (r.pid === process.pid && !store.locks.holder(r.flowId));
    if (orphan) store.runs.markInterrupted(r.id);
  }

  // A flow paused by an exhausted API budget stays paused across a restart: its last run says until when.
  for (const f of store.flows.list()) {
    const until = Date.parse(store.runs.latestForFlow(f.id)?.pausedUntil ?? '');
    if (until > ctx.clock.now().getTime()) pausedUntil.set(f.id, until);
  }

  const queued = (flowId: string) => queue.some((q) => q.flow.id === flowId) || current?.flow.id === flowId || deferred.some((d) => d.item.flow.id === flowId);

  function enqueueRun(flow: FlowRow, trigger: RunOptions['trigger'], full: boolean, force = false, resyncFrom?: Date): QueueItem {
    const held = deferred.findIndex((d) => d.item.flow.id === flow.id && d.item.trigger === trigger);
    if (held >= 0 && force) {
      // Forced while waiting for the window: it goes now.
      const item = deferred.splice(held, 1)[0]!.item;
      item.force = true;
      queue.push(item);
      if (!drainActive) draining = drain();
      return item;
    }
    if (held >= 0) return deferred[held]!.item;
    const existing = [current, ...queue].find((q) => q && q.flow.id === flow.id && q.trigger === trigger);
    if (existing && existing !== current) return existing;
    const runId = randomUUID();
    store.runs.insert({ id: runId, flowId: flow.id, trigger, status: 'queued', startedAt: ctx.clock.now().toISOString(), pid: process.pid, resyncFrom: resyncFrom?.toISOString() ?? null });
    let resolve!: (r: RunRow) => void;
    const done = new Promise<RunRow>((r) => (resolve = r));
    const item: QueueItem = { runId, flow, trigger, full, force, ...(resyncFrom && { resyncFrom }), controller: new AbortController(), done, resolve };
    queue.push(item);
    if (!drainActive) draining = drain();
    return item;
  }

  async function drain(): Promise<void> {
    drainActive = true;
    try {
      while (queue.length && !stopped) {
        // A queued flow whose dependency is also queued waits for it.
        const idx = queue.findIndex((q) => !q.flow.dependsOn.some((d) => queue.some((o) => o !== q && o.flow.id === d)));
        const item = queue.splice(idx < 0 ? 0 : idx, 1)[0]!;
        const flow = store.flows.get(item.flow.id) ?? item.flow;
        // A run due while its ERP is in a blackout window waits for the window's end, not starting at all.
        if (!item.force && flowBlackoutWait(store, flow, ctx.clock.now())) {
          deferred.push({ item, until: clearOfBlackouts(store, flow, ctx.clock.now()).getTime() });
          continue;
        }
        current = item;
        // Records a webhook run parks for the flows that follow it (linked-records.ts) should not wait for
        // those flows' next poll: the contacts of a company just marked as a vendor go with it.
        const parkedBefore = item.trigger === 'webhook' ? parkedPerFollower(flow) : null;
        try {
          const { run, pausedUntil: until } = await runFlow(ctx, flow, { trigger: item.trigger, full: item.full, ...(item.resyncFrom && { resyncFrom: item.resyncFrom }), signal: item.controller.signal, owner, runId: item.runId, ...(item.force && { ignoreBlackout: true }) });
          if (until) pausedUntil.set(flow.id, until.getTime());
          else pausedUntil.delete(flow.id);
          item.resolve(run);
          if (parkedBefore) {
            const grown = [...parkedBefore].filter(([id, n]) => store.parked.count(id) > n).map(([id]) => id);
            if (grown.length) enqueue(grown, 'webhook');
          }
        } catch (e) {
          const err = e instanceof EngineError ? e : new EngineError('RUN_NOT_STARTED', (e as Error).message);
          // Another process (a CLI sync, serve) is running this flow. That refusal is no run of this one, and
          // no failure: nothing is recorded. A scheduled or webhook-triggered run waits for it, queued, and
          // starts at a later tick; so does any run where the scheduler ticks (serve, the desktop app: a Sync
          // now still means "run it"). Without a scheduler (the CLI's one-shot engine) a waiting run would
          // never start: its queued row goes and the caller gets the refusal (the CLI waits for the lock
          // itself, then runs the flow again — cli/busy-flows.ts).
          if (err.code === 'ALREADY_RUNNING') {
            if (item.trigger === 'schedule' || item.trigger === 'webhook' || ticker) {
              deferred.push({ item, until: ctx.clock.now().getTime() });
              continue;
            }
            const queued = store.runs.get(item.runId)!;
            store.runs.discardQueued(item.runId);
            item.resolve({ ...queued, status: 'failed', finishedAt: ctx.clock.now().toISOString(), error: { code: err.code, message: err.message, ...(err.hint && { hint: err.hint }) } });
            continue;
          }
          // Otherwise record why this run did not happen (a manual run says so to whoever started it).
          store.runs.update({ id: item.runId, status: 'failed', finishedAt: ctx.clock.now().toISOString(), counts: { read: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, waiting: 0 }, expected: 0, written: 0, error: { code: err.code, message: err.message, ...(err.hint && { hint: err.hint }) } });
          const row = store.runs.get(item.runId)!;
          ctx.events.runFinished(row);
          item.resolve(row);
        } finally {
          current = null;
        }
        // The run's audit events become searchable through the index (they already are, by a scan).
        await textIndexer.catchUp();
      }
    } finally {
      // Same synchronous step as the loop's last look at the queue (see drainActive).
      drainActive = false;
    }
  }

  function enqueue(flowIds: string[], trigger: RunOptions['trigger']): void {
    for (const f of flowsFor(flowIds)) if (!queue.some((q) => q.flow.id === f.id) && !deferred.some((d) => d.item.flow.id === f.id)) enqueueRun(f, trigger, false);
  }

  function parkedPerFollower(flow: FlowRow): Map<string, number> {
    return new Map(followerIds(store.flows.list(), flow).map((id) => [id, store.parked.count(id)]));
  }

  function flowsFor(ids: string[] | undefined): FlowRow[] {
    const all = store.flows.list();
    if (!ids?.length) return orderByDependencies(all.filter((f) => f.enabled));
    const byId = new Map(all.map((f) => [f.id, f]));
    const byName = new Map(all.map((f) => [f.name.toLowerCase(), f]));
    return orderByDependencies(
      ids.map((id) => byId.get(id) ?? byName.get(id.toLowerCase()) ?? all.find((f) => f.template?.endsWith('/' + id)) ?? (() => { throw notFound('Flow', id); })()),
    );
  }


  function tick(now = ctx.clock.now()): void {
    // Runs held back by a blackout window whose window has ended go first, as they were queued.
    const due = deferred.filter((d) => d.until <= now.getTime() || !flowBlackoutWait(store, d.item.flow, now));
    if (due.length) {
      for (const d of due) deferred.splice(deferred.indexOf(d), 1);
      queue.push(...orderByDependencies(due.map((d) => d.item.flow)).map((f) => due.find((d) => d.item.flow.id === f.id)!.item));
      if (!drainActive) draining = drain();
    }
    for (const flow of orderByDependencies(store.flows.list().filter((f) => f.enabled))) {
      if (queued(flow.id)) continue;
      // A flow paused by an API budget waits for it, then resumes at once, whatever its schedule says.
      const until = pausedUntil.get(flow.id);
      if (until !== undefined) {
        if (until > now.getTime()) continue;
        pausedUntil.delete(flow.id);
        enqueueRun(flow, 'schedule', false);
        continue;
      }
      const schedule = scheduleSchema.parse(flow.schedule) as Schedule;
      const next = nextRunAfter(schedule, lastStartOf(store, flow.id), now);
      if (next && next.getTime() <= now.getTime()) enqueueRun(flow, 'schedule', false);
    }
  }

  function housekeeping(): void {
    const settings = ctx.settings();
    const cutoff = new Date(ctx.clock.now().getTime() - settings.auditRetentionDays * 86_400_000).toISOString();
    const purged = store.events.purgeBefore(cutoff);
    if (purged) ctx.logger.info({ purged }, 'audit retention');
  }

  async function dailyReconcile(): Promise<void> {
    const settings = ctx.settings();
    if (ctx.clock.now().getHours() !== settings.reconcileHour) return;
    for (const flow of store.flows.list().filter((f) => f.enabled)) {
      try {
        await reconcileFlow(ctx, flow, owner);
      } catch (e) {
        ctx.logger.warn({ flow: flow.name, err: (e as Error).message }, 'reconcile skipped');
      }
    }
  }

  return {
    isRunning: (flowId) => current?.flow.id === flowId,
    tick,
    nextRunAt: (flowId) => nextRunAtOf(store, flowId, pausedUntil.get(flowId), ctx.clock.now()),
    paused: () => [...pausedUntil],
    async syncNow(flowIds, full, force = false) {
      const items = flowsFor(flowIds).map((f) => enqueueRun(f, 'manual', full, force));
      return items.map((i) => store.runs.get(i.runId)!);
    },
    enqueue,
    async runNow(flowIds, options = {}) {
      const items = flowsFor(flowIds).map((f) => enqueueRun(f, options.trigger ?? 'manual', options.full ?? false, options.force ?? false));
      return Promise.all(items.map((i) => i.done));
    },
    cancel(runId) {
      if (current?.runId === runId) {
        current.controller.abort();
        return true;
      }
      const held = deferred.findIndex((d) => d.item.runId === runId);
      if (held >= 0) queue.push(deferred.splice(held, 1)[0]!.item);
      const i = queue.findIndex((q) => q.runId === runId);
      if (i < 0) return false;
      const [item] = queue.splice(i, 1);
      store.runs.update({ id: runId, status: 'cancelled', finishedAt: ctx.clock.now().toISOString(), counts: { read: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, waiting: 0 }, expected: 0, written: 0, error: null });
      const row = store.runs.get(runId)!;
      ctx.events.runFinished(row);
      item!.resolve(row);
      return true;
    },
    reconcile: async ({ flowId }) => {
      const flow = store.flows.get(flowId) ?? (() => { throw notFound('Flow', flowId); })();
      // Asked for by the admin, it reads both systems and writes: refused at once inside a window, with
      // its end, rather than holding the request for hours (the hourly reconcile waits at the gate).
      refuseDuringBlackout(store, flow, ctx.clock.now());
      return reconcileFlow(ctx, flow, owner);
    },
    approveDeletions: (input) => applyDeletions(ctx, input),
    replay: (input) => replayEvents(ctx, input, owner),
    dryRun: async ({ flowId, limit, full }) => {
      const flow = store.flows.get(flowId) ?? (() => { throw notFound('Flow', flowId); })();
      return dryRunFlow(ctx, flow, limit, full);
    },
    dryRunEstimate: async ({ flowId, full }) => {
      const flow = store.flows.get(flowId) ?? (() => { throw notFound('Flow', flowId); })();
      return estimateDryRun(ctx, flow, full);
    },
    resync: async ({ flowId, from }) => {
      const flow = store.flows.get(flowId) ?? (() => { throw notFound('Flow', flowId); })();
      const start = resyncStart(ctx, flow, from);
      const pending = [current, ...queue, ...deferred.map((d) => d.item)].find((q) => q && q.flow.id === flow.id && q.trigger === 'resync');
      if (pending) throw new EngineError('RESYNC_PENDING', `A re-sync of "${flow.name}" is already ${pending === current ? 'running' : 'queued'}.`, 'Wait for it to finish (or cancel it), then start another.');
      const item = enqueueRun(flow, 'resync', false, false, start.at);
      return store.runs.get(item.runId)!;
    },
    resyncEstimate: async ({ flowId, from }) => {
      const flow = store.flows.get(flowId) ?? (() => { throw notFound('Flow', flowId); })();
      return estimateResync(ctx, flow, from);
    },
    start() {
      stopped = false;
      housekeeping();
      ticker = new Cron('*/15 * * * * *', { protect: true }, () => tick());
      daily = new Cron('5 * * * *', { protect: true }, async () => {
        housekeeping();
        await dailyReconcile();
      });
      tick();
      textIndexer.start();
    },
    async stop() {
      stopped = true;
      textIndexer.stop();
      ticker?.stop();
      daily?.stop();
      current?.controller.abort();
      for (const q of [...queue.splice(0), ...deferred.splice(0).map((d) => d.item)]) {
        store.runs.markInterrupted(q.runId);
        q.resolve(store.runs.get(q.runId)!);
      }
      await draining;
    },
    settingsChanged: () => undefined,
    flowsChanged: () => {
      if (ticker) tick();
    },
  };
}
