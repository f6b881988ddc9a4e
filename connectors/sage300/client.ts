// The Sage 300 Web API client on the kit's HTTP client: base URL through the company, Basic auth on
// every request with the user ID upper-cased and the password as typed or upper-cased (a setting),
// `Content-Type: application/json` on every request — GETs included, or the server answers 500 — and
// one request at a time per server through the shared semaphore (kit/concurrency.ts).
import type { Semaphore} from '../kit/concurrency.ts';
import { serverSemaphore } from '../kit/concurrency.ts';
import { basicAuth, createHttpClient, type HttpClient, type HttpRequest, type HttpResponse } from '../kit/http.ts';
import { rebaseNextLink } from '../kit/formats/odata.ts';
import type { ConnectorContext, Logger } from '../kit/types.ts';
import { sage300Classifier, SYSTEM } from './classify.ts';
import { resolveAddress, type ResolvedAddress, type Sage300Config } from './config.ts';

export type PasswordCase = 'exact' | 'upper';

export interface ClientOptions {
  /** Overrides the configured casing (the connection test tries both). */
  passwordCase?: PasswordCase;
  /** Backoff base for retried GETs (tests shorten it). */
  retryBaseMs?: number;
}

export class Sage300Client {
  readonly address: ResolvedAddress;
  readonly user: string;
  readonly passwordCase: PasswordCase;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly retryBaseMs: number;
  private readonly http: HttpClient;
  private readonly semaphore: Semaphore;

  constructor(
    readonly config: Sage300Config,
    ctx: ConnectorContext,
    options: ClientOptions = {},
  ) {
    this.address = resolveAddress(config);
    // Sage 300 user IDs are stored upper-case and compared as sent (spec §2.2).
    this.user = config.user.toUpperCase();
    this.passwordCase = options.passwordCase ?? config.passwordCase;
    const secret = ctx.secrets.password ?? '';
    const password = this.passwordCase === 'upper' ? secret.toUpperCase() : secret;
    this.logger = ctx.logger;
    this.signal = ctx.signal;
    this.retryBaseMs = options.retryBaseMs ?? 500;
    // Keyed by server, not company: one IIS app pool serves every company on it (spec §10).
    this.semaphore = serverSemaphore(ctx.registry, `sage300:${this.address.origin}`, config.maxConcurrentRequests);
    this.http = createHttpClient({
      system: SYSTEM,
      baseUrl: this.address.baseUrl,
      ...(config.tls && { tls: config.tls }),
      timeouts: { connectMs: 10_000, readMs: config.requestTimeoutSeconds * 1000 },
      defaultHeaders: { 'content-type': 'application/json', accept: 'application/json' },
      auth: basicAuth(this.user, password),
      ...(ctx.allowedHosts && { allowedHosts: ctx.allowedHosts }),
      gate: ctx.gate ? [ctx.gate, this.semaphore] : this.semaphore,
      retry: { attempts: 4, baseMs: this.retryBaseMs },
      classify: sage300Classifier,
      logger: ctx.logger,
      connections: config.maxConcurrentRequests,
    });
  }

  request<T>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
    return this.http.request({ ...req, signal: req.signal ?? this.signal });
  }

  /** A server-written link (`@odata.nextLink`) as a path under our own base: IIS behind a proxy may
   * write another host (e.g. `http://localhost`), and credentials only ever go to the configured one. */
  relativeLink(link: string): string {
    return rebaseNextLink(link, this.address.baseUrl);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
