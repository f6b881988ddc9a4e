// Line items a parent (invoice or deal) no longer has. `UpsertInput.lines` is the record's whole set of
// lines when a flow sends them, and a HubSpot line item belongs to one parent (spec §9), so once they are written
// the line items we wrote for the parent earlier and did not write now — a line the flow left out
// (mapping.lines.refused 'omit') or one deleted from the source document — are taken off the parent and
// archived, the way HubSpot removes a line item. Ours are those carrying the line key property; a line
// item a HubSpot user added by hand has none and is left alone. Disassociated first, then archived, so
// the parent stops listing it whether or not HubSpot drops an archived record's associations itself.
// A second write of the same lines finds nothing to remove and costs one association read.
import type { RemovedLine } from '../kit/types.ts';
import { disassociate, readAssociations } from './associations.ts';
import type { HubSpotClient } from './client.ts';
import { batchArchive, batchRead } from './objects.ts';

export interface WrittenParent {
  parentId: string;
  /** Ids of the line items written for the parent now: its current lines. */
  kept: ReadonlySet<string>;
}

/** Removes each parent's line items of ours that were not written now; the removed ones, by parent id. */
export async function removeStaleLines(client: HubSpotClient, parentType: 'invoices' | 'deals', parents: WrittenParent[], lineKeyProperty: string, signal?: AbortSignal): Promise<Map<string, RemovedLine[]>> {
  const removed = new Map<string, RemovedLine[]>();
  if (!parents.length) return removed;
  const associated = await readAssociations(client, parentType, 'line_items', parents.map((p) => p.parentId), signal);
  const others = parents.flatMap((p) => (associated.get(p.parentId) ?? []).filter((a) => !p.kept.has(a.id)).map((a) => ({ parentId: p.parentId, id: a.id })));
  if (!others.length) return removed;
  const read = await batchRead(client, 'line_items', [...new Set(others.map((o) => o.id))], { properties: [lineKeyProperty], ...(signal && { signal }) });
  for (const o of others) {
    const key = read.get(o.id)?.properties[lineKeyProperty];
    if (!key) continue; // not ours (or already gone)
    removed.set(o.parentId, [...(removed.get(o.parentId) ?? []), { key, id: o.id }]);
  }
  if (!removed.size) return removed;
  await disassociate(client, parentType, 'line_items', [...removed].map(([from, lines]) => ({ from, to: lines.map((l) => l.id) })), signal);
  await batchArchive(client, 'line_items', [...removed.values()].flat().map((l) => l.id), signal);
  return removed;
}
