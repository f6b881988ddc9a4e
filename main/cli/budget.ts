// `ml-connector budget`: what the dashboard shows of the API budgets — each CRM account's use today,
// the flows that spend most past 80 %, the flows paused until the budget is back — and what each
// enabled flow's schedule spends per day (the schedule editor's estimate). Text, or JSON with --json.
import { scheduleSchema, type BudgetAccount, type BudgetPlan, type BudgetUsageView, type PausedFlow } from '../../preload/contract/index.ts';
import { formatClockTime } from '../../preload/contract/time-text.ts';
import { withService, resolveFlowId } from './one-shot.ts';

interface FlowPlan {
  flowId: string;
  flow: string;
  plan: BudgetPlan;
}

/** On this machine's clock (the CLI runs on the admin's), 24-hour like every time the app shows. */
const at = (iso: string) => formatClockTime(iso);

function pausedLine(p: PausedFlow): string {
  return `  paused: "${p.flowName}" resumes at ${at(p.resumesAt)} (${p.message})`;
}

function accountText(a: BudgetAccount): string[] {
  // The account's one name (it names its connections), as the dashboard says it.
  const lines = [`${a.label}: ${a.summary}.`];
  lines.push(a.window.kind === 'daily' && a.resetsAt ? `  resets at ${at(a.resetsAt)} (midnight ${a.window.timeZone})` : `  units come back ${a.window.hours ?? 24} hours after they were spent`);
  if (a.window.note) lines.push(`  note: ${a.window.note}`);
  if (a.level !== 'ok') {
    lines.push(`  ${a.level === 'exhausted' ? 'SPENT: flows pause until it is back' : 'OVER 80 %'}; the flows that spend most: ${a.flows.slice(0, 3).map((f) => `"${f.flowName}" ${f.units.toLocaleString('en-US')}`).join(', ') || 'none of ours'}`);
  }
  lines.push(...a.paused.map(pausedLine));
  return lines;
}

export function budgetText(usage: BudgetUsageView, plans: FlowPlan[]): string {
  const lines: string[] = [];
  if (!usage.accounts.length) lines.push('No CRM account has counted an API call yet: the budgets show after the first run.');
  for (const a of usage.accounts) lines.push(...accountText(a), '');
  const listed = new Set(usage.accounts.flatMap((a) => a.paused.map((p) => p.flowId)));
  const others = usage.paused.filter((p) => !listed.has(p.flowId));
  if (others.length) lines.push('Paused by an API budget:', ...others.map(pausedLine), '');
  if (plans.length) {
    lines.push('Per day, by schedule:');
    for (const p of plans) lines.push(`  ${p.flow}: ${p.plan.summary}`);
  }
  return lines.join('\n').trimEnd() + '\n';
}

export async function budgetCommand(dataDir: string, opts: { json?: boolean; flow?: string }): Promise<number> {
  return withService(dataDir, async (s) => {
    const usage = await s.impl['budget:usage']({});
    const flows = opts.flow ? [s.ctx.store.flows.get(resolveFlowId(s, opts.flow))!] : s.ctx.store.flows.list().filter((f) => f.enabled);
    const plans: FlowPlan[] = [];
    for (const f of flows) plans.push({ flowId: f.id, flow: f.name, plan: await s.impl['budget:plan']({ flowId: f.id, connectionIds: [], schedule: scheduleSchema.parse(f.schedule) }) });
    process.stdout.write(opts.json ? JSON.stringify({ ...usage, plans }, null, 2) + '\n' : budgetText(usage, plans));
    return 0;
  });
}
