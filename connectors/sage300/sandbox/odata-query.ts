// Query options of a collection GET (spec §4.1, §5): parsing with the stack's error texts, the page
// cut at web.config's PageSize, `$top` larger than a page continuing through `@odata.nextLink`.
import { invalidParameters, propertyNotFound } from './errors.ts';
import { compileFilter, ODataFilterError, type CompiledFilter, type FilterOptions } from '../../kit/sandbox/odata-filter.ts';
import { type Model, qualified } from './models.ts';
import { compareValues, type Row, type Table } from '../../kit/sandbox/table.ts';

export interface QueryOptions {
  filter?: CompiledFilter;
  filterText?: string;
  select?: string[];
  top?: number;
  skip: number;
  count: boolean;
  orderby?: { prop: string; desc: boolean }[];
  /** The raw options in request order, to rebuild `@odata.nextLink`. */
  raw: [string, string][];
}

const KNOWN = new Set(['$filter', '$select', '$top', '$skip', '$count', '$orderby', '$expand', '$format', '$search', '$skiptoken', '$apply']);

export function parseQuery(search: string, model: Model, opts: FilterOptions & { orderbySupported: boolean }): QueryOptions {
  const params = new URLSearchParams(search);
  const raw: [string, string][] = [];
  const seen = new Set<string>();
  for (const [name, value] of params) {
    if (!name.startsWith('$')) continue;
    const lower = name.toLowerCase();
    if (!KNOWN.has(lower)) throw invalidParameters(`The query parameter '${name}' is not supported.`);
    if (seen.has(lower)) throw invalidParameters(`Query option '${lower}' was specified more than once, but it must be specified at most once.`);
    seen.add(lower);
    raw.push([lower, value]);
  }
  const get = (n: string) => raw.find(([k]) => k === n)?.[1];
  const q: QueryOptions = { skip: 0, count: false, raw };
  const filter = get('$filter');
  if (filter !== undefined) {
    try {
      q.filter = compileFilter(filter, model, opts);
    } catch (e) {
      throw e instanceof ODataFilterError ? invalidParameters(e.message) : e;
    }
    q.filterText = filter;
  }
  const select = get('$select');
  if (select !== undefined && select.trim() !== '*') {
    q.select = select.split(',').map((p) => p.trim()).filter(Boolean);
    for (const p of q.select) if (!(p in model.props)) throw propertyNotFound(p, qualified(model));
  }
  const int = (n: string) => {
    const v = get(n);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v.trim())) throw invalidParameters(`Invalid value '${v}' for ${n} query option found. The ${n} query option requires a non-negative integer value.`);
    return Number(v);
  };
  const top = int('$top');
  if (top !== undefined) q.top = top;
  q.skip = int('$skip') ?? 0;
  const count = get('$count');
  if (count !== undefined) {
    if (count !== 'true' && count !== 'false') throw invalidParameters(`'${count}' is not a valid count option.`);
    q.count = count === 'true';
  }
  const orderby = get('$orderby');
  if (orderby !== undefined) {
    if (!opts.orderbySupported) throw invalidParameters(`The query parameter '$orderby' is not supported.`);
    q.orderby = orderby.split(',').map((part) => {
      const [prop = '', dir = 'asc', extra] = part.trim().split(/\s+/);
      if (!(prop in model.props)) throw propertyNotFound(prop, qualified(model));
      if (extra !== undefined || (dir !== 'asc' && dir !== 'desc')) throw invalidParameters(`Syntax error at position ${part.length} in '${orderby}'.`);
      return { prop, desc: dir === 'desc' };
    });
  }
  if (get('$expand') !== undefined) {
    throw invalidParameters(`Property '${get('$expand')}' on type '${qualified(model)}' is not a navigation property or complex property. Only navigation properties can be expanded.`);
  }
  return q;
}

/** Where the last page of each recent query stopped, per table. */
const scanPositions = new WeakMap<Table, Map<string, { version: number; skip: number; position: number }>>();

export interface PageResult {
  rows: Row[];
  /** Total matches, when `$count=true`. */
  count?: number;
  /** Options for the next page, when there is one. */
  next?: { skip: number; top?: number };
}

export function runQuery(table: Table, q: QueryOptions, pageSize: number): PageResult {
  const keyFields = table.keyFields;
  const keyOrder = !q.orderby || (q.orderby.every((o, k) => !o.desc && o.prop === keyFields[k]) && q.orderby.length <= keyFields.length);
  const limit = Math.min(q.top ?? Infinity, pageSize);
  const test = q.filter?.test ?? (() => true);
  let count: number | undefined;
  let rows: Row[] = [];
  let more = false;

  if (keyOrder && !q.count) {
    // Stream in key order from the filter's lower bound on the first key field; stop one row past the page.
    // A `$skip` continuing the previous page of the same query resumes where that page stopped, so
    // following @odata.nextLink through 50,000 rows stays linear.
    const cacheKey = `${q.filterText ?? ''}|${q.orderby?.map((o) => o.prop).join(',') ?? ''}`;
    const positions = scanPositions.get(table) ?? new Map<string, { version: number; skip: number; position: number }>();
    scanPositions.set(table, positions);
    const remembered = positions.get(cacheKey);
    let position: number;
    let skipped = 0;
    if (q.skip > 0 && remembered && remembered.version === table.version && remembered.skip === q.skip) {
      position = remembered.position;
      skipped = q.skip;
    } else {
      const bound = q.filter?.lowerBound(keyFields[0]!);
      position = bound === undefined ? 0 : table.lowerBound([bound]);
    }
    for (; position < table.length; position++) {
      const row = table.rowAt(position);
      if (!row || !test(row)) continue;
      if (skipped < q.skip) { skipped++; continue; }
      if (rows.length === limit) { more = true; break; }
      rows.push(row);
    }
    if (positions.size > 64) positions.clear();
    positions.set(cacheKey, { version: table.version, skip: q.skip + rows.length, position });
  } else {
    const bound = keyOrder ? q.filter?.lowerBound(keyFields[0]!) : undefined;
    let all: Row[] = [];
    for (const row of table.scan(bound === undefined ? 0 : table.lowerBound([bound]))) if (test(row)) all.push(row);
    count = all.length;
    if (!keyOrder) {
      const order = q.orderby!;
      all = all.sort((a, b) => {
        for (const o of order) {
          const c = compareValues(a[o.prop], b[o.prop]);
          if (c !== 0) return o.desc ? -c : c;
        }
        return 0;
      });
    }
    rows = all.slice(q.skip, q.skip + limit);
    more = all.length > q.skip + limit;
  }

  const result: PageResult = { rows };
  if (q.count) result.count = count!;
  // Server-driven paging: only when the client asked for more than a page (or for everything).
  const wantsMore = q.top === undefined || q.top > pageSize;
  if (more && wantsMore) {
    result.next = { skip: q.skip + rows.length };
    if (q.top !== undefined) result.next.top = q.top - rows.length;
  }
  return result;
}

export function project(row: Row, select: string[] | undefined): Row {
  if (!select) return row;
  const out: Row = {};
  for (const p of select) out[p] = row[p];
  return out;
}

/** `@odata.nextLink`: the original options with `$top` reduced and `$skip` advanced. */
export function nextLinkQuery(raw: [string, string][], next: { skip: number; top?: number }): string {
  const parts = raw.filter(([k]) => k !== '$skip' && k !== '$top').map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%24/g, '$').replace(/%2C/g, ',')}`);
  if (next.top !== undefined) parts.push(`$top=${next.top}`);
  parts.push(`$skip=${next.skip}`);
  return parts.join('&');
}
