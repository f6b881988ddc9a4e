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
  /** Pages read from the source. */
  sourceCalls: z.number().int(),
  counts: z.object({ read: z.number().int(), create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), skip: z.number().int(), fail: z.number().int() }),
  /** The records, in reading order, up to `limit`; `truncated` when there were more. */
  items: z.array(dryRunItemSchema),
  truncated: z.boolean(),
});
export type DryRunReport = z.infer<typeof dryRunReportSchema>;

/** What a dry run will cost, shown before it starts: its calls to each system, against the CRM account's allowance. */
export const dryRunEstimateSchema = z.object({
  flowId: idSchema,
  /**
   * The records it expects to read, and how that was found: `counted` — the source listed its keys
   * just now (`countCalls` calls); `last-run` — as many as the flow's last run read (a dry run from the
   * watermark reads what changed since); `unknown` — the source cannot count them beforehand.
   */
  records: z.number().int().nullable(),
  basis: z.enum(['counted', 'last-run', 'unknown']),
  countCalls: z.number().int(),
  /** Pages read from the source. */
  source: z.object({ system: z.string(), label: z.string(), calls: z.number().int().nullable() }),
  /** Batch reads of the destination's current values (≤100 keys each; 0 when it is compared with our last writes). */
  destination: z.object({ system: z.string(), label: z.string(), calls: z.number().int().nullable() }),
  /** The dry run's calls (source + destination; the count's calls are already made); null when the record count is unknown. */
  total: z.number().int().nullable(),
  /**
   * The CRM account's allowance the calls to it count against (ApiBudget), before this dry run; null
   * when neither end has one. `system` says which end it belongs to.
   */
  budget: z.object({ system: z.string(), label: z.string(), available: z.number().int(), limit: z.number().int(), window: z.enum(['daily', 'rolling']) }).nullable(),
});
export type DryRunEstimate = z.infer<typeof dryRunEstimateSchema>;

export const dryRunCalls = {
  dryRunEstimate: call(
    'runs:dryRunEstimate',
    'What a dry run will cost before it starts: calls to the source (pages) and to the destination (batch reads), against the CRM account\'s API allowance. Refused like runs:dryRun inside a blackout window.',
    z.object({ flowId: idSchema, full: z.boolean().default(false) }),
    dryRunEstimateSchema,
  ),
  dryRun: call(
    'runs:dryRun',
    'Read the source as a run would, map, compare with the destination and write nothing: would create, would update (field by field), unchanged, would fail (with reason and hint). Inside a blackout window of its ERP it is refused at once (BLACKOUT, data.resumeAt: the window\'s end): ask again then.',
    z.object({
      flowId: idSchema,
      limit: z.number().int().min(1).max(10_000).default(1000),
      /** Read every source record instead of those changed since the watermark: what a full run would change (a mapping change reaches every record). */
      full: z.boolean().default(false),
    }),
    dryRunReportSchema,
  ),
};
