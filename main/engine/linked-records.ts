// Records skipped for want of a link follow it once it exists. A flow that only touches records another
// flow has written (`mapping.match`, missing 'skip') skips a record read before that link existed — a
// HubSpot contact read before its company was marked as an Intacct vendor — and, its watermark having
// moved on, would leave it until the record itself changes again. So when a flow writes records for the
// first time, each enabled flow matching on it asks its source for the records that name them
// (`SourceEntity.readLinked`, e.g. the contacts of those companies) and parks them for that flow, whose
// next run retries them first (runner step 1) — under its own lock, counted and audited on its own run.
// A full sync runs a flow after the flows it depends on, so there the company's contacts follow in the
// same sync; after a webhook run the engine queues the follower at once (engine.ts). A source that cannot look records up
// by the match's path leaves them to their next change, as before.
import { mappingSchema } from '../../preload/contract/index.ts';
import type { SourceRecord } from '../../connectors/kit/types.ts';
import { isConnectorError } from '../../connectors/kit/errors.ts';
import type { FlowRun } from './run-types.ts';
import type { FlowRow } from '../store/index.ts';
import { sourceKeyOf } from './mapping/apply.ts';

/**
 * Enabled flows whose `match` names `flow` with missing 'skip' (a 'wait' record is parked anyway)
 * and that read the system `flow` reads: the match's values are ids of that system, so only there do
 * records name them on their own. (A flow reading the other side — edits flowing back — finds the ids
 * only on records this flow itself just wrote there.)
 */
export function followerIds(flows: readonly FlowRow[], flow: Pick<FlowRow, 'id' | 'sourceConnectionId'>): string[] {
  return flows.flatMap((f) => {
    if (!f.enabled || f.id === flow.id || f.sourceConnectionId !== flow.sourceConnectionId) return [];
    const match = mappingSchema.safeParse(f.mapping).data?.match;
    return match?.flow === flow.id && match.missing === 'skip' ? [f.id] : [];
  });
}

/**
 * Parks, for each follower flow, the records whose match key is one of `linked` (source ids `run`'s flow
 * has just written for the first time). `keyOf` gives a follower record's match key. A follower that
 * cannot be opened (its connection was deleted) is left to its own runs, which will say why; run-level
 * errors of its source propagate and stop this run before it records its watermark, so nothing is lost.
 */
export async function queueLinkedRecords(run: FlowRun, linked: ReadonlySet<string>, keyOf: (follower: FlowRun, record: SourceRecord) => string): Promise<void> {
  if (!linked.size) return;
  for (const id of followerIds(run.store.flows.list(), run.flow)) {
    let follower: FlowRun | null;
    try {
      follower = run.related(id);
    } catch (e) {
      if (isConnectorError(e)) continue;
      throw e;
    }
    const pages = follower?.source.readLinked?.(follower.mapping.match!.from, [...linked], run.signal);
    if (!follower || !pages) continue;
    const f = follower;
    for await (const records of pages) {
      // Parked under the id the follower's page processing releases it by (its mapping's key).
      const mine = records.flatMap((record) => {
        const key = keyOf(f, record);
        const sourceId = sourceKeyOf(f.mapping, record);
        return linked.has(key) && sourceId !== null ? [{ sourceId, record, key }] : [];
      });
      if (!mine.length) continue;
      run.store.transaction(() => {
        for (const m of mine) run.store.parked.park(f.flow.id, m.sourceId, m.record, `"${m.key}" was just written by flow "${run.flow.name}"`);
      });
    }
  }
}
