import type { Migration } from '../migrate.ts';

// What an audit event costs to insert is kept to its row and a few sequential index entries, because
// the engine writes one per record read (nine indexes and ~35 trigram postings per event allowed only
// 17k events/s):
//
// - The text index moves off the insert path. It becomes a contentless trigram table filled in batches
//   after commit (`events.indexText`, run when the engine is idle and at the end of `sync`) up to
//   `audit_text_state.indexed_upto`; searches scan the few events above that mark directly, so every
//   event is findable the moment it commits. Ids are indexed between marks (\u0001id\u0002), so an
//   exact id of one or two characters is a trigram phrase too.
// - Three indexes with random keys go: `at` (date ranges become id ranges by binary search over ids,
//   which grow with `at`), `source_id` and `dest_id` (only short-text search used them; the marked ids
//   in the text index serve it now).
//
// The new text index starts empty and the indexer fills it from the oldest event; until it catches up,
// searches over older events scan them instead (slower, still complete).
export const m0004: Migration = {
  version: 4,
  name: 'lean-audit-inserts',
  sql: `
DROP TRIGGER record_events_text_ai;
DROP TRIGGER record_events_text_ad;
DROP TABLE record_events_text;
DROP INDEX record_events_at;
DROP INDEX record_events_source;
DROP INDEX record_events_dest;

CREATE VIRTUAL TABLE record_events_text USING fts5 (
  source_id, dest_id, label, content='', contentless_delete=1, tokenize='trigram'
);
CREATE TABLE audit_text_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_upto INTEGER NOT NULL
);
INSERT INTO audit_text_state (id, indexed_upto) VALUES (1, 0);
CREATE TRIGGER record_events_text_ad AFTER DELETE ON record_events
  WHEN old.id <= (SELECT indexed_upto FROM audit_text_state WHERE id = 1)
BEGIN
  DELETE FROM record_events_text WHERE rowid = old.id;
END;
`,
};
