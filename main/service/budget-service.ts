// budget:usage and budget:plan: each CRM account's API budget now, and what a flow's
// schedule would spend of it per day. The figures come from main/engine/budget (store reads only: the
// engine may run in its own thread); here they become views with the sentences the UI and CLI show.
import type { BudgetAccount, BudgetPlan, BudgetUsageView, PausedFlow, ServiceImpl } from '../../preload/contract/index.ts';
import type { BudgetWindow } from '../../connectors/kit/budget/windows.ts';
import { accountUsages, pausedFlows } from '../engine/budget/account-usage.ts';
import { planSchedule, type SchedulePlan } from '../engine/budget/schedule-spend.ts';
import { formatAbout, formatCount, perDayText, unitOf, usageText } from '../engine/budget/budget-text.ts';
import { notFound } from './service-error.ts';
import type { ServiceContext } from './context.ts';

type BudgetImpl = Pick<ServiceImpl, 'budget:usage' | 'budget:plan'>;

/** The engine's time (a test may move it with a sandbox's clock). */
const nowOf = (ctx: ServiceContext) => (ctx.clock ? ctx.clock.now().getTime() : Date.now());

const windowView = (w: BudgetWindow) => (w.kind === 'daily' ? { kind: w.kind, timeZone: w.timeZone, note: w.note ?? null, hours: null } : { kind: w.kind, timeZone: null, note: null, hours: w.windowMs / 3_600_000 });

function flowName(ctx: ServiceContext, flowId: string): string {
  const live = ctx.store.flows.get(flowId)?.name;
  if (live) return live;
  const gone = ctx.store.deletedFlows.list().find((d) => d.id === flowId);
  return gone ? `${gone.name} (deleted flow)` : flowId;
}

export function budgetUsageView(ctx: ServiceContext, now: number): BudgetUsageView {
  const paused: PausedFlow[] = pausedFlows(ctx.store, now).map((p) => ({ ...p, flowName: flowName(ctx, p.flowId) }));
  const accounts = accountUsages(ctx.store, now).map((u): BudgetAccount => {
    const unit = unitOf(u.system);
    return {
      account: u.account,
      system: u.system,
      label: u.label,
      connections: u.connections,
      unit,
      limit: u.limit,
      reserve: u.reserve,
      used: u.used,
      window: windowView(u.window),
      periodStart: new Date(u.periodStart).toISOString(),
      resetsAt: u.resetsAt === null ? null : new Date(u.resetsAt).toISOString(),
      level: u.level,
      flows: u.flows.map((f) => ({ flowId: f.flowId, flowName: flowName(ctx, f.flowId), units: f.units })),
      paused: paused.filter((p) => u.users.includes(p.flowId)),
      summary: usageText(u.used, u.limit, u.reserve, u.window, unit),
    };
  });
  return { at: new Date(now).toISOString(), accounts, paused };
}

function planSummary(plan: SchedulePlan, accounts: BudgetPlan['accounts'], manual: boolean, records: number | undefined): string {
  if (manual) return 'Manual: it runs only when started, so its schedule spends nothing by itself.';
  const runs = `${formatCount(plan.runsPerDay)} runs a day`;
  const each = accounts.map((a) => a.summary).join('; ');
  switch (plan.basis) {
    case 'none':
      return `No runs yet: what this schedule spends per day shows after the flow's first run (${runs}).`;
    case 'records': {
      const basis = `estimated for ${formatAbout(records ?? 0)} records a run, one call per 100 (${runs})`;
      return accounts.length ? `${each} — ${basis}` : `about ${formatAbout((plan.estimatedPerRun ?? 0) * plan.runsPerDay)} calls/day — ${basis}; the account's allowance is known after the first run`;
    }
    case 'first-run':
    case 'runs': {
      if (!accounts.length) return `Its recent runs spent no CRM API calls (${runs}).`;
      const a = accounts[0]!;
      const measured = plan.basis === 'first-run' ? 'measured on its first run, which reads everything: later runs usually spend less' : `median of its last ${plan.runsMeasured} runs`;
      const perRun = formatAbout(a.unitsPerRun);
      return `${each} (${perRun} ${perRun === '1' ? a.unit.replace(/s$/, '') : a.unit} a run, ${measured}, × ${formatCount(a.runsPerDay)} runs a day)`;
    }
  }
}

export function budgetService(ctx: ServiceContext): BudgetImpl {
  return {
    'budget:usage': async () => budgetUsageView(ctx, nowOf(ctx)),
    'budget:plan': async ({ flowId, connectionIds, schedule, records }) => {
      const flow = flowId ? (ctx.store.flows.get(flowId) ?? (() => { throw notFound('Flow', flowId); })()) : undefined;
      const plan = planSchedule(ctx.store, {
        ...(flow && { flow }),
        connectionIds: flow ? [flow.sourceConnectionId, flow.destConnectionId] : connectionIds,
        schedule,
        ...(records !== undefined && { records }),
        now: nowOf(ctx),
      });
      const accounts = plan.accounts.map((a) => {
        const unit = unitOf(a.system);
        return { account: a.account, label: a.label, unit, unitsPerRun: a.unitsPerRun, runsPerDay: a.runsPerDay, perDay: a.perDay, limit: a.limit, share: a.share, usedNow: a.usedNow, window: windowView(a.window), summary: perDayText(a.perDay, a.limit, a.window, unit) };
      });
      return { basis: plan.basis, runsMeasured: plan.runsMeasured, runsPerDay: plan.runsPerDay, accounts, summary: planSummary(plan, accounts, schedule.kind === 'manual', records) };
    },
  };
}
