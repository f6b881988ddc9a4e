// What a dry run costs in API calls, from the records it will read: one source call
// per page, and — when it compares with the destination's live values — one batch read per ≤100 keys
// of each page. Pure arithmetic, shared by the estimate shown before a dry run and the dry run itself.

/** Records per page a dry run asks the source for (a source may send fewer). */
export const DRY_RUN_PAGE_SIZE = 500;
/** Keys per batch read of the destination's current values (HubSpot's batch read takes ≤100 inputs). */
export const KEYS_PER_READ = 100;

/** `records` read `pageSize` at a time: full pages, then the rest; one empty page when there is nothing. */
export function pagesOf(records: number, pageSize = DRY_RUN_PAGE_SIZE): number[] {
  if (records <= 0) return [0];
  const pages = new Array<number>(Math.floor(records / pageSize)).fill(pageSize);
  if (records % pageSize) pages.push(records % pageSize);
  return pages;
}

/** Pages as a source sent them (its key listing, say), none larger than a dry run's page. */
export function asDryRunPages(pages: readonly number[]): number[] {
  const out = pages.flatMap((n) => (n > DRY_RUN_PAGE_SIZE ? pagesOf(n) : [n]));
  return out.length ? out : [0];
}

/** The calls a dry run makes reading `pages` (records per page); `live`: it batch-reads the destination's values. */
export function dryRunCalls(pages: readonly number[], live: boolean): { source: number; destination: number } {
  return {
    source: pages.length,
    destination: live ? pages.reduce((n, records) => n + Math.ceil(records / KEYS_PER_READ), 0) : 0,
  };
}
