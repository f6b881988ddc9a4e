import { z } from 'zod';
import { call, idSchema } from './define.ts';
import { runSchema } from './flows.ts';

export const reconcileReportSchema = z.object({
  flowId: idSchema,
  at: z.string(),
  sourceCount: z.number().int(),
  destCount: z.number().int(),
  missing: z.number().int(),
  different: z.number().int(),
  extra: z.number().int(),
  repaired: z.number().int(),
  /** Destination records with no source record: flagged for the admin, never deleted silently. */
  flaggedDeletions: z.number().int(),
});

export const pendingDeletionSchema = z.object({
  id: z.number().int(),
  flowId: idSchema,
  destObject: z.string(),
  destId: z.string(),
  sourceId: z.string().nullable(),
  reason: z.string(),
  flaggedAt: z.string(),
});

export const runCalls = {
  syncNow: call(
    'runs:syncNow',
    'Start a run of these flows now (all enabled flows when none are named). Inside a blackout window of a flow\'s ERP it is refused (BLACKOUT) unless `force`: then the run calls the ERP during the window.',
    z.object({ flowIds: z.array(idSchema).optional(), full: z.boolean().default(false), force: z.boolean().optional() }),
    z.array(runSchema),
  ),
  cancel: call('runs:cancel', 'Cancel a running run; the page in flight finishes first.', z.object({ runId: idSchema }), z.object({ cancelled: z.boolean() })),
  list: call(
    'runs:list',
    'Runs, newest first.',
    z.object({ flowId: idSchema.optional(), limit: z.number().int().min(1).max(500).default(50), before: z.string().optional() }),
    z.array(runSchema),
  ),
  get: call('runs:get', 'One run.', z.object({ id: idSchema }), runSchema),
  reconcile: call('runs:reconcile', 'Compare both sides of a flow and repair what is missing or different.', z.object({ flowId: idSchema }), reconcileReportSchema),
  pendingDeletions: call('runs:pendingDeletions', 'Deletions flagged by reconciliation, waiting for approval.', z.object({ flowId: idSchema.optional() }), z.array(pendingDeletionSchema)),
  approveDeletions: call(
    'runs:approveDeletions',
    'Apply (or dismiss) flagged deletions; at most the per-run cap at a time.',
    z.object({ ids: z.array(z.number().int()).min(1).max(500), decision: z.enum(['apply', 'dismiss']) }),
    z.object({ applied: z.number().int(), dismissed: z.number().int(), failed: z.number().int() }),
  ),
};
