import type { Migration } from '../migrate.ts';

// What each replay sent: the payload stored with the original event, or the record
// re-read from the source, and the mapping it went through (the flow's mapping as saved at that time,
// by its save time and a short hash). One row per replay event, beside the audit log rather than in
// it: the hot insert path of record_events stays as it is.
export const m0011: Migration = {
  version: 11,
  name: 'replay-sends',
  sql: `
CREATE TABLE replay_sends (
  event_id INTEGER PRIMARY KEY,
  sent TEXT NOT NULL,
  note TEXT,
  mapping_saved_at TEXT NOT NULL,
  mapping_hash TEXT NOT NULL
);
`,
};
