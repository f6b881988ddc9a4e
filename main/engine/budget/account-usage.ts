// Each CRM account's use of its API budget now, from the store alone (the engine may run in another
// thread or process): the count, limit, reserve and window the account's ApiBudget persisted, the units
// each flow's runs spent on it in the current period (runs.api_units), and the flows an exhausted budget
// paused (runs.paused_until). The one way an allowance is read: the dashboard, `ml-connector budget`, the
// 80 % alert, the schedule planner and the dry-run estimate all read this.
import { budgetUsageAt, type BudgetUsage } from '../../../connectors/kit/budget/budget-usage.ts';
import { BUDGET_STATE_KEY } from '../../../connectors/kit/budget/budget-usage.ts';
import type { Store, RunSpendRow } from '../../store/index.ts';
import { ACCOUNT_SCOPE_PREFIX } from '../connection-state.ts';
import { accountConnections, budgetAccountName, type AccountConnection } from './account-name.ts';
import type { BudgetExhaustedError } from '../../../connectors/kit/budget/api-budget.ts';

/** Past this share of the allowance the admin is told which flows spend most. */
export const HIGH_USE_SHARE = 0.8;
/** Runs this far back tell which flows use an account (its connections), beyond today's spenders. */
const USERS_LOOKBACK_MS = 7 * 86_400_000;

export interface FlowSpend {
  flowId: string;
  units: number;
}

export interface AccountUsage extends BudgetUsage {
  account: string;
  /** The account's one name (account-name.ts), in place of the connector's own label. */
  label: string;
  /** The connections of its system that the flows spending it use. */
  connections: AccountConnection[];
  /** 'ok'; 'high' from 80 % of the limit; 'exhausted' once only the reserve is left. */
  level: 'ok' | 'high' | 'exhausted';
  /** Units each flow's runs spent on the account in the current period, most first. */
  flows: FlowSpend[];
  /** Flows whose runs spent on the account lately (its connections are theirs). */
  users: string[];
}

export interface PausedFlow {
  flowId: string;
  resumesAt: string;
  /** Why, as the run said it (names the account and its count). */
  message: string;
}

function levelOf(u: BudgetUsage): AccountUsage['level'] {
  if (u.used >= u.limit - u.reserve) return 'exhausted';
  return u.used >= u.limit * HIGH_USE_SHARE ? 'high' : 'ok';
}

function spendPerFlow(runs: RunSpendRow[], account: string, since: number): FlowSpend[] {
  const byFlow = new Map<string, number>();
  for (const r of runs) {
    const units = r.apiUnits[account];
    if (units && Date.parse(r.startedAt) >= since) byFlow.set(r.flowId, (byFlow.get(r.flowId) ?? 0) + units);
  }
  return [...byFlow].map(([flowId, units]) => ({ flowId, units })).sort((a, b) => b.units - a.units);
}

/** Every account whose budget has been counted, with its use at `now`. */
export function accountUsages(store: Pick<Store, 'state' | 'runs' | 'flows' | 'connections'>, now: number): AccountUsage[] {
  const runs = store.runs.spentSince(new Date(now - USERS_LOOKBACK_MS).toISOString());
  const out: AccountUsage[] = [];
  for (const { scope, value } of store.state.listKey(BUDGET_STATE_KEY, ACCOUNT_SCOPE_PREFIX)) {
    const usage = budgetUsageAt(value, now);
    if (!usage) continue;
    const account = scope.slice(ACCOUNT_SCOPE_PREFIX.length);
    const users = [...new Set(runs.filter((r) => (r.apiUnits[account] ?? 0) > 0).map((r) => r.flowId))];
    const connections = accountConnections(store, usage.system, users);
    const label = budgetAccountName(usage.system, connections.map((c) => c.name));
    out.push({ ...usage, account, label, connections, level: levelOf(usage), flows: spendPerFlow(runs, account, usage.periodStart), users });
  }
  return out.sort((a, b) => a.label.localeCompare(b.label) || a.account.localeCompare(b.account));
}

/**
 * A run's budget pause with its account named as accountUsages names it, the pausing flow counted among
 * the flows spending it (its own spend is saved after): the run's message and alert then say the same
 * name as the dashboard and the CLI.
 */
export function namedBudgetPause(store: Pick<Store, 'state' | 'runs' | 'flows' | 'connections'>, error: BudgetExhaustedError, flowId: string, now: number): BudgetExhaustedError {
  const account = String(error.data?.['account'] ?? '');
  const usage = accountUsages(store, now).find((u) => u.account === account);
  const system = usage?.system ?? error.system ?? '';
  const connections = accountConnections(store, system, new Set([...(usage?.users ?? []), flowId]));
  return error.named(budgetAccountName(system, connections.map((c) => c.name)));
}

/**
 * Flows an exhausted API budget paused, and when each resumes (their last run says so). A blackout window
 * pauses a run the same way (pausedUntil) but is not the budget's doing: the flow's blackout wait says that.
 */
export function pausedFlows(store: Pick<Store, 'flows' | 'runs'>, now: number): PausedFlow[] {
  const out: PausedFlow[] = [];
  for (const f of store.flows.list()) {
    if (!f.enabled) continue;
    const last = store.runs.latestForFlow(f.id);
    if (last?.pausedUntil && Date.parse(last.pausedUntil) > now && last.error?.code !== 'BLACKOUT') out.push({ flowId: f.id, resumesAt: last.pausedUntil, message: last.error?.message ?? 'The API budget is spent.' });
  }
  return out.sort((a, b) => a.resumesAt.localeCompare(b.resumesAt));
}
