import { createHash } from 'node:crypto';

/**
 * JSON with sorted keys, so equal payloads hash equally whatever order their keys were built in. An
 * empty string and null both mean "no value" (ERPs send '', CRMs answer null), so they hash the same.
 */
export function stableStringify(v: unknown): string {
  if (v === '') return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return '[' + v.map(stableStringify).join(',') + ']';
  const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + stableStringify((v as Record<string, unknown>)[k])).join(',') + '}';
}

export function payloadHash(v: unknown): string {
  return createHash('sha256').update(stableStringify(v)).digest('base64url').slice(0, 32);
}
