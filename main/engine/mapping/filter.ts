// A flow's record filter (`mapping.filter`): only records for which every condition holds are the
// flow's. Several integrations share one CRM portal, so e.g. Intacct's vendor flow must take only the
// companies marked as vendors, and Zoho's order flow only the deals at Closed Won. Values compare as
// trimmed strings, so a number 5 equals "5" and "  closedwon " equals "closedwon".
import type { FilterCondition } from '../../../preload/contract/index.ts';
import { getPath } from './paths.ts';

/** The trimmed text of a field: '' when it is missing or null; objects and lists as JSON. */
function textOf(record: unknown, field: string): string {
  const v = getPath(record, field);
  if (v === null || v === undefined) return '';
  return (typeof v === 'object' ? JSON.stringify(v) : String(v)).trim();
}

const shown = (text: string): string => (text === '' ? 'empty' : JSON.stringify(text));

/** Why the record fails this condition, or null when it holds. */
function conditionRejection(record: unknown, c: FilterCondition): string | null {
  const actual = textOf(record, c.field);
  const is = `"${c.field}" is ${shown(actual)}`;
  switch (c.op) {
    case 'equals':
      return actual === c.value.trim() ? null : `${is}, not ${shown(c.value.trim())}`;
    case 'notEquals':
      return actual !== c.value.trim() ? null : `${is}, which this flow leaves out`;
    case 'in': {
      const allowed = c.value.map((v) => v.trim());
      return allowed.includes(actual) ? null : `${is}, not one of ${allowed.join(', ')}`;
    }
    case 'isSet':
      return actual !== '' ? null : `"${c.field}" is empty`;
    case 'isNotSet':
      return actual === '' ? null : `${is}, and this flow takes only records without it`;
  }
}

/**
 * The reason the record is not this flow's — naming the first condition it fails — or null when it
 * passes every condition (or the flow has no filter).
 */
export function filterRejection(filter: readonly FilterCondition[] | undefined, record: unknown): string | null {
  for (const c of filter ?? []) {
    const reason = conditionRejection(record, c);
    if (reason !== null) return reason;
  }
  return null;
}

/**
 * `key.sourcePrefix`: a record whose key does not carry the prefix came from another origin (a CRM
 * account keyed `CUST-…` read by the flow of `VEND-…` accounts) and is not this flow's. Null when it is.
 */
export function keyPrefixRejection(key: { from: string; sourcePrefix?: string | undefined }, record: unknown): string | null {
  if (!key.sourcePrefix) return null;
  const actual = textOf(record, key.from);
  return actual.startsWith(key.sourcePrefix) ? null : `its key "${key.from}" is ${shown(actual)}, which does not start with ${JSON.stringify(key.sourcePrefix)}`;
}
