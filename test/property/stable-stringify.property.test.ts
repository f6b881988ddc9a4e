// The change hash's text (main/engine/mapping/hash.ts) is compared with hashes stored by earlier versions
// in every id_map: its allocation-light implementation must write exactly what the plain one below wrote,
// for any value — any key order, '' and null, undefined values, sparse arrays, hostile strings and keys.
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { payloadHash, stableStringify } from '../../main/engine/mapping/hash.ts';
import { nastyJson, nastyString, nastyValue } from './arbitraries.ts';

/** The reference: sorted keys by Array#sort, built with map/filter/join as the first version did. */
function reference(v: unknown): string {
  if (v === '') return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return '[' + Array.from({ length: v.length }, (_, i) => (i in v ? reference(v[i]) : '')).join(',') + ']';
  const o = v as Record<string, unknown>;
  return '{' + Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => JSON.stringify(k) + ':' + reference(o[k])).join(',') + '}';
}

const sparse = fc.array(nastyValue, { maxLength: 6 }).chain((a) => fc.array(fc.nat({ max: Math.max(0, a.length - 1) }), { maxLength: 3 }).map((holes) => {
  const copy = [...a];
  for (const h of holes) delete copy[h];
  return copy;
}));
const hostileObject = fc.dictionary(nastyString(12), fc.oneof(nastyValue, nastyJson, sparse), { maxKeys: 12 });

describe('stableStringify', () => {
  it('writes exactly what the reference writes, so stored hashes stay valid', () => {
    fc.assert(
      fc.property(fc.oneof(nastyJson, hostileObject, fc.record({ p: hostileObject, l: fc.oneof(fc.constant(null), fc.array(hostileObject, { maxLength: 4 })), a: fc.array(hostileObject, { maxLength: 3 }) })), (v) => {
        expect(stableStringify(v)).toBe(reference(v));
        expect(payloadHash(v)).toBe(createHash('sha256').update(reference(v)).digest('base64url').slice(0, 32));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps sorting right past the quoted-key cache and for integer-like keys', () => {
    const many = Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [`k${(i * 7919) % 12_000}`, i % 3 ? i : '']));
    expect(stableStringify(many)).toBe(reference(many));
    expect(stableStringify({ 10: 'a', 9: 'b', '-1': 'c', b: 1, B: 2, é: 3, '': 4 })).toBe(reference({ 10: 'a', 9: 'b', '-1': 'c', b: 1, B: 2, é: 3, '': 4 }));
  });
});
