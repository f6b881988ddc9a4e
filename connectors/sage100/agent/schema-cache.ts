// Which columns a company's tables really have: the known Sage columns the driver returns (an older
// release may lack some) plus the site's own `UDF_*` columns, discovered once per table with a query
// that returns no rows.
import type { SqlConnection } from './sql-connection.ts';
import type { ColumnDef, ColumnKind, TableDef } from './tables.ts';

function kindOf(type: string): ColumnKind {
  if (/DATE/i.test(type)) return 'd';
  if (/DOUBLE|DECIMAL|NUMERIC|FLOAT|REAL|INT/i.test(type)) return 'n';
  return 's';
}

export class SchemaCache {
  private readonly known = new Map<string, ColumnDef[]>();

  async columns(conn: SqlConnection, table: TableDef): Promise<ColumnDef[]> {
    const hit = this.known.get(table.table);
    if (hit) return hit;
    const found = await conn.columns(`SELECT * FROM ${table.table} WHERE 1 = 0`);
    const present = new Map(found.map((c) => [c.name, c.type]));
    const cols: ColumnDef[] = table.columns.filter((c) => present.has(c.name));
    for (const c of found) if (/^UDF_/i.test(c.name)) cols.push({ name: c.name, kind: kindOf(c.type) });
    this.known.set(table.table, cols);
    return cols;
  }
}
