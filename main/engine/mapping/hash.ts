import { hash } from 'node:crypto';

// Runs for every record of every run (the change hash, the echo guard's registrations), so it is built
// to allocate little — its cost is the short-lived strings and arrays, not the arithmetic: quoted keys
// come from a cache (a flow's records share their keys) and keys are sorted in place, without
// Array#sort's scratch copy.
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 10_000;

function quoteKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(k, q);
  }
  return q;
}

/** Sorts in code-unit order, as Array#sort's default does; insertion sort suits the few keys of a record. */
function sortKeys(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

/**
 * JSON with sorted keys, so equal payloads hash equally whatever order their keys were built in. An
 * empty string and null both mean "no value" (ERPs send '', CRMs answer null), so they hash the same.
 * The text must stay exactly what it is, holes of sparse arrays written as nothing included: stored
 * hashes are compared with hashes of it.
 */
export function stableStringify(v: unknown): string {
  if (v === '' || v === null) return 'null';
  if (typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      if (i in v) out += stableStringify(v[i]);
    }
    return out + ']';
  }
  const o = v as Record<string, unknown>;
  const keys = sortKeys(Object.keys(o));
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = o[k];
    if (x === undefined) continue;
    if (out.length > 1) out += ',';
    out += quoteKey(k);
    out += ':';
    out += stableStringify(x);
  }
  return out + '}';
}

/** One-shot digest (crypto.hash): no Hash object per record. */
export function payloadHash(v: unknown): string {
  return hash('sha256', stableStringify(v), 'base64url').slice(0, 32);
}
