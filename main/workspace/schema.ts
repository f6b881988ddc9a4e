// The workspace file (`ml-connector import/export`): connections and flows, referenced by name so a
// file can be moved between machines. Secrets are inline strings or {"env": "NAME"} read at import.
import { z } from 'zod';
import { mappingSchema, scheduleSchema, systemIdSchema } from '../../preload/contract/index.ts';

export const secretValueSchema = z.union([z.string().min(1), z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') })]);

export const workspaceSchema = z.object({
  version: z.literal(1),
  connections: z.array(
    z.object({
      name: z.string().min(1),
      system: systemIdSchema,
      settings: z.record(z.string(), z.unknown()),
      tls: z.object({ fingerprint256: z.string().optional(), ca: z.string().optional() }).optional(),
      secrets: z.record(z.string(), secretValueSchema).optional(),
    }),
  ),
  flows: z.array(
    z.object({
      name: z.string().min(1),
      template: z.string().nullable().default(null),
      source: z.string().min(1),
      sourceEntity: z.string().min(1),
      dest: z.string().min(1),
      destObject: z.string().min(1),
      /** Associations name their parent flow by flow name. */
      mapping: mappingSchema,
      schedule: scheduleSchema,
      enabled: z.boolean().default(true),
      dependsOn: z.array(z.string()).default([]),
    }),
  ),
});
export type Workspace = z.infer<typeof workspaceSchema>;
export type WorkspaceInput = z.input<typeof workspaceSchema>;
