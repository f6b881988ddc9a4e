// The Service Layer client: one HTTP pool on the configured root, one session per (server, company,
// user) shared by every flow of the process (kit SessionAuth: logins serialised, both cookies kept,
// re-login before the idle timeout and once after a dead-session 401, logout when no flow has used it for
// 15 s or at shutdown), and paged collection reads with `Prefer: odata.maxpagesize` following the
// server's next links.
import { z } from 'zod';
import { SessionAuth } from '../kit/auth/session.ts';
import { odataPages } from '../kit/formats/odata.ts';
import { createHttpClient, type HttpClient, type HttpRequest, type HttpResponse, type QueryValue } from '../kit/http.ts';
import { secretFilter } from '../kit/redact.ts';
import type { ConnectorContext } from '../kit/types.ts';
import { sapb1Classifier, SYSTEM } from './classify.ts';
import { versionOf, type SapB1Config } from './config.ts';

const loginAnswer = z.looseObject({ SessionId: z.string(), Version: z.string().optional(), SessionTimeout: z.number().positive().optional() });

export interface LoginFacts {
  version?: string;
  timeoutMinutes: number;
}

export interface ClientOptions {
  retry?: { attempts?: number; baseMs?: number; maxDelayMs?: number };
  /** How long the session waits for the next flow after the last one closes before it logs out (15 s). */
  sessionLingerMs?: number;
}

export class SapB1Client {
  readonly http: HttpClient;
  readonly auth: SessionAuth<LoginFacts>;
  readonly version: 'v1' | 'v2';

  constructor(readonly config: SapB1Config, ctx: ConnectorContext, options: ClientOptions = {}) {
    const password = ctx.secrets.password ?? '';
    secretFilter.add(password);
    this.version = versionOf(config.url);
    this.http = createHttpClient({
      system: SYSTEM,
      baseUrl: config.url.replace(/\/?$/, '/'),
      ...(config.tls && { tls: config.tls }),
      timeouts: { readMs: config.requestTimeoutSeconds * 1000 },
      classify: sapb1Classifier,
      logger: ctx.logger,
      ...(ctx.allowedHosts && { allowedHosts: ctx.allowedHosts }),
      ...(ctx.gate && { gate: ctx.gate }),
      retry: { attempts: 5, baseMs: 500, ...options.retry },
      connections: 4,
    });
    const origin = new URL(config.url);
    this.auth = new SessionAuth<LoginFacts>({
      key: `sapb1:${origin.origin}${origin.pathname.replace(/\/b1s\/v[12]\/?$/i, '')}:${config.companyDB}:${config.user}`,
      credentials: [password],
      registry: ctx.registry,
      logger: ctx.logger,
      // A sync runs its flows one after another: each next flow's client takes the session over within
      // this time instead of signing in again (every login holds a licence seat until its logout).
      lingerMs: options.sessionLingerMs ?? 15_000,
      login: async (signal) => {
        const res = await this.http.request({
          method: 'POST', path: 'Login', json: { CompanyDB: config.companyDB, UserName: config.user, Password: password },
          schema: loginAnswer, ...(signal && { signal }),
        });
        secretFilter.add(res.body.SessionId);
        const minutes = res.body.SessionTimeout ?? 30;
        return {
          setCookies: res.headers.getSetCookie(),
          idleMs: minutes * 60_000,
          data: { timeoutMinutes: minutes, ...(res.body.Version && { version: res.body.Version }) },
        };
      },
      logout: (s, signal) => this.http.request({ method: 'POST', path: 'Logout', headers: s.headers(), responseType: 'none', retry: false, ...(signal && { signal }) }),
    });
  }

  request<T>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
    return this.auth.request(this.http, req);
  }

  /** Every page of a collection, `pageSize` rows at a time (never SAP's default 20), by the server's next links. */
  pages<T extends z.ZodType>(path: string, query: Record<string, QueryValue>, item: T, pageSize: number, signal?: AbortSignal) {
    const session = { baseUrl: this.http.baseUrl, request: <R,>(r: HttpRequest<R>) => this.request(r) };
    return odataPages(session, { path, query, headers: { Prefer: `odata.maxpagesize=${pageSize}` }, ...(signal && { signal }) }, item);
  }

  close(): Promise<void> {
    // The transport stays open while the session lingers: its logout is sent on it.
    return this.auth.close(undefined, () => this.http.close());
  }
}
