import type { FlowRow } from '../store/index.ts';

/** Flows ordered so that every flow comes after the flows it depends on (stable otherwise). */
export function orderByDependencies(flows: FlowRow[]): FlowRow[] {
  const byId = new Map(flows.map((f) => [f.id, f]));
  const out: FlowRow[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (f: FlowRow) => {
    const s = state.get(f.id);
    if (s === 'done' || s === 'visiting') return; // a cycle is broken at the repeat
    state.set(f.id, 'visiting');
    for (const d of f.dependsOn) {
      const dep = byId.get(d);
      if (dep) visit(dep);
    }
    state.set(f.id, 'done');
    out.push(f);
  };
  flows.forEach(visit);
  return out;
}
