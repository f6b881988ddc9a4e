import type { Migration } from '../migrate.ts';

// Signed webhook deliveries seen in the last few minutes, so a delivery replayed after a restart is
// refused like one replayed while running (a verifier's own memory ends with the process).
export const m0005: Migration = {
  version: 5,
  name: 'webhook-deliveries',
  sql: `
CREATE TABLE webhook_deliveries (
  digest TEXT PRIMARY KEY,
  connection_id TEXT NOT NULL,
  received_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);
`,
};
