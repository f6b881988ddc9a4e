// Property tests of applyMapping (main/engine/mapping/apply.ts) with the shipped Sage 300 ↔ HubSpot
// mappings and with arbitrary generated mappings: for any record it answers ok (with the key in the
// payload) or names at least one error — it never throws and never returns a record without either; the
// same data gives the same payload hash whatever order its keys came in.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mappingSchema, type Mapping, type MappingInput } from '../../preload/contract/index.ts';
import { applyMapping } from '../../main/engine/mapping/apply.ts';
import { flowHash } from '../../main/engine/echo-guard.ts';
import { transformNames } from '../../main/engine/mapping/transforms.ts';
import { hasPrimitiveTrap, nastyString, nastyValue, paramValue, recordWith } from './arbitraries.ts';

const RUNS = { numRuns: 300 };
const template = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'resources', 'templates', 'sage300-hubspot.json'), 'utf8')) as { flows: { key: string; mapping: MappingInput }[] };
const shipped = template.flows.map((f) => ({ key: f.key, mapping: mappingSchema.parse(f.mapping) }));

/** Every source path a mapping reads (fields, templates, lines, associations, match). */
function sourceFields(m: Mapping): string[] {
  const fromRules = (rules: Mapping['fields']) => rules.flatMap((r) => [r.from, ...[...(r.template ?? '').matchAll(/\{([^{}]+)\}/g)].map((x) => x[1]!.trim())]).filter((x): x is string => Boolean(x));
  return [...new Set([m.key.from, ...fromRules(m.fields), ...m.associations.map((a) => a.from), ...(m.match ? [m.match.from] : []), ...(m.lines ? [m.lines.from] : [])].map((p) => p.split('.')[0]!))];
}

function lineFields(m: Mapping): string[] {
  return m.lines ? [...new Set(m.lines.fields.flatMap((r) => [r.from, ...[...(r.template ?? '').matchAll(/\{([^{}]+)\}/g)].map((x) => x[1]!.trim())]).filter((x): x is string => Boolean(x)))] : [];
}

/** Records for a mapping: its fields with hostile values; lines as arrays of hostile line records (or junk). */
function recordsFor(m: Mapping): fc.Arbitrary<Record<string, unknown>> {
  const lines = m.lines ? fc.oneof(fc.array(recordWith(lineFields(m)), { maxLength: 4 }), nastyValue) : fc.constant(undefined);
  return fc.tuple(recordWith(sourceFields(m)), lines).map(([r, l]) => (m.lines && l !== undefined ? { ...r, [m.lines.from]: l } : r));
}

function checkResult(m: Mapping, record: Record<string, unknown>) {
  const r = applyMapping(m, record);
  if (r.ok) {
    expect(typeof r.value.sourceId).toBe('string');
    expect(r.value.sourceId.length).toBeGreaterThan(0);
    expect(r.value.sourceId).toBe(r.value.sourceId.trim());
    expect(r.value.properties[m.key.to]).toBe(r.value.sourceId);
    if (m.lines) expect(Array.isArray(r.value.lines)).toBe(true);
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) expect(typeof e.message === 'string' && e.message.length > 0).toBe(true);
  }
  return r;
}

describe('applyMapping with the shipped Sage 300 ↔ HubSpot mappings', () => {
  for (const { key, mapping } of shipped) {
    it(`${key}: ok with the key, or named errors — for any record`, () => {
      fc.assert(fc.property(recordsFor(mapping).filter((r) => !hasPrimitiveTrap(r)), (record) => void checkResult(mapping, record)), RUNS);
    });
  }

  it('the same data hashes the same whatever the key order', () => {
    const { mapping } = shipped.find((f) => f.key === 'customers')!;
    fc.assert(
      fc.property(recordsFor(mapping).filter((r) => !hasPrimitiveTrap(r)), fc.infiniteStream(fc.nat()), (record, order) => {
        const entries = Object.entries(record);
        const shuffled = Object.fromEntries(entries.map((e) => [order.next().value as number, e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e));
        const a = applyMapping(mapping, record);
        const b = applyMapping(mapping, shuffled);
        expect(a.ok).toBe(b.ok);
        if (a.ok && b.ok) expect(flowHash(mapping, b.value)).toBe(flowHash(mapping, a.value));
      }),
      RUNS,
    );
  });

  it('a record without its key fails naming the key field, never silently', () => {
    for (const { mapping } of shipped) {
      for (const blank of [undefined, null, '', '   ', '\t\n']) {
        const r = applyMapping(mapping, { [mapping.key.from]: blank });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.errors.map((e) => e.message).join(' ')).toContain(mapping.key.from);
      }
    }
  });
});

describe('applyMapping with arbitrary mappings', () => {
  const fieldName = fc.oneof(fc.constantFrom('A', 'B', 'C', 'Lines', 'a.b', 'Lines.0.X', '__proto__', 'constructor', 'toString'), nastyString(8).filter((s) => s.length > 0));
  const step = fc.tuple(fc.constantFrom(...transformNames, 'nope'), fc.dictionary(fc.constantFrom('part', 'format', 'digits', 'value', 'table', 'fallback', 'message', 'max', 'fields', 'separator'), paramValue, { maxKeys: 3 })).map(([fn, p]) => ({ ...p, fn }));
  const rule = fc.tuple(nastyString(10).filter((s) => s.length > 0), fc.oneof(fieldName.map((from) => ({ from })), paramValue.filter((v) => !Array.isArray(v)).map((value) => ({ value })), nastyString(30).map((t) => ({ template: `{A} ${t} {B}` }))), fc.array(step, { maxLength: 3 })).map(([to, source, transform]) => ({ to, ...source, transform }));
  const mapping = fc
    .record({
      key: fc.record({ from: fieldName, to: fc.constantFrom('ml_key', 'id') }),
      fields: fc.array(rule, { maxLength: 6 }),
      tables: fc.dictionary(fc.constantFrom('t', 'terms'), fc.dictionary(nastyString(6), nastyString(6), { maxKeys: 3 }).map((d) => ({ ...d })), { maxKeys: 2 }).map((d) => ({ ...d })),
      lines: fc.option(fc.record({ from: fc.constantFrom('Lines', 'A'), fields: fc.array(rule, { maxLength: 3 }) }), { nil: undefined }),
      associations: fc.array(fc.record({ from: fieldName, flow: fc.constantFrom('f1', 'f2'), object: fc.constantFrom('companies', 'contacts'), required: fc.boolean() }), { maxLength: 2 }),
    })
    .map((m) => mappingSchema.safeParse(m))
    .filter((r) => r.success)
    .map((r) => r.data!);
  const record = fc.dictionary(fieldName, fc.oneof(nastyValue, fc.array(fc.dictionary(fc.constantFrom('X', 'A', 'B'), nastyValue).map((d) => ({ ...d })), { maxLength: 3 })), { maxKeys: 8 }).map((d) => ({ ...d }));

  it('never throws: ok with the key, or at least one named error', () => {
    fc.assert(fc.property(mapping, record.filter((r) => !hasPrimitiveTrap(r)), (m, r) => void checkResult(m, r)), { numRuns: 1000 });
  });
});

// Defects the properties above found, fixed at the source; each test pins the fix.
describe('fixed defects (apply.ts)', () => {
  const customers = shipped.find((f) => f.key === 'customers')!.mapping;

  it('a JSON object with its own "toString" key in a templated field throws TypeError out of applyMapping (the run stops on every re-read)', () => {
    const record = JSON.parse('{"CustomerNumber":"C1","CustomerName":"Acme","AddressLine2":{"toString":""}}') as Record<string, unknown>;
    expect(() => applyMapping(customers, record)).not.toThrow();
  });

  it('an object or array as the key value becomes the key "[object Object]", so different records collide on one destination record', () => {
    const a = applyMapping(customers, { CustomerNumber: { id: 1 }, CustomerName: 'A' });
    const b = applyMapping(customers, { CustomerNumber: { id: 2 }, CustomerName: 'B' });
    expect(a.ok && b.ok && a.value.sourceId === b.value.sourceId).toBe(false);
  });
});
