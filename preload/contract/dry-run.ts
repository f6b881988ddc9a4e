import { z } from 'zod';
import { call, idSchema } from './define.ts';

/** One record of a dry run: what a run would do with it, and why. */
export const dryRunItemSchema = z.object({
  sourceId: z.string(),
  sourceLabel: z.string().nullable(),
  action: z.enum(['create', 'update', 'unchanged', 'skip', 'fail']),
  destId: z.string().nullable(),
  /** For `update`: each field it would change, current value → new value. */
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  /** For `fail` and `skip`: the reason, and for `fail` the hint the run would give. */
  reason: z.string().nullable(),
  hint: z.string().nullable(),
  /** The values a create or update would send. */
  properties: z.record(z.string(), z.unknown()).nullable(),
});
export type DryRunItem = z.infer<typeof dryRunItemSchema>;

export const dryRunReportSchema = z.object({
  flowId: idSchema,
  at: z.string(),
  /**
   * What the new values were compared with: `live` — the destination's current values, read in batches
   * by key (its API calls counted in `destinationCalls`); `last-write` — the values of our last write of
   * each record, from the audit log (the destination offers no read by key; no call to it).
   */
  compared: z.enum(['live', 'last-write']),
  /** Batch reads of the destination's current values. */
  destinationCalls: z.number().int(),
  counts: z.object({ read: z.number().int(), create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), skip: z.number().int(), fail: z.number().int() }),
  /** The records, in reading order, up to `limit`; `truncated` when there were more. */
  items: z.array(dryRunItemSchema),
  truncated: z.boolean(),
});
export type DryRunReport = z.infer<typeof dryRunReportSchema>;

export const dryRunCalls = {
  dryRun: call(
    'runs:dryRun',
    'Read the source as a run would, map, compare with the destination and write nothing: would create, would update (field by field), unchanged, would fail (with reason and hint).',
    z.object({
      flowId: idSchema,
      limit: z.number().int().min(1).max(10_000).default(1000),
      /** Read every source record instead of those changed since the watermark: what a full run would change (a mapping change reaches every record). */
      full: z.boolean().default(false),
    }),
    dryRunReportSchema,
  ),
};
