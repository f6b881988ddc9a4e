// Re-sync from a date: a run of a flow that re-reads everything changed since a date the
// admin picks — in the source's own terms, with the source's overlap, so a date-only source (Sage 300)
// re-reads whole days — and writes only what differs from the destination: each group's records are
// compared with the destination's live values (batch reads by key) where it offers them, else by the hash
// of our last write. It never moves the flow's cursor: its window is its own (no resume position, no
// watermark stored), so the regular polls go on from where they were. Idempotent: upserts by external id,
// and a second re-sync finds nothing that differs.
import type { FlowRow } from '../store/index.ts';
import type { SourceRecord } from '../../connectors/kit/types.ts';
import type { EngineContext } from './context.ts';
import type { FlowRun } from './run-types.ts';
import { EngineError } from './engine-error.ts';
import { sourceKeyOf } from './mapping/apply.ts';
import { liveValues } from './live-values.ts';
import { sinceForRead, watermarkToStore } from './watermark.ts';
import { timeZoneOf } from './open-connector.ts';
import { resyncInstant } from './wall-clock.ts';

/** The instant a re-sync of `flow` starts from: `from` on the source connection's clock (UTC when it stamps UTC or dates). */
export function resyncStart(ctx: EngineContext, flow: FlowRow, from: string): { at: Date; timeZone: string } {
  const conn = ctx.store.connections.get(flow.sourceConnectionId);
  const timeZone = (conn && timeZoneOf(conn)) ?? 'UTC';
  const at = resyncInstant(from, timeZone);
  if (at.getTime() > ctx.clock.now().getTime()) {
    throw new EngineError('FROM_IN_FUTURE', `The re-sync date ${from} (${at.toISOString()}) is in the future.`, 'Pick a date in the past: the re-sync re-reads what changed since then.');
  }
  return { at, timeZone };
}

/** What the source is asked for: what a regular read from a watermark stored at `from` would ask (overlap, DST-safe). */
export function resyncSince(run: Pick<FlowRun, 'source' | 'sourceTimeZone'>, from: Date): string | null {
  return sinceForRead(run.source, watermarkToStore(run.source, from, run.sourceTimeZone), run.sourceTimeZone);
}

/**
 * Before a re-sync writes a group: the destination's live values of its records become the run's snapshot,
 * so the page processor writes only records that are missing or differ there (as reconciliation does).
 * Without a read by key the snapshot stays unset and the hash of our last write decides.
 */
export async function compareWithLive(run: FlowRun, records: SourceRecord[]): Promise<number> {
  if (!run.dest.readByKeys) return 0;
  const ids = [...new Set(records.map((r) => sourceKeyOf(run.mapping, r)).filter((k): k is string => k !== null))];
  const { live, calls } = await liveValues(run, ids);
  run.destSnapshot = live;
  return calls;
}
