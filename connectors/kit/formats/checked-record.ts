// Records a connector reads by the thousand, checked where they lie. zod's z.looseObject(shape) builds a
// new object for every record and copies every property into it, the dozens the shape does not name
// included (a Sage 300 customer carries ~80): about 12 µs and a few KB of garbage per record, paid again
// for every detail line — more than JSON.parse of the record costs. checkedRecord(shape) checks the
// same fields with the same issues (paths, codes, messages) and hands on the object the API sent.
import { z } from 'zod';
import { registerSurePredicate, surePredicate } from './sure-predicate.ts';

/** zod types that would change a value rather than only check it; their effect would be lost here. */
const CHANGES_VALUE = new Set(['default', 'prefault', 'catch', 'transform', 'pipe', 'success']);

function assertOnlyChecks(schema: z.ZodType, where: string): void {
  const def = schema._zod.def as { type: string; innerType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[] };
  if (CHANGES_VALUE.has(def.type)) throw new Error(`checkedRecord: "${where}" is a ${def.type}; only checks are allowed (the record is handed on as sent).`);
  if (def.innerType) assertOnlyChecks(def.innerType, where);
  if (def.element) assertOnlyChecks(def.element, where);
  for (const o of def.options ?? []) assertOnlyChecks(o, where);
}

/**
 * A drop-in for z.looseObject(shape) that does not copy: the output is the input object itself, its
 * unnamed properties kept. The shape's fields may only check (a default or transform would not reach
 * the output, so the shape is refused when built); nested records should use checkedRecord too.
 */
export function checkedRecord<S extends z.core.$ZodLooseShape>(shape: S) {
  for (const [k, s] of Object.entries(shape)) assertOnlyChecks(s as z.ZodType, k);
  // A stripping object reads only the shape's keys; its copy of them is small and dropped at once.
  const fields = z.object(shape);
  // Most records are valid: a plain predicate says so without zod's per-field garbage; zod itself
  // checks the rest, so issues are worded as before (sure-predicate.ts).
  const sure = surePredicate(fields);
  const schema = z.custom<z.output<z.ZodObject<S, z.core.$loose>>>().superRefine((value, ctx) => {
    if (sure?.(value)) return;
    const result = fields.safeParse(value);
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue(issue as unknown as Parameters<typeof ctx.addIssue>[0]);
  });
  if (sure) registerSurePredicate(schema, sure);
  checkedRecords.add(schema);
  return schema;
}

/** Schemas made by checkedRecord: their output is their input. */
const checkedRecords = new WeakSet<z.ZodType>();

/**
 * z.array(item) for a checkedRecord item, checked in one pass when every element is surely valid
 * (zod's array runs its machinery once per element); any doubt and zod's array decides, so its
 * issues and paths are unchanged. Any other item: z.array(item) itself.
 */
export function checkedArray<T extends z.ZodType>(item: T): z.ZodType<z.output<T>[]> {
  const full = z.array(item);
  const sure = checkedRecords.has(item) ? surePredicate(item) : null;
  if (!sure) return full as unknown as z.ZodType<z.output<T>[]>;
  const all = (v: unknown): boolean => {
    if (!Array.isArray(v)) return false;
    // Indexed, not every(): a hole is undefined to zod's array, and refused.
    for (let i = 0; i < v.length; i++) if (!sure(v[i])) return false;
    return true;
  };
  const schema = z.custom<z.output<T>[]>().superRefine((value, ctx) => {
    if (all(value)) return;
    const result = full.safeParse(value);
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue(issue as unknown as Parameters<typeof ctx.addIssue>[0]);
  });
  registerSurePredicate(schema, all);
  return schema;
}
