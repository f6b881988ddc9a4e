// OData for every connector that speaks it (Sage 300 Web API, SAP B1 Service Layer v1/v2):
// `$filter` expressions built without string-pasting mistakes, the system query options, the
// collection envelope in both annotation spellings, and next links held to our own service root.
//
//   const f = odataFilter(SAPB1_V1);                  // or ODATA_V4 (Sage 300), SAPB1_V2
//   http.request({ method: 'GET', path: 'BusinessPartners',
//     query: odataQuery({ filter: f.and(f.eq('CardType', 'cCustomer'), f.ge('UpdateDate', f.day('2024-05-01'))),
//                         select: ['CardCode', 'CardName'], orderby: ['CardCode'], top: 100, count: true }, SAPB1_V1),
//     schema: odataCollection(bpSchema) });
//   then, while body.nextLink: http.request({ method: 'GET', path: rebaseNextLink(body.nextLink, http.baseUrl) })
//
// Literal rules: strings single-quoted with inner quotes doubled (v3 and v4 alike); numbers must be
// finite; calendar days depend on the server, not only the protocol version: Sage 300 wants the
// unquoted DateTimeOffset `2024-05-01T00:00:00Z` (a quoted date is a type error, `datetime'…'` fails
// on some installs), SAP B1 v1 the quoted `'2024-05-01'` (spec §4.2), SAP B1 v2 the bare `2024-05-01`.
import { z } from 'zod';
import { checkedArray } from './checked-record.ts';
import { FatalError } from '../errors.ts';
import type { HttpClient, HttpRequest, QueryValue } from '../http.ts';

export type Filter = string & { readonly __filter: unique symbol };

/** A calendar date, `YYYY-MM-DD`; the dialect decides how it is written. */
export interface Day {
  day: string;
}

export type Literal = string | number | boolean | null | Day;

export interface ODataDialect {
  /** v3 counts with `$inlinecount=allpages`, v4 with `$count=true`. */
  version: 'v3' | 'v4';
  /** How a calendar day is written in `$filter`. */
  days: 'midnight-z' | 'bare' | 'quoted';
}

/** OData v4 with DateTimeOffset days: Sage 300 Web API. */
export const ODATA_V4: ODataDialect = { version: 'v4', days: 'midnight-z' };
/** SAP B1 Service Layer `/b1s/v1` (OData v3, dates quoted). */
export const SAPB1_V1: ODataDialect = { version: 'v3', days: 'quoted' };
/** SAP B1 Service Layer `/b1s/v2` (OData v4, bare dates). */
export const SAPB1_V2: ODataDialect = { version: 'v4', days: 'bare' };

/** Simple properties and navigation paths (`Address/City`); SAP user fields (`U_Region`) included. */
const PROPERTY = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

export function property(name: string): string {
  if (!PROPERTY.test(name)) throw new Error(`Not an OData property name: ${JSON.stringify(name)}`);
  return name;
}

export function day(value: string): Day {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new Error(`Not a calendar date: ${JSON.stringify(value)}`);
  return { day: value };
}

export function literal(value: Literal, dialect: ODataDialect = ODATA_V4): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'object') {
    const d = day(value.day).day;
    return dialect.days === 'midnight-z' ? `${d}T00:00:00Z` : dialect.days === 'bare' ? d : `'${d}'`;
  }
  return `'${value.replace(/'/g, "''")}'`;
}

function join(op: 'and' | 'or', parts: (Filter | undefined)[]): Filter | undefined {
  const present = parts.filter((p): p is Filter => p !== undefined && p !== '');
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return present.map((p) => `(${p})`).join(` ${op} `) as Filter;
}

/** The `$filter` builder of one dialect. */
export function odataFilter(dialect: ODataDialect) {
  const lit = (v: Literal) => literal(v, dialect);
  const cmp = (op: string) => (name: string, value: Literal) => `${property(name)} ${op} ${lit(value)}` as Filter;
  const eq = cmp('eq');
  const gt = cmp('gt');
  const and = (...parts: (Filter | undefined)[]) => join('and', parts);
  const or = (...parts: (Filter | undefined)[]) => join('or', parts);
  return {
    dialect,
    day,
    literal: lit,
    eq,
    ne: cmp('ne'),
    gt,
    ge: cmp('ge'),
    lt: cmp('lt'),
    le: cmp('le'),
    and,
    or,
    not: (f: Filter) => `not (${f})` as Filter,
    startsWith: (name: string, value: string) => `startswith(${property(name)},${lit(value)})` as Filter,
    /**
     * Rows strictly after `values` in key order, for key-set paging over single or composite keys:
     * `(A gt a) or (A eq a and B gt b)`.
     */
    keyAfter(fields: readonly string[], values: readonly (string | number)[]): Filter {
      if (fields.length !== values.length || fields.length === 0) throw new Error('keyAfter needs one value per key field');
      const branches: Filter[] = [];
      for (let k = 0; k < fields.length; k++) {
        const equal = fields.slice(0, k).map((f, j) => eq(f, values[j]!));
        branches.push(and(...equal, gt(fields[k]!, values[k]!))!);
      }
      return or(...branches)!;
    },
  };
}

export type ODataFilterBuilder = ReturnType<typeof odataFilter>;

export interface ODataQuery {
  filter?: Filter | undefined;
  select?: readonly string[] | undefined;
  /** Property names, ascending, or `{ property, desc }`. */
  orderby?: readonly (string | { property: string; desc?: boolean })[] | undefined;
  expand?: readonly string[] | undefined;
  top?: number | undefined;
  skip?: number | undefined;
  /** Ask for the total count inline (`$inlinecount=allpages` on v3, `$count=true` on v4). */
  count?: boolean | undefined;
}

function whole(name: string, n: number | undefined): number | undefined {
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0, got ${n}`);
  return n;
}

/** The system query options for the HTTP client's `query` (which encodes them, %20 for spaces). */
export function odataQuery(q: ODataQuery, dialect: ODataDialect = ODATA_V4): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  if (q.filter) out.$filter = q.filter;
  if (q.select?.length) out.$select = q.select.map((s) => (s === '*' ? s : property(s))).join(',');
  if (q.expand?.length) out.$expand = q.expand.map(property).join(',');
  if (q.orderby?.length) {
    out.$orderby = q.orderby.map((o) => (typeof o === 'string' ? property(o) : `${property(o.property)}${o.desc ? ' desc' : ''}`)).join(',');
  }
  const top = whole('$top', q.top);
  const skip = whole('$skip', q.skip);
  if (top !== undefined) out.$top = top;
  if (skip !== undefined) out.$skip = skip;
  if (q.count) {
    if (dialect.version === 'v3') out.$inlinecount = 'allpages';
    else out.$count = 'true';
  }
  return out;
}

/**
 * A collection page in either spelling: v4 `@odata.nextLink` / integer `@odata.count`, v3
 * `odata.nextLink` / string `odata.count`. Parsed to `{ value, nextLink, count }`.
 */
export function odataCollection<T extends z.ZodType>(item: T) {
  return z
    .looseObject({
      value: checkedArray(item),
      '@odata.nextLink': z.string().optional(),
      'odata.nextLink': z.string().optional(),
      '@odata.count': z.union([z.number(), z.string()]).optional(),
      'odata.count': z.union([z.number(), z.string()]).optional(),
    })
    .transform((c) => {
      const count = c['@odata.count'] ?? c['odata.count'];
      return {
        value: c.value as z.infer<T>[],
        nextLink: c['@odata.nextLink'] ?? c['odata.nextLink'] ?? null,
        count: count === undefined ? null : Number(count),
      };
    });
}

/**
 * A server-written next link as a path relative to our service root, whatever form it takes:
 * absolute (`https://other-host/…`: IIS behind a proxy writes its own name), host-relative
 * (`/b1s/v1/Orders?$skip=20`, also behind a proxy prefix such as `/ServiceLayer/b1s/v1`) or
 * relative to the service root (`BusinessPartners?$skip=20`). Only the path and query are kept:
 * credentials only ever go to the configured host. Paths compare case-insensitively (IIS).
 */
export function rebaseNextLink(link: string, serviceRoot: string): string {
  const root = new URL(serviceRoot.endsWith('/') ? serviceRoot : `${serviceRoot}/`);
  const rootPath = root.pathname.replace(/\/+$/, '');
  if (!/^[a-z][a-z0-9+.-]*:/i.test(link) && !link.startsWith('/')) {
    return link.replace(/^\.\//, '');
  }
  const u = new URL(link, root);
  const path = u.pathname;
  const lower = path.toLowerCase();
  // The longest tail of our root path (segment-aligned) found in the link's path: the whole root for
  // a plain server, `/b1s/v1` when our proxy adds a prefix the server does not know about, and found
  // after a prefix when the server's own proxy adds one we do not use.
  const segments = rootPath.split('/').filter(Boolean);
  if (segments.length === 0) return `${path.replace(/^\/+/, '')}${u.search}`;
  for (let i = 0; i < segments.length; i++) {
    const tail = `/${segments.slice(i).join('/')}/`.toLowerCase();
    const at = lower.indexOf(tail);
    if (at >= 0) return `${path.slice(at + tail.length)}${u.search}`;
  }
  throw new FatalError(`The server's next link (${u.pathname}) is not under the service root ${rootPath || '/'}; paging cannot continue.`, {
    code: 'ODATA_NEXT_LINK',
    hint: 'Check the base URL of this connection: it must be the service root the server itself uses.',
  });
}

/**
 * Every page of a collection: the first request as given, then the server's next links (rebased on
 * the client's base URL) until a page comes without one. Request options other than method, path
 * and query (headers such as `Prefer: odata.maxpagesize`, the signal) are repeated on every page.
 */
export async function* odataPages<T extends z.ZodType>(
  http: Pick<HttpClient, 'request' | 'baseUrl'>,
  first: Omit<HttpRequest, 'schema' | 'method'>,
  item: T,
): AsyncGenerator<{ value: z.infer<T>[]; count: number | null }> {
  const schema = odataCollection(item);
  let req: HttpRequest<z.infer<typeof schema>> = { ...first, method: 'GET', schema };
  for (;;) {
    const { body } = await http.request(req);
    yield { value: body.value, count: body.count };
    if (!body.nextLink) return;
    const { query: _query, ...rest } = req;
    const path = rebaseNextLink(body.nextLink, http.baseUrl);
    if (path === req.path) {
      throw new FatalError(`The server sent the same next link twice (${path.split('?')[0]}); paging would never end.`, { code: 'ODATA_NEXT_LINK_LOOP' });
    }
    req = { ...rest, path };
  }
}
