// The $filter builder: literals the server parses back to the same value (checked against the sandbox's
// parser, which follows the OData v4 rules), dates unquoted, key-set conditions for composite keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, day, eq, ge, keyAfter, literal, or } from './filter.ts';
import { MODELS } from './sandbox/models.ts';
import { compileFilter } from '../kit/sandbox/odata-filter.ts';

const customer = MODELS.Customer!;
const opts = { substringFunction: 'both' as const };

describe('filter builder', () => {
  it('quotes strings with inner quotes doubled and writes dates as unquoted midnight-Z literals', () => {
    expect(eq('CustomerName', "O'Neil's")).toBe("CustomerName eq 'O''Neil''s'");
    expect(ge('DateLastMaintained', day('2024-05-01'))).toBe('DateLastMaintained ge 2024-05-01T00:00:00Z');
    expect(literal(1000.5)).toBe('1000.5');
    expect(() => day('2024-13-45')).toThrow();
    expect(() => eq('Bad Name', 'x')).toThrow();
    expect(() => literal(Number.NaN)).toThrow();
  });

  it('combines with parentheses and drops missing parts', () => {
    expect(and(undefined, eq('A', 1))).toBe('A eq 1');
    expect(and(eq('A', 1), or(eq('B', 'x'), eq('B', 'y')))).toBe("(A eq 1) and ((B eq 'x') or (B eq 'y'))");
    expect(and()).toBeUndefined();
  });

  it('key-set conditions over composite keys', () => {
    expect(keyAfter(['CustomerNumber', 'DocumentNumber'], ['C1', 'IN9'])).toBe("(CustomerNumber gt 'C1') or ((CustomerNumber eq 'C1') and (DocumentNumber gt 'IN9'))");
  });

  it('any string survives the round trip through an OData parser', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (value) => {
        const f = compileFilter(eq('CustomerName', value), customer, opts);
        expect(f.test({ CustomerName: value })).toBe(true);
        expect(f.test({ CustomerName: `${value}x` })).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('key-set conditions select exactly the rows after the key', () => {
    const keys = fc.tuple(fc.constantFrom('A', 'B', "O'N", 'Z'), fc.constantFrom('1', '2', "x'y"));
    fc.assert(
      fc.property(keys, keys, ([c1, d1], [c2, d2]) => {
        const model = MODELS.PostedDocument!;
        const f = compileFilter(keyAfter(['CustomerNumber', 'DocumentNumber'], [c1, d1]), model, opts);
        const after = c2 > c1 || (c2 === c1 && d2 > d1);
        expect(f.test({ CustomerNumber: c2, DocumentNumber: d2 })).toBe(after);
      }),
    );
  });
});
