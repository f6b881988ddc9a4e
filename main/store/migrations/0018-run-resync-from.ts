import type { Migration } from '../migrate.ts';

// Re-sync from a date: a run with trigger 'resync' keeps the date it re-read from, so the
// runs list and the audit log show what it covered. (Numbers only need to be unique; 0013–0017 came first.)
export const m0018: Migration = {
  version: 18,
  name: 'run-resync-from',
  sql: `
ALTER TABLE runs ADD COLUMN resync_from TEXT;
`,
};
