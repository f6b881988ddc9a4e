// Reconciliation by key hashes: a source that lists every key with a hash of the row as it
// stores it (SourceEntity.keyHashes — the Sage 100 agent's `/keys` with `_hash`) is not read whole.
// The keys are listed, each hash compared with the one stored at the last reconciliation
// (store.sourceHashes), and only the records whose hash moved, that are new, that the destination
// lacks or whose destination copy no longer holds what we last wrote are read again, one by one
// (readOne) — a bulk import that changed a row without stamping its DateUpdated included. Deletions are seen from the keys alone. The first reconciliation of a flow has
// no hashes to compare with: it reads the whole source as any reconciliation does, and stores them.
import type { Page, ReadOptions, SourceEntity } from '../../connectors/kit/types.ts';
import type { Store } from '../store/index.ts';

/** Records re-read per page handed to the engine (each one is a request to the source). */
const REREAD_PAGE = 50;

export interface KeyHashPlan {
  /** Every key the source lists now, with its hash. */
  listed: Map<string, string>;
  /** Keys whose record is re-read; null when the whole source is read (no hashes stored yet). */
  reread: string[] | null;
  /** Keys listed but gone when re-read (deleted meanwhile): not stored, so the next reconciliation sees them. */
  gone: Set<string>;
}

/** `stale(id)`: the destination lacks the record or holds other values than our last write (re-read it). */
export async function planKeyHashReconcile(source: SourceEntity, stored: ReadonlyMap<string, string>, stale: (id: string) => boolean, signal?: AbortSignal): Promise<KeyHashPlan> {
  const listed = new Map<string, string>();
  for await (const page of source.keyHashes!(signal)) for (const { id, hash } of page) listed.set(id, hash);
  // No hashes stored yet, or a key without one (an agent without the `_hash` extension): read it all.
  const hashless = [...listed.values()].some((h) => h === '');
  const reread = stored.size === 0 || hashless ? null : [...listed].filter(([id, hash]) => stored.get(id) !== hash || stale(id)).map(([id]) => id);
  return { listed, reread, gone: new Set() };
}

/** The source as the reconciliation reads it: only the planned records, each by its key. */
export function rereadSource(source: SourceEntity, plan: KeyHashPlan & { reread: string[] }): SourceEntity {
  return {
    name: source.name,
    label: source.label,
    fields: () => source.fields(),
    watermarkFor: (signpost) => source.watermarkFor(signpost),
    sample: (n) => source.sample(n),
    idOf: (record) => source.idOf(record),
    readOne: (id, signal) => source.readOne!(id, signal),
    async *read(options: ReadOptions): AsyncIterable<Page> {
      const ids = plan.reread;
      if (!ids.length) return;
      for (let i = 0; i < ids.length; i += REREAD_PAGE) {
        const records = [];
        for (const id of ids.slice(i, i + REREAD_PAGE)) {
          const record = await source.readOne!(id, options.signal);
          if (record) records.push(record);
          else plan.gone.add(id);
        }
        // No resume position: an interrupted reconciliation starts over, which costs only the re-reads.
        yield { records, resume: null };
      }
    },
  };
}

/**
 * After the run: every listed key's hash is stored, except for records that failed or wait (the next
 * reconciliation reads them again) and records gone meanwhile. Keys no longer listed drop out.
 */
export function storeKeyHashes(store: Store, flowId: string, plan: KeyHashPlan): void {
  const waiting = new Set(store.parked.list(flowId).map((p) => p.sourceId));
  const keep = new Map<string, string>();
  for (const [id, hash] of plan.listed) {
    if (hash === '' || plan.gone.has(id) || waiting.has(id) || store.failures.get(flowId, id)) continue;
    keep.set(id, hash);
  }
  store.sourceHashes.replace(flowId, keep);
}
