// Missing-parent policy `create` (mapping.missingParent): a record whose required parent is not in the
// parent flow's id_map yet gets that parent written first, through the parent flow's own mapping and
// destination, before the record itself. This module finds the parents a page needs and fetches their
// source records; page-processor.ts writes them with the parent flow (a page of its own, committed
// before the child's page) and then resolves the child's associations again.
//
// Where a parent's source record comes from:
// - both flows read the same source entity of the same connection: the child record itself, mapped
//   with the parent flow's mapping — one source record producing two dependent writes in order (a won
//   deal → its new customer, then its order);
// - otherwise the parent flow's source reads it by id (`readOne`), the id being the association's value.
//
// Exactly once: the parent is an upsert by its external id and its id_map row commits before the child
// is written, so a crash between the two writes leaves a parent the next run finds (or re-upserts)
// instead of a second one; the child is then written once by its own upsert.
import type { SourceRecord } from '../../connectors/kit/types.ts';
import { RecordError } from '../../connectors/kit/errors.ts';
import { sourceKeyOf, type MapResult } from './mapping/apply.ts';
import type { FlowRun } from './run-types.ts';

/** Parents created first for parents created first…: a chain stops here (and its last child waits). */
export const MAX_PARENT_DEPTH = 3;

/** Per parent flow id: the parents' source ids, each with the first child record that needs it. */
export type WantedParents = Map<string, Map<string, SourceRecord>>;

/**
 * The required parents of a page's records (those `mayWrite` lets through: not filtered, not skipped
 * by their match) that no id_map holds yet, when the flow's policy is `create`.
 */
export function wantedParents(run: FlowRun, results: (MapResult | null)[], records: SourceRecord[], mayWrite: (index: number) => boolean, has: (flowId: string, sourceId: string) => boolean): WantedParents {
  const wanted: WantedParents = new Map();
  if (run.mapping.missingParent !== 'create' || run.depth >= MAX_PARENT_DEPTH) return wanted;
  results.forEach((r, i) => {
    if (!r?.ok || !mayWrite(i)) return;
    for (const a of r.value.associations) {
      if (!a.required || a.flow === run.flow.id || has(a.flow, a.sourceId)) continue;
      let set = wanted.get(a.flow);
      if (!set) wanted.set(a.flow, (set = new Map()));
      if (!set.has(a.sourceId)) set.set(a.sourceId, records[i]!);
    }
  });
  return wanted;
}

/** Whether the parent flow reads its records from the very entity this run reads. */
function readsSameEntity(run: FlowRun, parent: FlowRun): boolean {
  return parent.flow.sourceConnectionId === run.flow.sourceConnectionId && parent.flow.sourceEntity === run.flow.sourceEntity;
}

/**
 * The parent's source record, or why it cannot be had (the child then waits with that reason).
 * Run-level errors (credentials, a server down after retries) propagate and stop the run.
 */
export async function parentRecord(run: FlowRun, parent: FlowRun, sourceId: string, child: SourceRecord): Promise<{ record: SourceRecord } | { reason: string }> {
  let record: SourceRecord | null;
  if (readsSameEntity(run, parent)) {
    record = child;
  } else if (!parent.source.readOne) {
    return { reason: `flow "${parent.flow.name}" cannot read one ${parent.flow.sourceEntity} record by id, so it cannot write the parent first` };
  } else {
    try {
      record = await parent.source.readOne(sourceId, run.signal);
    } catch (e) {
      if (e instanceof RecordError) return { reason: `reading it from ${parent.flow.sourceEntity} failed: ${e.message}` };
      throw e;
    }
    if (!record) return { reason: `${parent.flow.sourceEntity} has no record "${sourceId}"` };
  }
  const key = sourceKeyOf(parent.mapping, record);
  if (key !== sourceId) {
    return { reason: `flow "${parent.flow.name}" keys it by "${parent.mapping.key.from}", which holds "${key ?? ''}", not "${sourceId}"` };
  }
  return { record };
}
