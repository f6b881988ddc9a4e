// Events pushed from the service to the renderer (IPC `mlc:event` or SSE `GET /api/events`).
import { z } from 'zod';
import { runSchema } from './flows.ts';
import { alertSchema } from './settings.ts';

export const runProgressSchema = z.object({
  runId: z.string(),
  flowId: z.string(),
  phase: z.enum(['reading', 'writing', 'associating', 'finishing']),
  read: z.number().int(),
  written: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  /** Known total when the source reports a count; null otherwise. */
  total: z.number().int().nullable(),
  recordsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
});
export type RunProgress = z.infer<typeof runProgressSchema>;

export const eventSchemas = {
  'run:progress': runProgressSchema,
  'run:finished': runSchema,
  'run:started': runSchema,
  alert: alertSchema,
  'flows:changed': z.object({ flowIds: z.array(z.string()) }),
  'connections:changed': z.object({}),
} as const;

export type EventName = keyof typeof eventSchemas;
export type EventPayload<N extends EventName> = z.infer<(typeof eventSchemas)[N]>;
export interface AppEvent<N extends EventName = EventName> {
  name: N;
  payload: EventPayload<N>;
}
export const eventNames = Object.keys(eventSchemas) as EventName[];
