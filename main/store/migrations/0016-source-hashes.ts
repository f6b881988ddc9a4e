import type { Migration } from '../migrate.ts';

// Reconciliation by key hashes: for a source that lists every key with a hash of the row as
// stored (the Sage 100 agent's `/keys` `_hash`), the hash each record had at the last reconciliation,
// so the next one re-reads only the rows whose hash moved — a bulk import that never stamped
// DateUpdated included — and sees deletions from the keys alone.
export const m0016: Migration = {
  version: 16,
  name: 'source-hashes',
  sql: `
CREATE TABLE source_hashes (
  flow_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (flow_id, source_id)
) WITHOUT ROWID;
`,
};
