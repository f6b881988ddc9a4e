import { z } from 'zod';
import { call, idSchema } from './define.ts';
import { AUDIT_ACTIONS } from './audit-actions.ts';

export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

/**
 * Where a failure lies: `source` — the source's data (an invalid e-mail): fix it there, a replay re-reads
 * the record; `destination` — the destination's state (a 409 duplicate, a missing option or parent): fix
 * it there, a replay resends the stored payload. Absent on events stored before causes were recorded.
 */
export const failureCauseSchema = z.enum(['source', 'destination']);
export type FailureCauseView = z.infer<typeof failureCauseSchema>;

export const auditErrorSchema = z.object({ kind: z.string(), code: z.string().optional(), message: z.string(), hint: z.string().optional(), cause: failureCauseSchema.optional() });

export const auditEventSchema = z.object({
  id: z.number().int(),
  runId: idSchema.nullable(),
  flowId: idSchema,
  at: z.string(),
  direction: z.enum(['erp-to-crm', 'crm-to-erp']),
  sourceSystem: z.string(),
  sourceEntity: z.string(),
  sourceId: z.string(),
  sourceLabel: z.string().nullable(),
  destObject: z.string(),
  destId: z.string().nullable(),
  action: auditActionSchema,
  attempt: z.number().int(),
  error: auditErrorSchema.nullable(),
  replayOf: z.number().int().nullable(),
  /** For failures: true once a later event for the same record succeeded. */
  resolved: z.boolean(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditDetailSchema = auditEventSchema.extend({
  sourcePayload: z.unknown().nullable(),
  mappedPayload: z.unknown().nullable(),
  /**
   * An unchanged record's payloads are not stored twice: they are those of this event, the one that last
   * wrote the record (shown in their place); null when the event carries its own (or none).
   */
  payloadOf: z.number().int().nullable().default(null),
  /** Replays of this event, and the event this one replays, oldest first. */
  history: z.array(auditEventSchema),
  /**
   * For a replay: what it sent (the stored payload or the record re-read from the source) and through
   * which mapping (the flow's mapping as saved at `mappingSavedAt`, by a short hash); null otherwise.
   */
  replaySend: z
    .object({ sent: z.enum(['stored', 'reread']), note: z.string().nullable(), mappingSavedAt: z.string(), mappingHash: z.string() })
    .nullable()
    .default(null),
  /**
   * For an update: the fields it changed since our last write of the record, from → to (worked out from
   * the stored payloads when it was written; no API call). Null when unknown (no earlier write stored).
   */
  fieldChanges: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })).nullable().default(null),
});
export type AuditDetail = z.infer<typeof auditDetailSchema>;

export const auditFilterSchema = z.object({
  flowId: idSchema.optional(),
  /** Any of these flows, e.g. every flow of one integration. */
  flowIds: z.array(idSchema).min(1).max(500).optional(),
  actions: z.array(auditActionSchema).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  /** Matches source id, destination id and the record's label (name). */
  text: z.string().max(200).optional(),
  runId: idSchema.optional(),
  unresolvedOnly: z.boolean().optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/**
 * What a replay sends. `stored`: the payload stored with the event (for a cause fixed on the destination's
 * side; works while the source is unreachable). `reread`: the record read again from the source (for a
 * cause fixed in the source). `auto` (also when left out): by the failure's cause — source → reread,
 * otherwise stored.
 */
export const replayModeSchema = z.enum(['auto', 'stored', 'reread']);
export type ReplayMode = z.infer<typeof replayModeSchema>;

export const replayResultSchema = z.object({
  eventId: z.number().int(),
  /** The replay's own audit event; null when nothing was sent (see `note`). */
  newEventId: z.number().int().nullable(),
  action: auditActionSchema,
  error: auditErrorSchema.nullable(),
  /** What was sent: the stored payload or the record re-read from the source; null when nothing was. */
  sent: z.enum(['stored', 'reread']).nullable(),
  /** Why nothing was sent, or why another payload than asked was (e.g. the source did not answer). */
  note: z.string().nullable(),
});
export type ReplayResultView = z.infer<typeof replayResultSchema>;

export const auditCalls = {
  query: call(
    'audit:query',
    'Audit events, newest first, keyset-paginated.',
    auditFilterSchema.extend({ limit: z.number().int().min(1).max(1000).default(100), cursor: z.string().nullable().optional() }),
    z.object({ events: z.array(auditEventSchema), nextCursor: z.string().nullable() }),
  ),
  count: call('audit:count', 'How many events match a filter (capped for speed).', auditFilterSchema, z.object({ count: z.number().int(), capped: z.boolean() })),
  get: call('audit:get', 'One event with its payloads and replay history.', z.object({ id: z.number().int() }), auditDetailSchema),
  replay: call(
    'audit:replay',
    'Replay events with the current mapping: resend the stored payload, or re-read the record from the source first.',
    z.union([
      z.object({ ids: z.array(z.number().int()).min(1).max(10_000), mode: replayModeSchema.optional() }),
      z.object({ failedIn: auditFilterSchema, mode: replayModeSchema.optional() }),
    ]),
    z.object({ results: z.array(replayResultSchema) }),
  ),
  exportCsv: call('audit:exportCsv', 'The filtered events as CSV.', auditFilterSchema.extend({ limit: z.number().int().min(1).max(1_000_000).default(100_000) }), z.object({ csv: z.string(), rows: z.number().int() })),
};
