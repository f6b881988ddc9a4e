// A collection GET (spec §4, §5): $filter, $apply (apply.ts), $orderby (key order by default), $skip before $top, server-driven
// pages of `Prefer: odata.maxpagesize` / `B1S-PageSize` / b1s.conf PageSize rows (0 = all), and the next
// link each version writes: v1 host-relative, v2 relative to the service root, both repeating every query
// option as sent with `$skip` moved on — and no link after the last row (no empty trailing page).
import type { EntitySet } from './entities.ts';
import { parseApply, type ApplyPlan } from './apply.ts';
import { parseProjection, type Projection } from './expand.ts';
import { badQuery, invalidProperty, type ApiVersion } from './errors.ts';
import { compileFilter } from './filter.ts';
import { compareValues, type Row } from '../../kit/sandbox/table.ts';
import type { CompanyState } from './state.ts';

const OPTIONS = new Set(['$filter', '$select', '$orderby', '$top', '$skip', '$inlinecount', '$count', '$expand', '$format', '$apply']);

export interface CollectionQuery {
  filter?: string;
  projection: Projection;
  apply?: ApplyPlan;
  orderby?: { prop: string; desc: boolean }[];
  top?: number;
  skip: number;
  count: boolean;
}

function nonNegative(name: string, raw: string | null): number | undefined {
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) throw badQuery(`Invalid value '${raw}' for query option '${name}'`);
  return Number(raw);
}

/** `v2InlineCount`: whether /b1s/v2 also takes the v3 `$inlinecount` (switch, spec §5.3). */
export function parseQuery(set: EntitySet, params: URLSearchParams, version: ApiVersion, v2InlineCount: 'accept' | 'refuse' = 'refuse'): CollectionQuery {
  for (const name of params.keys()) {
    if (name.startsWith('$') && !OPTIONS.has(name)) throw badQuery(`Query option '${name}' is not supported`);
  }
  const inline = params.get('$inlinecount');
  if (inline !== null && ((version === 'v2' && v2InlineCount === 'refuse') || (inline !== 'allpages' && inline !== 'none'))) {
    throw badQuery(`Invalid value '${inline}' for query option '$inlinecount'`);
  }
  const countParam = params.get('$count');
  if (countParam !== null && countParam !== 'true' && countParam !== 'false') throw badQuery(`Invalid value '${countParam}' for query option '$count'`);
  const projection = parseProjection(set, params);
  const orderby = params.get('$orderby')?.split(',').map((part) => {
    const [prop = '', dir = 'asc', extra] = part.trim().split(/\s+/);
    if (extra !== undefined || (dir !== 'asc' && dir !== 'desc')) throw badQuery(`Invalid $orderby '${part.trim()}'`);
    if (!(prop in set.props) || set.props[prop] === 'collection') throw invalidProperty(prop, set.type);
    return { prop, desc: dir === 'desc' };
  });
  const filter = params.get('$filter') ?? undefined;
  const apply = params.get('$apply');
  const top = nonNegative('$top', params.get('$top'));
  return {
    ...(filter !== undefined && { filter }),
    projection,
    ...(apply !== null && { apply: parseApply(set, apply) }),
    ...(orderby && { orderby }),
    ...(top !== undefined && { top }),
    skip: nonNegative('$skip', params.get('$skip')) ?? 0,
    count: version === 'v1' ? inline === 'allpages' : countParam === 'true' || inline === 'allpages',
  };
}

/** Filtered, ordered rows of a set, cached per (query, table version) so following next links stays cheap. */
export class ResultCache {
  private readonly entries = new Map<string, { version: number; rows: readonly Row[] }>();

  matching(revision: number, cacheKey: string, compute: () => readonly Row[]): readonly Row[] {
    const hit = this.entries.get(cacheKey);
    if (hit && hit.version === revision) return hit.rows;
    const rows = compute();
    this.entries.delete(cacheKey);
    this.entries.set(cacheKey, { version: revision, rows });
    if (this.entries.size > 64) this.entries.delete(this.entries.keys().next().value!);
    return rows;
  }
}

export function selectRows(
  set: EntitySet, state: CompanyState, q: CollectionQuery, version: ApiVersion, caseInsensitive: boolean, v2QuotedLiterals: boolean, cache: ResultCache,
): readonly Row[] {
  const key = `${set.name}|${version}|${caseInsensitive}|${v2QuotedLiterals}|${q.filter ?? ''}|${JSON.stringify(q.orderby ?? [])}`;
  return cache.matching(state.revision, key, () => {
    const test = q.filter === undefined ? undefined : compileFilter(q.filter, { set, version, caseInsensitive, v2QuotedLiterals });
    let rows = state.table(set.name).all().filter((r) => (test ? test(r) : true));
    if (q.orderby) {
      const order = q.orderby;
      rows = [...rows].sort((a, b) => {
        for (const o of order) {
          const c = compareValues(a[o.prop], b[o.prop]);
          if (c !== 0) return o.desc ? -c : c;
        }
        return 0;
      });
    }
    return rows;
  });
}

/** The next page's link: every option as the client sent it, `$skip` (and a remaining `$top`) moved on. */
export function nextLink(rawSearch: string, skip: number, remainingTop: number | undefined): string {
  const parts = rawSearch.replace(/^\?/, '').split('&').filter((p) => p && !/^(\$|%24)(skip|top)=/i.test(p));
  if (remainingTop !== undefined) parts.push(`$top=${remainingTop}`);
  parts.push(`$skip=${skip}`);
  return parts.join('&');
}

/** Page size for this request (spec §5.1): Prefer wins over B1S-PageSize, which wins over b1s.conf. */
export function pageSizeOf(prefer: string | undefined, b1sPageSize: string | undefined, configured: number): { size: number; applied?: string } {
  const m = /(?:^|[,;\s])odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer ?? '');
  if (m) return { size: Number(m[1]), applied: `odata.maxpagesize=${m[1]}` };
  if (b1sPageSize !== undefined && /^\d+$/.test(b1sPageSize.trim())) return { size: Number(b1sPageSize.trim()) };
  return { size: configured };
}
