// An integration, as the admin sees it, is the pair of connections its flows run between (Sage 300 ↔
// HubSpot), whichever way each flow goes. With five integrations the screens list ~30 flows, so they are
// grouped by it, each group with its health at a glance.
import type { Flow } from '../../../../preload/contract/index.ts';

export interface IntegrationGroup {
  /** Stable across reloads: the two connection ids, sorted. */
  key: string;
  /** "Sage 300 ↔ HubSpot", ERP (the source of most flows) first. */
  label: string;
  flows: Flow[];
  health: {
    /** Start of the most recent run of any of its flows. */
    lastRunAt: string | null;
    /** Records that failed in the last run of each flow, added up. */
    failed: number;
    running: number;
    paused: number;
    /** The soonest next scheduled run of an enabled flow. */
    nextRunAt: string | null;
  };
}

export const integrationKeyOf = (flow: Pick<Flow, 'sourceConnectionId' | 'destConnectionId'>): string =>
  [flow.sourceConnectionId, flow.destConnectionId].sort().join('~');

const latest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
const soonest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** Groups in the order their first flow appears; flows keep their order inside a group. */
export function groupByIntegration(flows: Flow[], connectionName: (id: string) => string): IntegrationGroup[] {
  const groups = new Map<string, IntegrationGroup>();
  const sourcesOf = new Map<string, Map<string, number>>();
  for (const flow of flows) {
    const key = integrationKeyOf(flow);
    let g = groups.get(key);
    if (!g) {
      g = { key, label: '', flows: [], health: { lastRunAt: null, failed: 0, running: 0, paused: 0, nextRunAt: null } };
      groups.set(key, g);
      sourcesOf.set(key, new Map());
    }
    g.flows.push(flow);
    const sources = sourcesOf.get(key)!;
    sources.set(flow.sourceConnectionId, (sources.get(flow.sourceConnectionId) ?? 0) + 1);
    g.health.lastRunAt = latest(g.health.lastRunAt, flow.lastRun?.startedAt ?? null);
    g.health.failed += flow.lastRun?.counts.failed ?? 0;
    if (flow.state === 'running') g.health.running += 1;
    if (!flow.enabled) g.health.paused += 1;
    else if (flow.schedule.kind !== 'manual') g.health.nextRunAt = soonest(g.health.nextRunAt, flow.nextRunAt);
  }
  for (const g of groups.values()) {
    const [a, b] = g.key.split('~') as [string, string];
    const sources = sourcesOf.get(g.key)!;
    const [first, second] = (sources.get(b) ?? 0) > (sources.get(a) ?? 0) ? [b, a] : [a, b];
    g.label = first === second ? connectionName(first) : `${connectionName(first)} ↔ ${connectionName(second)}`;
  }
  return [...groups.values()];
}
