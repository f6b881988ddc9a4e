// Property tests of the Sage 300 `$filter` builder (connectors/sage300/filter.ts, tested here, not
// edited): whatever the value — any Unicode, control characters, quotes, huge strings, any finite
// number, any calendar day — the expression it builds parses on an OData v4 server (the sandbox's
// parser, connectors/kit/sandbox/odata-filter.ts) and selects exactly the rows the same condition
// selects in plain code. Composite key-set conditions and and/or trees are checked the same way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, day, eq, ge, gt, keyAfter, le, literal, lt, ne, or, startsWith, type Filter } from '../../connectors/sage300/filter.ts';
import { MODELS } from '../../connectors/sage300/sandbox/models.ts';
import { compileFilter } from '../../connectors/kit/sandbox/odata-filter.ts';
import { nastyString } from './arbitraries.ts';

const customer = MODELS.Customer!;
const opts = { substringFunction: 'both' as const };
const compile = (f: Filter) => compileFilter(f, customer, opts);
const RUNS = { numRuns: 300 };

/** Strings a Sage field can hold: lone surrogates cannot travel in a URL or JSON, so they are left out. */
const sageString = nastyString(60).filter((s) => !/[\ud800-\udfff]/u.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));
const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(0, -0, 1e21, -1e21, 5e-7, 1e-300, Number.MAX_VALUE, -Number.MIN_VALUE, 0.1 + 0.2));
const calendarDay = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('Sage 300 $filter builder against an OData v4 parser', () => {
  it('eq/ne on a string: selects exactly the equal value, for any string', () => {
    fc.assert(
      fc.property(sageString, sageString, (value, other) => {
        expect(compile(eq('CustomerName', value)).test({ CustomerName: value })).toBe(true);
        expect(compile(eq('CustomerName', value)).test({ CustomerName: other })).toBe(value === other);
        expect(compile(ne('CustomerName', value)).test({ CustomerName: other })).toBe(value !== other);
      }),
      RUNS,
    );
  });

  it('a string literal carries nothing else: quotes and keywords inside it never become syntax', () => {
    fc.assert(
      fc.property(fc.constantFrom("'", "''", "') or (1 eq 1", "x' or CustomerName ne '", 'eq', ')', '(', ','), sageString, (evil, s) => {
        const value = `${s}${evil}${s}`;
        const f = compile(eq('CustomerName', value));
        expect(f.test({ CustomerName: value })).toBe(true);
        expect(f.test({ CustomerName: 'anything else' })).toBe(value === 'anything else');
      }),
      RUNS,
    );
  });

  it('startsWith selects the rows whose value starts with the text', () => {
    fc.assert(
      fc.property(sageString, sageString, (prefix, rest) => {
        const f = compile(startsWith('CustomerName', prefix));
        expect(f.test({ CustomerName: prefix + rest })).toBe(true);
      }),
      RUNS,
    );
  });

  it('numbers: every finite number is a literal the server reads back to the same value and order', () => {
    fc.assert(
      fc.property(number, number, (a, b) => {
        expect(compile(eq('CreditLimitCustomerCurrency', a)).test({ CreditLimitCustomerCurrency: a })).toBe(true);
        expect(compile(gt('CreditLimitCustomerCurrency', a)).test({ CreditLimitCustomerCurrency: b })).toBe(b > a);
        expect(compile(le('CreditLimitCustomerCurrency', a)).test({ CreditLimitCustomerCurrency: b })).toBe(b <= a);
      }),
      RUNS,
    );
    for (const bad of [Number.NaN, Infinity, -Infinity]) expect(() => literal(bad)).toThrow(/finite/);
  });

  it('days: ge/lt on a date field agree with calendar order, for any real day', () => {
    fc.assert(
      fc.property(calendarDay, calendarDay, (a, b) => {
        const row = { DateLastMaintained: `${b}T00:00:00Z` };
        expect(compile(ge('DateLastMaintained', day(a))).test(row)).toBe(b >= a);
        expect(compile(lt('DateLastMaintained', day(a))).test(row)).toBe(b < a);
      }),
      RUNS,
    );
  });

  it('day() refuses everything that is not a YYYY-MM-DD calendar date', () => {
    fc.assert(
      fc.property(nastyString(20), (s) => {
        let ok = true;
        try {
          day(s);
        } catch {
          ok = false;
        }
        if (ok) expect(s).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      RUNS,
    );
  });

  // OData property paths (`Lines/Quantity`) are names too; anything else is refused.
  it('property names: anything that is not an identifier or a path of identifiers is refused, never pasted', () => {
    fc.assert(
      fc.property(nastyString(20), (name) => {
        let built: string | null = null;
        try {
          built = eq(name, 'x');
        } catch {
          /* refused */
        }
        if (built !== null) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/);
      }),
      RUNS,
    );
  });

  it('and/or trees select what the same logic selects in plain code', () => {
    type Cond = { f: Filter; js: (r: Record<string, unknown>) => boolean };
    const leaf: fc.Arbitrary<Cond> = fc.oneof(
      sageString.map((v): Cond => ({ f: eq('CustomerName', v), js: (r) => r.CustomerName === v })),
      number.map((v): Cond => ({ f: gt('CreditLimitCustomerCurrency', v), js: (r) => (r.CreditLimitCustomerCurrency as number) > v })),
      calendarDay.map((d): Cond => ({ f: ge('DateLastMaintained', day(d)), js: (r) => String(r.DateLastMaintained).slice(0, 10) >= d })),
    );
    const tree: fc.Arbitrary<Cond> = fc.letrec<{ c: Cond }>((tie) => ({
      c: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.tuple(tie('c'), tie('c')).map(([a, b]): Cond => ({ f: and(a.f, b.f)!, js: (r) => a.js(r) && b.js(r) })),
        fc.tuple(tie('c'), tie('c')).map(([a, b]): Cond => ({ f: or(a.f, b.f)!, js: (r) => a.js(r) || b.js(r) })),
      ),
    })).c;
    const row = fc.record({ CustomerName: sageString, CreditLimitCustomerCurrency: number, DateLastMaintained: calendarDay.map((d) => `${d}T00:00:00Z`) });
    fc.assert(fc.property(tree, fc.array(row, { minLength: 1, maxLength: 5 }), (c, rows) => {
      const f = compile(c.f);
      for (const r of rows) expect(f.test(r)).toBe(c.js(r));
    }), RUNS);
  });

  it('key-set conditions select exactly the rows after the key, for any composite key', () => {
    const model = MODELS.PostedDocument!;
    const key = fc.tuple(fc.oneof(sageString, fc.constantFrom('A', "O'N", '')), fc.oneof(sageString, fc.constantFrom('1', "x'y")));
    fc.assert(
      fc.property(key, key, ([c1, d1], [c2, d2]) => {
        const f = compileFilter(keyAfter(['CustomerNumber', 'DocumentNumber'], [c1, d1]), model, opts);
        const after = c2 > c1 || (c2 === c1 && d2 > d1);
        expect(f.test({ CustomerNumber: c2, DocumentNumber: d2 })).toBe(after);
      }),
      RUNS,
    );
  });
});
