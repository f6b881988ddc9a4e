// Paging helpers: each turns "fetch one page" into an async iterable of pages that stops exactly
// at the end, with the position to resume from after each page (a Page's `resume`).

export interface PageOf<T> {
  items: T[];
  /** Where the next page starts; null after the last page. */
  next: string | null;
}

/** Cursor/`after` paging (HubSpot `paging.next.after`, Zoho page tokens). */
export async function* cursorPages<T>(fetchPage: (cursor: string | null) => Promise<{ items: T[]; cursor: string | null | undefined }>, start: string | null = null, signal?: AbortSignal): AsyncGenerator<PageOf<T>> {
  let cursor = start;
  const seen = new Set<string>();
  for (;;) {
    signal?.throwIfAborted();
    const page = await fetchPage(cursor);
    const next = page.cursor ?? null;
    // A server repeating a cursor would loop forever; stop instead of re-reading the same page.
    if (next !== null && seen.has(next)) throw new Error(`Paging cursor "${next}" repeated; the server is looping.`);
    if (next !== null) seen.add(next);
    yield { items: page.items, next };
    if (next === null) return;
    cursor = next;
  }
}

/**
 * Offset/skip paging (OData `$skip`/`$top`, Intacct offsets). The page size may change between
 * calls (`pageSize` as a function) so a caller can shrink pages after a timeout. The end is a page
 * shorter than asked, or an empty one.
 */
export async function* offsetPages<T>(fetchPage: (offset: number, limit: number) => Promise<T[]>, options: { pageSize: number | (() => number); start?: number; signal?: AbortSignal }): AsyncGenerator<PageOf<T> & { offset: number }> {
  let offset = options.start ?? 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const limit = typeof options.pageSize === 'function' ? options.pageSize() : options.pageSize;
    const items = await fetchPage(offset, limit);
    const last = items.length < limit;
    const next = last ? null : String(offset + items.length);
    yield { items, next, offset };
    if (last) return;
    offset += items.length;
  }
}

/** Next-link paging (OData `@odata.nextLink`, SAP B1 `odata.nextLink`, HubSpot `paging.next.link`). */
export async function* linkPages<T>(fetchPage: (link: string | null) => Promise<{ items: T[]; nextLink: string | null | undefined }>, start: string | null = null, signal?: AbortSignal): AsyncGenerator<PageOf<T>> {
  let link = start;
  let previous: string | null = null;
  for (;;) {
    signal?.throwIfAborted();
    const page = await fetchPage(link);
    const next = page.nextLink || null;
    if (next !== null && next === previous) throw new Error('Next link repeated; the server is looping.');
    yield { items: page.items, next };
    if (next === null) return;
    previous = link;
    link = next;
  }
}

/** Collects every item of a paged iterable (tests, small lookups). */
export async function collectAll<T>(pages: AsyncIterable<{ items: T[] }>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...p.items);
  return out;
}
