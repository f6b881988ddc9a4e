// A flow's field mapping is data: stored per flow, validated here, edited in the UI, executed by
// main/engine/mapping. Transform names are checked against the engine's library when a flow is saved.
import { z } from 'zod';

export const transformSchema = z
  .object({ fn: z.string().min(1) })
  .catchall(z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]));
export type TransformStep = z.infer<typeof transformSchema>;

export const fieldRuleSchema = z
  .object({
    to: z.string().min(1, 'each rule needs a destination property ("to")'),
    /** A source field path (`Contacts.0.Email` walks into arrays and objects). */
    from: z.string().min(1).optional(),
    /** A constant instead of a source field. */
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    /** A template over source fields, e.g. `{AddressLine1}, {City}`. */
    template: z.string().optional(),
    transform: z.array(transformSchema).optional(),
  })
  .refine((r) => [r.from, r.value, r.template].filter((v) => v !== undefined).length === 1, {
    message: 'each rule takes exactly one of "from", "value" or "template"',
  });
export type FieldRule = z.infer<typeof fieldRuleSchema>;

const FILTER_OPS = ['equals', 'notEquals', 'in', 'isSet', 'isNotSet'] as const;

/**
 * One condition of a flow's record filter. Values compare as trimmed strings; `in` is case-sensitive.
 * `equals`/`notEquals` take a string `value`, `in` a list, `isSet`/`isNotSet` none.
 */
export const filterConditionSchema = z
  .object({
    /** A source field path, as in `from`. */
    field: z.string().min(1, 'each filter condition needs a source "field"'),
    op: z.string(),
    value: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .superRefine((c, ctx) => {
    if (!(FILTER_OPS as readonly string[]).includes(c.op)) {
      ctx.addIssue({ code: 'custom', path: ['op'], message: `unknown filter op "${c.op}" on "${c.field}" (known: ${FILTER_OPS.join(', ')})` });
      return;
    }
    const needs = c.op === 'in' ? 'list' : c.op === 'equals' || c.op === 'notEquals' ? 'string' : 'none';
    const has = c.value === undefined ? 'none' : Array.isArray(c.value) ? 'list' : 'string';
    if (needs !== has) {
      const want = needs === 'list' ? 'a list of strings as "value"' : needs === 'string' ? 'a string "value"' : 'no "value"';
      ctx.addIssue({ code: 'custom', path: ['value'], message: `filter op "${c.op}" on "${c.field}" takes ${want}` });
    }
  })
  // The checks above make the loose object one of the precise shapes below.
  .transform((c) => c as FilterCondition);
export type FilterOp = (typeof FILTER_OPS)[number];
export type FilterCondition =
  | { field: string; op: 'equals' | 'notEquals'; value: string }
  | { field: string; op: 'in'; value: string[] }
  | { field: string; op: 'isSet' | 'isNotSet'; value?: undefined };

export const mappingSchema = z.object({
  /** The source key and the unique destination property that carries it (upsert by external ID). */
  key: z.object({
    from: z.string().min(1),
    to: z.string().min(1),
    /**
     * Written before the source key in the destination property (`VEND-` → `VEND-1200`), so keys from
     * two origins never collide in one CRM field. The source id (id_map, associations) stays `1200`.
     */
    prefix: z.string().min(1).optional(),
    /**
     * The source key field carries this prefix (reading `VEND-1200` back from the CRM): it is taken off
     * to give the source id `1200`; a record whose key lacks it is another origin's and is skipped.
     */
    sourcePrefix: z.string().min(1).optional(),
  }),
  /**
   * Only records for which every condition holds are this flow's (e.g. deals at Closed Won, companies
   * marked as vendors); the others are skipped with the failing condition as the reason, before mapping.
   */
  filter: z.array(filterConditionSchema).optional(),
  fields: z.array(fieldRuleSchema),
  /** Value maps for the `lookup` transform, e.g. terms codes → labels. */
  tables: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  /** Two-way flows: which side owns each destination property. Unlisted properties belong to the source. */
  authority: z.record(z.string(), z.enum(['source', 'dest'])).default({}),
  /** Child lines (invoice/order lines): where they are in the source record and how each maps. */
  lines: z
    .object({
      from: z.string().min(1),
      fields: z.array(fieldRuleSchema),
      /**
       * A line the destination refuses on its own (it names the line): `fail` (absent means fail) — the
       * record fails with the reason — or `omit` — the record is written without it, and the line and the
       * reason are listed on the record's audit event.
       */
      refused: z.enum(['fail', 'omit']).optional(),
    })
    .optional(),
  /**
   * Only touch destination records another flow already wrote (e.g. payment status onto invoices the
   * invoice flow created; HubSpot edits back onto Sage customers the customer flow created). The value
   * of `from` is looked up as a source id in `flow`'s id_map; without a match the record is skipped
   * (`missing: 'skip'`) or waits for a later run (`missing: 'wait'`).
   */
  match: z.object({ flow: z.string().min(1), from: z.string().min(1), missing: z.enum(['skip', 'wait']).default('skip') }).optional(),
  /** Associations resolved through id_map: the parent's source id comes from `from`, looked up in `flow`'s id_map. */
  associations: z
    .array(z.object({ from: z.string().min(1), flow: z.string().min(1), object: z.string().min(1), label: z.string().optional(), required: z.boolean().default(true) }))
    .default([]),
  /**
   * A required association whose parent is not in its flow's id_map yet: `wait` (absent means wait) —
   * the record waits and is retried at the next run — or `create` — the parent is written first through
   * its own flow (read by id from that flow's source, or, when both flows read the same source entity,
   * mapped from this very record: one source record, two dependent writes in order), then this record
   * with the parent's new id. Each template chooses per flow.
   */
  missingParent: z.enum(['wait', 'create']).optional(),
});
export type Mapping = z.infer<typeof mappingSchema>;
export type MappingInput = z.input<typeof mappingSchema>;
