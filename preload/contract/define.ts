// One call of the contract: a channel name `<domain>:<verb>`, a zod input and a zod output.
// Both transports (Electron IPC and headless HTTP) and the renderer's client are generated from
// these definitions, so a call exists once and is validated on both sides.
import { z } from 'zod';

export interface CallDef<C extends string = string, I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly channel: C;
  readonly input: I;
  readonly output: O;
  readonly summary: string;
}

export function call<C extends string, I extends z.ZodType, O extends z.ZodType>(channel: C, summary: string, input: I, output: O): CallDef<C, I, O> {
  return { channel, input, output, summary };
}

export const apiErrorSchema = z.object({
  /** Stable code, e.g. NOT_FOUND, INVALID_INPUT, NOT_AVAILABLE_YET, AUTH_REJECTED. */
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  /** Where the problem is, e.g. the field path of an invalid input. */
  path: z.array(z.union([z.string(), z.number()])).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** The envelope every call answers with: data, not exceptions (Electron keeps only an error's message). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function envelopeSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: apiErrorSchema })]);
}

/**
 * The input of an update: every field of a creation schema, optional and *without* its default.
 * (zod 4 applies a default even inside `.optional()`, so `schema.partial()` would turn every field a
 * patch leaves out back into its default; a patch must change the fields it names and nothing else.)
 */
export function patchOf<S extends z.core.$ZodLooseShape>(schema: z.ZodObject<S>): z.ZodObject<{ [K in keyof S]: z.ZodOptional<S[K]> }> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const bare = field instanceof z.ZodDefault || field instanceof z.ZodPrefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    shape[key] = bare.optional();
  }
  return z.object(shape) as unknown as z.ZodObject<{ [K in keyof S]: z.ZodOptional<S[K]> }>;
}

export const idSchema = z.string().min(1).max(100);
export const isoDate = z.string().datetime({ offset: true });
