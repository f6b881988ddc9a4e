import type { Migration } from '../migrate.ts';

// Field-level change history: for an update, which fields changed since our last write
// of the record and from what to what, worked out from the stored payloads when the update is written.
// One row per update event, beside the audit log (like replay_sends): the hot insert path of
// record_events stays as it is, and unchanged records (most of every run) cost nothing.
export const m0012: Migration = {
  version: 12,
  name: 'field-changes',
  sql: `
CREATE TABLE field_changes (
  event_id INTEGER PRIMARY KEY,
  changes TEXT NOT NULL
);
`,
};
