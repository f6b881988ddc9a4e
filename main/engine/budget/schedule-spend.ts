// The budget planner: what a flow's schedule will spend per day on each CRM account it uses — API units
// per run (the median of its recent runs, as counted on each run) × the runs its schedule starts in the
// account's day (today in the account's zone for a daily allowance, the next 24 hours for a rolling one)
// — against the account's allowance. Without runs it says so; given a record count (a dry run's) it
// estimates the calls per run from it.
import type { Schedule } from '../../../preload/contract/index.ts';
import type { BudgetWindow } from '../../../connectors/kit/budget/windows.ts';
import type { FlowRow, Store } from '../../store/index.ts';
import { accountUsages, type AccountUsage } from './account-usage.ts';
import { estimateCallsForRecords } from './calls-estimate.ts';
import { runsInPeriod } from './runs-per-day.ts';

/** Recent runs the units per run are measured on. */
const MEASURED_RUNS = 10;
/** Runs that follow the schedule (reconcile and replays are not what the schedule adds). */
const SCHEDULED_TRIGGERS = new Set(['schedule', 'manual', 'webhook']);

export interface AccountPlan {
  account: string;
  system: string;
  label: string;
  window: BudgetWindow;
  limit: number;
  reserve: number;
  /** Units used in the account's current period so far (every app's, where the CRM reports it). */
  usedNow: number;
  unitsPerRun: number;
  runsPerDay: number;
  perDay: number;
  /** perDay / limit. */
  share: number;
}

export interface SchedulePlan {
  /** runs: measured on recent runs; first-run: only the first (full) run is known; records: from a record count; none: nothing to go by. */
  basis: 'runs' | 'first-run' | 'records' | 'none';
  runsMeasured: number;
  /** Calls per run estimated from `records` (basis records), before any account is known. */
  estimatedPerRun: number | null;
  /** Runs the schedule starts in the next 24 hours (per account, the account's own day). */
  runsPerDay: number;
  accounts: AccountPlan[];
}

export interface PlanInput {
  /** The flow whose runs are measured (absent in the setup wizard, before the flow exists). */
  flow?: FlowRow;
  /** Connections whose accounts a flow without history would spend on (the flow's, or the wizard's CRM connection). */
  connectionIds: string[];
  schedule: Schedule;
  /** Records a run would write (a dry run's creates + updates), for a flow without runs. */
  records?: number;
  now: number;
  /** The zone cron schedules fire in (the engine's: the process's zone). */
  cronTimeZone?: string;
}

export function median(values: number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The period a day's spend is measured in for the account: its local day, or the next 24 hours. */
function dayOf(usage: AccountUsage, now: number): [Date, Date] {
  return usage.resetsAt !== null ? [new Date(usage.periodStart), new Date(usage.resetsAt)] : [new Date(now), new Date(now + 86_400_000)];
}

export function planSchedule(store: Pick<Store, 'state' | 'runs' | 'flows' | 'connections'>, input: PlanInput): SchedulePlan {
  const usages = accountUsages(store, input.now);
  const runsPerDay = runsInPeriod(input.schedule, new Date(input.now), new Date(input.now + 86_400_000), input.cronTimeZone);
  const measured = input.flow ? store.runs.spendOfFlow(input.flow.id, MEASURED_RUNS + 1).filter((r) => SCHEDULED_TRIGGERS.has(r.trigger)).slice(0, MEASURED_RUNS) : [];
  // A flow's first run loads everything; when later runs exist it says nothing about a scheduled run.
  const fewerThanAsked = measured.length < MEASURED_RUNS;
  const runs = fewerThanAsked && measured.length > 1 ? measured.slice(0, -1) : measured;

  const plan = (usage: AccountUsage, unitsPerRun: number): AccountPlan => {
    const perDayRuns = runsInPeriod(input.schedule, ...dayOf(usage, input.now), input.cronTimeZone);
    const perDay = unitsPerRun * perDayRuns;
    return { account: usage.account, system: usage.system, label: usage.label, window: usage.window, limit: usage.limit, reserve: usage.reserve, usedNow: usage.used, unitsPerRun, runsPerDay: perDayRuns, perDay, share: usage.limit > 0 ? perDay / usage.limit : 0 };
  };

  if (runs.length) {
    const accounts = [...new Set(runs.flatMap((r) => Object.keys(r.apiUnits)))];
    return {
      basis: measured.length === 1 ? 'first-run' : 'runs',
      runsMeasured: runs.length,
      estimatedPerRun: null,
      runsPerDay,
      accounts: usages.filter((u) => accounts.includes(u.account)).map((u) => plan(u, median(runs.map((r) => r.apiUnits[u.account] ?? 0)))),
    };
  }
  // No runs: the accounts other flows of the same connections spend on, and a record count if given.
  const neighbours = new Set(store.flows.list().filter((f) => input.connectionIds.includes(f.sourceConnectionId) || input.connectionIds.includes(f.destConnectionId)).map((f) => f.id));
  const candidates = usages.filter((u) => u.users.some((id) => neighbours.has(id)));
  if (input.records === undefined) return { basis: 'none', runsMeasured: 0, estimatedPerRun: null, runsPerDay, accounts: candidates.map((u) => plan(u, 0)) };
  const perRun = estimateCallsForRecords({ records: input.records });
  return { basis: 'records', runsMeasured: 0, estimatedPerRun: perRun, runsPerDay, accounts: candidates.map((u) => plan(u, perRun)) };
}
