// One page of a collection answer (spec §5): at most `Prefer: odata.maxpagesize` / `B1S-PageSize` /
// b1s.conf PageSize rows from `$skip` (0 = all), the count when asked, and the next link each version
// writes — v1 host-relative, v2 as the `v2NextLink` switch says — with no link after the last row.
import type { Row } from '../../kit/sandbox/table.ts';
import { header, sendJson } from './http.ts';
import { nextLink, pageSizeOf } from './query.ts';
import type { ApiRequest } from './routes.ts';

export interface PageRequest<T> {
  /** `{origin}/b1s/vN/$metadata#…` */
  context: string;
  rows: readonly T[];
  skip: number;
  top?: number;
  count: boolean;
  render(row: T): Row;
  /** What the next link starts with, relative to the service root: `Invoices`, `$crossjoin(A,B)`. */
  linkPath: string;
}

export function sendPage<T>(a: ApiRequest, p: PageRequest<T>): void {
  const { core, version } = a;
  const page = pageSizeOf(header(a.ex, 'prefer'), header(a.ex, 'b1s-pagesize'), core.base.switches.pageSize);
  const end = p.top === undefined ? p.rows.length : Math.min(p.rows.length, p.skip + p.top);
  const stop = page.size === 0 ? end : Math.min(end, p.skip + page.size);
  const body: Record<string, unknown> = { [version === 'v1' ? 'odata.metadata' : '@odata.context']: p.context };
  if (p.count) body[version === 'v1' ? 'odata.count' : '@odata.count'] = version === 'v1' ? String(p.rows.length) : p.rows.length;
  body.value = p.rows.slice(p.skip, stop).map((r) => p.render(r));
  if (stop < end) {
    const rel = `${p.linkPath}?${nextLink(a.rawSearch, stop, p.top === undefined ? undefined : end - stop)}`;
    if (version === 'v1') body['odata.nextLink'] = `/b1s/v1/${rel}`;
    else body['@odata.nextLink'] = core.base.switches.v2NextLink === 'relative' ? rel : core.base.switches.v2NextLink === 'hostRelative' ? `/b1s/v2/${rel}` : `${a.origin}/b1s/v2/${rel}`;
  }
  sendJson(a.ex, 200, body, page.applied ? { 'Preference-Applied': page.applied } : {});
}
