import type { Migration } from '../migrate.ts';

// The audit log's promise at the price of one payload per write: created, updated, failed and replayed
// records keep their full source and mapped payloads; an `unchanged` record keeps its row (counts and the
// timeline stay exact) but no payload copy — `payload_of` names the event that last wrote the record, whose payloads the audit browser shows
// for it. id_map remembers that event (`event_id`) beside the hash, so the page processor knows it
// without a look-up. Retention never deletes an event an id_map row or an event still points to; the
// partial index answers "does anything point here?" for the purge and holds only referencing rows.
export const m0010: Migration = {
  version: 10,
  name: 'unchanged-by-reference',
  sql: `
ALTER TABLE record_events ADD COLUMN payload_of INTEGER;
ALTER TABLE id_map ADD COLUMN event_id INTEGER;
CREATE INDEX record_events_payload_of ON record_events (payload_of) WHERE payload_of IS NOT NULL;
`,
};
