// Why a flow is waiting, whatever holds it: a blackout window of its ERP (nothing calls that ERP until the
// window ends) or its CRM account's spent API budget (the run paused and resumes by itself). One shape
// and one sentence for both, so the dashboard, the flow's row and the Flows page say it alike.
import type { BudgetUsageView, Connection, Flow } from '../../../../preload/contract/index.ts';
import { formatClockTime } from '../../app/format.ts';
import { formatWindowTime } from '../blackouts/format.ts';

export interface FlowWait {
  cause: 'blackout' | 'budget';
  /** The same for every flow held by the same thing (one window of one connection, one account). */
  key: string;
  /** `Sage 300 blackout "Day End"`, `API budget of HubSpot account "Portal" spent`. */
  what: string;
  /** The connection it is about (the ERP in its window; the CRM whose budget is spent), when known. */
  connectionName: string | null;
  until: string;
  /** `23:30` on the window's own clock; the local clock for a budget. */
  untilText: string;
}

/** `Waiting: Sage 300 blackout "Day End" until 23:30`. */
export const waitSentence = (w: Pick<FlowWait, 'what' | 'untilText'>) => `Waiting: ${w.what} until ${w.untilText}`;

/** The blackout window a flow's calls wait for now (paused flows too: a dry run of one waits alike). */
export function blackoutWait(flow: Flow, connections: readonly Connection[]): FlowWait | null {
  const w = flow.waitingFor;
  if (!w) return null;
  const zone = connections.find((c) => c.id === w.connectionId)?.blackouts?.timeZone ?? 'UTC';
  return { cause: 'blackout', key: `blackout:${w.connectionId}:${w.window}`, what: `${w.connectionName} blackout "${w.window}"`, connectionName: w.connectionName, until: w.until, untilText: formatWindowTime(w.until, zone) };
}

function budgetWait(flow: Flow, usage: BudgetUsageView): FlowWait | null {
  const paused = usage.paused.find((p) => p.flowId === flow.id);
  if (!paused) return null;
  const account = usage.accounts.find((a) => a.paused.some((p) => p.flowId === flow.id));
  const names = account?.connections.map((c) => c.name).join(', ');
  return {
    cause: 'budget',
    key: `budget:${account?.account ?? paused.resumesAt}`,
    // The account by its one name (budgetAccountSchema.label), as the dashboard's budget card says it.
    what: `API budget of ${account?.label ?? 'the CRM account'} spent`,
    connectionName: names || null,
    until: paused.resumesAt,
    untilText: formatClockTime(paused.resumesAt),
  };
}

/**
 * What each enabled flow waits for, by flow id. A flow held by both waits for the one that ends last
 * (it cannot run before).
 */
export function flowWaits(flows: readonly Flow[], connections: readonly Connection[] | undefined, usage: BudgetUsageView | undefined): Map<string, FlowWait> {
  const out = new Map<string, FlowWait>();
  for (const flow of flows) {
    if (!flow.enabled) continue;
    const waits = [blackoutWait(flow, connections ?? []), usage ? budgetWait(flow, usage) : null].filter((w): w is FlowWait => w !== null);
    const last = waits.sort((a, b) => Date.parse(b.until) - Date.parse(a.until))[0];
    if (last) out.set(flow.id, last);
  }
  return out;
}

export interface WaitGroup {
  wait: FlowWait;
  flows: { id: string; name: string }[];
}

/** The waits grouped by what holds them, soonest over first. */
export function waitGroups(flows: readonly Flow[], waits: ReadonlyMap<string, FlowWait>): WaitGroup[] {
  const groups = new Map<string, WaitGroup>();
  for (const flow of flows) {
    const wait = waits.get(flow.id);
    if (!wait) continue;
    const group = groups.get(wait.key) ?? { wait, flows: [] };
    group.flows.push({ id: flow.id, name: flow.name });
    groups.set(wait.key, group);
  }
  return [...groups.values()].sort((a, b) => Date.parse(a.wait.until) - Date.parse(b.wait.until));
}
