// Past 80 % of a CRM account's allowance the admin is told, while there is still time to act, which
// flows spend most of it (an alert on the account's connection, refreshed after each run that spends
// on it, cleared once the account is back under 80 % — a new day, or units aged out of the window).
import type { FlowRow } from '../../store/index.ts';
import type { EngineContext } from '../context.ts';
import { raiseAlert } from '../alerts.ts';
import { accountUsages } from './account-usage.ts';
import { allowanceText, formatCount, formatShare, unitOf } from './budget-text.ts';

export const HIGH_USE_CODE = 'API_BUDGET_HIGH';
/** Flows the alert names. */
const TOP_FLOWS = 3;

export function alertOnHighUse(ctx: Pick<EngineContext, 'store' | 'events' | 'logger' | 'clock'>, flow: FlowRow, spent: Record<string, number>): void {
  const { store } = ctx;
  for (const u of accountUsages(store, ctx.clock.now().getTime())) {
    if (!(u.account in spent)) continue;
    const connectionId = [flow.destConnectionId, flow.sourceConnectionId].find((c) => store.connections.get(c)?.system === u.system) ?? null;
    if (u.level === 'ok') {
      store.alerts.clearForConnection(HIGH_USE_CODE, connectionId);
      continue;
    }
    const unit = unitOf(u.system);
    const top = u.flows.slice(0, TOP_FLOWS).map((f) => `"${store.flows.get(f.flowId)?.name ?? f.flowId}" (${formatCount(f.units)} ${unit})`);
    raiseAlert(ctx, {
      severity: 'warning',
      code: HIGH_USE_CODE,
      connectionId,
      message: `${u.label} has used ${formatShare(u.used / u.limit)} of ${allowanceText(u.limit, u.window)} API ${unit} (${formatCount(u.used)}). The flows that spend most: ${top.join(', ')}.`,
      hint: `Give those flows a longer schedule (Flows → Change shows what a schedule spends per day) or raise the account's API limit. ${formatCount(u.reserve)} ${unit} stay for other apps: at that point flows pause and resume by themselves when the budget is back.`,
    });
  }
}
