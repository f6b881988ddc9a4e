import { z } from 'zod';
import { call, idSchema } from './define.ts';
import { scheduleSchema } from './flows.ts';

/** A flow an exhausted API budget paused: the kit's pause, with when it resumes by itself. */
export const pausedFlowSchema = z.object({
  flowId: idSchema,
  flowName: z.string(),
  resumesAt: z.string(),
  /** Why, as the run said it: the account and its count. */
  message: z.string(),
});
export type PausedFlow = z.infer<typeof pausedFlowSchema>;

const budgetWindowSchema = z.object({
  kind: z.enum(['daily', 'rolling']),
  /** Daily: the zone whose midnight resets the count (HubSpot: the portal's). */
  timeZone: z.string().nullable(),
  /** Daily: why the zone is a stand-in (HubSpot did not give a usable portal zone: UTC), else null. */
  note: z.string().nullable(),
  /** Rolling: how far back units count (Zoho: 24 hours). */
  hours: z.number().nullable(),
});

/** One CRM account's API allowance (a HubSpot portal, a Zoho org), shared by every flow using it. */
export const budgetAccountSchema = z.object({
  account: z.string(),
  system: z.string(),
  /**
   * The account's one name, as every screen, alert and the CLI say it: what it is and the connections
   * spending it (`HubSpot account "Portal"`, `Zoho CRM organisation "Zoho (EU)"`). Show it as it is.
   */
  label: z.string(),
  /** The connections whose flows spend it. */
  connections: z.array(z.object({ id: idSchema, name: z.string() })),
  /** 'calls' (HubSpot) or 'credits' (Zoho). */
  unit: z.string(),
  limit: z.number().int(),
  reserve: z.number().int(),
  used: z.number().int(),
  window: budgetWindowSchema,
  periodStart: z.string(),
  /** Daily: when the count resets; rolling windows give units back as they age. */
  resetsAt: z.string().nullable(),
  /** ok; high from 80 % of the limit (the flows that spend most are named); exhausted at the reserve. */
  level: z.enum(['ok', 'high', 'exhausted']),
  /** What each flow spent on it in the current period, most first. */
  flows: z.array(z.object({ flowId: idSchema, flowName: z.string(), units: z.number().int() })),
  /** Flows using it that an exhausted budget paused. */
  paused: z.array(pausedFlowSchema),
  /** "41,230 of 250,000 API calls used today (16.5 %); 12,500 kept for other apps". */
  summary: z.string(),
});
export type BudgetAccount = z.infer<typeof budgetAccountSchema>;

export const budgetUsageSchema = z.object({
  at: z.string(),
  accounts: z.array(budgetAccountSchema),
  /** Every paused flow (also those of an account not counted yet). */
  paused: z.array(pausedFlowSchema),
});
export type BudgetUsageView = z.infer<typeof budgetUsageSchema>;

export const budgetPlanSchema = z.object({
  /** runs: measured on recent runs; first-run: only its first (full) run is known; records: from a record count; none: no runs yet. */
  basis: z.enum(['runs', 'first-run', 'records', 'none']),
  runsMeasured: z.number().int(),
  /** Runs the schedule starts in the next 24 hours. */
  runsPerDay: z.number(),
  accounts: z.array(
    z.object({
      account: z.string(),
      /** The account's one name (as budgetAccountSchema.label). */
      label: z.string(),
      unit: z.string(),
      unitsPerRun: z.number(),
      runsPerDay: z.number(),
      perDay: z.number(),
      limit: z.number().int(),
      /** perDay / limit. */
      share: z.number(),
      /** Used in the account's current period already. */
      usedNow: z.number().int(),
      window: budgetWindowSchema,
      /** "about 3,400 calls/day, 1.4 % of today's 250,000". */
      summary: z.string(),
    }),
  ),
  /** The whole estimate in one sentence, as the schedule editor and the CLI show it. */
  summary: z.string(),
});
export type BudgetPlan = z.infer<typeof budgetPlanSchema>;

export const budgetCalls = {
  usage: call('budget:usage', "Each CRM account's API budget now: used / limit and reserve, what each flow spent today, the flows paused until it is back.", z.object({}).optional(), budgetUsageSchema),
  plan: call(
    'budget:plan',
    "What a schedule would spend per day on each CRM account the flow uses: units per run from its recent runs × runs per day, against the account's allowance.",
    z.object({
      /** The flow whose recent runs are measured (absent before the flow exists, e.g. in the setup wizard). */
      flowId: idSchema.optional(),
      /** Without a flow: the connections it will use (their accounts are compared). */
      connectionIds: z.array(idSchema).default([]),
      schedule: scheduleSchema,
      /** Records a run would write (a dry run's creates + updates), used when the flow has no runs yet. */
      records: z.number().int().min(0).optional(),
    }),
    budgetPlanSchema,
  ),
};
