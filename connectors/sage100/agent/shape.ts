// One database row → the JSON the agent serves (spec §7.5): column names exactly as stored, strings
// with trailing spaces stripped, dates `YYYY-MM-DD` (blank or invalid → null), numbers at the
// column's scale, times raw, plus the derived `_updatedAt` / `_createdAt` (server-local, no zone).
import { createHash } from 'node:crypto';
import { stampOf } from './decimal-time.ts';
import type { SqlRow, SqlValue } from './sql-connection.ts';
import type { ColumnDef } from './tables.ts';

export type JsonRow = Record<string, string | number | null | unknown>;

const DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** Premium stores blank dates as 1753-01-01; the ProvideX driver returns NULL, '' or an invalid date. */
export function sageDate(v: SqlValue): string | null {
  if (v === null || v === undefined) return null;
  const text = String(v).trim();
  let m = DAY.exec(text);
  if (!m && /^\d{8}$/.test(text)) m = DAY.exec(`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`);
  if (!m) return null;
  const [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y <= 1753 || mo < 1 || mo > 12 || da < 1) return null;
  const check = new Date(Date.UTC(y, mo - 1, da));
  if (check.getUTCMonth() !== mo - 1) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export function shapeValue(col: ColumnDef, v: SqlValue): string | number | null {
  switch (col.kind) {
    case 'd':
      return sageDate(v);
    case 'n': {
      const num = typeof v === 'number' ? v : Number(String(v ?? '').trim() || 0);
      if (!Number.isFinite(num)) throw new Error(`${col.name} holds "${String(v)}", not a number`);
      const f = 10 ** (col.scale ?? 2);
      return Math.round(num * f) / f || 0;
    }
    case 't':
      return String(v ?? '').trim();
    default:
      return String(v ?? '').replace(/\s+$/, '');
  }
}

export function shapeRow(columns: readonly ColumnDef[], row: SqlRow): JsonRow {
  const out: JsonRow = {};
  for (const c of columns) if (c.name in row) out[c.name] = shapeValue(c, row[c.name] ?? null);
  if ('DateUpdated' in out) out._updatedAt = stampOf(out.DateUpdated as string | null, out.TimeUpdated as string);
  if ('DateCreated' in out && 'TimeCreated' in out) out._createdAt = stampOf(out.DateCreated as string | null, out.TimeCreated as string);
  return out;
}

/**
 * Extension of §7 for `/keys`: a hash of every stored column, so reconciliation sees a row a bulk
 * import changed without touching DateUpdated. Derived `_` fields are left out.
 */
export function rowHash(row: JsonRow): string {
  const stored = Object.keys(row).filter((k) => !k.startsWith('_')).sort();
  return createHash('sha256').update(JSON.stringify(stored.map((k) => [k, row[k]]))).digest('hex').slice(0, 32);
}
