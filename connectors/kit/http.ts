// The HTTP client every connector uses (undici).
//
//   const http = createHttpClient({
//     system: 'sage300', baseUrl: 'https://erp.local/Sage300WebApi/v1.0/-/SAMINC',
//     tls: { fingerprint256: 'AB:CD:…' },            // or { ca: pem }; default: Node's root CAs
//     timeouts: { connectMs: 10_000, readMs: 60_000 },
//     auth: basicAuth(user, password),               // or bearerAuth(token), or any AuthProvider
//     gate: limiter,                                 // RequestGate or (req) => gate(s): rate limit, semaphore
//     retry: { attempts: 5 },                        // or false; per-request override
//     classify: sage300Classifier,                   // optional hook for the system's error bodies
//   });
//   const res = await http.request({ method: 'GET', path: 'AR/ARCustomers', query: { $top: 100 }, schema });
//   res.status; res.headers (WHATWG Headers; getSetCookie() for session cookies); res.body (parsed, validated)
//   await http.close();
//
// Bodies: `json` (serialised, content-type set), `form` (urlencoded, for OAuth), or `body` (string or
// bytes, with your own content-type: XML for Intacct). Responses: `responseType` 'json' | 'text' |
// 'bytes' | 'none'; by default JSON when the content-type says so, else text.
// Errors: every non-success becomes a recovery-typed error from errors.ts via classify.ts, after the
// request's `inspect` and the client's `classify` hooks had their say. `accept: [404]` returns those
// statuses as values instead. A 401 calls `auth.onUnauthorized()` once (session re-login, OAuth
// refresh) and repeats the request when it returns true. Retriable errors are retried with backoff
// (retry.ts); each attempt passes the gates again, and gates see each response's headers.
// Secrets: auth header values are registered with the secret filter; messages quote no bodies
// unfiltered and never the query string. With `allowedHosts` (pass ConnectorContext.allowedHosts: the
// connection's configured origin plus the hosts its manifest may learn at login) every request to an
// origin outside that set is refused before a byte is sent, so a learned address (a token answer's
// api_domain, a session endpoint) can never carry the connection's credentials elsewhere.
import { Pool } from 'undici';
import type { z } from 'zod';
import { classifyResponse, classifyTransportError, type Classifier, type RawResponse } from './classify.ts';
import { ConfigError, FatalError, type ConnectorError } from './errors.ts';
import { isAllowedHost } from './hosts.ts';
import { acquireAll, type RequestGate } from './gate.ts';
import { secretFilter, type SecretFilter } from './redact.ts';
import { withRetry, type RetryOptions } from './retry.ts';
import { createTlsConnector } from './tls.ts';
import type { Logger, TlsTrust } from './types.ts';
import { silentLogger } from './logger.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

export interface AuthProvider {
  /** Headers to add to each attempt (Authorization, a session Cookie, …). */
  headers(signal?: AbortSignal): Record<string, string> | Promise<Record<string, string>>;
  /**
   * After a 401: refresh the credential and return true to repeat the request once. `sent` holds the
   * headers the refused attempt carried, so a provider drops only the credential that failed.
   */
  onUnauthorized?(signal?: AbortSignal, sent?: Readonly<Record<string, string>>): Promise<boolean>;
}

export interface HttpRequest<T = unknown> {
  method: HttpMethod;
  /** Relative to the base URL, or an absolute URL on the same origin (a `next` link). */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  body?: string | Uint8Array;
  responseType?: 'json' | 'text' | 'bytes' | 'none';
  /** zod schema for the parsed body; a mismatch is a FatalError SCHEMA_MISMATCH (the API changed). */
  schema?: z.ZodType<T>;
  /**
   * Parse a successful JSON answer only when its text may hold what the caller reads (a batch answer's
   * errors); otherwise the body is null, and the schema must accept null. Answers that echo every record
   * sent (association batches) are mostly read for nothing. Error answers are always parsed.
   */
  parseIf?: (text: string) => boolean;
  /** Statuses returned as values rather than classified (e.g. [404] for "does it exist?"). */
  accept?: readonly number[];
  /** Looks at the response before classification; same contract as a Classifier. */
  inspect?: (res: RawResponse) => ConnectorError | 'ok' | undefined;
  /** Override the client's retry policy (false: one attempt, for non-idempotent writes). */
  retry?: RetryOptions | false;
  /** Named bucket passed to the client's gate function (e.g. 'search'). */
  bucket?: string;
  /** Read timeout for this request (headers and idle body). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  /** The raw text (empty for bytes/none). */
  text: string;
  attempts: number;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** 'hubspot', 'sage300', … — used in messages and error `system`. */
  system: string;
  tls?: TlsTrust;
  timeouts?: { connectMs?: number; readMs?: number };
  defaultHeaders?: Record<string, string>;
  auth?: AuthProvider;
  gate?: RequestGate | readonly RequestGate[] | ((req: { method: HttpMethod; path: string; bucket?: string }) => RequestGate | readonly RequestGate[] | undefined);
  retry?: RetryOptions | false;
  classify?: Classifier;
  logger?: Logger;
  /**
   * Where this client may send requests (ConnectorContext.allowedHosts; exact origins or host patterns,
   * see isAllowedHost). Outside it every request fails with ConfigError HOST_NOT_ALLOWED, unsent.
   */
  allowedHosts?: readonly string[];
  /** Keep-alive connections to the origin (default 6; 1 for one-request-at-a-time ERPs). */
  connections?: number;
  filter?: SecretFilter;
}

export interface HttpClient {
  readonly baseUrl: string;
  request<T = unknown>(req: HttpRequest<T>): Promise<HttpResponse<T>>;
  close(): Promise<void>;
}

export function bearerAuth(token: string, filter: SecretFilter = secretFilter): AuthProvider {
  filter.add(token);
  return { headers: () => ({ authorization: `Bearer ${token}` }) };
}

export function basicAuth(user: string, password: string, filter: SecretFilter = secretFilter): AuthProvider {
  filter.addBasicAuth(user, password);
  const value = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  return { headers: () => ({ authorization: value }) };
}

/** `a=1&b=x&b=y` with RFC 3986 encoding (%20, not '+': OData servers read '+' literally). */
export function encodeQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    const values = Array.isArray(v) ? v : [v];
    for (const one of values) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(one))}`);
  }
  return parts.join('&');
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new ConfigError(`${options.system} URL must start with http:// or https://`, { code: 'BAD_URL', system: options.system });
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  // Decided once: the client only ever talks to its base origin (target() refuses other absolute URLs).
  const refused = options.allowedHosts !== undefined && !isAllowedHost(base.origin, options.allowedHosts);
  const connectMs = options.timeouts?.connectMs ?? 10_000;
  const readMs = options.timeouts?.readMs ?? 60_000;
  const logger = options.logger ?? silentLogger;
  const pool = new Pool(base.origin, {
    connections: options.connections ?? 6,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: readMs,
    bodyTimeout: readMs,
    connect: createTlsConnector({ trust: options.tls, connectTimeoutMs: connectMs, system: options.system }),
  });

  function gatesFor(req: HttpRequest<unknown>): readonly RequestGate[] {
    const g = options.gate;
    const picked = typeof g === 'function' ? g({ method: req.method, path: req.path, ...(req.bucket !== undefined && { bucket: req.bucket }) }) : g;
    if (!picked) return [];
    return Array.isArray(picked) ? picked : [picked as RequestGate];
  }

  function target(req: HttpRequest<unknown>): { path: string; display: string } {
    let pathname: string;
    let search: string;
    if (/^https?:\/\//i.test(req.path)) {
      const u = new URL(req.path);
      if (u.origin !== base.origin) {
        throw new FatalError(`${options.system} pointed to another host (${u.host}); refusing to send credentials there.`, { code: 'FOREIGN_ORIGIN', system: options.system });
      }
      pathname = u.pathname;
      search = u.search.slice(1);
    } else {
      const [p, s] = req.path.split('?', 2) as [string, string | undefined];
      pathname = `${basePath}/${p.replace(/^\/+/, '')}`;
      search = s ?? '';
    }
    const q = encodeQuery(req.query);
    const full = [search, q].filter(Boolean).join('&');
    return { path: full ? `${pathname}?${full}` : pathname, display: pathname };
  }

  async function attempt<T>(req: HttpRequest<T>, attemptNo: number): Promise<HttpResponse<T>> {
    if (refused) throw hostNotAllowed(options.system, base.origin, options.allowedHosts!);
    const { path, display } = target(req);
    let refreshed = false;
    for (;;) {
      const headers: Record<string, string> = { accept: 'application/json, */*;q=0.8', ...options.defaultHeaders };
      if (options.auth) Object.assign(headers, await options.auth.headers(req.signal));
      let body: string | Uint8Array | undefined;
      if (req.json !== undefined) {
        body = JSON.stringify(req.json);
        headers['content-type'] = 'application/json';
      } else if (req.form) {
        body = new URLSearchParams(req.form).toString();
        headers['content-type'] = 'application/x-www-form-urlencoded';
      } else if (req.body !== undefined) {
        body = req.body;
      }
      Object.assign(headers, req.headers);

      const permit = await acquireAll(gatesFor(req), req.signal);
      const started = Date.now();
      let status: number;
      let resHeaders: Headers;
      let text = '';
      let bytes: Uint8Array | undefined;
      try {
        const res = await pool.request({
          method: req.method,
          path,
          headers,
          ...(body !== undefined && { body }),
          ...(req.signal && { signal: req.signal }),
          ...(req.timeoutMs !== undefined && { headersTimeout: req.timeoutMs, bodyTimeout: req.timeoutMs }),
        });
        status = res.statusCode;
        resHeaders = toHeaders(res.headers);
        if (req.responseType === 'bytes') bytes = new Uint8Array(await res.body.arrayBuffer());
        else if (req.responseType === 'none') await res.body.dump();
        else text = await res.body.text();
      } catch (e) {
        permit.release();
        const err = classifyTransportError(e, { system: options.system, host: base.host, method: req.method, path: display, ...(req.signal && { signal: req.signal }) });
        logger.debug({ system: options.system, method: req.method, path: display, attempt: attemptNo, ms: Date.now() - started, error: err.code }, 'request failed');
        throw err;
      }
      permit.release({ status, headers: resHeaders });
      logger.debug({ system: options.system, method: req.method, path: display, status, attempt: attemptNo, ms: Date.now() - started }, 'request');

      const isJson = req.responseType === 'json' || (req.responseType === undefined && /[/+]json\b/i.test(resHeaders.get('content-type') ?? ''));
      let json: unknown;
      const skipped = isJson && text !== '' && status >= 200 && status < 300 && req.parseIf !== undefined && !req.parseIf(text);
      if (isJson && text && !skipped) {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      const raw: RawResponse = { status, headers: resHeaders, text, json, method: req.method, path: display };
      const inspected = req.inspect?.(raw);
      let error: ConnectorError | null = null;
      if (inspected !== 'ok') {
        error = inspected ?? (req.accept?.includes(status) ? null : classifyResponse(raw, options.system, options.classify));
      }
      if (error) {
        if (status === 401 && !refreshed && options.auth?.onUnauthorized && (await options.auth.onUnauthorized(req.signal, headers))) {
          refreshed = true;
          continue;
        }
        throw error;
      }
      if (isJson && text && !skipped && json === undefined && req.responseType === 'json') {
        throw new FatalError(`${options.system} sent invalid JSON for ${req.method} ${display}.`, { code: 'SCHEMA_MISMATCH', status, system: options.system });
      }
      let parsed: unknown = bytes ?? (skipped ? null : isJson ? json : text);
      if (req.schema && status >= 200 && status < 300) {
        const result = req.schema.safeParse(parsed);
        if (!result.success) {
          // Paths and codes only: values could be customer data or secrets.
          const issues = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join('; ');
          throw new FatalError(`${options.system} answered ${req.method} ${display} in an unexpected shape (${issues}).`, {
            code: 'SCHEMA_MISMATCH',
            status,
            system: options.system,
            hint: 'The API may have changed; update ml-connector.',
          });
        }
        parsed = result.data;
      }
      return { status, headers: resHeaders, body: parsed as T, text, attempts: attemptNo };
    }
  }

  return {
    baseUrl: options.baseUrl,
    async request<T>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
      const policy = req.retry ?? options.retry ?? {};
      if (policy === false) return attempt(req, 1);
      return withRetry((n) => attempt(req, n), {
        ...policy,
        ...(req.signal && { signal: req.signal }),
        onRetry: (info) => {
          logger.warn({ system: options.system, method: req.method, path: target(req).display, attempt: info.attempt, delayMs: info.delayMs, code: info.error.code, status: info.error.status }, 'retrying');
          policy.onRetry?.(info);
        },
      });
    },
    async close() {
      await pool.close();
    },
  };
}

function hostNotAllowed(system: string, origin: string, allowed: readonly string[]): ConfigError {
  return new ConfigError(`Refused to send a ${system} request to ${origin}: this connection's credentials may only go to ${allowed.join(', ') || '(nowhere)'}. Nothing was sent.`, {
    code: 'HOST_NOT_ALLOWED',
    system,
    hint: "Check the connection's server address; if the system handed out this address at sign-in, it is not one the connector trusts.",
    data: { origin, allowed: [...allowed] },
  });
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const one of v) h.append(k, one);
    else h.append(k, v);
  }
  return h;
}
