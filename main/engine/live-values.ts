// The destination's current values of some records, read by their key in batches (`readByKeys`): what a
// dry run compares with, and what a re-sync writes against (only what differs is written).
import type { FlowRun } from './run-types.ts';
import { KEYS_PER_READ } from './dry-run-cost.ts';

export type LiveValues = Map<string, { id: string; properties: Record<string, unknown> }>;

/** The destination's current values of records by source id, with the calls it took. Needs `dest.readByKeys`. */
export async function liveValues(run: FlowRun, sourceIds: string[]): Promise<{ live: LiveValues; calls: number }> {
  const live: LiveValues = new Map();
  const { key, fields } = run.mapping;
  const props = [key.to, ...fields.map((f) => f.to)];
  let calls = 0;
  for (let i = 0; i < sourceIds.length; i += KEYS_PER_READ) {
    const ids = sourceIds.slice(i, i + KEYS_PER_READ);
    // The destination holds the key as written: with the flow's key prefix (`VEND-1200`).
    const found = await run.dest.readByKeys!(key.to, ids.map((id) => (key.prefix ?? '') + id), props, run.signal);
    calls++;
    for (const id of ids) {
      const rec = found.get((key.prefix ?? '') + id);
      if (rec) live.set(id, rec);
    }
  }
  return { live, calls };
}
