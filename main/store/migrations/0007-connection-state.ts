import type { Migration } from '../migrate.ts';

// ConnectorContext.state (connectors/kit/state/connection-state.ts): small versioned JSON values per
// connection or shared account (scope `connection:<id>` / `account:<key>`), and lock leases that keep
// two processes (serve and a CLI sync) from doing the same thing at once, e.g. refreshing a token.
export const m0007: Migration = {
  version: 7,
  name: 'connection-state',
  sql: `
CREATE TABLE connection_state (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE TABLE state_locks (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
`,
};
