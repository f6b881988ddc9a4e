// The workspace file (`ml-connector import/export`): connections and flows, referenced by name so a
// file can be moved between machines. Secrets are inline strings or {"env": "NAME"} read at import.
import { z } from 'zod';
import { blackoutsSchema, mappingSchema, scheduleSchema, systemIdSchema, tlsTrustSchema } from '../../preload/contract/index.ts';

export const secretValueSchema = z.union([z.string().min(1), z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') })]);

// The same limits the UI's forms have: a file is no way around them.
const nameSchema = z.string().trim().min(1).max(100, 'is longer than 100 characters');

export const workspaceSchema = z.object({
  version: z.literal(1),
  connections: z.array(
    z.object({
      name: nameSchema,
      system: systemIdSchema,
      settings: z.record(z.string(), z.unknown()),
      tls: tlsTrustSchema.optional(),
      /** Consent to plain http:// on a private-network address (the contract's plainHttpConsent); left out: an existing connection keeps its consent where it still points. */
      plainHttpConsent: z.boolean().optional(),
      /** An ERP's blackout windows (the contract's blackoutsSchema; null: none); left out: an existing connection keeps its windows. */
      blackouts: blackoutsSchema.nullable().optional(),
      secrets: z.record(z.string(), secretValueSchema).optional(),
    }),
  ).max(100),
  flows: z.array(
    z.object({
      name: nameSchema,
      /** Left out: an existing flow keeps its value (so do `enabled` and `dependsOn`). */
      template: z.string().max(200).nullable().optional(),
      /** The version of that template which built the flow; left out: an existing flow keeps its value. */
      templateVersion: z.number().int().positive().nullable().optional(),
      source: z.string().min(1),
      sourceEntity: z.string().min(1),
      dest: z.string().min(1),
      destObject: z.string().min(1),
      /** Associations name their parent flow by flow name. */
      mapping: mappingSchema,
      schedule: scheduleSchema,
      enabled: z.boolean().optional(),
      dependsOn: z.array(z.string()).optional(),
    }),
  ).max(1000),
});
export type Workspace = z.infer<typeof workspaceSchema>;
export type WorkspaceInput = z.input<typeof workspaceSchema>;
