// A dry run's cost in one sentence, as the wizard, the Flows page and the CLI show it before it starts:
// "About 24 calls: 4 to Sage 300, 20 to HubSpot (of 237,500 left today), for 2,000 records …".
import type { DryRunEstimate } from './dry-run.ts';

const n = (x: number) => x.toLocaleString('en-US');
const calls = (x: number) => `${n(x)} call${x === 1 ? '' : 's'}`;

/** "(of 237,500 left today)" after the calls that count against the CRM account's allowance. */
function left(e: DryRunEstimate, system: string): string {
  if (!e.budget || e.budget.system !== system) return '';
  return ` (of ${n(e.budget.available)} left ${e.budget.window === 'daily' ? 'today' : 'in the last 24 hours'})`;
}

/** Several flows' dry runs together ("Dry run all"): their calls summed per system; null while any is unknown. */
export function dryRunsCostText(estimates: readonly DryRunEstimate[]): string | null {
  if (!estimates.length || estimates.some((e) => e.total === null)) return null;
  const bySystem = new Map<string, { label: string; calls: number }>();
  const add = (side: DryRunEstimate['source']) => {
    const s = bySystem.get(side.system) ?? { label: side.label, calls: 0 };
    s.calls += side.calls ?? 0;
    bySystem.set(side.system, s);
  };
  for (const e of estimates) {
    add(e.source);
    add(e.destination);
  }
  const total = estimates.reduce((n, e) => n + (e.total ?? 0), 0);
  // The allowance as the latest estimate saw it (they all read the same account's shared count).
  const budgeted = estimates.find((e) => e.budget) ?? estimates[0]!;
  const parts = [...bySystem].filter(([, s]) => s.calls > 0).map(([system, s]) => `${n(s.calls)} to ${s.label}${left(budgeted, system)}`);
  return `All ${estimates.length} dry runs: about ${calls(total)}${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}

export function dryRunCostText(e: DryRunEstimate): string {
  const src = e.source.label;
  const dst = e.destination.label;
  if (e.total === null || e.source.calls === null || e.destination.calls === null) {
    return `The cost is not known beforehand: ${src} cannot count its records without reading them. The dry run makes one call to ${src} per 500 records and one to ${dst} per 100${left(e, e.destination.system)}.`;
  }
  const toDest = e.destination.calls > 0 ? `${n(e.destination.calls)} to ${dst}${left(e, e.destination.system)}` : `none to ${dst} (compared with our last writes)`;
  const head = `About ${calls(e.total)}: ${n(e.source.calls)} to ${src}${left(e, e.source.system)}, ${toDest}`;
  const records = e.records ?? 0;
  const basis =
    e.basis === 'counted'
      ? `, for ${n(records)} record${records === 1 ? '' : 's'} (counted just now in ${calls(e.countCalls)} to ${src})`
      : `, for about ${n(records)} record${records === 1 ? '' : 's'} (as many as the last run read; it reads what changed since)`;
  return `${head}${basis}.`;
}
