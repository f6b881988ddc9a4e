// Reading a whole entity set safely (spec §5.3, §5.4, §9.2):
// - key-set windows (`$filter=… and Key gt 'last'&$orderby=Key&$top=N`), so a resumed or long read never
//   skips a row when others are inserted or deleted meanwhile; inside a window the server's
//   `@odata.nextLink` is followed (rebased onto our own base URL) when its PageSize is below our `$top`;
// - adaptive page size: an IIS/ASP.NET timeout or a 500 on a page halves `$top` and the window is
//   re-read from the last key; when even the smallest page fails, the run stops with
//   SAGE300_IIS_TIMEOUT and a hint naming the IIS settings;
// - other transient failures (503 app pool, 429, resets) are retried with backoff.
import type { z } from 'zod';
import { backoffDelay } from '../kit/retry.ts';
import { sleep } from '../kit/sleep.ts';
import { FatalError, RetriableError, isConnectorError } from '../kit/errors.ts';
import { HINTS, SYSTEM } from './classify.ts';
import type { Sage300Client } from './client.ts';
import { odataQuery } from '../kit/formats/odata.ts';
import { and, keyAfter, type Filter } from './filter.ts';
import { collectionSchema } from './schema.ts';

export type KeyValue = string | number;

/** Errors that mean "this page is too big for the server's time limits". */
const PAGE_TOO_BIG = new Set(['SAGE300_PAGE_TIMEOUT', 'HTTP_500', 'HTTP_504', 'TIMEOUT']);
const TRANSIENT_ATTEMPTS = 5;
/** Failures at the smallest page size before giving up. */
const SMALL_PAGE_ATTEMPTS = 2;

/** The page size a connector currently uses; shrinks for the rest of the connector's life once pages time out. */
export class PageSizer {
  constructor(
    public current: number,
    readonly min = 10,
  ) {}

  halve(): boolean {
    if (this.current <= this.min) return false;
    this.current = Math.max(this.min, Math.floor(this.current / 2));
    return true;
  }
}

export interface CollectionRead<T> {
  /** `AR/ARCustomers` */
  path: string;
  keyFields: readonly string[];
  keyOf(row: T): KeyValue[];
  item: z.ZodType<T>;
  filter?: Filter | undefined;
  select?: readonly string[] | undefined;
  /** Resume after this key (the last key of the last committed page). */
  after?: KeyValue[] | null;
  /** Largest `$top` for this read (the sizer may go lower). */
  top?: number;
  signal?: AbortSignal;
}

export interface RawPage<T> {
  rows: T[];
  /** Last key read so far (resume point); null before any row. */
  lastKey: KeyValue[] | null;
  /** True when no more rows follow. */
  done: boolean;
}

function compareKeys(a: KeyValue[], b: KeyValue[]): number {
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

export async function* readCollection<T>(client: Sage300Client, sizer: PageSizer, read: CollectionRead<T>): AsyncGenerator<RawPage<T>> {
  const schema = collectionSchema(read.item);
  const signal = read.signal ?? client.signal;
  let after = read.after ?? null;
  let link: string | null = null;
  let windowRows = 0;
  let windowTop = 0;
  let transientFailures = 0;
  let smallFailures = 0;
  let orderby = true;
  const select = read.select ? [...new Set([...read.keyFields, ...read.select])] : undefined;

  for (;;) {
    signal.throwIfAborted();
    if (!link) {
      windowTop = Math.min(read.top ?? sizer.current, sizer.current);
      windowRows = 0;
    }
    let body: z.infer<typeof schema>;
    try {
      const res = link
        ? await client.request({ method: 'GET', path: client.relativeLink(link), schema, retry: false, signal })
        : await client.request({
            method: 'GET',
            path: read.path,
            query: odataQuery({
              filter: and(read.filter, after ? keyAfter(read.keyFields, after) : undefined),
              select,
              orderby: orderby ? read.keyFields : undefined,
              top: windowTop,
            }),
            schema,
            retry: false,
            signal,
          });
      body = res.body;
    } catch (e) {
      if (!isConnectorError(e)) throw e;
      if (e.code === 'SAGE300_INVALID_PARAMETERS' && orderby && /orderby/i.test(e.message)) {
        // $orderby is not in Sage's documents; without it rows come in key order (checked below).
        orderby = false;
        link = null;
        continue;
      }
      if (!(e instanceof RetriableError)) throw e;
      if (e.code && PAGE_TOO_BIG.has(e.code)) {
        link = null;
        if (sizer.halve()) {
          client.logger.warn({ system: SYSTEM, path: read.path, pageSize: sizer.current, code: e.code }, 'page timed out; halving the page size');
          continue;
        }
        if (++smallFailures >= SMALL_PAGE_ATTEMPTS) {
          throw new FatalError(`Sage 300 cannot serve even ${sizer.current}-record pages of ${read.path} within its time limits (${e.code}).`, {
            code: 'SAGE300_IIS_TIMEOUT',
            system: SYSTEM,
            hint: HINTS.iisTimeout,
            data: { path: read.path, pageSize: sizer.current },
            cause: e,
          });
        }
      } else if (++transientFailures >= TRANSIENT_ATTEMPTS) {
        throw e;
      }
      await sleep(backoffDelay(transientFailures + smallFailures - 1, e, { baseMs: client.retryBaseMs }), signal);
      continue;
    }
    transientFailures = 0;
    smallFailures = 0;

    const rows = body.value;
    for (const row of rows) {
      const key = read.keyOf(row);
      if (after && compareKeys(key, after) <= 0) {
        throw new FatalError(`Sage 300 returned ${read.path} out of key order; key-set paging cannot be trusted on this server.`, {
          code: 'SAGE300_UNORDERED',
          system: SYSTEM,
          hint: 'Report this server version to ml-connector support.',
        });
      }
      after = key;
    }
    windowRows += rows.length;
    if (body.nextLink && rows.length > 0) {
      // The server's PageSize is below our $top: continue this window where the server says.
      link = body.nextLink;
      yield { rows, lastKey: after, done: false };
      continue;
    }
    link = null;
    const done = rows.length === 0 || windowRows < windowTop;
    yield { rows, lastKey: after, done };
    if (done) return;
  }
}
