import type { Migration } from '../migrate.ts';

// Template upgrades compare three ways: the template a flow was built from, the newest template and the
// flow as the admin has it now. `flow_template_bases` keeps, per flow, the template's flow as built for it
// (mapping with its flow ids and key prefix, the default schedule), advanced part by part as the admin
// decides each change, so a decision is never offered again. `template_flow_declines` remembers the flows
// a newer version added that the admin chose not to create, per integration (template + connections).
export const m0014: Migration = {
  version: 14,
  name: 'template-bases',
  sql: `
CREATE TABLE flow_template_bases (
  flow_id TEXT PRIMARY KEY REFERENCES flows(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  key_prefix TEXT,
  base TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE template_flow_declines (
  integration TEXT NOT NULL,
  flow_key TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (integration, flow_key)
) WITHOUT ROWID;
`,
};
