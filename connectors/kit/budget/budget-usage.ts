// What an ApiBudget keeps in its account's ConnectionState, and how much of the allowance that says is
// used at a given instant. The budget writes it; the host reads it back for the dashboard and the CLI
// (`ml-connector budget`) without opening a connector: the account's limit, reserve and window travel
// with the count.
import { z } from 'zod';
import { localDay, nextLocalMidnight, type BudgetWindow } from './windows.ts';

export const BUDGET_STATE_KEY = 'api-budget';

const windowSchema = z.union([
  z.object({ kind: z.literal('daily'), timeZone: z.string(), note: z.string().optional() }),
  z.object({ kind: z.literal('rolling'), windowMs: z.number().positive() }),
]);

/** The persisted value (older versions wrote only the count, so everything is optional). */
export const persistedBudgetSchema = z.object({
  /** Daily window: the local day `used` counts in. */
  day: z.string().optional(),
  used: z.number().optional(),
  /** Rolling window: [minute start ms, units] ascending. */
  buckets: z.array(z.tuple([z.number(), z.number()])).optional(),
  limit: z.number().optional(),
  system: z.string().optional(),
  label: z.string().optional(),
  reserveFraction: z.number().optional(),
  window: windowSchema.optional(),
});
export type PersistedBudget = z.infer<typeof persistedBudgetSchema>;

export interface BudgetUsage {
  system: string;
  /** 'This HubSpot account', 'The Zoho CRM organisation'. */
  label: string;
  limit: number;
  /** Units never spent, kept for other apps. */
  reserve: number;
  /** Units used in the current period (ours and, where the server reports it, other apps'). */
  used: number;
  window: BudgetWindow;
  /** Where the current period starts: the last local midnight (daily) or 24 h ago (rolling). */
  periodStart: number;
  /** Daily: the next local midnight, when the count resets. Rolling windows never reset at once. */
  resetsAt: number | null;
}

export function reserveOf(limit: number, reserveFraction: number): number {
  return Math.ceil(limit * reserveFraction);
}

/** The last local midnight at or before `ms` in the zone (DST-safe: found from the next midnights). */
export function lastLocalMidnight(ms: number, timeZone: string): number {
  let start = nextLocalMidnight(ms - 26 * 3_600_000, timeZone);
  for (let next = nextLocalMidnight(start, timeZone); next <= ms; next = nextLocalMidnight(start, timeZone)) start = next;
  return start;
}

/** Where the period that contains `now` starts, for a window. */
export function periodStartOf(window: BudgetWindow, now: number): number {
  return window.kind === 'daily' ? lastLocalMidnight(now, window.timeZone) : now - window.windowMs;
}

/** The account's use at `now`, or null when the value predates the budget's description of itself. */
export function budgetUsageAt(value: unknown, now: number): BudgetUsage | null {
  const parsed = persistedBudgetSchema.safeParse(value);
  if (!parsed.success) return null;
  const p = parsed.data;
  if (!p.window || p.limit === undefined || !p.system) return null;
  const w = p.window;
  const used =
    w.kind === 'daily'
      ? p.day === localDay(now, w.timeZone) ? (p.used ?? 0) : 0
      : (p.buckets ?? []).filter(([at]) => at + 60_000 > now - w.windowMs).reduce((n, [, u]) => n + u, 0);
  return {
    system: p.system,
    label: p.label ?? `The ${p.system} account`,
    limit: p.limit,
    reserve: reserveOf(p.limit, p.reserveFraction ?? 0.05),
    used,
    window: w,
    periodStart: periodStartOf(w, now),
    resetsAt: w.kind === 'daily' ? nextLocalMidnight(now, w.timeZone) : null,
  };
}
