import type { Migration } from '../migrate.ts';

// Secrets that belong to the workspace rather than to a connection (the alerts' SMTP password and webhook
// URL) get a table of their own, sealed by the vault like connection secrets, so `reset-secrets`, the key
// check at start and the desktop ↔ serve handover (migrate-secrets.ts) reach them too. The values move out
// of the settings table, where they were kept as base64 of the same vault blob (mlc_base64_decode is
// registered by db.ts before migrations run).
export const m0017: Migration = {
  version: 17,
  name: 'app-secrets',
  sql: `
CREATE TABLE app_secrets (
  name TEXT PRIMARY KEY,
  ciphertext BLOB NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO app_secrets (name, ciphertext, updated_at)
  SELECT substr(key, length('alertSecret.') + 1), mlc_base64_decode(json_extract(value, '$')), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM settings
  WHERE key IN ('alertSecret.smtpPassword', 'alertSecret.webhookUrl') AND json_type(value) = 'text' AND json_extract(value, '$') <> '';

DELETE FROM settings WHERE key IN ('alertSecret.smtpPassword', 'alertSecret.webhookUrl');
`,
};
