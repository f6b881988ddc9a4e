// The Sage 100 agent client on the kit's HTTP client: both credentials on every request (X-Agent-Key
// and the service account's Basic auth), the company in every path, the agent's certificate trusted by
// its pinned fingerprint (or a CA), retries on the agent's retryable answers (409/429/503/504).
import { createHttpClient, type AuthProvider, type HttpClient } from '../kit/http.ts';
import { secretFilter } from '../kit/redact.ts';
import type { ConnectorContext } from '../kit/types.ts';
import { sage100Classifier, SYSTEM } from './classify.ts';
import type { Sage100Config } from './config.ts';

export interface AgentPage {
  data: Record<string, unknown>[];
  page: { limit: number; count: number; hasMore: boolean; nextCursor: string | null };
}

function agentAuth(apiKey: string, user: string, password: string): AuthProvider {
  secretFilter.add(apiKey);
  secretFilter.addBasicAuth(user, password);
  const headers = { 'x-agent-key': apiKey, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
  return { headers: () => headers };
}

export class Sage100Client {
  private readonly http: HttpClient;
  readonly companyPath: string;

  constructor(
    readonly config: Sage100Config,
    private readonly ctx: ConnectorContext,
    options: { retryBaseMs?: number; attempts?: number } = {},
  ) {
    this.companyPath = `/v1/companies/${config.companyCode}`;
    this.http = createHttpClient({
      system: SYSTEM,
      baseUrl: config.url,
      ...(config.tls && { tls: config.tls }),
      timeouts: { connectMs: 10_000, readMs: config.requestTimeoutSeconds * 1000 },
      defaultHeaders: { accept: 'application/json' },
      auth: agentAuth(ctx.secrets.apiKey ?? '', config.user, ctx.secrets.password ?? ''),
      retry: options.attempts === 1 ? false : { attempts: options.attempts ?? 4, baseMs: options.retryBaseMs ?? 500 },
      classify: sage100Classifier,
      logger: ctx.logger,
      ...(ctx.allowedHosts && { allowedHosts: ctx.allowedHosts }),
      ...(ctx.gate && { gate: ctx.gate }),
      // The agent serialises a company's requests anyway; one connection keeps us polite.
      connections: 2,
    });
  }

  async get<T = AgentPage>(path: string, query?: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<T> {
    const res = await this.http.request<T>({ method: 'GET', path, ...(query && { query }), signal: signal ?? this.ctx.signal });
    return res.body;
  }

  /** A company collection path, e.g. `customers` → `/v1/companies/ABC/customers`. */
  company(path: string): string {
    return `${this.companyPath}/${path}`;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
