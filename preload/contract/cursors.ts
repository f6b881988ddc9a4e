// Visible, editable cursors: where each flow is (its watermark per source entity, the
// overlap each poll re-reads, the time zone it assumes) and "re-sync from a date" with an estimate first.
import { z } from 'zod';
import { call, idSchema } from './define.ts';
import { runSchema } from './flows.ts';

const FROM = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$/;

/** The parts of a valid `from`, or null: a real calendar date, hours 0–23, minutes and seconds 0–59. */
export function parseResyncFrom(text: string): { y: number; mo: number; d: number; h: number; mi: number; s: number; zone: string | null } | null {
  const m = FROM.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  const zone = m[7] ?? null;
  if (zone && zone !== 'Z' && (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(4)) > 59)) return null;
  return { y, mo, d, h, mi, s, zone };
}

/**
 * Where a re-sync starts: a date (`2026-12-01`: from its midnight) or a date and time (`2026-12-01T08:30`),
 * read in the source connection's time zone (UTC for sources that stamp UTC or dates only), or with an
 * explicit zone (`…Z`, `…+01:00`).
 */
export const resyncFromSchema = z
  .string()
  .trim()
  .refine((t) => parseResyncFrom(t) !== null, {
    message: 'not a date: use a date such as 2026-12-01, or a date and time such as 2026-12-01T08:30 (in the connection’s time zone) or 2026-12-01T08:30Z',
  });

export const changeWindowSchema = z.object({
  /** What the source compares changes by; `none`: it has no change stamp, every read is full. */
  stamp: z.enum(['date', 'minute', 'second', 'instant', 'none']),
  /** How far below the stored watermark each read starts (dates only: whole days). */
  overlapSeconds: z.number().int(),
  field: z.string().nullable(),
});

export const cursorSchema = z.object({
  flowId: idSchema,
  entity: z.string(),
  /** The watermark as stored (a UTC instant, a Sage 300 day `2026-12-07` or `day|last order`); null: never completed a read. */
  raw: z.string().nullable(),
  /** The instant it stands for (a day: its start in `timeZone`), null when there is none or it cannot be read. */
  at: z.string().nullable(),
  /** The same, as the connection's clock shows it (`2026-12-07 11:14:05`, or the day alone for a date). */
  local: z.string().nullable(),
  /** The zone the watermark is read in: the source connection's, or UTC for systems that stamp UTC or dates. */
  timeZone: z.string(),
  timeZoneFrom: z.enum(['connection', 'utc']),
  window: changeWindowSchema,
  /** Each run stores its start less this as the watermark, so a change still in flight is read again. */
  safetyLagSeconds: z.number().int(),
  /** An interrupted read is being resumed from `resumingFrom` (the watermark is unchanged until it completes). */
  resumingFrom: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type Cursor = z.infer<typeof cursorSchema>;

export const resyncEstimateSchema = z.object({
  flowId: idSchema,
  /** The instant the re-sync re-reads from (UTC), and as the connection's clock shows it. */
  from: z.string(),
  fromLocal: z.string(),
  timeZone: z.string(),
  /** The source compares dates only: whole days are re-read, from the start of the day before (its overlap). */
  wholeDays: z.boolean(),
  /** What the source is asked for: changes since this, in its own form (its overlap comes on top). */
  since: z.string(),
  records: z.number().int(),
  /** Where `records` comes from: the distinct records this flow read since then, from the audit log. */
  basis: z.literal('audit-history'),
  basisNote: z.string(),
  /** What it was compared with: the destination's live values (batch reads) or our last write (hash). */
  compared: z.enum(['live', 'last-write']),
  calls: z.object({ sourceReads: z.number().int(), destinationReads: z.number().int(), destinationWritesAtMost: z.number().int() }),
});
export type ResyncEstimate = z.infer<typeof resyncEstimateSchema>;

const resyncInput = z.object({ flowId: idSchema, from: resyncFromSchema });

export const cursorCalls = {
  cursors: call(
    'flows:cursors',
    'Where each flow is: its watermark per source entity (raw and on the connection’s clock), the overlap each poll re-reads, the time zone it assumes.',
    z.object({ flowId: idSchema.optional() }).optional(),
    z.array(cursorSchema),
  ),
  resyncEstimate: call(
    'runs:resyncEstimate',
    'How many records and calls a re-sync of a flow from a date would take (from the audit history), before starting it.',
    resyncInput,
    resyncEstimateSchema,
  ),
  resync: call(
    'runs:resync',
    'Re-sync a flow from a date: re-read everything changed since then (whole days for date-only sources) and write only what differs from the destination; the flow’s cursor stays where it was.',
    resyncInput,
    runSchema,
  ),
};
