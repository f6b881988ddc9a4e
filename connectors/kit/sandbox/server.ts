// The one request pipeline every sandbox runs on: an HTTP or HTTPS server on loopback only, the admin
// API under `/__sandbox/` (never counted, faulted or authenticated), then the system's own handler with
// an Exchange that counts the answer, draws injected faults and knows how to hang up or stall.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { AdminApi } from './admin.ts';
import { sandboxCertificate, type SandboxCertificate } from './certificate.ts';
import type { RequestCounters } from './counters.ts';
import type { FaultPlan } from './faults.ts';

export const ADMIN_PREFIX = '/__sandbox';
const DEFAULT_MAX_BODY = 10 * 1024 * 1024;

export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
  constructor(readonly limit: number) {
    super(`The request body is larger than the sandbox accepts (${limit} bytes).`);
  }
}

/** Reads a whole request body as UTF-8, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = DEFAULT_MAX_BODY): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new PayloadTooLargeError(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One request to the system's API, as its handler sees it. */
export class Exchange {
  /** How the request is counted, e.g. `GET AR/ARCustomers` or `POST /crm/v3/objects/companies/batch/upsert`. */
  endpoint: string;
  readonly method: string;
  readonly url: URL;
  private recorded = false;
  private bodyText: Promise<string> | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly counters: RequestCounters,
    private readonly faults: FaultPlan,
    private readonly maxBody: number,
    readonly scheme: 'http' | 'https',
  ) {
    this.method = (req.method ?? 'GET').toUpperCase();
    this.url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.endpoint = `${this.method} (unknown)`;
    res.once('finish', () => this.record(res.statusCode));
  }

  get path(): string {
    return this.url.pathname;
  }

  /** The request body (read once). Throws PayloadTooLargeError past the limit. */
  body(): Promise<string> {
    this.bodyText ??= readBody(this.req, this.maxBody);
    return this.bodyText;
  }

  /** The fault for this request (queued ones for `resource` first), counted by name; null for none. */
  drawFault(resource?: string | readonly string[]): string | null {
    const fault = this.faults.draw(this.method, resource);
    if (fault) this.counters.fault(fault);
    return fault;
  }

  /** Counts the request with an outcome other than a status (reset, dropped, timeout); once. */
  record(outcome: number | string): void {
    if (this.recorded) return;
    this.recorded = true;
    this.counters.record(this.endpoint, outcome);
  }

  /** Destroys the socket without an answer: `reset` before any work, `dropped` after the work was done. */
  hangUp(label: 'reset' | 'dropped' = 'reset'): void {
    this.record(label);
    this.req.socket.destroy();
  }

  /** Accepts and never answers (the socket is destroyed when the sandbox closes or the client gives up). */
  stall(): void {
    this.record('timeout');
  }

  /**
   * Applies the transport faults every sandbox shares: `reset` hangs up, `timeout` stalls (both end the
   * request: returns true), `slow` waits `slowMs` and lets the request go on. Other faults are the system's.
   */
  async transportFault(fault: string | null, slowMs: number): Promise<boolean> {
    if (fault === 'reset') {
      this.hangUp('reset');
      return true;
    }
    if (fault === 'timeout') {
      this.stall();
      return true;
    }
    if (fault === 'slow') await new Promise((r) => setTimeout(r, slowMs));
    return false;
  }
}

export interface SandboxServerOptions {
  counters: RequestCounters;
  faults: FaultPlan;
  admin: AdminApi;
  /** The system's API. Throwing before answering gives `onError`'s answer. */
  handle(exchange: Exchange): Promise<void>;
  /** Answer for an error the handler did not turn into a response (default: 500 JSON with the message). */
  onError?(exchange: Exchange, error: unknown): void;
  /** Stop timers and emitters the sandbox started (webhooks…). */
  onClose?(): void;
  port?: number;
  /** Loopback only: tests, benchmarks and the demo never bind anything else. */
  host?: '127.0.0.1' | '::1';
  /** HTTPS with the process's self-signed certificate. */
  tls?: boolean;
  maxBodyBytes?: number;
  keepAliveTimeoutMs?: number;
}

export interface SandboxServer {
  /** `http(s)://127.0.0.1:PORT`. */
  origin: string;
  /** `${origin}/__sandbox`. */
  admin: string;
  certificate?: SandboxCertificate;
  server: Server;
  close(): Promise<void>;
}

function defaultError(exchange: Exchange, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const status = error instanceof PayloadTooLargeError ? 413 : 500;
  const text = JSON.stringify({ message: `internal sandbox error: ${message}` });
  exchange.res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
  exchange.res.end(text);
}

export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== '::1') throw new Error(`A sandbox binds loopback only (127.0.0.1 or ::1), not "${String(host)}".`);
  const certificate = options.tls ? await sandboxCertificate() : undefined;
  const scheme = certificate ? 'https' : 'http';
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
      void options.admin.serve(req, res);
      return;
    }
    const exchange = new Exchange(req, res, options.counters, options.faults, maxBody, scheme);
    options.counters.enter();
    res.once('close', () => options.counters.leave());
    options.handle(exchange).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      (options.onError ?? defaultError)(exchange, error);
    });
  };
  const server: Server = certificate ? createHttpsServer({ key: certificate.key, cert: certificate.cert }, listener) : createHttpServer(listener);
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 60_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${scheme}://${host === '::1' ? '[::1]' : host}:${port}`;
  return {
    origin,
    admin: `${origin}${ADMIN_PREFIX}`,
    ...(certificate && { certificate }),
    server,
    close: () =>
      new Promise<void>((resolve) => {
        options.onClose?.();
        server.close(() => resolve());
        // Stalled (`timeout` fault) and keep-alive sockets would hold close() open.
        for (const s of sockets) s.destroy();
      }),
  };
}
