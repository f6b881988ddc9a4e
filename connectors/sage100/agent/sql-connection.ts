// The one thing the agent needs from a database driver: run a statement and stream its rows in
// batches, so a page of 200 stops reading after ~200 rows even on a 100,000-row table (the ProvideX
// driver has no reliable TOP/LIMIT, spec §2.3). Two implementations: ODBC (the real path) and
// better-sqlite3 (the demo's fallback where unixODBC is not installed, running the same SQL).

export type SqlValue = string | number | null;
export type SqlRow = Record<string, SqlValue>;

export interface SqlColumn {
  name: string;
  /** ODBC SQL data type name (`SQL_VARCHAR`, `SQL_TYPE_DATE`, `SQL_DOUBLE`, ...). */
  type: string;
}

export interface SqlConnection {
  readonly driver: 'odbc' | 'sqlite';
  /** Yields batches of rows until the result is exhausted or the caller stops iterating. */
  batches(sql: string, params?: SqlValue[], batchSize?: number): AsyncIterable<SqlRow[]>;
  /** Columns a query returns (used to discover a site's `UDF_*` columns). */
  columns(sql: string): Promise<SqlColumn[]>;
  /** Statements without results (seeding and sandbox edits only: the agent itself never writes). */
  execute(sql: string, params?: SqlValue[]): Promise<void>;
  close(): Promise<void>;
}

export async function allRows(conn: SqlConnection, sql: string, params: SqlValue[] = []): Promise<SqlRow[]> {
  const out: SqlRow[] = [];
  for await (const batch of conn.batches(sql, params, 500)) out.push(...batch);
  return out;
}

/** A date literal in the ODBC escape the ProvideX driver requires (a bare string does not work). */
export function dateLiteral(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a date: ${day}`);
  return `{d'${day}'}`;
}
