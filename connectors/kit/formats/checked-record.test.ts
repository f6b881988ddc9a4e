import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedArray, checkedRecord } from './checked-record.ts';
import { odataCollection } from './odata.ts';

const line = { LineNumber: z.number(), Description: z.string().nullish() };
const shape = { CustomerNumber: z.string(), CustomerName: z.string().nullish(), Amount: z.number().nullish(), Lines: z.array(checkedRecord(line)).nullish() };
const issuesOf = (r: { success: boolean; error?: z.ZodError }) => r.error?.issues.map((i) => ({ path: i.path, code: i.code, message: i.message }));

describe('checkedRecord', () => {
  it('hands on the object it was given, properties the shape does not name included', () => {
    const record = { CustomerNumber: 'C1', CustomerName: 'Müller', Extra: { deep: [1, 2] }, Lines: [{ LineNumber: 20, Other: 'x' }] };
    const out = z.array(checkedRecord(shape)).parse([record]);
    expect(out[0]).toBe(record);
    expect(out[0]!.Lines![0]).toBe(record.Lines[0]);
    expect(out[0]).toEqual({ CustomerNumber: 'C1', CustomerName: 'Müller', Extra: { deep: [1, 2] }, Lines: [{ LineNumber: 20, Other: 'x' }] });
  });

  it('refuses what z.looseObject refuses, with the same issues', () => {
    const loose = z.array(z.looseObject({ ...shape, Lines: z.array(z.looseObject(line)).nullish() }));
    for (const checked of [z.array(checkedRecord(shape)), checkedArray(checkedRecord(shape))])
    for (const bad of [
      [{ CustomerNumber: 5 }],
      [{ CustomerName: 'no key' }],
      [{ CustomerNumber: 'C1', Amount: 'ten' }],
      [{ CustomerNumber: 'C1', Lines: [{ LineNumber: 'x' }] }],
      [null],
      ['text'],
      [[1, 2]],
    ]) {
      const expected = loose.safeParse(bad);
      const got = checked.safeParse(bad);
      expect(got.success).toBe(false);
      expect(issuesOf(got)).toEqual(issuesOf(expected));
    }
  });

  it('refuses a shape whose fields would change the value, since the record is handed on as sent', () => {
    expect(() => checkedRecord({ Status: z.string().default('Active') })).toThrow(/"Status" is a default/);
    expect(() => checkedRecord({ Amount: z.string().nullish().transform(Number) })).toThrow(/"Amount" is a pipe/);
  });

  it('checks a whole array in one pass and hands it on; any other item is an ordinary array', () => {
    const page = { value: [{ CustomerNumber: 'C1', Extra: 1 }, { CustomerNumber: 'C2', Lines: [{ LineNumber: 1 }] }], '@odata.nextLink': 'next' };
    const out = odataCollection(checkedRecord(shape)).parse(page);
    expect(out.value).toBe(page.value);
    const bad = odataCollection(checkedRecord(shape)).safeParse({ value: [{ CustomerNumber: 'C1' }, { CustomerNumber: 'C2', Lines: [{ LineNumber: 'one' }] }] });
    expect(issuesOf(bad)?.map((i) => i.path)).toEqual([['value', 1, 'Lines', 0, 'LineNumber']]);
    // Not a checkedRecord item: zod's own array, which copies (and strips) as it always did.
    // eslint-disable-next-line no-sparse-arrays
    expect(checkedArray(checkedRecord(shape)).safeParse([, { CustomerNumber: 'C2' }]).success).toBe(false);
    const plain = checkedArray(z.object({ a: z.string() })).parse([{ a: 'x', b: 1 }]);
    expect(plain).toEqual([{ a: 'x' }]);
  });
});
