import type { Migration } from '../migrate.ts';

// Blackout windows of a connection: a JSON `{ timeZone, windows }` validated by the
// contract's blackoutsSchema, or NULL for none.
export const m0015: Migration = {
  version: 15,
  name: 'connection-blackouts',
  sql: `
ALTER TABLE connections ADD COLUMN blackouts TEXT;
`,
};
