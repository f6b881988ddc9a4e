// `POST /crm/v8/coql` {"select_query": "…"} (Zoho's Query API, v7/v8 docs): the parsed query checked
// against the org's modules and run on its records. Limits as documented for v7+: ≤ 50 columns, ≤ 25
// criteria, ≤ 100 values in `in`, ≤ 10 ORDER BY fields, LIMIT default 200 and ≤ 2,000 per call, offset +
// count ≤ 100,000 (`coqlMaxLimit`, `coqlMaxRecords` switches: older versions allowed 200 and 10,000).
// Comparators per data type as the docs' table gives them. No ORDER BY: by id ascending. The answer is
// `{data, info: {count, more_records}}`, 204 when nothing matches. A call costs 1 credit for LIMIT ≤ 200,
// 2 up to 1,000, 3 up to 2,000 (`coqlCredits`). Aggregates and GROUP BY: coql-aggregate.ts. Not modelled
// (INVALID_QUERY saying so): other functions, custom views (`Leads#cvid`; the sandbox has none).
import { z } from 'zod';
import { ZohoError, invalidParam } from './errors.ts';
import { hasModule } from './editions.ts';
import { comparable, type Kind } from './criteria.ts';
import { findModule, resolveColumn, type Resolved } from './coql-columns.ts';
import { parseCoql, type Column, type Condition, type Value } from './coql-parser.ts';
import { groupRows, isAggregateQuery } from './coql-aggregate.ts';
import { presentField, type ModuleDef } from './modules.ts';
import { scopeAllows } from './oauth.ts';
import type { RouteCtx, RouteResult } from './route-types.ts';
import type { StoredRecord } from './store.ts';

const MAX_COLUMNS = 50;
const MAX_CRITERIA = 25;
const MAX_IN_VALUES = 100;
const MAX_ORDER_BY = 10;
const DEFAULT_LIMIT = 200;

const OPS: Record<Kind | 'multiline', string[]> = {
  text: ['=', '!=', 'like', 'in', 'null'],
  lookup: ['=', '!=', 'in', 'null'],
  id: ['=', '!=', 'in', 'null'],
  number: ['=', '!=', '<', '>', '<=', '>=', 'between', 'in', 'null'],
  date: ['=', '!=', '<', '>', '<=', '>=', 'between', 'in', 'null'],
  datetime: ['=', '!=', '<', '>', '<=', '>=', 'between', 'in', 'null'],
  boolean: ['=', 'null'],
  // Multi-line fields (Description…) cannot be used in criteria.
  multiline: [],
};

const bodySchema = z.object({
  select_query: z.string(),
  include_meta: z.array(z.literal('fields')).optional(),
});

const limitExceeded = (message: string, details: Record<string, unknown>): ZohoError => new ZohoError(400, 'LIMIT_EXCEEDED', message, details);
const invalidValue = (r: Resolved, v: Value): ZohoError =>
  new ZohoError(400, 'INVALID_QUERY', 'value given seems to be invalid for the column', { column_name: r.column.key, value: v.value, expected_data_type: r.field?.data_type ?? r.kind, line: v.token.line, column: v.token.column });

/** The credits one call costs for its LIMIT (documented for v4+). */
export function coqlCredits(limit: number): number {
  return limit <= 200 ? 1 : limit <= 1000 ? 2 : 3;
}

/** The credits a request body asks for, before it is run (a query that does not parse costs 1). */
export function coqlCost(body: unknown): number {
  try {
    const parsed = bodySchema.safeParse(body);
    if (!parsed.success) return 1;
    const count = parseCoql(parsed.data.select_query).limit?.count ?? DEFAULT_LIMIT;
    return coqlCredits(count < 0 ? DEFAULT_LIMIT : count);
  } catch {
    return 1;
  }
}

class Compiler {
  criteria = 0;
  constructor(private readonly resolve: (c: Column) => Resolved) {}

  compile(c: Condition): (r: StoredRecord) => boolean {
    if ('left' in c) {
      const left = this.compile(c.left);
      const right = this.compile(c.right);
      return c.kind === 'and' ? (r) => left(r) && right(r) : (r) => left(r) || right(r);
    }
    if (c.column.aggregate) throw new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', { column_name: c.column.key, reason: 'aggregate functions are not allowed in WHERE' });
    if (++this.criteria > MAX_CRITERIA) throw limitExceeded(`at most ${MAX_CRITERIA} criteria are allowed in WHERE`, { limit: MAX_CRITERIA });
    const col = this.resolve(c.column);
    const multiline = col.field?.data_type === 'textarea';
    const opName = c.kind === 'compare' ? c.op : c.kind;
    if (!OPS[multiline ? 'multiline' : col.kind].includes(opName)) {
      throw new ZohoError(400, 'INVALID_QUERY', 'invalid operator found', { column_name: c.column.key, operator: `${'negated' in c && c.negated ? 'not ' : ''}${opName}`, data_type: col.field?.data_type ?? col.kind });
    }
    // An unset checkbox is false, as the records API shows it.
    const have = (r: StoredRecord) => comparable(col.kind, col.value(r) ?? (col.kind === 'boolean' ? false : undefined));
    const want = (v: Value): string | number => {
      const w = comparable(col.kind, col.kind === 'boolean' ? v.value.toLowerCase() : v.value);
      const bad = w === undefined
        || (col.kind === 'boolean' && w !== 'true' && w !== 'false')
        || (col.kind === 'date' && !/^\d{4}-\d\d-\d\d$/.test(v.value))
        || ((col.kind === 'id' || col.kind === 'lookup') && !/^\d+$/.test(String(w)));
      if (bad) throw invalidValue(col, v);
      return w as string | number;
    };
    switch (c.kind) {
      case 'null':
        return (r) => (have(r) === undefined) !== c.negated;
      case 'compare': {
        const w = want(c.value);
        // SQL's reading: a record without a value satisfies no comparison, `!=` included.
        return (r) => {
          const v = have(r);
          if (v === undefined) return false;
          switch (c.op) {
            case '=': return v === w;
            case '!=': return v !== w;
            case '<': return v < w;
            case '>': return v > w;
            case '<=': return v <= w;
            default: return v >= w;
          }
        };
      }
      case 'between': {
        const [lo, hi] = [want(c.low), want(c.high)];
        return (r) => {
          const v = have(r);
          return v !== undefined && (v >= lo && v <= hi) !== c.negated;
        };
      }
      case 'in': {
        if (c.values.length > MAX_IN_VALUES) throw limitExceeded(`at most ${MAX_IN_VALUES} values are allowed in IN`, { column_name: c.column.key, limit: MAX_IN_VALUES });
        const set = new Set(c.values.map(want));
        return (r) => {
          const v = have(r);
          return v !== undefined && set.has(v) !== c.negated;
        };
      }
      case 'like':
        return this.like(col, c.value, c.negated);
    }
  }

  /** `like 'x%'` starts with, `'%x'` ends with, `'%x%'` contains; `not like` only as not-contains. */
  private like(col: Resolved, v: Value, negated: boolean): (r: StoredRecord) => boolean {
    const p = v.value.toLowerCase();
    const starts = p.endsWith('%') && !p.startsWith('%');
    const ends = p.startsWith('%') && !p.endsWith('%');
    const contains = p.length > 1 && p.startsWith('%') && p.endsWith('%');
    if (negated && !contains) throw invalidValue(col, v);
    const core = p.replace(/^%|%$/g, '');
    const test = (s: string): boolean => (contains ? s.includes(core) : starts ? s.startsWith(core) : ends ? s.endsWith(core) : s === core);
    return (r) => {
      const s = comparable('text', col.value(r));
      return typeof s === 'string' && test(s) !== negated;
    };
  }
}

function checkLimit(ctx: RouteCtx, limit: { count: number; offset: number } | undefined): { count: number; offset: number } {
  const count = limit && limit.count >= 0 ? limit.count : DEFAULT_LIMIT;
  const offset = limit?.offset ?? 0;
  const { coqlMaxLimit, coqlMaxRecords } = ctx.env.switches;
  if (count < 1) throw new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', { reason: 'LIMIT must be at least 1' });
  if (count > coqlMaxLimit) throw limitExceeded(`the LIMIT has exceeded the maximum of ${coqlMaxLimit} records per call`, { by: 'limit', limit: coqlMaxLimit });
  if (offset + count > coqlMaxRecords) throw limitExceeded(`Max records limit exceeded: LIMIT and OFFSET reach at most ${coqlMaxRecords} records`, { by: 'offset', limit: coqlMaxRecords });
  return { count, offset };
}

function columnsOf(ctx: RouteCtx, module: ModuleDef, columns: Column[]): Resolved[] {
  if (columns.length > MAX_COLUMNS) throw limitExceeded(`at most ${MAX_COLUMNS} columns can be selected`, { by: 'select_columns', limit: MAX_COLUMNS });
  const keys = new Set<string>();
  const paths = new Set<string>();
  return columns.map((c) => {
    const path = `${c.aggregate ?? ''}|${c.path.join('.').toLowerCase()}`;
    if (paths.has(path)) throw new ZohoError(400, 'DUPLICATE_DATA', 'duplicate data', { column_name: c.key });
    if (keys.has(c.key)) throw new ZohoError(400, 'DUPLICATE_ALIAS', 'the same alias refers to more than one column', { column_name: c.key });
    paths.add(path);
    keys.add(c.key);
    return resolveColumn(ctx.env.store, module, c, ctx.env.switches.orgOffsetMinutes);
  });
}

/** The ORDER BY columns, resolved (an alias names its selected column). */
function orderKeys(resolve: (c: Column) => Resolved, selected: Resolved[], orderBy: { column: Column; desc: boolean }[]): { r: Resolved; desc: boolean }[] {
  if (orderBy.length > MAX_ORDER_BY) throw limitExceeded(`at most ${MAX_ORDER_BY} fields are allowed in ORDER BY`, { by: 'order_by', limit: MAX_ORDER_BY });
  const seen = new Set<string>();
  return orderBy.map(({ column, desc }) => {
    const aliased = column.path.length === 1 ? selected.find((s) => s.column.key === column.key && s.column.key !== s.column.path.join('.')) : undefined;
    const r = aliased ?? resolve(column);
    const id = r.column.path.join('.').toLowerCase();
    if (seen.has(id)) throw new ZohoError(400, 'DUPLICATE_DATA', 'duplicate data', { column_name: column.key, clause: 'order by' });
    seen.add(id);
    return { r, desc };
  });
}

function sorter(keys: { r: Resolved; desc: boolean }[]): (a: StoredRecord, b: StoredRecord) => number {
  return (a, b) => {
    for (const { r, desc } of keys) {
      const dir = desc ? -1 : 1;
      const [x, y] = [comparable(r.kind, r.value(a)), comparable(r.kind, r.value(b))];
      if (x === y) continue;
      // Empty values sort first, as nulls do in ascending SQL order.
      if (x === undefined) return -dir;
      if (y === undefined) return dir;
      return (x < y ? -1 : 1) * dir;
    }
    return BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0;
  };
}

export function coqlQuery(ctx: RouteCtx): RouteResult {
  const body = bodySchema.safeParse(ctx.body ?? {});
  if (!body.success) {
    const missing = (ctx.body as { select_query?: unknown } | undefined)?.select_query === undefined;
    if (missing) throw new ZohoError(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'select_query', json_path: '$.select_query' });
    throw invalidParam('select_query', 'invalid data', { reason: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  }
  const query = parseCoql(body.data.select_query);
  const module = findModule(query.module.name);
  if (!module || !hasModule(ctx.env.edition, ctx.env.switches, module.api_name)) {
    throw new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', { module: query.module.name, reason: module ? `${module.api_name} is not available in this edition` : `${query.module.name} is not a module` });
  }
  if (query.module.cvid !== undefined) throw new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', { reason: `the custom view ${query.module.cvid} does not exist` });
  if (!scopeAllows(ctx.scopes, 'modules', module.api_name.replace(/_/g, '').toLowerCase(), 'READ')) {
    throw new ZohoError(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL', { required_scope: `ZohoCRM.modules.${module.api_name.toLowerCase()}.READ` });
  }
  if (body.data.include_meta && !scopeAllows(ctx.scopes, 'settings', 'fields', 'READ')) {
    throw new ZohoError(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL', { required_scope: 'ZohoCRM.settings.fields.READ' });
  }
  if (!query.where && ctx.env.switches.coqlWhereRequired) throw new ZohoError(400, 'SYNTAX_ERROR', 'the query has no WHERE clause', { clause: 'where' });
  const selected = columnsOf(ctx, module, query.columns);
  const resolve = (c: Column): Resolved => resolveColumn(ctx.env.store, module, c, ctx.env.switches.orgOffsetMinutes);
  const keep = query.where ? new Compiler(resolve).compile(query.where) : () => true;
  const order = orderKeys(resolve, selected, query.orderBy);
  const { count, offset } = checkLimit(ctx, query.limit);

  const kept = [...ctx.env.store.table(module.api_name).values()].filter(keep);
  let data: Record<string, unknown>[];
  let total: number;
  if (isAggregateQuery(query.columns, query.groupBy)) {
    const groups = groupRows(selected, query.groupBy.map(resolve), order, kept);
    total = groups.length;
    data = groups.slice(offset, offset + count);
  } else {
    total = kept.length;
    data = kept.sort(sorter(order)).slice(offset, offset + count).map((rec) => {
      const row: Record<string, unknown> = {};
      for (const s of selected) row[s.column.key] = s.present(rec);
      row.id = rec.id;
      return row;
    });
  }
  if (!data.length) return { status: 204 };
  const fields = body.data.include_meta
    ? Object.fromEntries(selected.flatMap((s) => (s.field && s.column.path.length === 1 ? [[s.column.key, presentField(s.field)]] : [])))
    : undefined;
  return { status: 200, body: { data, ...(fields && { fields }), info: { count: data.length, more_records: total > offset + count } } };
}
