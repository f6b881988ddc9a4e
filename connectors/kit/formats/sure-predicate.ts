// A zod schema made only of plain type checks, compiled to a predicate that answers "zod would accept
// this" without zod's per-value bookkeeping. zod 4 allocates a result object and an issues array for
// every value it checks (a Sage 300 page of 100 customers: ~1,500 of each), garbage that records read
// by the hundred thousand cannot afford. The predicate is only ever a shortcut to success: where it
// answers false — or where the schema holds anything it does not know (refinements, formats, coercion,
// lengths, enums, …: no predicate at all) — zod itself decides, so its issues and messages are unchanged.
import type { z } from 'zod';

export type SurePredicate = (v: unknown) => boolean;

/** Predicates of schemas built elsewhere (checkedRecord), used where such a schema is nested. */
const registered = new WeakMap<object, SurePredicate>();

export function registerSurePredicate(schema: z.ZodType, predicate: SurePredicate): void {
  registered.set(schema, predicate);
}

interface Def {
  type: string;
  checks?: unknown[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  fn?: (v: unknown) => unknown;
}

/**
 * The def's keys beyond these (and `error`, which only words a failure) mean a format, a coercion or
 * another rule this compiler does not know.
 */
const PLAIN_KEYS: Record<string, readonly string[]> = {
  string: ['type', 'checks'],
  number: ['type', 'checks'],
  boolean: ['type', 'checks'],
  unknown: ['type'],
  any: ['type'],
  optional: ['type', 'innerType'],
  nullable: ['type', 'innerType'],
  array: ['type', 'element'],
  union: ['type', 'options'],
  object: ['type', 'shape', 'catchall'],
  record: ['type', 'keyType', 'valueType'],
  custom: ['type', 'check', 'fn', 'abort'],
};

/** An object as JSON.parse makes it (zod's record refuses a Date, its object takes one: zod decides those). */
const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/** The predicate for a schema, or null when zod must decide every value of it. */
export function surePredicate(schema: z.ZodType): SurePredicate | null {
  const own = registered.get(schema);
  if (own) return own;
  const def = schema._zod.def as unknown as Def;
  const plain = PLAIN_KEYS[def.type];
  if (!plain || Object.keys(def).some((k) => k !== 'error' && !plain.includes(k)) || (def.checks?.length ?? 0) > 0) return null;
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'number':
      // z.number() refuses NaN and ±Infinity.
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'unknown':
    case 'any':
      return () => true;
    case 'optional': {
      const inner = surePredicate(def.innerType!);
      return inner && ((v) => v === undefined || inner(v));
    }
    case 'nullable': {
      const inner = surePredicate(def.innerType!);
      return inner && ((v) => v === null || inner(v));
    }
    case 'array': {
      const element = surePredicate(def.element!);
      return (
        element &&
        ((v) => {
          if (!Array.isArray(v)) return false;
          for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
          return true;
        })
      );
    }
    case 'union': {
      const options = def.options!.map(surePredicate);
      if (options.some((o) => o === null)) return null;
      return (v) => options.some((o) => o!(v));
    }
    case 'object': {
      // Unknown keys are fine for a stripping or a loose object; a strict one (catchall never) is zod's.
      const catchall = def.catchall ? surePredicate(def.catchall) : undefined;
      if (catchall === null) return null;
      // zod wants a key present unless its schema is optional (z.unknown() refuses a missing key).
      const fields = Object.entries(def.shape!).map(([k, s]) => [k, surePredicate(s), (s._zod.def as unknown as Def).type === 'optional'] as const);
      if (fields.some(([, p]) => p === null)) return null;
      return (v) => {
        if (!isPlainObject(v)) return false;
        for (const [k, p, optional] of fields) if ((!optional && !(k in v)) || !p!(v[k])) return false;
        if (catchall) for (const k in v) if (!Object.hasOwn(def.shape!, k) && !catchall(v[k])) return false;
        return true;
      };
    }
    case 'record': {
      const keyDef = def.keyType!._zod.def as unknown as Def;
      const value = surePredicate(def.valueType!);
      if (keyDef.type !== 'string' || surePredicate(def.keyType!) === null || !value) return null;
      return (v) => {
        if (!isPlainObject(v)) return false;
        for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k) && !value(v[k])) return false;
        return true;
      };
    }
    case 'custom': {
      // z.custom(fn): the value passes when fn answers truthy (zod runs the same function).
      const fn = def.fn;
      return fn ? (v) => Boolean(fn(v)) : () => true;
    }
    default:
      return null;
  }
}
