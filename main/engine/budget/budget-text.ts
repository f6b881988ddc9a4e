// How the planner and the dashboard say numbers: "about 3,400 calls/day, 1.4 % of today's 250,000".
// One place, so the schedule editor, the dashboard, the 80 % alert and `ml-connector budget` agree.
import type { BudgetWindow } from '../../../connectors/kit/budget/windows.ts';
import { formatCount } from '../../../connectors/kit/budget/format-count.ts';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 'credits' for Zoho (its own word), 'calls' elsewhere. */
export function unitOf(system: string): string {
  return system === 'zoho' ? 'credits' : 'calls';
}

export { formatCount };

/** An estimate, rounded as one: exact below 100, to tens below 1,000, then two significant digits. */
export function formatAbout(n: number): string {
  const r = n < 100 ? Math.round(n) : n < 1000 ? Math.round(n / 10) * 10 : Number(n.toPrecision(2));
  return whole.format(r);
}

/** "1.4 %"; tiny shares are not rounded down to nothing. */
export function formatShare(share: number): string {
  const pct = share * 100;
  if (pct > 0 && pct < 0.1) return '< 0.1 %';
  return `${pct >= 10 ? pct.toFixed(0) : pct.toFixed(1)} %`;
}

/** "today's 250,000" (daily) or "the 50,000 of any 24 hours" (rolling). */
export function allowanceText(limit: number, window: BudgetWindow): string {
  return window.kind === 'daily' ? `today's ${formatCount(limit)}` : `the ${formatCount(limit)} of any ${Math.round(window.windowMs / 3_600_000)} hours`;
}

/** "about 3,400 calls/day, 1.4 % of today's 250,000". */
export function perDayText(perDay: number, limit: number, window: BudgetWindow, unit: string): string {
  return `about ${formatAbout(perDay)} ${unit}/day, ${formatShare(limit > 0 ? perDay / limit : 0)} of ${allowanceText(limit, window)}`;
}

/** "41,230 of 250,000 API calls used today (16.5 %); 12,500 kept for other apps". */
export function usageText(used: number, limit: number, reserve: number, window: BudgetWindow, unit: string): string {
  const when = window.kind === 'daily' ? 'today' : `in the last ${Math.round(window.windowMs / 3_600_000)} hours`;
  return `${formatCount(used)} of ${formatCount(limit)} API ${unit} used ${when} (${formatShare(limit > 0 ? used / limit : 0)}); ${formatCount(reserve)} kept for other apps`;
}
