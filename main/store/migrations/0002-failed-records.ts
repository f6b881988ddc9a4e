import type { Migration } from '../migrate.ts';

// Records whose last write failed permanently, with the hash of the payload that failed. Re-reading the
// same unchanged record does not call the destination again (nor fill the audit log with repeats): it
// waits for a change in the source or a replay.
export const m0002: Migration = {
  version: 2,
  name: 'failed-records',
  sql: `
CREATE TABLE failed_records (
  flow_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  event_id INTEGER NOT NULL,
  PRIMARY KEY (flow_id, source_id)
) WITHOUT ROWID;
`,
};
