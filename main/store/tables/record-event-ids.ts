// Dates as id ranges: events are stamped at commit, so `at` grows with id up to a slack, and a date
// bound becomes an id bound found by binary search over rowids — no index on `at` to keep up per insert.
import type { Db } from '../db.ts';

/** Events are stamped at commit, so `at` grows with id up to clock noise and concurrent writers; this much is allowed for. */
export const DATE_SLACK_MS = 60_000;

export const shifted = (iso: string, ms: number): string => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + ms).toISOString();
};

export interface EventIds {
  /** The newest event's id (0 when none). */
  top(): number;
  firstIdAtOrAfter(iso: string, topId: number): number;
  idRangeFor(from: string | undefined, to: string | undefined): { lo: number; hi: number } | null;
}

export function recordEventIds(db: Db): EventIds {
  const firstFrom = db.prepare<[number], { id: number; at: string }>('SELECT id, at FROM record_events WHERE id >= ? ORDER BY id LIMIT 1');
  const maxId = db.prepare<[], { id: number | null }>('SELECT MAX(id) id FROM record_events');
  const top = () => maxId.get()?.id ?? 0;
  /**
   * The first id whose event is stamped at or after `iso` (top + 1 when none), by binary search over
   * ids: ids grow with `at` up to DATE_SLACK_MS, so no index on `at` is needed (one less index entry per
   * insert) and a probe costs one rowid look-up.
   */
  const firstIdAtOrAfter = (iso: string, topId: number): number => {
    let lo = 1;
    let hi = topId + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const row = firstFrom.get(mid);
      if (!row || row.at >= iso) hi = mid;
      else lo = row.id + 1;
    }
    return lo;
  };
  /**
   * The ids a date range can hold. Newest-first pages over a wide range then walk ids downwards from the
   * range's end and stop after one page. Times follow ids within DATE_SLACK_MS: so every event stamped
   * in range has an id at or above the first one stamped 2 × slack before `from`, and below the first
   * one stamped 2 × slack after `to`.
   */
  const idRangeFor = (from: string | undefined, to: string | undefined): { lo: number; hi: number } | null => {
    const topId = top();
    if (topId === 0) return null;
    const lo = from ? firstIdAtOrAfter(shifted(from, -2 * DATE_SLACK_MS), topId) : 1;
    const hi = to ? firstIdAtOrAfter(shifted(to, 2 * DATE_SLACK_MS), topId) - 1 : topId;
    return hi < lo ? null : { lo, hi };
  };
  return { top, firstIdAtOrAfter, idRangeFor };
}
