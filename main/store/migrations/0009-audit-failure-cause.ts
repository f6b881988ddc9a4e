import type { Migration } from '../migrate.ts';

// Where each failure lies — the source's data or the destination's state (kit/errors.ts failureCause) —
// so a replay can choose between re-reading the record and resending the stored payload. Null on
// events without an error and on events stored before causes were recorded.
export const m0009: Migration = {
  version: 9,
  name: 'audit-failure-cause',
  sql: `
ALTER TABLE record_events ADD COLUMN error_cause TEXT;
`,
};
