// CRM search (spec §6) that never silently stops at HubSpot's 10 000-result cap: results are sorted
// by the last-modified property inside [since, until]; before the offset would pass the cap, the
// window restarts at the last timestamp seen (ids already read at that instant are skipped). If more
// than a whole window shares one timestamp, that instant is read by keyset on hs_object_id.
// Every call goes through the search bucket (5/s, no rate-limit headers).
import type { HubSpotClient } from './client.ts';
import { searchResponse, type SimpleObject } from './schema.ts';

export const SEARCH_CAP = 10_000;
export const SEARCH_PAGE_MAX = 200;

export interface SearchFilter {
  propertyName: string;
  operator: 'EQ' | 'NEQ' | 'LT' | 'LTE' | 'GT' | 'GTE' | 'BETWEEN' | 'IN' | 'NOT_IN' | 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY' | 'CONTAINS_TOKEN' | 'NOT_CONTAINS_TOKEN';
  value?: string;
  highValue?: string;
  values?: string[];
}

export interface SearchRequest {
  filterGroups?: { filters: SearchFilter[] }[];
  sorts?: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }[];
  properties?: string[];
  limit?: number;
  after?: string;
  query?: string;
}

export function lastModifiedProperty(type: string): 'lastmodifieddate' | 'hs_lastmodifieddate' {
  return type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

export async function searchPage(client: HubSpotClient, type: string, req: SearchRequest, signal?: AbortSignal): Promise<{ total: number; results: SimpleObject[]; after: string | null }> {
  const res = await client.request({ method: 'POST', path: `/crm/v3/objects/${encodeURIComponent(type)}/search`, json: req, bucket: 'search', schema: searchResponse, ...(signal && { signal }) });
  return { total: res.body.total, results: res.body.results, after: res.body.paging?.next?.after ?? null };
}

export interface SearchAllOptions {
  /** Extra filters ANDed with the time window (keep ≤ 4: the window uses two of the 6 per group). */
  filters?: SearchFilter[];
  properties?: string[];
  since?: Date | null;
  until: Date;
  pageSize?: number;
  /** A `resume` from an earlier page of this same read. */
  resume?: string | null;
  signal?: AbortSignal;
}

interface Position {
  /** Inclusive lower bound in epoch ms (null: from the beginning). */
  lo: number | null;
  /** Ids already read whose timestamp equals `lo`. */
  seen: string[];
}

const encode = (p: Position): string => JSON.stringify(p);
function decode(s: string | null | undefined): Position | null {
  if (!s) return null;
  try {
    const p = JSON.parse(s) as Position;
    return Array.isArray(p.seen) ? p : null;
  } catch {
    return null;
  }
}

/** Pages of records changed in [since, until], oldest first, each with the position to resume after it. */
export async function* searchAll(client: HubSpotClient, type: string, options: SearchAllOptions): AsyncGenerator<{ items: SimpleObject[]; resume: string }> {
  const modified = lastModifiedProperty(type);
  const pageSize = Math.min(options.pageSize ?? SEARCH_PAGE_MAX, SEARCH_PAGE_MAX);
  const properties = [...new Set([...(options.properties ?? []), modified])];
  const until = String(options.until.getTime());
  const pos: Position = decode(options.resume) ?? { lo: options.since ? options.since.getTime() : null, seen: [] };
  const ts = (r: SimpleObject): number => Date.parse(r.properties[modified] ?? r.updatedAt ?? '') || 0;

  for (;;) {
    let offset = 0;
    let lastTs: number | null = null;
    let idsAtLast: string[] = [];
    for (;;) {
      const filters: SearchFilter[] = [...(options.filters ?? []), { propertyName: modified, operator: 'LTE', value: until }];
      if (pos.lo !== null) filters.push({ propertyName: modified, operator: 'GTE', value: String(pos.lo) });
      const page = await searchPage(client, type, { filterGroups: [{ filters }], sorts: [{ propertyName: modified, direction: 'ASCENDING' }], properties, limit: pageSize, after: String(offset) }, options.signal);
      const seen = new Set(pos.seen);
      const items = page.results.filter((r) => !(pos.lo !== null && ts(r) === pos.lo && seen.has(r.id)));
      for (const r of page.results) {
        const t = ts(r);
        if (t !== lastTs) {
          lastTs = t;
          idsAtLast = [];
        }
        idsAtLast.push(r.id);
      }
      const next = page.after === null ? null : Number(page.after);
      // Sorted ascending, so "from lastTs, skipping the ids read at lastTs" resumes exactly here.
      const here = (): string => encode({ lo: lastTs ?? pos.lo, seen: lastTs === pos.lo ? [...new Set([...pos.seen, ...idsAtLast])] : idsAtLast });
      if (next === null) {
        if (items.length || offset === 0) yield { items, resume: here() };
        return;
      }
      if (next >= SEARCH_CAP) {
        if (items.length) yield { items, resume: here() };
        break;
      }
      if (items.length) yield { items, resume: here() };
      offset = next;
    }
    if (lastTs !== null && lastTs !== pos.lo) {
      pos.seen = lastTs === pos.lo ? [...new Set([...pos.seen, ...idsAtLast])] : idsAtLast;
      pos.lo = lastTs;
      continue;
    }
    // A full window at one instant: read that instant by id, then move past it.
    const instant = pos.lo ?? lastTs ?? 0;
    // Everything read at this instant so far (before this window and in it) is skipped.
    const readAtInstant = new Set([...pos.seen, ...(lastTs === instant ? idsAtLast : [])]);
    let lastId = '0';
    for (;;) {
      const page = await searchPage(
        client,
        type,
        {
          filterGroups: [{ filters: [...(options.filters ?? []), { propertyName: modified, operator: 'EQ', value: String(instant) }, { propertyName: 'hs_object_id', operator: 'GT', value: lastId }] }],
          sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
          properties,
          limit: pageSize,
        },
        options.signal,
      );
      const items = page.results.filter((r) => !readAtInstant.has(r.id));
      if (page.results.length) lastId = page.results[page.results.length - 1]?.id ?? lastId;
      if (items.length) yield { items, resume: encode({ lo: instant, seen: [] }) };
      if (page.results.length < pageSize) break;
    }
    pos.lo = instant + 1;
    pos.seen = [];
  }
}
