// Property tests of every mapping transform (main/engine/mapping/transforms.ts): for any value an ERP or
// CRM can hand over and any parameters a mapping can hold, a transform returns a value or throws
// TransformFailure (the record fails with a reason) — never another exception, which would stop a run.
// Per transform, the shape of what comes out. Defects these properties found are fixed at the source and
// pinned below with their exact counterexamples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transforms, transformNames, TransformFailure, splitName, type TransformParams } from '../../main/engine/mapping/transforms.ts';
import { nastyNumber, nastyString, nastyValue, paramValue } from './arbitraries.ts';

const RUNS = { numRuns: 400 };

/** Parameters for a transform: each declared one of its type (sometimes absent or of a wrong type), plus noise. */
function paramsFor(fn: string): fc.Arbitrary<TransformParams> {
  const spec = transforms[fn]!;
  const byType = (type: string): fc.Arbitrary<unknown> => {
    const right: fc.Arbitrary<unknown> =
      type === 'number' ? fc.oneof(fc.integer({ min: -3, max: 12 }), nastyNumber) : type === 'string' ? fc.oneof(fc.constantFrom('first', 'last', 'date', 'datetime', 'epoch-ms', 't'), nastyString(12)) : type === 'boolean' ? fc.boolean() : paramValue;
    return fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: paramValue });
  };
  const shape = Object.fromEntries(Object.entries(spec.params).map(([name, p]) => [name, byType(p.type)]));
  return fc.record(shape, { requiredKeys: [] }).map((p) => ({ fn, ...p }) as TransformParams);
}

// Tables as the mapping schema hands them over: plain objects (names like toString included).
const tables = fc
  .dictionary(fc.constantFrom('t', 'terms', 'toString', 'constructor', 'x'), fc.dictionary(nastyString(8), nastyString(8), { maxKeys: 4 }).map((d) => ({ ...d })), { maxKeys: 3 })
  .map((d) => ({ ...d }) as Record<string, Record<string, string>>);

function runTransform(fn: string, value: unknown, params: TransformParams, tbl: Record<string, Record<string, string>>): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: transforms[fn]!.fn(value, params, { tables: tbl }) };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('every transform: a value or a TransformFailure, for any input', () => {
  for (const fn of transformNames) {
    it(fn, () => {
      fc.assert(
        fc.property(nastyValue, paramsFor(fn), tables, (value, params, tbl) => {
          const r = runTransform(fn, value, params, tbl);
          if (!r.ok) {
            expect(r.error, `${fn}(${JSON.stringify(value)?.slice(0, 80)}) threw ${String(r.error)}`).toBeInstanceOf(TransformFailure);
            expect((r.error as Error).message.length).toBeGreaterThan(0);
          }
        }),
        RUNS,
      );
    });
  }
});

describe('what each transform returns', () => {
  const ok = (fn: string, value: unknown, params: Record<string, unknown> = {}, tbl: Record<string, Record<string, string>> = {}) => runTransform(fn, value, { fn, ...params }, tbl);

  it('null and undefined pass through the text transforms untouched', () => {
    for (const fn of ['trim', 'upper', 'lower', 'titleCase', 'truncate', 'domain', 'boolean', 'number', 'round', 'date', 'lookup', 'splitName']) {
      for (const v of [null, undefined]) {
        const r = ok(fn, v, { part: 'first', format: 'date', max: 3, table: 't' }, { t: {} });
        expect(r.ok && r.value, fn).toBe(v);
      }
    }
  });

  it('trim leaves no outer whitespace, no inner runs, and is idempotent', () => {
    fc.assert(
      fc.property(nastyValue, (v) => {
        const r = ok('trim', v);
        if (!r.ok || typeof r.value !== 'string') return;
        expect(r.value).toBe(r.value.trim());
        expect(r.value).not.toMatch(/\s{2,}/);
        expect(ok('trim', r.value)).toEqual(r);
      }),
      RUNS,
    );
  });

  it('truncate never returns more code points than max', () => {
    fc.assert(
      fc.property(nastyValue, fc.integer({ min: 0, max: 300 }), (v, max) => {
        const r = ok('truncate', v, { max });
        if (r.ok && typeof r.value === 'string') expect(Array.from(r.value).length).toBeLessThanOrEqual(max);
      }),
      RUNS,
    );
  });

  it('domain is a bare lower-case host name or null', () => {
    fc.assert(
      fc.property(fc.oneof(nastyValue, nastyString().map((s) => `https://www.${s}.com/x`)), (v) => {
        const r = ok('domain', v);
        expect(r.ok).toBe(true);
        if (r.ok && r.value !== null && r.value !== undefined) expect(r.value).toMatch(/^[a-z0-9.-]+\.[a-z]{2,}$/);
      }),
      RUNS,
    );
  });

  it('boolean is true, false, or a failure naming the value', () => {
    fc.assert(
      fc.property(nastyValue, (v) => {
        const r = ok('boolean', v);
        if (r.ok && v !== null && v !== undefined) expect(typeof r.value).toBe('boolean');
      }),
      RUNS,
    );
  });

  it('lookup returns a table value, the fallback, or the value itself ($value)', () => {
    fc.assert(
      fc.property(nastyValue, fc.dictionary(nastyString(8), nastyString(8), { maxKeys: 5 }), fc.option(fc.oneof(fc.constant('$value'), nastyString(8)), { nil: undefined }), (v, table, fallback) => {
        const r = ok('lookup', v, { table: 't', ...(fallback !== undefined && { fallback }) }, { t: table });
        if (!r.ok || v === null || v === undefined) return;
        const allowed = [...Object.values(table), fallback === '$value' ? v : fallback];
        expect(allowed).toContainEqual(r.value);
      }),
      RUNS,
    );
  });

  it('splitName never fails and takes its parts from the input words', () => {
    fc.assert(
      fc.property(nastyString(60), (s) => {
        const { first, last } = splitName(s);
        const words = new Set(s.trim().replace(/\s+/g, ' ').split(/[ ,]/).map((w) => w.trim()));
        for (const w of `${first} ${last}`.split(' ').filter(Boolean)) expect(words.has(w) || s.includes(w)).toBe(true);
      }),
      RUNS,
    );
  });

  it('number gives null for blanks and the same number for plain decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const text = `${whole}.${String(cents).padStart(2, '0')}`;
        const r = ok('number', text);
        expect(r.ok && r.value).toBeCloseTo(Number(text), 6);
      }),
      RUNS,
    );
    for (const blank of ['', '   ', '\t']) expect(ok('number', blank)).toEqual({ ok: true, value: null });
  });

  it('date with format "date" turns an ISO day inside years 1000–9999 into itself', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const day = d.toISOString().slice(0, 10);
        expect(ok('date', day, { format: 'date' })).toEqual({ ok: true, value: day });
        expect(ok('date', day.replace(/-/g, ''), { format: 'date' })).toEqual({ ok: true, value: day });
      }),
      RUNS,
    );
  });
});

// Defects the properties above found, fixed at the source; each test pins the fix.
describe('fixed defects (transforms.ts)', () => {
  const value = (fn: string, v: unknown, p: Record<string, unknown> = {}) => transforms[fn]!.fn(v, { fn, ...p }, { tables: {} });
  const finiteOrFailure = (fn: string, v: unknown, p: Record<string, unknown> = {}) => {
    try {
      const out = value(fn, v, p);
      return out === null || (typeof out === 'number' && Number.isFinite(out));
    } catch (e) {
      return e instanceof TransformFailure;
    }
  };

  it('number: "1e999" becomes Infinity (sent to the CRM as "Infinity") instead of failing', () => {
    expect(finiteOrFailure('number', '1e999')).toBe(true);
  });

  it('round: a large finite value (1e308, 2 digits) overflows to Infinity', () => {
    expect(finiteOrFailure('round', 1e308, { digits: 2 })).toBe(true);
  });

  it('date: an impossible YYYYMMDD (20241301) rolls over to 2025-01-01 instead of failing', () => {
    expect(() => value('date', '20241301', { format: 'date' })).toThrow(TransformFailure);
  });

  it('date: an impossible ISO day (2023-02-30) rolls over to 2023-03-02 instead of failing', () => {
    expect(() => value('date', '2023-02-30', { format: 'date' })).toThrow(TransformFailure);
  });

  it('date: a bare number-like string ("1", " 12 ") is read as a year/month by the lenient Date parser (2001-01-01, 2001-12-01)', () => {
    expect(() => value('date', '1', { format: 'date' })).toThrow(TransformFailure);
  });

  it('date: format "date" of a year beyond 9999 (253402300800000 ms) gives "+010000-01", not a date', () => {
    const out = (() => {
      try {
        return value('date', 253402300800000, { format: 'date' });
      } catch (e) {
        return e instanceof TransformFailure ? 'failure' : e;
      }
    })();
    expect(out === 'failure' || /^\d{4}-\d{2}-\d{2}$/.test(String(out))).toBe(true);
  });

  it('truncate: a non-numeric max ("abc") silently empties the value instead of failing', () => {
    expect(() => value('truncate', 'hello', { max: 'abc' })).toThrow(TransformFailure);
  });
});
