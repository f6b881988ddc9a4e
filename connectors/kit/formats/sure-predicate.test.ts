import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedRecord } from './checked-record.ts';
import { surePredicate } from './sure-predicate.ts';

const KEYS = ['a', 'b', 'c'] as const;

/** zod schemas of the kinds connectors write, known and unknown to the compiler, nested. */
const schemaArb: fc.Arbitrary<z.ZodType> = fc.letrec<{ s: z.ZodType }>((tie) => ({
  s: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<z.ZodType>(z.string(), z.number(), z.boolean(), z.unknown(), z.any(), z.string().min(1), z.email(), z.literal('x'), z.number().int(), z.null(), z.custom((v) => typeof v === 'string', { message: 'text' })),
    tie('s').map((s) => s.optional()),
    tie('s').map((s) => s.nullable()),
    tie('s').map((s) => s.nullish()),
    tie('s').map((s) => z.array(s)),
    fc.tuple(tie('s'), tie('s')).map(([x, y]) => z.union([x, y])),
    fc.tuple(tie('s'), tie('s'), fc.constantFrom('object', 'loose', 'strict')).map(([x, y, kind]) => (kind === 'object' ? z.object({ a: x, b: y }) : kind === 'loose' ? z.looseObject({ a: x, b: y }) : z.strictObject({ a: x, b: y }))),
    tie('s').map((s) => z.record(z.string(), s)),
    fc.tuple(tie('s'), tie('s')).map(([x, rest]) => z.object({ a: x }).catchall(rest)),
    fc.tuple(tie('s'), tie('s')).map(([x, y]) => checkedRecord({ a: x, b: y }) as z.ZodType),
  ),
})).s;

const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', 'x', 'a@b.co', NaN, Infinity, -0, 1.5, 3, true, false, null, undefined));
const valueArb: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.array(tie('v'), { minLength: 2, maxLength: 3 }).map((a) => {
      const holed = [...a];
      delete holed[0];
      return holed;
    }),
    fc.dictionary(fc.constantFrom(...KEYS, '__proto__', 'toString', 'd'), tie('v'), { maxKeys: 4 }),
    fc.constant(new Date(0)),
  ),
})).v;

describe('surePredicate', () => {
  it('never says yes where zod says no', () => {
    fc.assert(
      fc.property(schemaArb, fc.array(valueArb, { minLength: 1, maxLength: 8 }), (schema, values) => {
        const sure = surePredicate(schema);
        for (const v of values) if (sure?.(v)) expect(schema.safeParse(v).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers for the plain shapes records are read with, and declines what it does not know', () => {
    const customer = z.object({ CustomerNumber: z.string(), CustomerName: z.string().nullish(), Amount: z.number().nullish(), Lines: z.array(checkedRecord({ LineNumber: z.number() })).nullish(), Any: z.unknown() });
    const sure = surePredicate(customer)!;
    expect(sure({ CustomerNumber: 'C1', CustomerName: null, Amount: 2, Lines: [{ LineNumber: 1, Other: 'x' }], Any: undefined })).toBe(true);
    expect(sure({ CustomerNumber: 'C1', Lines: [{ LineNumber: '1' }], Any: 1 })).toBe(false);
    // z.unknown() refuses a missing key: so does the predicate.
    expect(sure({ CustomerNumber: 'C1' })).toBe(false);
    expect(customer.safeParse({ CustomerNumber: 'C1' }).success).toBe(false);
    expect(sure({ CustomerNumber: 'C1', Amount: NaN, Any: 0 })).toBe(false);
    for (const unknownRule of [z.string().min(1), z.email(), z.coerce.number(), z.enum(['a']), z.strictObject({})]) expect(surePredicate(z.object({ x: unknownRule }))).toBeNull();
  });
});
