// Which fields an update changes, from what to what: the properties of our last write of the record
// (its stored mapped payload) against the ones this update sends. Values compare by meaning, as the
// reconciliation does (compare-values.ts): "1200.50" and 1200.5 are the same value.
import type { FieldChange } from '../store/index.ts';
import { valuesDiffer } from './compare-values.ts';

/** The properties an event's stored mapped payload (an UpsertInput) sent, or undefined when it has none. */
export function sentProperties(mappedPayload: unknown): Record<string, unknown> | undefined {
  if (typeof mappedPayload !== 'object' || mappedPayload === null) return undefined;
  const props = (mappedPayload as { properties?: unknown }).properties;
  return typeof props === 'object' && props !== null && !Array.isArray(props) ? (props as Record<string, unknown>) : undefined;
}

/**
 * The fields of `next` whose value differs from `previous` (a field the previous write did not send
 * counts as changed from null). Fields only the previous write sent are left out: an update that does not
 * send a field leaves it as it was.
 */
export function fieldDiff(previous: Record<string, unknown>, next: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, to] of Object.entries(next)) {
    const from = previous[field] ?? null;
    const differs = typeof to === 'object' && to !== null ? JSON.stringify(to) !== JSON.stringify(from) : valuesDiffer({ [field]: to }, { [field]: from });
    if (differs) changes.push({ field, from, to: to ?? null });
  }
  return changes;
}
