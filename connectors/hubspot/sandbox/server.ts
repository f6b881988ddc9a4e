// The HubSpot sandbox's API behind the kit's pipeline: loopback only, HubSpot's real paths, status
// codes, JSON shapes and headers (spec §13). Per request: route match → Bearer token (401 with
// X-HubSpot-Auth-Failure) → rate limits (burst/daily/search, 429 bodies with policyName) → scope
// (403 MISSING_SCOPES) → injected fault → handler. The kit counts every answer and serves /__sandbox.
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SandboxBase } from '../../kit/sandbox/base.ts';
import type { Exchange } from '../../kit/sandbox/server.ts';
import { HubError, errorBody, forbiddenScope } from './errors.ts';
import { RATE_LIMIT_BODIES, SandboxLimits, dayZoneOf } from './limits.ts';
import { localDay } from '../../kit/budget/windows.ts';
import { accountRoutes } from './routes-account.ts';
import { associationLabelRoutes } from './routes-association-labels.ts';
import { associationRoutes } from './routes-associations.ts';
import { propertyRoutes } from './routes-properties.ts';
import { objectRoutes } from './routes-objects.ts';
import { ownerRoutes } from './owners.ts';
import { pipelineEditRoutes } from './pipeline-edits.ts';
import { pipelineRoutes } from './pipelines.ts';
import type { Route, RouteResult } from './route-types.ts';
import { PortalState } from './state.ts';
import { hubspotSwitches, type SandboxEnv } from './switches.ts';
import { TIERS, type Tier } from './data.ts';
import { WebhookEmitter } from './webhooks.ts';
import { HubSpotOAuth, type OAuthAnswer, type TokenGrant } from './oauth.ts';
import { OWNERS } from './owners.ts';

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

const ROUTES = compile([...objectRoutes, ...propertyRoutes, ...associationRoutes, ...associationLabelRoutes, ...accountRoutes, ...ownerRoutes, ...pipelineRoutes, ...pipelineEditRoutes]);
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
  /** Clock (time scale), faults, counters and switches: the kit's. */
  readonly base: SandboxBase<typeof hubspotSwitches.schema.shape>;
  readonly env: SandboxEnv;
  readonly limits: SandboxLimits;
  readonly faultNames: readonly string[] = FAULT_NAMES;
  readonly tokens = new Map<string, TokenGrant>();
  readonly oauth: HubSpotOAuth;
  readonly webhooks: WebhookEmitter;
  readonly token: string;
  readonly appId = 2_468_013;
  private readonly slowMs: number;

  constructor(options: SandboxCoreOptions = {}) {
    const tier = options.tier ?? 'professional';
    if (!(tier in TIERS)) throw new Error(`Unknown HubSpot tier "${tier}". Use free, starter, professional or enterprise.`);
    const base = new SandboxBase(
      { system: 'hubspot', switches: hubspotSwitches, faultNames: FAULT_NAMES, defaultSeed: 42 },
      {
        timeScale: options.timeScale ?? 1,
        ...(options.faults !== undefined && { faults: options.faults }),
        ...(options.seed !== undefined && { seed: options.seed }),
        ...(options.switches !== undefined && { switches: options.switches }),
      },
    );
    this.base = base;
    this.env = {
      state: new PortalState(),
      tier,
      portalId: options.portalId ?? 50_687_303,
      get switches() {
        return base.switches;
      },
      get timeScale() {
        return base.clock.timeScale;
      },
    };
    this.limits = new SandboxLimits(tier, base.clock.timeScale, base.switches.apiLimitIncrease);
    this.token = options.token ?? `pat-na1-${randomUUID()}`;
    this.tokens.set(this.token, { scopes: null });
    const installer = OWNERS[0];
    this.oauth = new HubSpotOAuth(base.clock, this.tokens, { portalId: this.env.portalId, appId: this.appId, userId: installer?.userId ?? 0, user: installer?.email ?? '' });
    this.webhooks = new WebhookEmitter(this.env.state, this.env.portalId, this.appId, () => this.env.timeScale);
    this.slowMs = options.slowMs ?? 2000;
  }

  /** After the admin API changed switches or the clock: the limits follow. */
  syncLimits(): void {
    this.limits.apiLimitIncrease = this.env.switches.apiLimitIncrease;
    this.limits.timeScale = this.base.clock.timeScale;
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

  /** Drops records, associations and custom properties and today's API use (the kit zeroes the counters). */
  reset(): void {
    this.env.state.reset();
    this.limits.reset();
  }

  async handle(ex: Exchange): Promise<void> {
    const { req, res, url, method } = ex;
    // The date-versioned paths are the same API (spec §1).
    const path = url.pathname.replace(/^\/crm\/(objects|properties)\/20\d\d-\d\d(-beta)?\//, '/crm/v3/$1/');
    const raw = await ex.body();
    let body: unknown;
    let badJson = false;
    if (raw.length) {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
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
    if (match) ex.endpoint = match.endpoint;
    const answer = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => send(res, status, payload, headers);

    // The OAuth endpoints take client credentials, not a Bearer token.
    if (path.startsWith('/oauth/v1/')) {
      const oauth = this.oauthEndpoint(method, path, url.searchParams, raw);
      ex.endpoint = oauth.endpoint;
      return answer(oauth.answer.status, oauth.answer.body);
    }

    // Auth first: HubSpot answers 401 to unknown paths too when no valid token is sent.
    const auth = req.headers.authorization ?? '';
    const token = /^Bearer (.+)$/i.exec(auth)?.[1]?.trim() ?? '';
    const grant = this.tokens.get(token);
    const unauthorized = (category = 'INVALID_AUTHENTICATION', message = 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview'): void => {
      const cid = randomUUID();
      return answer(401, { status: 'error', message, correlationId: cid, category }, { 'X-HubSpot-Auth-Failure': '401 Unauthorized', 'X-HubSpot-Correlation-Id': cid });
    };
    if (!grant) return unauthorized();
    const ticks = this.base.clock.ticks();
    if (grant.expiresAt !== undefined && grant.expiresAt <= ticks) {
      return unauthorized('EXPIRED_AUTHENTICATION', `The OAuth token used to make this call expired ${Math.max(1, Math.floor((ticks - grant.expiresAt) / 1000))} second(s) ago.`);
    }
    if (!match) return answer(404, errorBody(`No route for ${method} ${url.pathname}`, { category: 'OBJECT_NOT_FOUND' }));

    const now = Date.now();
    this.limits.rollDay(localDay(this.base.clock.now(), dayZoneOf(this.env.switches.portalTimeZone)));
    const oauth = this.oauth.isOAuth(token);
    const verdict = this.limits.take(oauth ? 'oauth-app' : token, match.route.bucket, now, this.env.switches.searchRateHeaders, oauth);
    if (!verdict.ok) {
      const extra: Record<string, string> = this.env.switches.retryAfterOn429 ? { 'Retry-After': String(Math.ceil((verdict.policy === 'SECONDLY' ? this.limits.searchIntervalMs : this.limits.intervalMs) / 1000)) } : {};
      return answer(429, { status: 'error', ...RATE_LIMIT_BODIES[verdict.policy], errorType: 'RATE_LIMIT', correlationId: randomUUID() }, { ...verdict.headers, ...extra });
    }

    const scope = match.route.scope?.(match.params);
    if (scope && grant.scopes && !grant.scopes.has(scope)) {
      const e = forbiddenScope(scope);
      return answer(e.status, e.body, verdict.headers);
    }

    const fault = ex.drawFault(match.params.type);
    if (fault) {
      if (await ex.transportFault(fault, this.slowMs / this.env.timeScale)) return;
      // Private app tokens do not expire; the kit's `expire` fault answers as a revoked token would.
      if (fault === 'expire') return unauthorized();
      if (fault === '429' || fault === 'daily429' || fault === 'secondly429') {
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
  }

  private oauthEndpoint(method: string, path: string, query: URLSearchParams, raw: string): { endpoint: string; answer: OAuthAnswer } {
    if (path === '/oauth/v1/token') {
      if (method !== 'POST') return { endpoint: `${method} /oauth/v1/token`, answer: { status: 405, body: errorBody('Use POST for /oauth/v1/token') } };
      // Form-encoded body (the SDK and the docs); query parameters are read too.
      const form = new URLSearchParams(query);
      for (const [k, v] of new URLSearchParams(raw)) form.set(k, v);
      return { endpoint: 'POST /oauth/v1/token', answer: this.oauth.token(form) };
    }
    const m = /^\/oauth\/v1\/(access-tokens|refresh-tokens)\/([^/]+)$/.exec(path);
    const kind = m?.[1];
    const token = decodeURIComponent(m?.[2] ?? '');
    if (kind === 'access-tokens' && method === 'GET') return { endpoint: 'GET /oauth/v1/access-tokens/{token}', answer: this.oauth.accessTokenInfo(token) };
    if (kind === 'refresh-tokens' && method === 'GET') return { endpoint: 'GET /oauth/v1/refresh-tokens/{token}', answer: this.oauth.refreshTokenInfo(token) };
    if (kind === 'refresh-tokens' && method === 'DELETE') return { endpoint: 'DELETE /oauth/v1/refresh-tokens/{token}', answer: this.oauth.revoke(token) };
    return { endpoint: `${method} /oauth/v1/(unknown)`, answer: { status: 404, body: errorBody(`No route for ${method} ${path}`, { category: 'OBJECT_NOT_FOUND' }) } };
  }
}

export function send(res: ServerResponse, status: number, payload?: unknown, headers: Record<string, string> = {}): void {
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
