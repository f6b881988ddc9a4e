// Keyset paging over a Sage 100 table with only the SQL the ProvideX driver handles well (spec §2.3):
// no subqueries, no OR, no TOP/LIMIT, date literals in the ODBC escape, predicates on key columns.
//
// - Key order: the next page after (k1..kn) is read as up to n index-friendly queries, deepest first:
//   `k1 = ? AND … AND k(n-1) = ? AND kn > ?`, then `… k(n-1) > ?`, … `k1 > ?`, each ordered by the
//   key and read in batches until the page is full (the driver streams; we stop early).
// - Stamp order (`updatedSince`): the spec orders by (DateUpdated, TimeUpdated as a number, keys),
//   but TimeUpdated is a string that sorts wrongly as text ('9.5' > '14.25'). SQL therefore only
//   orders and filters by day; within a day the agent sorts by the parsed time and the key. The rest
//   of the cursor's day is read whole, then later days in order until the page is full at a day boundary.
import { decimalHoursToSeconds } from './decimal-time.ts';
import type { CursorTuple, OrderMode } from './cursor.ts';
import { sageDate } from './shape.ts';
import { dateLiteral, type SqlConnection, type SqlRow, type SqlValue } from './sql-connection.ts';
import type { TableDef } from './tables.ts';

export interface Predicate {
  sql: string;
  params: SqlValue[];
}

export interface KeysetRequest {
  table: TableDef;
  /** Columns to select (all known columns; projection happens later). */
  select: readonly string[];
  where: readonly Predicate[];
  mode: OrderMode;
  /** Inclusive lower bound in stamp mode: day + whole seconds. */
  since?: { day: string; seconds: number };
  after?: CursorTuple;
  limit: number;
}

export interface KeysetPage {
  rows: SqlRow[];
  hasMore: boolean;
  /** Ordering tuple of the last row returned (the next cursor), null when empty. */
  last: CursorTuple | null;
}

const keyText = (v: SqlValue | undefined) => String(v ?? '');

export function stampTuple(table: TableDef, row: SqlRow): CursorTuple {
  return [sageDate(row.DateUpdated ?? null) ?? '', decimalHoursToSeconds(row.TimeUpdated as string) ?? 0, ...table.keys.map((k) => keyText(row[k]))];
}

export function keyTuple(table: TableDef, row: SqlRow): CursorTuple {
  return table.keys.map((k) => keyText(row[k]));
}

export function compareTuples(a: CursorTuple, b: CursorTuple): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

function statement(req: KeysetRequest, extra: Predicate[], orderBy: readonly string[]): { sql: string; params: SqlValue[] } {
  const preds = [...req.where, ...extra];
  const where = preds.length ? ` WHERE ${preds.map((p) => p.sql).join(' AND ')}` : '';
  const order = orderBy.length ? ` ORDER BY ${orderBy.join(', ')}` : '';
  return { sql: `SELECT ${req.select.join(', ')} FROM ${req.table.table}${where}${order}`, params: preds.flatMap((p) => p.params) };
}

async function readKeyOrder(conn: SqlConnection, req: KeysetRequest): Promise<SqlRow[]> {
  const keys = req.table.keys;
  const after = req.after;
  const plans: Predicate[][] = [];
  if (!after) plans.push([]);
  else {
    for (let i = keys.length - 1; i >= 0; i--) {
      plans.push([
        ...keys.slice(0, i).map((k, j) => ({ sql: `${k} = ?`, params: [String(after[j] ?? '')] })),
        { sql: `${keys[i]} > ?`, params: [String(after[i] ?? '')] },
      ]);
    }
  }
  const out: SqlRow[] = [];
  const batchSize = Math.min(req.limit + 1, 500);
  for (const extra of plans) {
    const { sql, params } = statement(req, extra, keys);
    for await (const batch of conn.batches(sql, params, batchSize)) {
      for (const row of batch) {
        out.push(row);
        if (out.length > req.limit) return out;
      }
    }
  }
  return out;
}

async function readStampOrder(conn: SqlConnection, req: KeysetRequest): Promise<SqlRow[]> {
  const { table } = req;
  const startDay = req.after ? String(req.after[0]) : req.since!.day;
  const keep = (row: SqlRow) => {
    const t = stampTuple(table, row);
    if (req.after) return compareTuples(t, req.after) > 0;
    return Number(t[1]) >= req.since!.seconds;
  };
  const byTuple = (a: SqlRow, b: SqlRow) => compareTuples(stampTuple(table, a), stampTuple(table, b));

  const first = statement(req, [{ sql: `DateUpdated = ${dateLiteral(startDay)}`, params: [] }], []);
  const out: SqlRow[] = [];
  for await (const batch of conn.batches(first.sql, first.params, 500)) for (const row of batch) if (keep(row)) out.push(row);
  out.sort(byTuple);
  if (out.length > req.limit) return out;

  const rest = statement(req, [{ sql: `DateUpdated > ${dateLiteral(startDay)}`, params: [] }], ['DateUpdated']);
  let day: string | null = null;
  let group: SqlRow[] = [];
  const flush = () => {
    group.sort(byTuple);
    out.push(...group);
    group = [];
  };
  for await (const batch of conn.batches(rest.sql, rest.params, Math.min(req.limit + 1, 500))) {
    for (const row of batch) {
      const rowDay = sageDate(row.DateUpdated ?? null);
      if (rowDay === null) continue;
      if (rowDay !== day) {
        flush();
        if (out.length > req.limit) return out;
        day = rowDay;
      }
      group.push(row);
    }
  }
  flush();
  return out;
}

export async function readKeysetPage(conn: SqlConnection, req: KeysetRequest): Promise<KeysetPage> {
  const rows = req.mode === 'stamp' ? await readStampOrder(conn, req) : await readKeyOrder(conn, req);
  const hasMore = rows.length > req.limit;
  const page = rows.slice(0, req.limit);
  const lastRow = page[page.length - 1];
  const last = lastRow ? (req.mode === 'stamp' ? stampTuple(req.table, lastRow) : keyTuple(req.table, lastRow)) : null;
  return { rows: page, hasMore, last };
}
