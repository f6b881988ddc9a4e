import { z } from 'zod';
import { call, idSchema, patchOf } from './define.ts';
import { mappingSchema } from './mapping.ts';
import { systemIdSchema } from './connections.ts';
import { blackoutWaitSchema } from './blackouts.ts';

export const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({ kind: z.literal('interval'), minutes: z.number().int().min(1).max(7 * 24 * 60) }),
  z.object({ kind: z.literal('cron'), expression: z.string().min(9, 'a cron expression has five fields, e.g. "*/15 * * * *"') }),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

export const runCountsSchema = z.object({
  read: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  /** Records waiting for a parent that does not exist yet; retried next run. */
  waiting: z.number().int(),
});
export type RunCounts = z.infer<typeof runCountsSchema>;

/** 'paused': stopped by an exhausted API budget or an ERP's blackout window; it resumes by itself from its last committed group. */
export const runStatusSchema = z.enum(['queued', 'running', 'succeeded', 'partial', 'failed', 'paused', 'cancelled']);
export const runTriggerSchema = z.enum(['manual', 'schedule', 'webhook', 'replay', 'reconcile', 'resync']);

export const runSchema = z.object({
  id: idSchema,
  flowId: idSchema,
  trigger: runTriggerSchema,
  status: runStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  counts: runCountsSchema,
  /** Records the run meant to write (read − unchanged − skipped) and the ones it wrote. */
  expected: z.number().int(),
  written: z.number().int(),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).nullable(),
  /** A re-sync (trigger `resync`): the instant it re-read from (UTC). */
  resyncFrom: z.string().optional(),
});
export type Run = z.infer<typeof runSchema>;

export const flowSchema = z.object({
  id: idSchema,
  name: z.string(),
  template: z.string().nullable(),
  /** Version of the integration template that built this flow (null: made by hand, or built before versions). */
  templateVersion: z.number().int().nullable(),
  sourceConnectionId: idSchema,
  sourceEntity: z.string(),
  /**
   * The source connection's time zone (IANA) when its system stamps server-local times (SAP B1, Sage 100,
   * Intacct): the zone the flow's watermark is read in. Null: the source stamps UTC.
   */
  sourceTimeZone: z.string().nullable(),
  destConnectionId: idSchema,
  destObject: z.string(),
  mapping: mappingSchema,
  schedule: scheduleSchema,
  enabled: z.boolean(),
  /** Flows that must have run first (their id_map resolves this flow's associations). */
  dependsOn: z.array(idSchema),
  state: z.enum(['idle', 'running', 'paused', 'error']),
  lastRun: runSchema.nullable(),
  nextRunAt: z.string().nullable(),
  /** A connection of the flow is in a blackout window: the flow waits for it (nothing calls that ERP until `until`). */
  waitingFor: blackoutWaitSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Flow = z.infer<typeof flowSchema>;

/** A deleted flow as remembered for its audit history (its connections place it in its integration). */
export const deletedFlowSchema = z.object({ id: idSchema, name: z.string(), sourceConnectionId: idSchema, destConnectionId: idSchema, deletedAt: z.string() });
export type DeletedFlow = z.infer<typeof deletedFlowSchema>;

export const flowInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  template: z.string().nullable().default(null),
  sourceConnectionId: idSchema,
  sourceEntity: z.string().min(1),
  destConnectionId: idSchema,
  destObject: z.string().min(1),
  mapping: mappingSchema,
  schedule: scheduleSchema.default({ kind: 'interval', minutes: 15 }),
  enabled: z.boolean().default(true),
  dependsOn: z.array(idSchema).default([]),
});
export type FlowInput = z.input<typeof flowInputSchema>;

export const fieldInfoSchema = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  readOnly: z.boolean().optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  description: z.string().optional(),
});

export const templateSchema = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string(),
  erp: systemIdSchema,
  crm: systemIdSchema,
  direction: z.enum(['erp-to-crm', 'two-way']),
  /** Raised whenever the template's flows or mappings change; each flow remembers the version that built it. */
  version: z.number().int(),
  available: z.boolean(),
  /**
   * Its flows take a key prefix per ERP connection (`flows:fromTemplate` keyPrefix): needed, and asked
   * for, when a second company of the same system writes into the same CRM connection.
   */
  keyPrefix: z.boolean(),
  flows: z.array(z.object({ key: z.string(), name: z.string(), description: z.string(), schedule: scheduleSchema, optional: z.boolean() })),
});
export type IntegrationTemplate = z.infer<typeof templateSchema>;

export const previewRowSchema = z.object({
  sourceId: z.string(),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()).nullable(),
  errors: z.array(z.object({ field: z.string().optional(), message: z.string() })),
});

export const transformInfoSchema = z.object({
  fn: z.string(),
  label: z.string(),
  help: z.string(),
  params: z.array(
    z.object({
      name: z.string(),
      required: z.boolean(),
      type: z.enum(['string', 'number', 'boolean', 'any', 'fields', 'choice']),
      help: z.string(),
      choices: z.array(z.string()).optional(),
    }),
  ),
});
export type TransformInfo = z.infer<typeof transformInfoSchema>;

export const flowCalls = {
  transforms: call('flows:transforms', 'The transforms a mapping can use, with their parameters.', z.object({}).optional(), z.array(transformInfoSchema)),
  templates: call('flows:templates', 'The integrations (all five), with the flows each one sets up.', z.object({}).optional(), z.array(templateSchema)),
  fromTemplate: call(
    'flows:fromTemplate',
    'Create the flows of an integration from its template, with its default mappings and schedules.',
    z.object({
      template: z.string(),
      erpConnectionId: idSchema,
      crmConnectionId: idSchema,
      flows: z.array(z.string()).optional(),
      schedules: z.record(z.string(), scheduleSchema).optional(),
      /**
       * Written in front of the ERP's keys in the CRM (`EU-` → `EU-1200`) and expected on the way back, so
       * two companies of the same system never merge in one CRM. Refused with KEY_PREFIX_NEEDED /
       * KEY_PREFIX_TAKEN when another company already writes into the CRM connection without one / with it.
       */
      keyPrefix: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,15}$/, 'use up to 16 letters, digits and - _ . :, e.g. EU-')
        .optional(),
      /**
       * Create the new flows paused and leave the CRM setup (custom properties) to their first run, so
       * nothing is written to either system until the admin starts them — the wizard's dry-run step.
       */
      paused: z.boolean().optional(),
    }),
    z.array(flowSchema),
  ),
  list: call('flows:list', 'All flows with their state and last run.', z.object({}).optional(), z.array(flowSchema)),
  get: call('flows:get', 'One flow.', z.object({ id: idSchema }), flowSchema),
  create: call('flows:create', 'Create a flow.', flowInputSchema, flowSchema),
  update: call('flows:update', 'Change a flow (mapping, schedule, name).', z.object({ id: idSchema, patch: patchOf(flowInputSchema) }), flowSchema),
  setEnabled: call('flows:setEnabled', 'Pause or resume a flow.', z.object({ id: idSchema, enabled: z.boolean() }), flowSchema),
  delete: call('flows:delete', 'Delete a flow (its audit history stays, marked as a deleted flow\'s).', z.object({ id: idSchema }), z.object({ deleted: z.literal(true) })),
  deleted: call('flows:deleted', 'Flows deleted earlier, so their audit history keeps a name.', z.object({}).optional(), z.array(deletedFlowSchema)),
  fields: call(
    'flows:fields',
    'Fields of a source entity or destination object, live from the system.',
    z.object({ connectionId: idSchema, side: z.enum(['source', 'dest']), name: z.string() }),
    z.array(fieldInfoSchema),
  ),
  preview: call(
    'flows:preview',
    'A mapping applied to live sample records: before → after, with per-record errors.',
    z.object({ flowId: idSchema, mapping: mappingSchema.optional(), sample: z.number().int().min(1).max(20).default(5) }),
    z.array(previewRowSchema),
  ),
};
