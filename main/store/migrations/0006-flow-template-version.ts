import type { Migration } from '../migrate.ts';

// Each flow remembers the version of the integration template that built it (null for flows made by
// hand and for flows built before templates carried a version), so an upgrade can be offered later.
export const m0006: Migration = {
  version: 6,
  name: 'flow-template-version',
  sql: `
ALTER TABLE flows ADD COLUMN template_version INTEGER;
`,
};
