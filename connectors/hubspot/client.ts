// The HubSpot HTTP client: private-app Bearer token, the kit's undici client, HubSpot's error
// classifier, two rate limiters shared per token through the registry — the 10-second burst bucket
// (adapting to X-HubSpot-RateLimit-*) and the search bucket — and the account's daily API budget
// (kit/budget: counted across processes, corrected by HubSpot's daily headers, reset at midnight in
// the portal's time zone, learned on the first call (portal-zone.ts); at the reserve, or at HubSpot's
// own DAILY 429, a BudgetExhaustedError with resumeAt pauses the run until the portal's midnight).
// Higher-level operations live in objects.ts, search.ts, associations.ts, properties.ts, invoices.ts.
import { createHash } from 'node:crypto';
import { bearerAuth, createHttpClient, type HttpClient, type HttpRequest, type HttpResponse } from '../kit/http.ts';
import { sharedBudget, type ApiBudget } from '../kit/budget/api-budget.ts';
import type { RollingWindowLimiter } from '../kit/rate-limit.ts';
import { createRegistry, sharedRateLimiter } from '../kit/rate-limit.ts';
import type { RetryOptions } from '../kit/retry.ts';
import type { ConnectionState } from '../kit/state/connection-state.ts';
import type { Logger, SharedRegistry } from '../kit/types.ts';
import { SYSTEM, hubspotClassifier } from './classify.ts';
import { hubspotDailyHeaders, hubspotRateLimitHeaders } from './rate-limit-headers.ts';
import { isConnectorError } from '../kit/errors.ts';
import { ACCOUNT_DETAILS_PATH, savePortalZone, savedPortalZone, utcFallback, zoneFromAnswer, type PortalZone } from './portal-zone.ts';

export const DEFAULT_BASE_URL = 'https://api.hubapi.com';
/** How soon a run paused for the day tries again while the portal's zone could not be asked. */
const ZONE_UNSURE_RETRY_MS = 3_600_000;

export interface HubSpotClientOptions {
  accessToken: string;
  baseUrl?: string;
  registry?: SharedRegistry;
  logger?: Logger;
  retry?: RetryOptions | false;
  timeouts?: { connectMs?: number; readMs?: number };
  /** Stop a run when this share of the daily allowance is left (default 0.05). */
  dailyReserveFraction?: number;
  /** The portal's time zone, when known beforehand (tests); otherwise learned from account-info on the first call. */
  timeZone?: string;
  /** The connection's state: the daily count is kept in its account scope, shared by every process. */
  state?: ConnectionState;
  /** Requests per 10 s to start at, from the connection's tier (default the lowest tier's 100). */
  burstLimit?: number;
  /** Parallel requests in flight (default 6, like the SDK's limiter). */
  concurrency?: number;
  /** Search bucket (default 5 per 1000 ms, one slot kept free); search responses carry no headers to adapt to. */
  searchLimit?: { max: number; intervalMs: number };
  /** Where the token may be sent (ConnectorContext.allowedHosts); anything else is refused unsent. */
  allowedHosts?: readonly string[];
  /** The time the daily budget goes by (ConnectorContext.clock; default real time). */
  now?: () => number;
}

export class HubSpotClient {
  readonly http: HttpClient;
  readonly burst: RollingWindowLimiter;
  readonly searchBucket: RollingWindowLimiter;
  readonly dailyBudget: ApiBudget;
  /** Stable per-token key (a hash, never the token) for shared limiters and logs. */
  readonly accountKey: string;
  readonly concurrency: number;
  /** The portal's account state: its daily count and its time zone, shared by every connection and process. */
  private readonly accountState: ConnectionState | undefined;
  /** The portal's zone once known (saved, asked, or given); the first call waits for it. */
  private zone: Promise<PortalZone> | undefined;


  constructor(options: HubSpotClientOptions) {
    this.accountKey = `hubspot:${createHash('sha256').update(options.accessToken).digest('hex').slice(0, 16)}`;
    const registry = options.registry ?? createRegistry();
    // Start at the tier's limit (the lowest tier's 100/10 s when unknown); the first response's headers correct it.
    this.burst = sharedRateLimiter(registry, `${this.accountKey}:burst`, {
      max: options.burstLimit ?? 100,
      intervalMs: 10_000,
      readHeaders: hubspotRateLimitHeaders,
      label: 'This HubSpot account',
      system: SYSTEM,
    });
    this.accountState = options.state?.account(this.accountKey);
    // Every call counts against the daily allowance, searches included. 250,000 is the lowest tier's;
    // the first response's X-HubSpot-RateLimit-Daily replaces it. The day is UTC's until the portal's
    // zone is known, which the first call waits for.
    this.dailyBudget = sharedBudget(registry, {
      system: SYSTEM,
      account: this.accountKey,
      limit: 250_000,
      window: { kind: 'daily', timeZone: options.timeZone ?? 'UTC' },
      // UTC stands in until the portal's zone is learned; a client closed before that keeps the saved zone.
      provisionalZone: !options.timeZone,
      reserveFraction: options.dailyReserveFraction ?? 0.05,
      label: 'This HubSpot account',
      readHeaders: hubspotDailyHeaders,
      ...(this.accountState && { state: this.accountState }),
      ...(options.now && { now: options.now }),
    });
    if (options.timeZone) this.zone = Promise.resolve({ timeZone: options.timeZone });
    // Search: 5 per second per account, no headers (spec §6); keep one slot of headroom.
    const search = options.searchLimit ?? { max: 5, intervalMs: 1000 };
    this.searchBucket = sharedRateLimiter(registry, `${this.accountKey}:search`, { ...search, headroom: 1, label: 'HubSpot search', system: SYSTEM });
    this.concurrency = options.concurrency ?? 6;
    this.http = createHttpClient({
      system: SYSTEM,
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      auth: bearerAuth(options.accessToken),
      ...(options.allowedHosts && { allowedHosts: options.allowedHosts }),
      classify: hubspotClassifier,
      gate: (req) => [this.dailyBudget, req.bucket === 'search' ? this.searchBucket : this.burst],
      retry: options.retry ?? { attempts: 6, baseMs: 500, maxDelayMs: 20_000 },
      connections: this.concurrency,
      ...(options.timeouts && { timeouts: options.timeouts }),
      ...(options.logger && { logger: options.logger }),
    });
  }

  async request<T>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
    if (req.path !== ACCOUNT_DETAILS_PATH) await this.portalZone(req.signal);
    try {
      return await this.http.request(req);
    } catch (e) {
      // Other apps spent the portal's day between our reads of its count: the same pause as our own
      // reserve (until the portal's midnight, then resumed from the last committed page), not a failure.
      if (isConnectorError(e) && e.code === 'DAILY_LIMIT') throw this.dailyBudget.exhaustedByServer();
      throw e;
    }
  }

  /** The portal's time zone: the one saved for the portal, else asked of HubSpot (one call) and saved. */
  portalZone(signal?: AbortSignal): Promise<PortalZone> {
    this.zone ??= this.learnPortalZone(signal).catch((e: unknown) => {
      this.zone = undefined; // aborted: the next call asks again
      throw e;
    });
    return this.zone;
  }

  private async learnPortalZone(signal?: AbortSignal): Promise<PortalZone> {
    const saved = this.accountState && (await savedPortalZone(this.accountState));
    if (saved) return this.usePortalZone(saved, { save: false });
    let answer: PortalZone | undefined;
    try {
      answer = zoneFromAnswer(await this.http.request({ method: 'GET', path: ACCOUNT_DETAILS_PATH, accept: [403, 404], ...(signal && { signal }) }));
    } catch (e) {
      if (signal?.aborted) throw e;
      answer = undefined;
    }
    if (answer) return this.usePortalZone(answer);
    // Not known this time (HubSpot unreachable, the token refused, the day spent): UTC for this client, not
    // saved. UTC midnight may be most of a day after the portal's, so a pause ends within the hour, when
    // the next client asks again.
    const zone = utcFallback("HubSpot could not be asked for this portal's time zone");
    this.dailyBudget.useTimeZone(zone.timeZone, { ...(zone.note && { note: zone.note }), retryWithinMs: ZONE_UNSURE_RETRY_MS });
    this.zone = Promise.resolve(zone);
    return zone;
  }

  /** Places the daily budget's day in the portal's zone and (by default) saves it for the portal's other connections and processes. */
  async usePortalZone(zone: PortalZone, options: { save: boolean } = { save: true }): Promise<PortalZone> {
    this.dailyBudget.useTimeZone(zone.timeZone, zone.note ? { note: zone.note } : {});
    if (options.save && this.accountState) await savePortalZone(this.accountState, zone);
    this.zone = Promise.resolve(zone);
    return zone;
  }

  /** Closes the sockets and saves the calls counted, so the portal's count in the store (the dashboard's, an estimate's) is current. */
  async close(): Promise<void> {
    await Promise.all([this.http.close(), this.dailyBudget.flush().catch(() => undefined)]);
  }
}

/** Runs `fn` over items with at most `limit` in flight; results keep the input order. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed: unknown;
  const worker = async (): Promise<void> => {
    while (failed === undefined && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T, i);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed !== undefined) throw failed;
  return out;
}
