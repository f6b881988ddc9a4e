// `$apply` on a collection (spec §4.1): `aggregate(P with sum|average|min|max|countdistinct as Alias, …,
// $count as Alias)` and `groupby((P, …)[, aggregate(…)])`, applied to the rows `$filter` kept. The other
// transformations of the OData aggregation extension are refused, as the Service Layer lists only these.
import type { EntitySet } from './entities.ts';
import { badQuery, invalidProperty } from './errors.ts';
import { compareValues, type Row } from '../../kit/sandbox/table.ts';

type Method = 'sum' | 'average' | 'min' | 'max' | 'countdistinct' | 'count';

interface Aggregate {
  prop?: string;
  method: Method;
  alias: string;
}

export interface ApplyPlan {
  groupBy: string[];
  aggregates: Aggregate[];
}

const METHODS = new Set(['sum', 'average', 'min', 'max', 'countdistinct']);

function parseAggregates(set: EntitySet, text: string): Aggregate[] {
  return text.split(',').map((part) => {
    const count = /^\$count\s+as\s+(\w+)$/.exec(part.trim());
    if (count) return { method: 'count', alias: count[1]! };
    const m = /^(\w+)\s+with\s+(\w+)\s+as\s+(\w+)$/.exec(part.trim());
    if (!m) throw badQuery(`Invalid aggregate expression '${part.trim()}' in $apply`);
    if (!(m[1]! in set.props) || set.props[m[1]!] === 'collection') throw invalidProperty(m[1]!, set.type);
    if (!METHODS.has(m[2]!)) throw badQuery(`Aggregation method '${m[2]}' is not supported in $apply`);
    return { prop: m[1]!, method: m[2] as Method, alias: m[3]! };
  });
}

export function parseApply(set: EntitySet, text: string): ApplyPlan {
  const t = text.trim();
  const aggregate = /^aggregate\((.*)\)$/s.exec(t);
  if (aggregate) return { groupBy: [], aggregates: parseAggregates(set, aggregate[1]!) };
  const groupby = /^groupby\(\(([^)]*)\)(?:\s*,\s*aggregate\((.*)\))?\)$/s.exec(t);
  if (!groupby) throw badQuery(`$apply '${t}' is not supported: use aggregate(…) or groupby((…),aggregate(…))`);
  const groupBy = groupby[1]!.split(',').map((p) => p.trim());
  for (const p of groupBy) if (!(p in set.props) || set.props[p] === 'collection') throw invalidProperty(p, set.type);
  return { groupBy, aggregates: groupby[2] === undefined ? [] : parseAggregates(set, groupby[2]) };
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function aggregateRows(rows: readonly Row[], a: Aggregate): unknown {
  if (a.method === 'count') return rows.length;
  const values = rows.map((r) => r[a.prop!]).filter((v) => v !== null && v !== undefined);
  if (a.method === 'countdistinct') return new Set(values.map((v) => String(v))).size;
  if (values.length === 0) return null;
  if (a.method === 'min') return values.reduce((x, y) => (compareValues(y, x) < 0 ? y : x));
  if (a.method === 'max') return values.reduce((x, y) => (compareValues(y, x) > 0 ? y : x));
  const sum = values.reduce((x: number, y) => x + Number(y), 0);
  return round(a.method === 'sum' ? sum : sum / values.length);
}

/** The result rows: one per group (in group-key order), each with the group's properties and aggregates. */
export function runApply(rows: readonly Row[], plan: ApplyPlan): Row[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = JSON.stringify(plan.groupBy.map((p) => row[p] ?? null));
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  if (plan.groupBy.length === 0 && groups.size === 0) groups.set('[]', []);
  const out = [...groups.values()].map((members) => {
    const r: Row = {};
    for (const p of plan.groupBy) r[p] = members[0]![p] ?? null;
    for (const a of plan.aggregates) r[a.alias] = aggregateRows(members, a);
    return r;
  });
  return out.sort((x, y) => {
    for (const p of plan.groupBy) {
      const c = compareValues(x[p], y[p]);
      if (c !== 0) return c;
    }
    return 0;
  });
}
