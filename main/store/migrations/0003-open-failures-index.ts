import type { Migration } from '../migrate.ts';

// Every success resolves earlier open failures of the same record (record-events.ts). Through the
// (source_id, flow_id) index that meant visiting every earlier event of the record — a dozen table rows
// per insert in a long-lived audit log. Open failures are few; this index holds only them.
export const m0003: Migration = {
  version: 3,
  name: 'open-failures-index',
  sql: `
CREATE INDEX record_events_open_failures ON record_events (flow_id, source_id, id) WHERE action = 'failed' AND resolved = 0;
`,
};
