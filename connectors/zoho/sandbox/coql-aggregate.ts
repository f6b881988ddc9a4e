// COQL's aggregate functions and GROUP BY (Query API docs, v7/v8 "Aggregate Function"): SUM, AVG, MIN,
// MAX over numbers (MIN/MAX over dates too), COUNT over numbers, lookups and picklists; ≤ 5 aggregates and
// ≤ 4 GROUP BY fields; a selected field that is not aggregated must be grouped by. One answer row per group
// (one in all without GROUP BY), keyed `SUM(Annual_Revenue)` and by the grouped fields, without `id`.
// ORDER BY may name grouped fields; without it groups come in the order of their values.
import { ZohoError } from './errors.ts';
import { comparable } from './criteria.ts';
import type { Resolved } from './coql-columns.ts';
import type { Column } from './coql-parser.ts';
import type { StoredRecord } from './store.ts';

const MAX_AGGREGATES = 5;
const MAX_GROUP_BY = 4;
const NUMERIC = ['integer', 'bigint', 'double', 'currency', 'percent'];

const limitExceeded = (message: string, limit: number): ZohoError => new ZohoError(400, 'LIMIT_EXCEEDED', message, { limit });
const invalid = (c: Column, reason: string): ZohoError => new ZohoError(400, 'INVALID_QUERY', 'data type not supported', { column_name: c.key, reason });

const pathOf = (c: Column): string => c.path.join('.').toLowerCase();

export function isAggregateQuery(columns: Column[], groupBy: Column[]): boolean {
  return groupBy.length > 0 || columns.some((c) => c.aggregate);
}

/** Checks each aggregate fits its field's type. */
function checkAggregate(r: Resolved): void {
  const fn = r.column.aggregate;
  const type = r.field?.data_type ?? (r.kind === 'id' ? 'bigint' : 'text');
  const ok = fn === 'COUNT' ? NUMERIC.includes(type) || ['lookup', 'ownerlookup', 'picklist'].includes(type) || r.kind === 'id'
    : fn === 'MIN' || fn === 'MAX' ? NUMERIC.includes(type) || type === 'date' || type === 'datetime'
      : NUMERIC.includes(type);
  if (!ok) throw invalid(r.column, `${String(fn)} does not take a ${type} field`);
}

function aggregate(r: Resolved, records: StoredRecord[]): unknown {
  const values = records.map((rec) => ({ rec, v: r.value(rec) })).filter((x) => x.v !== undefined && x.v !== null && x.v !== '');
  switch (r.column.aggregate) {
    case 'COUNT':
      return values.length;
    case 'SUM':
      return values.reduce((sum, x) => sum + Number(x.v), 0);
    case 'AVG':
      return values.length ? values.reduce((sum, x) => sum + Number(x.v), 0) / values.length : null;
    default: {
      // MIN/MAX answer the value as the field shows it (a date as a date).
      const dir = r.column.aggregate === 'MIN' ? 1 : -1;
      const best = values.sort((a, b) => {
        const [x, y] = [comparable(r.kind, a.v) ?? '', comparable(r.kind, b.v) ?? ''];
        return (x < y ? -1 : x > y ? 1 : 0) * dir;
      })[0];
      return best ? r.present(best.rec) : null;
    }
  }
}

/** The answer rows of an aggregate query over the records WHERE kept. */
export function groupRows(selected: Resolved[], groupBy: Resolved[], orderBy: { r: Resolved; desc: boolean }[], hits: StoredRecord[]): Record<string, unknown>[] {
  const aggregates = selected.filter((s) => s.column.aggregate);
  if (aggregates.length > MAX_AGGREGATES) throw limitExceeded(`at most ${MAX_AGGREGATES} aggregate fields are allowed`, MAX_AGGREGATES);
  if (groupBy.length > MAX_GROUP_BY) throw limitExceeded(`at most ${MAX_GROUP_BY} fields are allowed in GROUP BY`, MAX_GROUP_BY);
  const grouped = new Set<string>();
  for (const g of groupBy) {
    if (g.column.aggregate) throw invalid(g.column, 'GROUP BY takes fields, not aggregates');
    if (grouped.has(pathOf(g.column))) throw new ZohoError(400, 'DUPLICATE_DATA', 'duplicate data', { column_name: g.column.key, clause: 'group by' });
    grouped.add(pathOf(g.column));
  }
  aggregates.forEach(checkAggregate);
  for (const s of selected) {
    if (!s.column.aggregate && !grouped.has(pathOf(s.column))) throw new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', { column_name: s.column.key, reason: 'a selected field that is not aggregated must be in GROUP BY' });
  }
  for (const o of orderBy) {
    if (!grouped.has(pathOf(o.r.column))) throw new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', { column_name: o.r.column.key, reason: 'an aggregate query orders by grouped fields only' });
  }
  const groups = new Map<string, StoredRecord[]>();
  for (const rec of hits) {
    const key = JSON.stringify(groupBy.map((g) => comparable(g.kind, g.value(rec)) ?? null));
    groups.set(key, [...(groups.get(key) ?? []), rec]);
  }
  if (!groupBy.length && !groups.size) groups.set('[]', []);
  const order = orderBy.length ? orderBy : groupBy.map((r) => ({ r, desc: false }));
  const sorted = [...groups.values()].sort((a, b) => {
    for (const { r, desc } of order) {
      const [x, y] = [comparable(r.kind, a[0] && r.value(a[0])), comparable(r.kind, b[0] && r.value(b[0]))];
      if (x === y) continue;
      if (x === undefined) return desc ? 1 : -1;
      if (y === undefined) return desc ? -1 : 1;
      return (x < y ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  });
  return sorted.map((records) => {
    const row: Record<string, unknown> = {};
    for (const s of selected) row[s.column.key] = s.column.aggregate ? aggregate(s, records) : records[0] ? s.present(records[0]) : null;
    return row;
  });
}
