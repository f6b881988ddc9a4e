// SqlConnection over the `odbc` npm package (unixODBC / Windows ODBC). `odbc` is an optional
// dependency with a native addon, loaded on first use so that a machine without unixODBC can still
// install and run everything else; when it cannot load, the error says what to install.
import type { SqlColumn, SqlConnection, SqlRow, SqlValue } from './sql-connection.ts';

interface OdbcCursor { fetch(): Promise<SqlRow[]>; noData: boolean; close(): Promise<void> }
interface OdbcStatement {
  prepare(sql: string): Promise<void>;
  bind(params: SqlValue[]): Promise<void>;
  execute(options: { cursor: true; fetchSize: number }): Promise<OdbcCursor>;
  close(): Promise<void>;
}
interface OdbcConnection {
  createStatement(): Promise<OdbcStatement>;
  query(sql: string, params: SqlValue[], options: { cursor: true; fetchSize: number }): Promise<OdbcCursor>;
  query(sql: string, params?: SqlValue[]): Promise<SqlRow[] & { columns?: { name: string; dataTypeName: string }[] }>;
  close(): Promise<void>;
}
interface OdbcModule { connect(connectionString: string): Promise<OdbcConnection> }

export class OdbcMissingError extends Error {}

export const ODBC_INSTALL_HINT = 'install unixODBC and the addon: `sudo apt-get install -y unixodbc unixodbc-dev odbcinst libsqliteodbc` (Debian/Ubuntu), then `npm rebuild odbc`';

let loaded: Promise<OdbcModule> | undefined;

/** Loads the `odbc` addon once, or explains which command fixes the machine. */
export function loadOdbc(): Promise<OdbcModule> {
  loaded ??= import('odbc').then(
    (m: { default?: unknown }) => (m.default ?? m) as OdbcModule,
    (e: unknown) => {
      loaded = undefined;
      const text = e instanceof Error ? e.message : String(e);
      const missingLib = /libodbc|unixodbc|cannot open shared object/i.test(text);
      const notBuilt = /Cannot find module|could not locate the bindings|\.node\b/i.test(text) && !missingLib;
      throw new OdbcMissingError(
        missingLib
          ? `The ODBC driver manager (unixODBC) is not installed, so the Sage 100 agent cannot read through ODBC (${text}). Fix: sudo apt-get install -y unixodbc unixodbc-dev odbcinst libsqliteodbc && npm rebuild odbc`
          : notBuilt
            ? `The \`odbc\` package is not installed or its native addon was never built (${text}). Fix: npm rebuild odbc (after installing unixODBC: sudo apt-get install -y unixodbc unixodbc-dev odbcinst libsqliteodbc)`
            : `The \`odbc\` package failed to load (${text}). Fix: ${ODBC_INSTALL_HINT}`,
      );
    },
  );
  return loaded;
}

export async function openOdbc(connectionString: string): Promise<SqlConnection> {
  const odbc = await loadOdbc();
  const conn = await odbc.connect(connectionString);
  return {
    driver: 'odbc',
    async *batches(sql, params = [], batchSize = 200) {
      // A statement of its own, dropped at the end: closing only the cursor of a result abandoned
      // early leaves the driver's read snapshot open (the SQLite ODBC driver then serves stale rows).
      const statement = await conn.createStatement();
      try {
        await statement.prepare(sql);
        if (params.length) await statement.bind(params);
        const cursor = await statement.execute({ cursor: true, fetchSize: batchSize });
        try {
          while (!cursor.noData) {
            const rows = await cursor.fetch();
            if (rows.length) yield Array.from(rows);
            if (rows.length < batchSize) break;
          }
        } finally {
          await cursor.close();
        }
      } finally {
        await statement.close();
      }
    },
    async columns(sql): Promise<SqlColumn[]> {
      const result = await conn.query(sql);
      return (result.columns ?? []).map((c) => ({ name: c.name, type: c.dataTypeName }));
    },
    async execute(sql, params = []) {
      await conn.query(sql, params);
    },
    close: () => conn.close(),
  };
}
