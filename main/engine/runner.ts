// One run of one flow (design §5): take the flow's lock, retry parked records, read changed records
// page by page from the watermark, process and commit each page, then store the new watermark (never
// above the signpost taken before reading) and account for every record read.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { FlowRow, RunRow } from '../store/index.ts';
import { toConnectorError, FatalError, type ConnectorError } from '../../connectors/kit/errors.ts';
import type { SourceRecord } from '../../connectors/kit/types.ts';
import { relieveMemory } from './memory-governor.ts';
import { processPage } from './page-processor.ts';
import { sourceKeyOf } from './mapping/apply.ts';
import { openFlowRun, closeFlowRun, blackoutModeFor } from './open-flow.ts';
import { completePendingCrmSetups } from './crm-setup.ts';
import { zeroCounts, type Counts, type FlowRun } from './run-types.ts';
import { EngineError } from './engine-error.ts';
import type { EngineContext } from './context.ts';
import { raiseAlert, clearAlert } from './alerts.ts';
import { ProgressMeter } from './progress.ts';
import { sinceForRead, watermarkToStore } from './watermark.ts';
import { SpendTally, withSpendTally } from '../../connectors/kit/budget/spend-tally.ts';
import { alertOnHighUse } from './budget/high-use-alert.ts';
import { namedBudgetPause } from './budget/account-usage.ts';
import { BudgetExhaustedError } from '../../connectors/kit/budget/api-budget.ts';
import { compareWithLive, resyncSince } from './resync.ts';

/** Records changed this close to the run start may still be in flight in the source; re-read next time. */
export const SAFETY_LAG_MS = 60_000;
/** Records asked for per source page (sources may cap it lower). */
export const PAGE_SIZE = 500;
/** Records processed and committed together (several source pages); see the read loop. */
const GROUP_RECORDS = 2000;
/** …or fewer when they are big: a group holds at most this many fields (lines' fields included). */
const GROUP_FIELDS = 100_000;

/** Fields of a record, counting those of its lines: what a group of records weighs in memory. */
function fieldsOf(record: SourceRecord): number {
  let n = 0;
  // for…in rather than Object.values: no array of ~80 values per record (records are plain objects).
  for (const k in record) {
    const v = record[k];
    n++;
    if (Array.isArray(v)) for (const x of v) n += x !== null && typeof x === 'object' ? Object.keys(x).length : 1;
  }
  return n;
}
/** Runs a parked record is retried in before it is left to the admin (it stays failed or waiting in the audit log). */
export const MAX_PARKED_ATTEMPTS = 20;

export interface RunOptions {
  trigger: 'manual' | 'schedule' | 'webhook' | 'replay' | 'reconcile' | 'resync';
  full?: boolean;
  /** A re-sync (trigger 'resync', resync.ts): re-read from this instant, write what differs, leave the cursor alone. */
  resyncFrom?: Date;
  signal?: AbortSignal;
  /** Lock owner name (serve, cli, desktop). */
  owner: string;
  /** Reconcile: prepares the run (e.g. loads the destination snapshot) after the flow is open. */
  prepare?: (run: FlowRun) => Promise<void>;
  /** A run row already inserted as 'queued' by the scheduler. */
  runId?: string;
  /** Sync now forced inside a blackout window: this run calls the ERP anyway (blackout/gate.ts). */
  ignoreBlackout?: boolean;
}

export interface RunResult {
  run: RunRow;
  /** Source keys seen, for reconciliation's "extra" detection. */
  seen?: Set<string>;
  /** An API budget ran out or an ERP's blackout window opened: the flow waits until then, then resumes. */
  pausedUntil?: Date;
}

/** Errors that pause a run rather than fail it: the API budget is spent, a blackout window opened. */
const PAUSE_CODES = new Set(['API_BUDGET', 'BLACKOUT']);

/** When a run paused (see PAUSE_CODES), the time it may resume. */
function pauseResumeAt(error: ConnectorError | null): Date | null {
  if (!error?.code || !PAUSE_CODES.has(error.code)) return null;
  const at = new Date(String(error.data?.['resumeAt'] ?? ''));
  return Number.isNaN(at.getTime()) ? null : at;
}

function statusOf(counts: Counts, error: ConnectorError | null, cancelled: boolean): 'cancelled' | 'failed' | 'paused' | 'partial' | 'succeeded' {
  if (cancelled) return 'cancelled';
  if (pauseResumeAt(error)) return 'paused';
  if (error) return 'failed';
  return counts.failed > 0 ? 'partial' : 'succeeded';
}

export async function runFlow(ctx: EngineContext, flow: FlowRow, options: RunOptions): Promise<RunResult> {
  // Every API unit the run spends, per CRM account, is counted on the run (the budget planner's history).
  const tally = new SpendTally();
  return withSpendTally(tally, () => runFlowTallied(ctx, flow, options, tally));
}

async function runFlowTallied(ctx: EngineContext, flow: FlowRow, options: RunOptions, tally: SpendTally): Promise<RunResult> {
  const { store } = ctx;
  const lock = store.locks.acquire(flow.id, options.owner);
  if (!lock.ok) {
    throw new EngineError('ALREADY_RUNNING', `Flow "${flow.name}" is already running (in ${lock.holder.owner}, pid ${lock.holder.pid}).`, 'Wait for that run to finish or cancel it there.');
  }
  const runId = options.runId ?? randomUUID();
  const startedAt = ctx.clock.now();
  const counts = zeroCounts();
  if (options.runId) store.runs.markStarted(runId, startedAt.toISOString(), process.pid);
  else store.runs.insert({ id: runId, flowId: flow.id, trigger: options.trigger, status: 'running', startedAt: startedAt.toISOString(), pid: process.pid, resyncFrom: options.resyncFrom?.toISOString() ?? null });
  ctx.events.runStarted(store.runs.get(runId)!);
  const heartbeat = setInterval(() => store.locks.heartbeat(flow.id, options.owner), 15_000);
  heartbeat.unref();
  const signal = options.signal ?? new AbortController().signal;
  // Every request of the run in flight or waiting at a rate gate listens to its signal until it ends: a run
  // writing HubSpot batches side by side holds more than Node's default 10 at once, which is no leak.
  setMaxListeners(0, signal);
  const meter = new ProgressMeter(ctx, runId, flow.id, counts);
  const seen = options.trigger === 'reconcile' ? new Set<string>() : undefined;
  let error: ConnectorError | null = null;
  let run: FlowRun | null = null;

  try {
    // A template's CRM setup an import could not do (the CRM did not answer) comes first.
    await completePendingCrmSetups(ctx, [flow.destConnectionId, flow.sourceConnectionId]);
    run = openFlowRun(ctx, flow, runId, counts, signal, options.trigger, undefined, options.ignoreBlackout ? 'ignore' : blackoutModeFor(options.trigger));
    const r = run;
    await options.prepare?.(r);

    // 1. Records parked last time because their parent was missing.
    // A record still failing after MAX_PARKED_ATTEMPTS runs stays failed in the audit log for a replay.
    const parked = store.parked.list(flow.id);
    const expired = parked.filter((p) => p.attempts >= MAX_PARKED_ATTEMPTS);
    if (expired.length) store.transaction(() => expired.forEach((p) => store.parked.release(flow.id, p.sourceId)));
    const retry = parked.filter((p) => p.attempts < MAX_PARKED_ATTEMPTS);
    if (retry.length) await processPage(r, retry.map((p) => ({ record: p.payload })), () => undefined);

    // 2. Changed records since the watermark, resuming an interrupted read of the same window.
    const signpost = new Date(startedAt.getTime() - SAFETY_LAG_MS);
    const wm = store.watermarks.get(flow.id, flow.sourceEntity);
    const full = options.full || options.trigger === 'reconcile';
    const resync = options.resyncFrom ?? null;
    // The window as stored (a zoned source's is a UTC instant), and as the source reads it. A re-sync
    // reads its own window from the start and never moves the cursor (resync.ts).
    const windowSince = full ? null : resync ? null : wm.resume ? wm.windowSince : wm.value;
    const since = resync ? resyncSince(r, resync) : sinceForRead(r.source, windowSince, r.sourceTimeZone);
    const resume = full || resync ? null : wm.resume;
    meter.phase('reading');
    // Source pages are gathered into groups of up to GROUP_RECORDS records, processed and committed
    // together with the resume cursor of the group's last page: the destination then gets full batches
    // (90 contacts per 100 customers would otherwise cost a request per page for 90 records) and a crash
    // still loses at most the group in flight, re-read and idempotently re-written after restart.
    // A group closes at GROUP_RECORDS records or GROUP_FIELDS fields, whichever comes first: 2,000
    // contacts of a dozen fields, ~1,100 Sage customers of ~90, ~750 invoices with their lines.
    let group: SourceRecord[] = [];
    let groupFields = 0;
    let groupResume: string | null = null;
    const flush = async () => {
      const records = group;
      const resumeAfter = groupResume;
      group = [];
      groupFields = 0;
      if (resync) await compareWithLive(r, records);
      await processPage(
        r,
        records.map((record) => ({ record })),
        () => (resync ? undefined : store.watermarks.set(flow.id, flow.sourceEntity, { value: wm.value, resume: resumeAfter, windowSince })),
      );
      meter.tick();
      relieveMemory();
    };
    // One group is written while the next is read: the source's answers and the destination's overlap
    // instead of taking turns. Groups still commit one after another, in order (a group is processed
    // only once the one before it has committed, so it sees that group's id_map rows).
    let writing: Promise<void> | null = null;
    const handOver = async () => {
      if (writing) await writing;
      writing = flush();
      // Handled here so a failure waits for the next await instead of surfacing as an unhandled rejection.
      writing.catch(() => undefined);
    };
    try {
      for await (const page of r.source.read({ since, signpost, resume, pageSize: PAGE_SIZE, signal })) {
        if (seen) for (const rec of page.records) {
          const key = sourceKeyOf(r.mapping, rec);
          if (key !== null) seen.add(key);
        }
        for (const record of page.records) {
          group.push(record);
          groupFields += fieldsOf(record);
        }
        groupResume = page.resume;
        meter.received(page.records.length);
        if (group.length >= GROUP_RECORDS || groupFields >= GROUP_FIELDS || page.resume === null) await handOver();
        if (signal.aborted) break;
      }
    } catch (e) {
      // The group in flight commits or fails before the run closes and its lock is released.
      if (writing) await (writing as Promise<void>).catch(() => undefined);
      throw e;
    }
    if (writing) await writing;
    if (group.length && !signal.aborted) await flush();
    if (!signal.aborted && !resync) {
      store.watermarks.set(flow.id, flow.sourceEntity, { value: watermarkToStore(r.source, signpost, r.sourceTimeZone), resume: null, windowSince: null });
    }
  } catch (e) {
    error = e instanceof EngineError ? new FatalError(e.message, { code: e.code, ...(e.hint && { hint: e.hint }) }) : toConnectorError(e);
    // Cancel aborts the request in flight: its abort is the cancel itself, not a failure of the run.
    if (signal.aborted && error.code === 'CANCELLED') error = null;
  } finally {
    clearInterval(heartbeat);
    if (run) await closeFlowRun(run);
    store.locks.release(flow.id, options.owner);
  }

  // The connector names the spent account by its own label; the run says it as every screen does.
  if (error instanceof BudgetExhaustedError) error = namedBudgetPause(store, error, flow.id, ctx.clock.now().getTime());
  const cancelled = signal.aborted && !error;
  const expected = counts.read - counts.unchanged - counts.skipped;
  const written = counts.created + counts.updated;
  const status = statusOf(counts, error, cancelled);
  const errView = error ? { code: error.code ?? error.kind.toUpperCase(), message: error.message, ...(error.hint && { hint: error.hint }) } : null;
  const pausedUntil = pauseResumeAt(error);
  await tally.save();
  store.runs.update({ id: runId, status, finishedAt: ctx.clock.now().toISOString(), counts, expected, written, error: errView, apiUnits: tally.toJSON(), pausedUntil: pausedUntil?.toISOString() ?? null });
  alertOnHighUse(ctx, flow, tally.toJSON());

  // Every record read must be accounted for: written, failed (audited) or waiting (parked).
  const unaccounted = expected - written - counts.failed - counts.waiting;
  if (!error && !cancelled && unaccounted !== 0) {
    raiseAlert(ctx, { severity: 'error', code: 'RECORDS_UNACCOUNTED', flowId: flow.id, message: `Flow "${flow.name}" read ${counts.read} records but ${unaccounted} of them were neither written, failed nor waiting.`, hint: 'This is a defect: export the run’s audit events and report them.' });
  } else if (!error && expected > 0 && written === 0 && counts.failed === expected) {
    raiseAlert(ctx, { severity: 'error', code: 'NOTHING_WRITTEN', flowId: flow.id, message: `Flow "${flow.name}" read ${expected === 1 ? '1 changed record and it' : `${expected} changed records and every one`} failed.`, hint: 'Open the audit log filtered on this flow and the failed action; the first error usually names the cause.' });
  }
  if (pausedUntil && error!.code === 'BLACKOUT') {
    // Expected, not a fault: the dashboard shows the wait while the window is open; no alert to dismiss.
    ctx.logger.info({ runId, flow: flow.name, until: pausedUntil.toISOString() }, 'run paused by a blackout window');
  } else if (pausedUntil) {
    // Not a failure of the flow: it waits for the budget and then goes on from its last committed page.
    raiseAlert(ctx, {
      severity: 'warning',
      code: 'API_BUDGET',
      flowId: flow.id,
      message: `Flow "${flow.name}" is paused: ${error!.message}`,
      hint: `It resumes by itself, from its last committed page, when the budget is back (the dashboard's Waiting panel says when); nothing is lost.`,
    });
  } else if (error) {
    raiseAlert(ctx, { severity: 'error', code: error.code ?? 'RUN_FAILED', flowId: flow.id, message: `Flow "${flow.name}" stopped: ${error.message}`, hint: error.hint ?? 'It resumes from the last committed page at the next run.' });
  } else if (!cancelled) {
    clearAlert(ctx, 'RUN_FAILED', flow.id);
    clearAlert(ctx, 'API_BUDGET', flow.id);
    // The flow writes again; records still failing stay in the dashboard's unresolved failures.
    if (written > 0) clearAlert(ctx, 'NOTHING_WRITTEN', flow.id);
  }
  const row = store.runs.get(runId)!;
  ctx.events.runFinished(row);
  ctx.logger.info({ runId, flow: flow.name, status, counts }, 'run finished');
  return { run: row, ...(seen && { seen }), ...(pausedUntil && { pausedUntil }) };
}
