import type { Migration } from '../migrate.ts';

// A deleted flow's audit events, runs and failures stay (they are the history of what was written);
// this table remembers the flow's name so the audit log can still say whose they were, marked as a
// deleted flow's, instead of showing a bare id.
export const m0008: Migration = {
  version: 8,
  name: 'deleted-flows',
  sql: `
CREATE TABLE deleted_flows (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  template TEXT,
  source_connection_id TEXT NOT NULL,
  dest_connection_id TEXT NOT NULL,
  deleted_at TEXT NOT NULL
) WITHOUT ROWID;
`,
};
