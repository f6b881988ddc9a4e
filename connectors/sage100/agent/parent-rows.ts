// Rows of a related table for the parents on one page (an invoice's lines, a customer's open invoices or
// primary contact), in as few queries as the ProvideX driver answers well: range predicates on the
// leading key columns, never OR or IN (spec §2.3).
//
// - A page read in key order holds a contiguous stretch of the parents' index, so a range covers it:
//   per value of the first key column, `k1 = ? AND k2 >= ? AND k2 <= ?`; and when every parent has its
//   own first-key value (invoice number → header sequence), one `k1 >= ? AND k1 <= ?` for the page.
// - A page read by update stamp jumps around the table (a range could span all of it), so each parent
//   is read by its own key predicate.
// Rows the ranges return for parents not on the page are dropped.
import { allRows, type SqlConnection, type SqlRow, type SqlValue } from './sql-connection.ts';

export interface ParentQuery {
  /** `SELECT … FROM table` (no WHERE). */
  select: string;
  /** The two columns that name the parent in the related table, in its index order. */
  keys: readonly [string, string];
  /** More conditions, ANDed (e.g. `Balance <> 0`). */
  where?: string;
  whereParams?: SqlValue[];
  orderBy?: string;
}

export const parentKey = (a: unknown, b: unknown): string => `${String(a)}|${String(b)}`;

export async function rowsForParents(conn: SqlConnection, q: ParentQuery, parents: readonly (readonly [string, string])[], keyOrdered: boolean): Promise<Map<string, SqlRow[]>> {
  const out = new Map<string, SqlRow[]>();
  if (parents.length === 0) return out;
  const [k1, k2] = q.keys;
  const wanted = new Set(parents.map(([a, b]) => parentKey(a, b)));
  const run = async (predicate: string, params: SqlValue[]) => {
    const where = [predicate, ...(q.where ? [q.where] : [])].join(' AND ');
    const rows = await allRows(conn, `${q.select} WHERE ${where}${q.orderBy ? ` ORDER BY ${q.orderBy}` : ''}`, [...params, ...(q.whereParams ?? [])]);
    for (const r of rows) {
      const key = parentKey(r[k1], r[k2]);
      if (!wanted.has(key)) continue;
      const list = out.get(key);
      if (list) list.push(r);
      else out.set(key, [r]);
    }
  };
  if (!keyOrdered) {
    for (const [a, b] of parents) await run(`${k1} = ? AND ${k2} = ?`, [a, b]);
    return out;
  }
  const byFirst = new Map<string, string[]>();
  for (const [a, b] of parents) byFirst.set(a, [...(byFirst.get(a) ?? []), b]);
  if (byFirst.size > 1 && byFirst.size === parents.length) {
    const firsts = [...byFirst.keys()].sort();
    await run(`${k1} >= ? AND ${k1} <= ?`, [firsts[0]!, firsts.at(-1)!]);
    return out;
  }
  for (const [a, seconds] of byFirst) {
    const sorted = [...seconds].sort();
    await run(`${k1} = ? AND ${k2} >= ? AND ${k2} <= ?`, [a, sorted[0]!, sorted.at(-1)!]);
  }
  return out;
}
