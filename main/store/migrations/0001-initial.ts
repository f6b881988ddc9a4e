import type { Migration } from '../migrate.ts';

// Times are ISO-8601 UTC strings (sortable). JSON columns hold zod-validated documents.
export const m0001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE connections (
  id TEXT PRIMARY KEY,
  system TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  settings TEXT NOT NULL,
  tls TEXT NOT NULL DEFAULT '{}',
  last_check TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Ciphertext only, tagged with the vault backend that wrote it.
CREATE TABLE secrets (
  connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  ciphertext BLOB NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (connection_id, name)
);

CREATE TABLE flows (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  template TEXT,
  source_connection_id TEXT NOT NULL REFERENCES connections(id),
  source_entity TEXT NOT NULL,
  dest_connection_id TEXT NOT NULL REFERENCES connections(id),
  dest_object TEXT NOT NULL,
  mapping TEXT NOT NULL,
  schedule TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  depends_on TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  flow_id TEXT NOT NULL,
  trigger TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  read INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  waiting INTEGER NOT NULL DEFAULT 0,
  expected INTEGER NOT NULL DEFAULT 0,
  written INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  pid INTEGER
);
CREATE INDEX runs_flow_started ON runs (flow_id, started_at DESC);
CREATE INDEX runs_started ON runs (started_at DESC);

-- The audit trail. id grows with time, so "newest first" is ORDER BY id DESC and keyset pages use id.
CREATE TABLE record_events (
  id INTEGER PRIMARY KEY,
  run_id TEXT,
  flow_id TEXT NOT NULL,
  at TEXT NOT NULL,
  direction TEXT NOT NULL,
  source_system TEXT NOT NULL,
  source_entity TEXT NOT NULL,
  source_id TEXT NOT NULL,
  source_label TEXT,
  dest_object TEXT NOT NULL,
  dest_id TEXT,
  action TEXT NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 1,
  error_kind TEXT,
  error_code TEXT,
  error_message TEXT,
  error_hint TEXT,
  source_payload TEXT,
  mapped_payload TEXT,
  replay_of INTEGER,
  resolved INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX record_events_flow ON record_events (flow_id, id);
CREATE INDEX record_events_action ON record_events (action, id);
CREATE INDEX record_events_flow_action ON record_events (flow_id, action, id);
CREATE INDEX record_events_at ON record_events (at);
CREATE INDEX record_events_source ON record_events (source_id, flow_id);
CREATE INDEX record_events_dest ON record_events (dest_id);
CREATE INDEX record_events_run ON record_events (run_id, id);
CREATE INDEX record_events_replay ON record_events (replay_of) WHERE replay_of IS NOT NULL;

-- Substring search over ids and names for the audit browser (trigram: 'acme' finds 'ACME Ltd').
CREATE VIRTUAL TABLE record_events_text USING fts5 (
  source_id, dest_id, source_label, content='record_events', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER record_events_text_ai AFTER INSERT ON record_events BEGIN
  INSERT INTO record_events_text (rowid, source_id, dest_id, source_label) VALUES (new.id, new.source_id, new.dest_id, new.source_label);
END;
CREATE TRIGGER record_events_text_ad AFTER DELETE ON record_events BEGIN
  INSERT INTO record_events_text (record_events_text, rowid, source_id, dest_id, source_label) VALUES ('delete', old.id, old.source_id, old.dest_id, old.source_label);
END;

CREATE TABLE id_map (
  flow_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  dest_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  source_label TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (flow_id, source_id)
) WITHOUT ROWID;
CREATE INDEX id_map_dest ON id_map (flow_id, dest_id);

CREATE TABLE watermarks (
  flow_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  value TEXT,
  resume TEXT,
  window_since TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (flow_id, entity)
) WITHOUT ROWID;

-- Records whose parent does not exist yet in the destination; retried at the start of every run.
CREATE TABLE parked_records (
  flow_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  source_payload TEXT NOT NULL,
  reason TEXT NOT NULL,
  parked_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (flow_id, source_id)
) WITHOUT ROWID;

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  severity TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  hint TEXT,
  flow_id TEXT,
  connection_id TEXT,
  dismissed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alerts_open ON alerts (dismissed, id DESC);

CREATE TABLE pending_deletions (
  id INTEGER PRIMARY KEY,
  flow_id TEXT NOT NULL,
  dest_object TEXT NOT NULL,
  dest_id TEXT NOT NULL,
  source_id TEXT,
  reason TEXT NOT NULL,
  flagged_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  UNIQUE (flow_id, dest_id)
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- One run of a flow at a time, across processes (the CLI next to a running serve).
CREATE TABLE flow_locks (
  flow_id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  pid INTEGER NOT NULL,
  acquired_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);
`,
};
