import { z } from 'zod';
import { call, idSchema, patchOf } from './define.ts';
import { SYSTEM_IDS } from '../../connectors/systems.ts';
import { blackoutsSchema, blackoutStatusSchema } from './blackouts.ts';

export const systemIdSchema = z.enum(SYSTEM_IDS);
export type SystemId = z.infer<typeof systemIdSchema>;

/** One input of a system's connection form, described by the service so the renderer needs no connector code. */
export const formFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'url', 'number', 'select', 'boolean', 'secret']),
  required: z.boolean(),
  help: z.string().optional(),
  placeholder: z.string().optional(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
});
export type FormField = z.infer<typeof formFieldSchema>;

export const systemInfoSchema = z.object({
  id: systemIdSchema,
  label: z.string(),
  role: z.enum(['erp', 'crm']),
  /** False while the connector is not built yet: shown as coming, not hidden. */
  available: z.boolean(),
  fields: z.array(formFieldSchema),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

export const tlsTrustSchema = z.object({
  /** Pinned SHA-256 fingerprint of the server certificate (`AB:CD:…`). */
  fingerprint256: z.string().regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, 'a SHA-256 fingerprint is 32 hex bytes, e.g. AB:CD:…').optional(),
  /** PEM of a custom CA; write-only. */
  ca: z.string().optional(),
});

export const checkProblemSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const checkResultSchema = z.object({
  ok: z.boolean(),
  summary: z.string(),
  problems: z.array(checkProblemSchema),
  learned: z.record(z.string(), z.unknown()).optional(),
  checkedAt: z.string(),
});
export type CheckResultView = z.infer<typeof checkResultSchema>;

/** A connection as the renderer sees it: secret values never leave the main process. */
export const connectionSchema = z.object({
  id: idSchema,
  system: systemIdSchema,
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  /** Names of the secrets that are stored (values are never sent). */
  secretsSet: z.array(z.string()),
  tls: z.object({ fingerprint256: z.string().optional(), hasCustomCa: z.boolean() }),
  /** The admin allowed plain http:// to this connection's private-network address. */
  plainHttpConsent: z.boolean(),
  /** What weakens this connection's security and was accepted (plain HTTP on the LAN): show them. */
  warnings: z.array(z.string()),
  lastCheck: checkResultSchema.nullable(),
  /** Times ml-connector must not call this ERP (blackouts.ts); null: none. */
  blackouts: blackoutsSchema.nullable(),
  /** The window open now and the next one, worked out from `blackouts`. */
  blackoutStatus: blackoutStatusSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Connection = z.infer<typeof connectionSchema>;

export const connectionInputSchema = z.object({
  system: systemIdSchema,
  name: z.string().trim().min(1, 'give the connection a name').max(100),
  settings: z.record(z.string(), z.unknown()),
  /** Write-only. A secret left out keeps its stored value. */
  secrets: z.record(z.string(), z.string().min(1)).optional(),
  tls: tlsTrustSchema.optional(),
  /**
   * Consent to send the secrets over plain http:// to a private-network address (10/8, 172.16/12,
   * 192.168/16, fc00::/7, `.local` or single-label names). Without it such an address is refused;
   * public hosts are refused over http:// whatever it says; loopback needs none. Binds to the origin:
   * moving the connection elsewhere asks again.
   */
  plainHttpConsent: z.boolean().optional(),
});
export type ConnectionInput = z.infer<typeof connectionInputSchema>;

export const connectionCalls = {
  systems: call('connections:systems', 'The systems ml-connector knows, with their connection forms.', z.object({}).optional(), z.array(systemInfoSchema)),
  list: call('connections:list', 'All saved connections.', z.object({}).optional(), z.array(connectionSchema)),
  create: call('connections:create', 'Save a new connection.', connectionInputSchema, connectionSchema),
  update: call('connections:update', 'Change a connection.', z.object({ id: idSchema, patch: patchOf(connectionInputSchema).omit({ system: true }) }), connectionSchema),
  setBlackouts: call(
    'connections:setBlackouts',
    "Replace an ERP connection's blackout windows (null or no windows: none). Invalid windows are refused with the field at fault; nothing is saved.",
    z.object({ id: idSchema, blackouts: blackoutsSchema.nullable() }),
    connectionSchema,
  ),
  delete: call('connections:delete', 'Delete a connection no flow uses (IN_USE names the flows that do).', z.object({ id: idSchema }), z.object({ deleted: z.literal(true) })),
  repoint: call(
    'connections:repoint',
    'Move every flow that uses one connection to another connection of the same system.',
    z.object({ fromId: idSchema, toId: idSchema }),
    z.object({ flowIds: z.array(idSchema) }),
  ),
  /**
   * Tests a saved connection, or unsaved details (the wizard and the edit form test before saving; an
   * edit names the saved connection so its stored secrets can stand in for ones left empty). The draft
   * form comes first: a union tries its members in order, and `{ id }` would take a draft's input and
   * drop the draft.
   */
  test: call(
    'connections:test',
    'Test connection: a specific diagnosis of what is wrong.',
    z.union([z.object({ draft: connectionInputSchema, id: idSchema.optional() }), z.object({ id: idSchema })]),
    checkResultSchema,
  ),
};
