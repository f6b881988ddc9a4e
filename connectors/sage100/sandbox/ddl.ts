// The sandbox's database: tables and columns named exactly as Sage 100's (agent/tables.ts), stored as
// the ProvideX driver exposes them — dates as DATE, times as short strings (which sort wrongly as
// text), amounts as NUMERIC — with indexes on the primary keys and DateUpdated, plus a site's UDF column.
import type { SqlConnection } from '../agent/sql-connection.ts';
import { ALL_TABLES, type ColumnDef, type TableDef } from '../agent/tables.ts';

/** A user-defined field a site added, which the agent must discover and serve. */
export const SANDBOX_UDF = { table: 'AR_Customer', name: 'UDF_REGION' };

function columnType(c: ColumnDef): string {
  switch (c.kind) {
    case 'd': return 'DATE';
    case 'n': return `NUMERIC(16,${c.scale ?? 2})`;
    case 't': return 'VARCHAR(8)';
    default: return 'VARCHAR(250)';
  }
}

export function createTableSql(t: TableDef): string[] {
  const cols = t.columns.map((c) => `${c.name} ${columnType(c)}`);
  if (t.table === SANDBOX_UDF.table) cols.push(`${SANDBOX_UDF.name} VARCHAR(10)`);
  const out = [`CREATE TABLE ${t.table} (${cols.join(', ')}, PRIMARY KEY (${t.keys.join(', ')}))`];
  if (t.stamped) out.push(`CREATE INDEX ${t.table}_KUPDATED ON ${t.table} (DateUpdated)`);
  if (t.table === 'AR_InvoiceHistoryHeader') out.push('CREATE INDEX AR_InvoiceHistoryHeader_KCUSTOMER ON AR_InvoiceHistoryHeader (ARDivisionNo, CustomerNo, InvoiceNo, HeaderSeqNo)');
  return out;
}

export async function createSchema(conn: SqlConnection): Promise<void> {
  for (const t of ALL_TABLES) for (const sql of createTableSql(t)) await conn.execute(sql);
}

/** Multi-row INSERT in chunks (one statement per ~100 rows keeps seeding of 10,000s of rows fast). */
export async function insertRows(conn: SqlConnection, table: string, rows: Record<string, string | number | null>[]): Promise<void> {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!);
  for (let i = 0; i < rows.length; i += 100) {
    const chunk = rows.slice(i, i + 100);
    const sql = `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${chunk.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ')}`;
    await conn.execute(sql, chunk.flatMap((r) => cols.map((c) => r[c] ?? null)));
  }
}
