// Audit retention: successes and resolved failures older than the cutoff go, in slices so writers are
// not blocked long, with their side rows (replay_sends, field_changes); never an open failure, and never
// an event something still points to (migration 0010: the write an id_map row remembers, or the one an
// unchanged event's payloads are — a probe of the partial payload_of index per candidate).
import type { Db } from '../db.ts';
import { DATE_SLACK_MS, shifted, type EventIds } from './record-event-ids.ts';

const SLICE = 5000;

export function recordEventsRetention(db: Db, ids: EventIds) {
  const purge = db.prepare(
    `DELETE FROM record_events WHERE id IN (
       SELECT e.id FROM record_events e WHERE e.id < ? AND e.at < ? AND (e.action != 'failed' OR e.resolved = 1)
         AND e.id NOT IN (SELECT event_id FROM id_map WHERE event_id IS NOT NULL)
         AND NOT EXISTS (SELECT 1 FROM record_events r WHERE r.payload_of = e.id)
       LIMIT ${SLICE})`,
  );
  // The side tables hold one row per event and go with their events.
  const purgeSideRows = ['replay_sends', 'field_changes'].map((table) =>
    db.prepare<[number]>(`DELETE FROM ${table} WHERE event_id < ? AND NOT EXISTS (SELECT 1 FROM record_events e WHERE e.id = ${table}.event_id)`),
  );

  return {
    /** Deletes what is older than the cutoff and nothing still needs; returns how many events went. */
    purgeBefore(cutoffIso: string): number {
      // Only events below the first one stamped a slack after the cutoff can be older than it.
      const below = ids.firstIdAtOrAfter(shifted(cutoffIso, 2 * DATE_SLACK_MS), ids.top());
      let total = 0;
      for (;;) {
        const n = purge.run(below, cutoffIso).changes;
        total += n;
        if (n < SLICE) {
          for (const side of purgeSideRows) side.run(below);
          return total;
        }
      }
    },
  };
}
