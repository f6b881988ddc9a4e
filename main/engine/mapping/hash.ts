import { createHash } from 'node:crypto';

/**
 * JSON with sorted keys, so equal payloads hash equally whatever order their keys were built in. An
 * empty string and null both mean "no value" (ERPs send '', CRMs answer null), so they hash the same.
 */
export function stableStringify(v: unknown): string {
  if (v === '') return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  // Built by concatenation, without the intermediate arrays of map/filter/join: this runs on every
  // record of every run. The text must stay exactly what it was (stored hashes are compared with it),
  // holes of sparse arrays included (map/join wrote them as nothing).
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + (i in v ? stableStringify(v[i]) : '');
    return out + ']';
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let out = '{';
  for (const k of keys) {
    const x = o[k];
    if (x === undefined) continue;
    out += (out.length === 1 ? '' : ',') + JSON.stringify(k) + ':' + stableStringify(x);
  }
  return out + '}';
}

export function payloadHash(v: unknown): string {
  return createHash('sha256').update(stableStringify(v)).digest('base64url').slice(0, 32);
}
