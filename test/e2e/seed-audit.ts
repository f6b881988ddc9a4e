// Fills a fresh data folder with many audit events for the audit browser's scale test. The schema
// comes from the real store (openStore runs the migrations); the rows are generated inside SQLite with
// one INSERT … SELECT, which writes a million events (with their search index) in seconds, where a
// row-by-row insert would take minutes. Events are dated over the last N seconds, inside retention.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DB_FILE_NAME, openStore } from '../../main/store/index.ts';

export interface SeededAudit {
  count: number;
  /** Every 97th event failed ("Property values were not valid"), the others are updated/unchanged. */
  failedEvery: number;
}

export function seedAuditEvents(dataDir: string, count: number, flowId = 'customers'): SeededAudit {
  openStore(dataDir).close();
  const db = new Database(join(dataDir, DB_FILE_NAME));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.prepare(
      `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < @count)
       INSERT INTO record_events (run_id, flow_id, at, direction, source_system, source_entity, source_id, source_label, dest_object, dest_id,
                                  action, attempt, error_kind, error_code, error_message, error_hint, source_payload, mapped_payload)
       SELECT NULL, @flowId, strftime('%Y-%m-%dT%H:%M:%fZ', CAST(strftime('%s', 'now') AS INTEGER) - @count + i, 'unixepoch'),
              'erp-to-crm', 'sage300', 'ARCustomers', 'C' || printf('%07d', i), 'Customer ' || i, 'companies',
              CASE WHEN i % 97 = 0 THEN NULL ELSE 1000000 + i END,
              CASE WHEN i % 97 = 0 THEN 'failed' WHEN i % 3 = 0 THEN 'updated' ELSE 'unchanged' END, 1,
              CASE WHEN i % 97 = 0 THEN 'record' END,
              CASE WHEN i % 97 = 0 THEN 'INVALID_OPTION' END,
              CASE WHEN i % 97 = 0 THEN 'Property values were not valid: industry "Widgets" is not an option' END,
              CASE WHEN i % 97 = 0 THEN 'Add the option in HubSpot or map the value through a lookup table, then replay.' END,
              json_object('IDCUST', 'C' || printf('%07d', i), 'NAMECUST', 'Customer ' || i),
              json_object('name', 'Customer ' || i)
       FROM c`,
    ).run({ count, flowId });
  } finally {
    db.close();
  }
  return { count, failedEvery: 97 };
}
