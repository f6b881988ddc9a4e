// SqlConnection over better-sqlite3 for the demo's Sage 100 sandbox where unixODBC is absent: the
// agent runs the very same SQL, so the ODBC escapes a driver would translate (`{d'2024-06-01'}`) are
// translated here. This is the one module outside main/store allowed to import better-sqlite3
// (eslint.config.js says why).
import Database from 'better-sqlite3';
import type { SqlColumn, SqlConnection, SqlRow, SqlValue } from './sql-connection.ts';

const ODBC_DATE = /\{d\s*'(\d{4}-\d{2}-\d{2})'\}/g;
const translate = (sql: string) => sql.replace(ODBC_DATE, "'$1'");

const TYPE_NAMES: Record<string, string> = { DATE: 'SQL_TYPE_DATE', REAL: 'SQL_DOUBLE', NUMERIC: 'SQL_DOUBLE', INTEGER: 'SQL_INTEGER' };

/** `create`: the sandbox making its database file; the agent itself only opens existing files. */
export function openSqlite(file: string, options: { create?: boolean } = {}): SqlConnection & { transaction(work: () => Promise<void>): Promise<void> } {
  const db = new Database(file, { fileMustExist: !options.create });
  db.pragma('busy_timeout = 2000');
  return {
    driver: 'sqlite',
    async *batches(sql, params: SqlValue[] = [], batchSize = 200) {
      let batch: SqlRow[] = [];
      for (const row of db.prepare(translate(sql)).iterate(...params) as Iterable<SqlRow>) {
        batch.push(row);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
    async columns(sql): Promise<SqlColumn[]> {
      return db.prepare(translate(sql)).columns().map((c) => ({ name: c.name, type: TYPE_NAMES[(c.type ?? '').replace(/\(.*$/, '').toUpperCase()] ?? 'SQL_VARCHAR' }));
    },
    async execute(sql, params: SqlValue[] = []) {
      db.prepare(translate(sql)).run(...params);
    },
    async transaction(work: () => Promise<void>) {
      db.exec('BEGIN');
      try {
        await work();
        db.exec('COMMIT');
      } catch (e) {
        db.exec('ROLLBACK');
        throw e;
      }
    },
    async close() {
      db.close();
    },
  };
}
