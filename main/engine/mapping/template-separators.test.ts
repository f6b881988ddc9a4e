// A field template whose placeholder is empty leaves no dangling separator: a deal
// named "Order {OrderNumber} — {OrderDescription}" with no description is "Order 12", not "Order 12 —".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMapping, tidyTemplateText } from './apply.ts';
import { mappingSchema } from '../../../preload/contract/index.ts';

const render = (template: string, record: Record<string, unknown>) => {
  const r = applyMapping(mappingSchema.parse({ key: { from: 'id', to: 'ml_id' }, fields: [{ to: 'out', template }] }), { id: '1', ...record });
  if (!r.ok) throw new Error('mapping failed');
  return r.value.properties['out'];
};

describe('template separators', () => {
  it.each([
    ['Order {n} — {d}', { n: '12', d: '' }, 'Order 12'],
    ['Order {n} — {d}', { n: '12', d: 'Spring stock' }, 'Order 12 — Spring stock'],
    ['{d} — Order {n}', { n: '12', d: null }, 'Order 12'],
    ['{a} | {b} | {c}', { a: 'A', b: '', c: 'C' }, 'A | C'],
    ['{a}: {b}', { a: 'Note', b: '' }, 'Note'],
    ['ORD-{n}', { n: '12' }, 'ORD-12'],
    ['{t} at 12:30', { t: 'Call' }, 'Call at 12:30'],
    ['{a}, {b}, {c}', { a: '1 High St', b: '', c: 'Leeds' }, '1 High St, Leeds'],
  ])('%s with %o → %s', (template, record, expected) => {
    expect(render(template, record)).toBe(expected);
  });

  it('leaves text the rules would not change as it is, and tidies the rest exactly as every rule does', () => {
    const everyRule = (out: string) =>
      out
        .replace(/(\s*[,;]\s*)+(?=[,;]|$)/g, '')
        .replace(/^\s*[,;]\s*/, '')
        .replace(/(\s+[—–|·:-])+\s*$/, '')
        .replace(/\s*:\s*$/, '')
        .replace(/^\s*[—–|·:-]\s+/, '')
        .replace(/(\s[—–|·-])(\s+[—–|·-])+(?=\s)/g, '$1')
        .replace(/\s{2,}/g, ' ')
        .trim();
    const piece = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(' ', '  ', ',', ';', ':', '|', '·', '—', '–', '-', '\t', '\n', '\u00a0', '\ufeff', '\u2028', 'a', 'Zoë', '12'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), (text) => {
        expect(tidyTemplateText(text)).toBe(everyRule(text));
      }),
      { numRuns: 3000 },
    );
  });
});
