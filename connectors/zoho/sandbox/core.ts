// The Zoho CRM sandbox's request pipeline (spec §12), on the kit's sandbox server. Per API request:
// route → `Zoho-oauthtoken` token (401 INVALID_TOKEN when unknown or expired) → module in this edition →
// scope (401 OAUTH_SCOPE_MISMATCH) → concurrency (429) → rolling credits (429) → injected fault →
// handler. The accounts server answers at `/oauth/v2/token` on the same origin.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxBase } from '../../kit/sandbox/base.ts';
import { seededRandom } from '../../kit/sandbox/random.ts';
import type { Exchange } from '../../kit/sandbox/server.ts';
import type { SandboxOptions } from '../../kit/sandbox/types.ts';
import { zohoDateTime } from './datetime.ts';
import { concurrencyLimit, dailyCredits, hasModule, parseEdition, type Edition } from './editions.ts';
import { ZohoError, badMethod, invalidModule, invalidUrl } from './errors.ts';
import { ConcurrencyGate, CreditLedger } from './limits.ts';
import { MODULE_BY_NAME } from './modules.ts';
import { AccountsServer, scopeAllows, tokenParams } from './oauth.ts';
import { matchRoute } from './routes.ts';
import { PageTokens } from './paging.ts';
import type { RouteResult, SandboxEnv } from './route-types.ts';
import { OrgStore } from './store.ts';
import { zohoSwitches, type Switches } from './switches.ts';
import { WatchService } from './watch.ts';

export class ZohoSandboxCore {
  readonly base: SandboxBase<typeof zohoSwitches.schema.shape>;
  readonly store = new OrgStore();
  readonly pageTokens = new PageTokens();
  readonly accounts: AccountsServer;
  readonly credits: CreditLedger;
  readonly gate: ConcurrencyGate;
  readonly watch: WatchService;
  edition: Edition;
  /** The origin clients reach us at (set once listening): `api_domain` and the accounts server. */
  origin = 'http://127.0.0.1';

  constructor(options: SandboxOptions = {}) {
    this.base = new SandboxBase({ system: 'zoho', switches: zohoSwitches, defaultSeed: 1 }, options);
    this.edition = parseEdition(options.tier);
    const clock = this.base.clock;
    this.accounts = new AccountsServer(clock, () => this.switches, () => this.origin);
    this.credits = new CreditLedger(clock, () => dailyCredits(this.edition, this.switches));
    this.gate = new ConcurrencyGate(() => concurrencyLimit(this.edition, this.switches), () => this.switches.subConcurrency);
    this.watch = new WatchService(clock, () => this.origin, {
      maxHours: () => this.switches.channelMaxHours,
      dropProbability: () => this.switches.dropCallbacks,
      offsetFmt: (ms) => zohoDateTime(ms, this.switches.orgOffsetMinutes),
      moduleAvailable: (m) => hasModule(this.edition, this.switches, m),
      random: seededRandom(this.base.seed + 1),
    });
    this.store.listeners.push((e) => this.watch.onChange(e));
  }

  get switches(): Switches {
    return this.base.switches;
  }

  get clock() {
    return this.base.clock;
  }

  get env(): SandboxEnv {
    return { store: this.store, switches: this.switches, edition: this.edition, watch: this.watch, apiDomain: this.origin };
  }

  info(): Record<string, unknown> {
    return {
      edition: this.edition,
      credits: { daily: dailyCredits(this.edition, this.switches), used: this.credits.used(), remaining: this.credits.remaining(), spentTotal: this.credits.total },
      concurrency: { limit: concurrencyLimit(this.edition, this.switches), sub: this.switches.subConcurrency, peak: this.gate.peak },
      modules: [...MODULE_BY_NAME.keys()].filter((m) => hasModule(this.edition, this.switches, m)),
      records: this.counts(),
      refreshes: this.accounts.refreshCount,
      channels: this.watch.channels.size,
    };
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.store.tables].map(([k, t]) => [k, t.size]));
  }

  async handle(ex: Exchange): Promise<void> {
    const { url, method, req, res } = ex;
    const raw = Buffer.from(await ex.body(), 'utf8');

    if (url.pathname === '/oauth/v2/token') {
      ex.endpoint = `${method} /oauth/v2/token`;
      if (method !== 'POST') return send(res, 405, { error: 'invalid_request', error_description: 'Use POST' });
      const params = await tokenParams(url, req.headers['content-type'], raw);
      return send(res, 200, this.accounts.token(params));
    }

    const match = matchRoute(method, url.pathname);
    ex.endpoint = match ? `${method} ${match.template}` : `${method} (unknown)`;
    const answer = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => send(res, status, payload, headers);
    const fail = (e: ZohoError): void => answer(e.status, e.body, e.headers);

    // Authentication comes first, as on Zoho: an unknown URL without a valid token is a 401.
    const auth = req.headers.authorization ?? '';
    const scheme = this.switches.acceptBearer ? /^(?:Zoho-oauthtoken|Bearer)\s+(.+)$/i : /^Zoho-oauthtoken\s+(.+)$/i;
    const token = scheme.exec(auth)?.[1]?.trim();
    if (!token) return fail(new ZohoError(401, 'AUTHENTICATION_FAILURE', 'Authentication failed'));
    const grant = this.accounts.accessTokens.get(token);
    if (!grant) return fail(new ZohoError(401, 'INVALID_TOKEN', 'invalid oauth token'));
    const fault = ex.drawFault(match?.params.module);
    // The `expire` fault: this caller's token dies now, as after its hour.
    if (fault === 'expire') grant.expiresAt = Math.min(grant.expiresAt, this.clock.ticks());
    if (grant.expiresAt <= this.clock.ticks()) {
      const expiredAt = this.clock.now() - (this.clock.ticks() - grant.expiresAt);
      const headers: Record<string, string> = this.switches.accessTokenResetHeader ? { 'X-ACCESSTOKEN-RESET': new Date(expiredAt).toISOString() } : {};
      return fail(new ZohoError(401, this.switches.expiredTokenCode, this.switches.expiredTokenCode === 'INVALID_TOKEN' ? 'invalid oauth token' : 'Authentication failed', {}, headers));
    }
    if (!match) return fail(url.pathname.startsWith('/crm/') && !url.pathname.startsWith('/crm/v8/') ? new ZohoError(400, 'API_NOT_SUPPORTED', 'this API version is not supported by the sandbox', { supported_version: 'v8' }) : invalidUrl());
    if (!match.route) return fail(badMethod());
    const route = match.route;

    const module = match.params.module;
    if (module !== undefined) {
      if (!MODULE_BY_NAME.has(module)) return fail(invalidModule());
      if (!hasModule(this.edition, this.switches, module)) return fail(this.missingModule());
    }
    const scope = route.scope(match.params, url.searchParams);
    if (!scopeAllows(grant.scopes, scope.group, scope.sub, scope.op)) {
      return fail(new ZohoError(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL', { required_scope: `ZohoCRM.${scope.group}${scope.sub ? `.${scope.sub}` : ''}.${scope.op}` }));
    }

    let body: unknown;
    if (raw.length) {
      // Writes arrive without a Content-Type from the SDK (§3): parse JSON regardless.
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return fail(new ZohoError(400, 'INVALID_DATA', 'body is not a valid JSON', { reason: 'invalid json' }));
      }
    }
    const heavy = route.heavy?.(url.searchParams, body) ?? false;
    if (!this.gate.enter(heavy)) return fail(new ZohoError(429, 'TOO_MANY_REQUESTS', 'concurrency limit exceeded', {}, this.rateHeaders()));
    try {
      if (!this.credits.take(route.cost?.(body) ?? 1)) {
        const retry: Record<string, string> = this.switches.retryAfterOn429 ? { 'Retry-After': String(Math.ceil(this.credits.msUntilNextCredit() / 1000)) } : {};
        return fail(new ZohoError(429, 'TOO_MANY_REQUESTS', 'API credits for the last 24 hours are used up', {}, { ...this.rateHeaders(), ...retry }));
      }
      if (await ex.transportFault(fault, this.clock.scaled(2000))) return;
      if (this.switches.latencyMs) await new Promise((r) => setTimeout(r, this.clock.scaled(this.switches.latencyMs)));
      if (fault && /^\d{3}$/.test(fault)) {
        const status = Number(fault);
        return fail(status === 429 ? new ZohoError(429, 'TOO_MANY_REQUESTS', 'too many requests (injected fault)') : new ZohoError(status, 'INTERNAL_ERROR', 'Internal server error occurred.'));
      }
      let result: RouteResult;
      try {
        result = route.handler({ env: this.env, now: this.clock.now(), query: url.searchParams, headers: lowerHeaders(req), body, pageTokens: this.pageTokens, scopes: grant.scopes }, match.params);
      } catch (e) {
        if (e instanceof ZohoError) return fail(e);
        return fail(new ZohoError(500, 'INTERNAL_ERROR', `Internal server error occurred. (sandbox: ${e instanceof Error ? e.message : String(e)})`));
      }
      answer(result.status, result.body, { ...this.rateHeaders(), ...result.headers });
    } finally {
      this.gate.release(heavy);
    }
  }

  private missingModule(): ZohoError {
    switch (this.switches.missingModuleCode) {
      case 'FEATURE_NOT_SUPPORTED':
        return new ZohoError(403, 'FEATURE_NOT_SUPPORTED', 'the feature is not supported in your edition');
      case 'NO_PERMISSION':
        return new ZohoError(403, 'NO_PERMISSION', 'permission denied', { permissions: ['Crm_Implied_View_Module'] });
      default:
        return invalidModule();
    }
  }

  private rateHeaders(): Record<string, string> {
    if (!this.switches.rateLimitHeaders) return {};
    return {
      'X-RATELIMIT-LIMIT': String(dailyCredits(this.edition, this.switches)),
      'X-RATELIMIT-REMAINING': String(this.credits.remaining()),
      'X-RATELIMIT-RESET': String(Math.ceil(this.credits.msUntilNextCredit() / 1000)),
    };
  }

}

function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** JSON answers always carry `Content-Type: application/json` (the SDK ignores bodies without it). */
export function send(res: ServerResponse, status: number, payload?: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  if (status === 204 || status === 304 || payload === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(payload);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}
