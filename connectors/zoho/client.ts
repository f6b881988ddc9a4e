// The Zoho CRM API client (spec §2, §4, §10): OAuth refresh through the kit (one cached token per
// refresh token, shared by processes via the connection state; refreshed 5 minutes ahead; ≤ 10 per
// 10 minutes), calls routed to the token answer's `api_domain`, `Authorization: Zoho-oauthtoken`,
// ≤ N calls in flight per org, API credits counted against the org's rolling 24-hour allowance, Zoho's
// error bodies classified, 204/304 read as "nothing".
import { memoryState } from '../kit/state/memory-state.ts';
import { BudgetExhaustedError, sharedBudget, type ApiBudget } from '../kit/budget/api-budget.ts';
import { serverSemaphore } from '../kit/concurrency.ts';
import { createHttpClient, type HttpClient, type HttpRequest, type HttpResponse } from '../kit/http.ts';
import { OAuthRefresh, parseTokenAnswer } from '../kit/auth/oauth-refresh.ts';
import { ConfigError, RetriableError } from '../kit/errors.ts';
import { FREE_CREDITS, editionOf, type Edition } from './edition.ts';
import type { ConnectorContext } from '../kit/types.ts';
import { zohoClassifier } from './classify.ts';
import { accountsOrigin, zohoAllowedHosts, type ZohoConfig } from './config.ts';
import { DATA_CENTRES } from './datacentres.ts';

/** How long a run pauses after Zoho kept refusing for credits (without a Retry-After): credits come back as the window rolls. */
const CREDITS_PAUSE_MS = 15 * 60_000;

export type ZohoContext = Pick<ConnectorContext, 'secrets' | 'registry' | 'logger'> & Partial<Pick<ConnectorContext, 'state' | 'signal' | 'allowedHosts' | 'clock'>>;

export class ZohoClient {
  readonly oauth: OAuthRefresh;
  private readonly accounts: HttpClient;
  private api: Promise<HttpClient> | undefined;
  /** The org's budget once a call needed it: close() saves what this client spent. */
  private budget: ApiBudget | undefined;

  constructor(
    readonly config: ZohoConfig,
    private readonly ctx: ZohoContext,
  ) {
    const refreshToken = ctx.secrets.refreshToken;
    const clientSecret = ctx.secrets.clientSecret;
    if (!refreshToken || !clientSecret) {
      throw new ConfigError('The Zoho CRM client secret or refresh token is missing.', { code: 'ZOHO_SECRET_MISSING', system: 'zoho', hint: 'Enter the self-client\'s client secret and refresh token in the connection settings.' });
    }
    const timeouts = config.timeouts;
    this.accounts = createHttpClient({
      baseUrl: accountsOrigin(config),
      system: 'zoho',
      logger: ctx.logger,
      ...(ctx.allowedHosts && { allowedHosts: ctx.allowedHosts }),
      retry: { attempts: 3 },
      ...(timeouts && { timeouts }),
    });
    // One in-process state per client id when the host gives none, so two clients here share a token.
    const state = ctx.state ?? ctx.registry.shared(`zoho:state:${config.clientId}`, () => memoryState(`zoho:${config.clientId}`));
    this.oauth = new OAuthRefresh({
      system: 'zoho',
      state,
      sealKey: refreshToken,
      // The learned api_domain must be one the host allows (its set includes zohoAllowedHosts).
      allowedHosts: ctx.allowedHosts ?? zohoAllowedHosts(config),
      scheme: 'Zoho-oauthtoken',
      maxRefreshes: { count: 10, windowMs: 10 * 60_000 },
      refresh: async (signal) => {
        // Zoho answers errors with HTTP 200 and an `error` key (§2.4): parseTokenAnswer reads both.
        const res = await this.accounts.request({
          method: 'POST',
          path: 'oauth/v2/token',
          form: { grant_type: 'refresh_token', client_id: config.clientId, client_secret: clientSecret, refresh_token: refreshToken },
          responseType: 'json',
          retry: false,
          ...(signal && { signal }),
        });
        return parseTokenAnswer(res.body, 'zoho');
      },
    });
  }

  /** The API's origin, from the token answer's `api_domain` (never hard-coded, §1). */
  async apiDomain(signal?: AbortSignal): Promise<string> {
    return (await this.oauth.access(signal)).apiBase ?? DATA_CENTRES[this.config.dataCentre].api;
  }

  /**
   * The org's edition and daily credits (GET /org, one credit), kept a day in the connection state so
   * `serve` and a CLI `sync` ask once. Used when the admin left `creditsPerDay` empty.
   */
  async edition(signal?: AbortSignal): Promise<Edition> {
    const origin = await this.apiDomain(signal);
    const state = this.ctx.state?.account(this.orgAccount(origin));
    const known = await state?.get<Edition & { at: number }>('edition');
    if (known && Date.now() - known.value.at < 24 * 3600_000) return known.value;
    const bare = createHttpClient({ baseUrl: `${origin}/crm/v8`, system: 'zoho', auth: this.oauth.authProvider(), classify: zohoClassifier, logger: this.ctx.logger, retry: { attempts: 3 }, ...(this.config.timeouts && { timeouts: this.config.timeouts }) });
    try {
      const res = await bare.request({ method: 'GET', path: 'org', ...(signal && { signal }) });
      const learned = editionOf(res.body);
      await state?.set('edition', { ...learned, at: Date.now() });
      return learned;
    } finally {
      await bare.close();
    }
  }

  /** The daily credits the budget counts against: the admin's figure, else the edition's. */
  async creditsPerDay(signal?: AbortSignal): Promise<number> {
    if (this.config.creditsPerDay) return this.config.creditsPerDay;
    try {
      return (await this.edition(signal)).creditsPerDay;
    } catch (e) {
      if (signal?.aborted) throw e;
      // Not knowing the edition (a token without ZohoCRM.org.READ, say) must not stop the sync: count
      // against the smallest allowance.
      this.ctx.logger.warn({ system: 'zoho', err: e instanceof Error ? e.message : String(e) }, 'Zoho CRM edition unknown; counting against the Free edition\'s 5,000 credits a day');
      return FREE_CREDITS;
    }
  }

  /** The org's credits of the last 24 hours, shared per org across connections and processes. */
  private orgBudget(origin: string, limit: number): ApiBudget {
    return sharedBudget(this.ctx.registry, {
      system: 'zoho',
      account: this.orgAccount(origin),
      label: 'The Zoho CRM organisation',
      limit,
      window: { kind: 'rolling', windowMs: 24 * 3600_000 },
      ...(this.ctx.clock && { now: () => this.ctx.clock!.now().getTime() }),
      ...(this.ctx.state && { state: this.ctx.state.account(this.orgAccount(origin)) }),
    });
  }

  /** The org whose credits the calls count against (its API origin and our client id): learns the API domain if need be. */
  async budgetAccount(signal?: AbortSignal): Promise<string> {
    return this.orgAccount(await this.apiDomain(signal));
  }

  private orgAccount(origin: string): string {
    return `zoho:${origin}:${this.config.clientId}`;
  }

  private http(signal?: AbortSignal): Promise<HttpClient> {
    this.api ??= (async () => {
      const origin = await this.apiDomain(signal);
      const limit = await this.creditsPerDay(signal);
      return createHttpClient({
        baseUrl: `${origin}/crm/v8`,
        system: 'zoho',
        auth: this.oauth.authProvider(),
        // One credit per call (§6.1), counted per org across connections and processes; the budget
        // stops the run before the org's last credits (BudgetExhaustedError: the engine pauses and resumes).
        gate: [
          (this.budget = this.orgBudget(origin, limit)),
          serverSemaphore(this.ctx.registry, this.orgAccount(origin), this.config.concurrency),
        ],
        classify: zohoClassifier,
        logger: this.ctx.logger,
        ...(this.ctx.allowedHosts && { allowedHosts: this.ctx.allowedHosts }),
        retry: { attempts: 6, baseMs: 500, maxDelayMs: 30_000 },
        ...(this.config.timeouts && { timeouts: this.config.timeouts }),
      });
    })().catch((e: unknown) => {
      this.api = undefined;
      throw e;
    });
    return this.api;
  }

  /**
   * One API call; 204 and 304 come back as status with an undefined body. Zoho's 429 still there after
   * the retries means the org's credits of the last 24 hours are gone — other apps spend them too, so our
   * own count cannot know — or calls keep colliding: the run pauses (the engine's API_BUDGET: an alert,
   * and the flow resumes by itself) instead of failing run after run.
   */
  async request<T = unknown>(req: HttpRequest<T>): Promise<HttpResponse<T | undefined>> {
    const http = await this.http(req.signal);
    try {
      return await http.request<T | undefined>({ ...req, accept: [...(req.accept ?? []), 304] } as HttpRequest<T | undefined>);
    } catch (e) {
      if (!(e instanceof RetriableError) || e.code !== 'ZOHO_TOO_MANY_REQUESTS') throw e;
      const resumeAt = new Date(Date.now() + Math.max(e.retryAfterMs ?? 0, CREDITS_PAUSE_MS));
      throw new BudgetExhaustedError('Zoho CRM keeps answering TOO_MANY_REQUESTS: the organisation\'s API credits of the last 24 hours are used up (by ml-connector or other apps), or too many calls run at once.', {
        code: 'API_BUDGET',
        system: 'zoho',
        resumeAt,
        hint: `The run resumes where it stopped at ${resumeAt.toISOString()}; Zoho gives credits back 24 hours after they were spent. Setup › Developer Hub › APIs › API dashboard shows who spends them.`,
        cause: e,
      });
    }
  }

  /** Closes the sockets and saves the credits spent, so the org's count in the store (the dashboard's, an estimate's) is current. */
  async close(): Promise<void> {
    const api = this.api;
    this.api = undefined;
    await Promise.all([this.accounts.close(), api?.then((a) => a.close()).catch(() => undefined), this.budget?.flush().catch(() => undefined)]);
  }
}
