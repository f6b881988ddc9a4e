// The CRM search endpoint's semantics (spec §6): filter groups (OR of ANDs), the operator set,
// one sort, numeric-offset paging capped at 10 000 results, limit ≤ 200, and the group/filter caps.
import type { PropertyDef } from './data.ts';
import { validation } from './errors.ts';
import type { ObjectTable, Rec } from './state.ts';

interface Filter {
  propertyName: string;
  operator: string;
  value?: unknown;
  highValue?: unknown;
  values?: unknown[];
}

export interface SearchRequest {
  filterGroups?: { filters?: Filter[] }[];
  filters?: Filter[];
  sorts?: (string | { propertyName: string; direction?: string })[];
  properties?: string[];
  limit?: number;
  after?: string | number;
  query?: string;
}

export const SEARCH_MAX_RESULTS = 10_000;
const OPERATORS = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']);

function comparable(def: PropertyDef | undefined, v: unknown): number | string {
  const s = String(v ?? '');
  if (def && (def.type === 'datetime' || def.type === 'date')) {
    const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
    return Number.isFinite(ms) ? ms : s;
  }
  if (def?.type === 'number' || (def === undefined && /^-?\d+(\.\d+)?$/.test(s))) return Number(s);
  if (def?.name === 'hs_object_id') return Number(s);
  return s.toLowerCase();
}

function matches(table: ObjectTable, rec: Rec, f: Filter): boolean {
  const def = table.properties.get(f.propertyName);
  const raw = f.propertyName === 'hs_object_id' ? rec.id : rec.props[f.propertyName];
  const has = raw !== undefined && raw !== '';
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'IN':
    case 'NOT_IN': {
      const set = new Set((f.values ?? []).map((v) => comparable(def, v)));
      const inSet = has && set.has(comparable(def, raw));
      return f.operator === 'IN' ? inSet : !inSet;
    }
    case 'CONTAINS_TOKEN':
    case 'NOT_CONTAINS_TOKEN': {
      const pattern = String(f.value ?? '').toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      const re = new RegExp(`(^|[^a-z0-9])${pattern}($|[^a-z0-9])`, 'i');
      const hit = has && (re.test(String(raw)) || String(raw).toLowerCase() === String(f.value ?? '').toLowerCase());
      return f.operator === 'CONTAINS_TOKEN' ? hit : !hit;
    }
  }
  if (!has) return f.operator === 'NEQ';
  const a = comparable(def, raw);
  const b = comparable(def, f.value);
  switch (f.operator) {
    case 'EQ':
      return a === b;
    case 'NEQ':
      return a !== b;
    case 'LT':
      return a < b;
    case 'LTE':
      return a <= b;
    case 'GT':
      return a > b;
    case 'GTE':
      return a >= b;
    case 'BETWEEN':
      return a >= b && a <= comparable(def, f.highValue);
  }
  return false;
}

export function search(table: ObjectTable, req: SearchRequest, options: { maxGroups: number; maxFiltersPerGroup: number; maxFilters: number; visibleBefore: number; cacheable: boolean }): { total: number; records: Rec[]; next: string | null } {
  const limit = req.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 0 || limit > 200) throw validation(`limit must be between 0 and 200, got ${String(req.limit)}`);
  const after = req.after === undefined || req.after === null || req.after === '' ? 0 : Number(req.after);
  if (!Number.isInteger(after) || after < 0) throw validation(`after must be a non-negative number, got ${String(req.after)}`);
  if (after >= SEARCH_MAX_RESULTS) {
    throw validation(`Requested paging exceeds the ${SEARCH_MAX_RESULTS} result limit for search. Refine your filters.`, [{ message: `after must be below ${SEARCH_MAX_RESULTS}`, code: 'PAGING_LIMIT_EXCEEDED' }]);
  }
  const groups = req.filterGroups?.length ? req.filterGroups : req.filters?.length ? [{ filters: req.filters }] : [];
  if (groups.length > options.maxGroups) throw validation(`Too many filter groups (${groups.length}); at most ${options.maxGroups} are allowed.`);
  let total = 0;
  for (const g of groups) {
    const n = g.filters?.length ?? 0;
    if (n > options.maxFiltersPerGroup) throw validation(`Too many filters in a group (${n}); at most ${options.maxFiltersPerGroup} are allowed.`);
    total += n;
    for (const f of g.filters ?? []) {
      if (!OPERATORS.has(f.operator)) throw validation(`Unknown operator ${f.operator}.`);
      if (f.operator === 'BETWEEN' && (f.highValue === undefined || f.highValue === null)) throw validation('operator BETWEEN requires a highValue');
    }
  }
  if (total > options.maxFilters) throw validation(`Too many filters (${total}); at most ${options.maxFilters} are allowed.`);
  if ((req.sorts?.length ?? 0) > 1) throw validation('Only one sort is allowed.');

  // Paging one query re-runs it with a new `after`; reuse the sorted hits while nothing changed.
  const cacheKey = JSON.stringify([groups, req.sorts ?? null, req.query ?? null]);
  const cached = cache.get(table);
  const fresh = options.cacheable && cached && cached.key === cacheKey && cached.version === table.version;
  const hits = fresh ? cached.hits : collect(table, req, groups, options.visibleBefore);
  if (options.cacheable && !fresh) cache.set(table, { key: cacheKey, version: table.version, hits });
  // Results past the cap are never served; the last page still points past it, as HubSpot does.
  const page = hits.slice(after, Math.min(after + limit, SEARCH_MAX_RESULTS));
  const more = after + limit < hits.length;
  return { total: hits.length, records: page, next: more ? String(after + limit) : null };
}

const cache = new WeakMap<ObjectTable, { key: string; version: number; hits: Rec[] }>();

function collect(table: ObjectTable, req: SearchRequest, groups: { filters?: Filter[] }[], visibleBefore: number): Rec[] {
  const q = req.query?.trim().toLowerCase();
  const hits: Rec[] = [];
  for (const rec of table.order) {
    if (rec.archived || rec.updatedAt > visibleBefore) continue;
    if (groups.length && !groups.some((g) => (g.filters ?? []).every((f) => matches(table, rec, f)))) continue;
    if (q && !Object.values(rec.props).some((v) => v.toLowerCase().includes(q))) continue;
    hits.push(rec);
  }
  const sort = req.sorts?.[0];
  if (sort) {
    const propertyName = typeof sort === 'string' ? sort.replace(/^-/, '') : sort.propertyName;
    const desc = typeof sort === 'string' ? sort.startsWith('-') : sort.direction === 'DESCENDING';
    const def = table.properties.get(propertyName);
    const key = (r: Rec): number | string => (propertyName === 'hs_object_id' ? r.num : comparable(def, r.props[propertyName] ?? ''));
    hits.sort((x, y) => {
      const a = key(x);
      const b = key(y);
      const c = a < b ? -1 : a > b ? 1 : x.num - y.num;
      return desc ? -c : c;
    });
  }
  return hits;
}
