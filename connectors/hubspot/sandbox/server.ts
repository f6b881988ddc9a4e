// The HubSpot sandbox HTTP server: loopback only, HubSpot's real paths, status codes, JSON shapes and
// headers (spec §13). Per request: admin routes bypass everything; otherwise route match → Bearer
// token (401 with X-HubSpot-Auth-Failure) → rate limits (burst/daily/search, 429 bodies with
// policyName) → scope (403 MISSING_SCOPES) → injected fault → handler. Every answer is counted.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { FaultInjector, parseFaultSpec } from '../../kit/sandbox/faults.ts';
import { seededRandom } from '../../kit/sandbox/random.ts';
import { handleAdmin } from './admin.ts';
import { RequestCounters } from './counters.ts';
import { HubError, errorBody } from './errors.ts';
import { RATE_LIMIT_BODIES, SandboxLimits } from './limits.ts';
import { forbiddenScope, metaRoutes } from './routes-meta.ts';
import { objectRoutes } from './routes-objects.ts';
import type { Route, RouteResult } from './route-types.ts';
import { PortalState } from './state.ts';
import { DEFAULT_SWITCHES, applySwitches, type SandboxEnv } from './switches.ts';
import { TIERS, type Tier } from './data.ts';
import { WebhookEmitter } from './webhooks.ts';

export const FAULT_NAMES = ['daily429', 'secondly429'] as const;

interface CompiledRoute {
  route: Route;
  re: RegExp;
  keys: string[];
}

function compile(routes: Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const keys: string[] = [];
    const re = new RegExp(`^${route.path.replace(/:([a-zA-Z]+)/g, (_m, k: string) => (keys.push(k), '([^/]+)'))}/?$`);
    return { route, re, keys };
  });
}

const ROUTES = compile([...objectRoutes, ...metaRoutes]);
/** Route params that stay concrete in counter names (object types); ids become `{id}`. */
const CONCRETE = new Set(['type', 'from', 'to']);

export interface SandboxCoreOptions {
  tier?: Tier;
  timeScale?: number;
  faults?: string;
  seed?: number;
  switches?: Record<string, string | number | boolean>;
  portalId?: number;
  /** Fixed token (tests); default a fresh `pat-na1-<uuid>`. */
  token?: string;
  /** Delay of the `slow` fault before scaling (default 2000 ms). */
  slowMs?: number;
}

export class SandboxCore {
  readonly env: SandboxEnv;
  readonly limits: SandboxLimits;
  readonly counters = new RequestCounters();
  readonly faults: FaultInjector;
  readonly faultNames: readonly string[] = FAULT_NAMES;
  readonly tokens = new Map<string, { scopes: Set<string> | null }>();
  readonly webhooks: WebhookEmitter;
  readonly token: string;
  readonly appId = 2_468_013;
  private readonly hung = new Set<ServerResponse>();
  private readonly slowMs: number;

  constructor(options: SandboxCoreOptions = {}) {
    const switches = { ...DEFAULT_SWITCHES };
    if (options.switches) applySwitches(switches, options.switches);
    const tier = options.tier ?? 'professional';
    if (!(tier in TIERS)) throw new Error(`Unknown HubSpot tier "${tier}". Use free, starter, professional or enterprise.`);
    const timeScale = options.timeScale ?? 1;
    if (!(timeScale > 0)) throw new Error('--time-scale must be a positive number.');
    this.env = { state: new PortalState(), switches, tier, portalId: options.portalId ?? 50_687_303, timeScale };
    this.limits = new SandboxLimits(tier, timeScale, switches.apiLimitIncrease);
    this.faults = new FaultInjector(parseFaultSpec(options.faults, FAULT_NAMES), seededRandom(options.seed ?? 42));
    this.token = options.token ?? `pat-na1-${randomUUID()}`;
    this.tokens.set(this.token, { scopes: null });
    this.webhooks = new WebhookEmitter(this.env.state, this.env.portalId, this.appId, () => this.env.timeScale);
    this.slowMs = options.slowMs ?? 2000;
  }

  addToken(scopes: string[] | null): string {
    const token = `pat-na1-${randomUUID()}`;
    this.tokens.set(token, { scopes: scopes ? new Set(scopes) : null });
    return token;
  }

  info(): Record<string, unknown> {
    return {
      system: 'hubspot',
      portalId: this.env.portalId,
      tier: this.env.tier,
      timeScale: this.env.timeScale,
      limits: { burst: this.limits.burstMax, intervalMs: this.limits.intervalMs, daily: this.limits.daily, dailyUsed: this.limits.dailyUsed, searchPerSecond: 5, searchIntervalMs: this.limits.searchIntervalMs },
      switches: this.env.switches,
      records: Object.fromEntries([...this.env.state.tables].map(([k, t]) => [k, t.live])),
    };
  }

  reset(): void {
    this.env.state.reset();
    this.counters.reset();
    this.limits.reset();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // The date-versioned paths are the same API (spec §1).
    const path = url.pathname.replace(/^\/crm\/(objects|properties)\/20\d\d-\d\d(-beta)?\//, '/crm/v3/$1/');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    let body: unknown;
    let badJson = false;
    if (raw.length) {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }

    if (path.startsWith('/__sandbox')) {
      try {
        const out = handleAdmin(this, method, path, url.searchParams, body);
        return send(res, out.status, out.body);
      } catch (e) {
        return send(res, 400, { message: e instanceof Error ? e.message : String(e) });
      }
    }

    let match: { route: Route; params: Record<string, string>; endpoint: string } | undefined;
    for (const c of ROUTES) {
      if (c.route.method !== method) continue;
      const m = c.re.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1] ?? '')));
      const endpoint = `${method} ${c.route.path.replace(/:([a-zA-Z]+)/g, (_x, k: string) => (CONCRETE.has(k) ? (params[k] ?? k) : `{${k}}`))}`;
      match = { route: c.route, params, endpoint };
      break;
    }
    const endpoint = match?.endpoint ?? `${method} (unknown)`;
    const answer = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => {
      this.counters.record(endpoint, status);
      send(res, status, payload, headers);
    };

    // Auth first: HubSpot answers 401 to unknown paths too when no valid token is sent.
    const auth = req.headers.authorization ?? '';
    const token = /^Bearer (.+)$/i.exec(auth)?.[1]?.trim() ?? '';
    const grant = this.tokens.get(token);
    if (!grant) {
      const cid = randomUUID();
      return answer(
        401,
        {
          status: 'error',
          message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
          correlationId: cid,
          category: 'INVALID_AUTHENTICATION',
        },
        { 'X-HubSpot-Auth-Failure': '401 Unauthorized', 'X-HubSpot-Correlation-Id': cid },
      );
    }
    if (!match) return answer(404, errorBody(`No route for ${method} ${url.pathname}`, { category: 'OBJECT_NOT_FOUND' }));

    const now = Date.now();
    const verdict = this.limits.take(token, match.route.bucket, now, this.env.switches.searchRateHeaders);
    if (!verdict.ok) {
      const extra: Record<string, string> = this.env.switches.retryAfterOn429 ? { 'Retry-After': String(Math.ceil((verdict.policy === 'SECONDLY' ? this.limits.searchIntervalMs : this.limits.intervalMs) / 1000)) } : {};
      return answer(429, { status: 'error', ...RATE_LIMIT_BODIES[verdict.policy], errorType: 'RATE_LIMIT', correlationId: randomUUID() }, { ...verdict.headers, ...extra });
    }

    const scope = match.route.scope?.(match.params);
    if (scope && grant.scopes && !grant.scopes.has(scope)) {
      const e = forbiddenScope(scope);
      return answer(e.status, e.body, verdict.headers);
    }

    const fault = this.faults.draw();
    if (fault) {
      this.counters.fault(fault);
      if (fault === 'reset') {
        this.counters.record(endpoint, 'reset');
        req.socket.destroy();
        return;
      }
      if (fault === 'timeout') {
        this.counters.record(endpoint, 'timeout');
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return;
      }
      if (fault === 'slow') await new Promise((r) => setTimeout(r, this.slowMs / this.env.timeScale));
      else if (fault === '429' || fault === 'daily429' || fault === 'secondly429') {
        const policy = fault === 'daily429' ? 'DAILY' : fault === 'secondly429' ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING';
        return answer(429, { status: 'error', ...RATE_LIMIT_BODIES[policy], errorType: 'RATE_LIMIT', correlationId: randomUUID() }, verdict.headers);
      } else if (/^\d{3}$/.test(fault)) {
        const status = Number(fault);
        const extra: Record<string, string> = status === 477 ? { 'Retry-After': '1' } : {};
        return answer(status, errorBody(status === 477 ? 'Migration in progress' : 'internal error (injected fault)', { category: status >= 500 ? 'INTERNAL_ERROR' : 'INJECTED' }), { ...verdict.headers, ...extra });
      }
    }

    if (badJson) return answer(400, errorBody('Invalid input JSON on line 1', { category: 'VALIDATION_ERROR' }), verdict.headers);
    let result: RouteResult;
    try {
      result = match.route.handler({ env: this.env, now, params: match.params, query: url.searchParams, body });
    } catch (e) {
      if (e instanceof HubError) return answer(e.status, e.body, { ...verdict.headers, ...e.headers });
      const message = e instanceof Error ? e.message : String(e);
      return answer(500, errorBody(`internal sandbox error: ${message}`, { category: 'INTERNAL_ERROR' }), verdict.headers);
    }
    answer(result.status, result.body, { ...verdict.headers, ...result.headers });
  }

  close(): void {
    this.webhooks.close();
    for (const r of this.hung) r.destroy();
    this.hung.clear();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, payload?: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const cid = headers['X-HubSpot-Correlation-Id'] ?? (payload as { correlationId?: string } | undefined)?.correlationId ?? randomUUID();
  const base: Record<string, string> = { 'X-HubSpot-Correlation-Id': cid, ...headers };
  if (status === 204 || payload === undefined) {
    res.writeHead(status, base);
    res.end();
    return;
  }
  const text = JSON.stringify(payload);
  res.writeHead(status, { ...base, 'Content-Type': 'application/json;charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Starts the HTTP server for a core on loopback. */
export async function listen(core: SandboxCore, port = 0, host: '127.0.0.1' | '::1' = '127.0.0.1'): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    core.handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, errorBody(`internal sandbox error: ${e instanceof Error ? e.message : String(e)}`));
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host === '::1' ? '[::1]' : host}:${actualPort}`;
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        core.close();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
