// What a re-sync from a date will take, said before it starts. No source counts its
// changes cheaply, so the record count comes from the audit log: the distinct records this flow read since
// then (its source's overlap included — whole days for a date-only source). Calls follow from it: source
// pages, batch reads of the destination's live values, and at most one write batch per batch of records.
import type { FlowRow } from '../store/index.ts';
import type { ResyncEstimate } from '../../preload/contract/index.ts';
import type { EngineContext } from './context.ts';
import { openFlowRun, closeFlowRun } from './open-flow.ts';
import { zeroCounts } from './run-types.ts';
import { changeWindowOf } from './open-connector.ts';
import { KEYS_PER_READ } from './dry-run-cost.ts';
import { PAGE_SIZE } from './runner.ts';
import { resyncSince, resyncStart } from './resync.ts';
import { wallClockOf } from './wall-clock.ts';

const DAY_MS = 86_400_000;

export async function estimateResync(ctx: EngineContext, flow: FlowRow, from: string): Promise<ResyncEstimate> {
  const { store } = ctx;
  const start = resyncStart(ctx, flow, from);
  const conn = store.connections.get(flow.sourceConnectionId)!;
  const window = changeWindowOf(conn, flow.sourceEntity);
  const wholeDays = window?.stamp === 'date';
  // The first instant the source will hand back changes from: the day's start for dates, less the overlap.
  const dayStart = wholeDays ? Math.floor(start.at.getTime() / DAY_MS) * DAY_MS : start.at.getTime();
  const readsFrom = new Date(dayStart - (window?.overlapSeconds ?? 0) * 1000);
  const controller = new AbortController();
  const run = openFlowRun(ctx, flow, 'resync-estimate', zeroCounts(), controller.signal, 'resync');
  try {
    const records = store.events.sourcesSince(flow.id, readsFrom.toISOString());
    const live = Boolean(run.dest.readByKeys);
    const retentionStart = new Date(ctx.clock.now().getTime() - ctx.settings().auditRetentionDays * DAY_MS);
    const notes = [
      `${records} distinct record${records === 1 ? '' : 's'} this flow read since ${readsFrom.toISOString().slice(0, 10)} (from the audit log${wholeDays ? '; whole days, from the day before' : ''}).`,
      'Changes made since its last run are not in it yet.',
      ...(readsFrom < retentionStart ? [`The audit log keeps ${ctx.settings().auditRetentionDays} days: older reads are not counted.`] : []),
    ];
    return {
      flowId: flow.id,
      from: start.at.toISOString(),
      fromLocal: wallClockOf(start.at, start.timeZone),
      timeZone: start.timeZone,
      wholeDays,
      since: resyncSince(run, start.at) ?? '',
      records,
      basis: 'audit-history',
      basisNote: notes.join(' '),
      compared: live ? 'live' : 'last-write',
      calls: {
        sourceReads: Math.max(1, Math.ceil(records / PAGE_SIZE)),
        destinationReads: live ? Math.ceil(records / KEYS_PER_READ) : 0,
        destinationWritesAtMost: Math.ceil(records / Math.max(1, run.dest.maxBatch)),
      },
    };
  } finally {
    controller.abort();
    await closeFlowRun(run);
  }
}
