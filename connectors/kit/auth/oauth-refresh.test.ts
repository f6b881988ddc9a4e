import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuthError, ConfigError, RetriableError } from '../errors.ts';
import { createHttpClient, type HttpClient } from '../http.ts';
import { SecretFilter } from '../redact.ts';
import { MemoryStateStore } from '../state/memory-state.ts';
import type { ConnectionState } from '../state/connection-state.ts';
import { sendJson, startLocalServer, type LocalServer } from '../testing/local-server.ts';
import { OAuthRefresh, parseTokenAnswer } from './oauth-refresh.ts';

// A Zoho-like accounts server and API (spec §2): token answers name the API domain, errors come as
// HTTP 200 {"error": …}, more than `limit` refreshes in the window are "Access Denied".
let accounts: LocalServer;
let api: LocalServer;
let foreign: LocalServer;
let refreshes = 0;
let limit = 10;
let apiDomain = '';
const live = new Set<string>();
let foreignHits = 0;

beforeAll(async () => {
  api = await startLocalServer((req, _b, res) => {
    const token = (req.headers.authorization ?? '').replace(/^Zoho-oauthtoken /, '');
    if (!live.has(token)) return sendJson(res, 401, { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' });
    sendJson(res, 200, { data: [{ id: '1' }] });
  });
  foreign = await startLocalServer((_q, _b, res) => {
    foreignHits++;
    sendJson(res, 200, {});
  });
  accounts = await startLocalServer((req, body, res) => {
    const form = new URLSearchParams(body);
    if (form.get('refresh_token') !== '1000.refresh.secret') return sendJson(res, 200, { error: 'invalid_code' });
    if (++refreshes > limit) return sendJson(res, 200, { error: 'Access Denied', error_description: 'You have made too many requests continuously.', status: 'failure' });
    const token = `1000.access.${refreshes}.${Math.random().toString(36).slice(2)}`;
    live.add(token);
    sendJson(res, 200, { access_token: token, api_domain: apiDomain || api.origin, token_type: 'Bearer', expires_in: 3600 });
  });
});
afterAll(async () => {
  await Promise.all([accounts.close(), api.close(), foreign.close()]);
});
beforeEach(() => {
  refreshes = 0;
  limit = 10;
  apiDomain = '';
  live.clear();
  foreignHits = 0;
});

interface Process {
  oauth: OAuthRefresh;
  accountsHttp: HttpClient;
}

function startProcess(state: ConnectionState, clock: { ms: number }, refreshToken = '1000.refresh.secret', extra: Partial<ConstructorParameters<typeof OAuthRefresh>[0]> = {}): Process {
  const accountsHttp = createHttpClient({ system: 'zoho', baseUrl: accounts.origin, retry: false });
  const oauth = new OAuthRefresh({
    system: 'zoho',
    state,
    sealKey: refreshToken,
    allowedHosts: ['127.0.0.1'],
    scheme: 'Zoho-oauthtoken',
    maxRefreshes: { count: 10, windowMs: 600_000 },
    now: () => clock.ms,
    filter: new SecretFilter(),
    refresh: async (signal) => {
      const res = await accountsHttp.request({ method: 'POST', path: '/oauth/v2/token', form: { grant_type: 'refresh_token', client_id: '1000.client', client_secret: 'cs', refresh_token: refreshToken }, ...(signal && { signal }) });
      return parseTokenAnswer(res.body, 'zoho');
    },
    ...extra,
  });
  return { oauth, accountsHttp };
}

describe('OAuthRefresh over real sockets', () => {
  it('two processes sharing the state refresh once, and the cached token is stored sealed', async () => {
    const store = new MemoryStateStore(() => clock.ms);
    const clock = { ms: Date.parse('2026-03-01T10:00:00Z') };
    const a = startProcess(store.connection('c1'), clock);
    const b = startProcess(store.connection('c1'), clock);
    const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).oauth.access()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(refreshes).toBe(1);
    expect(tokens[0]!.apiBase).toBe(api.origin);
    const persisted = JSON.stringify([...store.values.values()]);
    expect(persisted).not.toContain(tokens[0]!.accessToken);
    expect(persisted).not.toContain('1000.access');
    // A third process started later reuses the cached token without a refresh.
    expect((await startProcess(store.connection('c1'), clock).oauth.access()).accessToken).toBe(tokens[0]!.accessToken);
    expect(refreshes).toBe(1);
  });

  it('refreshes five minutes before expiry, not earlier', async () => {
    const clock = { ms: 0 };
    const p = startProcess(new MemoryStateStore(() => clock.ms).connection('c'), clock);
    const first = await p.oauth.access();
    clock.ms = 54 * 60_000;
    expect((await p.oauth.access()).accessToken).toBe(first.accessToken);
    clock.ms = 55 * 60_000 + 1;
    expect((await p.oauth.access()).accessToken).not.toBe(first.accessToken);
    expect(refreshes).toBe(2);
  });

  it('an HTTP client on the learned API domain refreshes once after a 401 and repeats the request', async () => {
    const clock = { ms: Date.now() };
    const p = startProcess(new MemoryStateStore(() => clock.ms).connection('c'), clock);
    const { apiBase } = await p.oauth.access();
    const http = createHttpClient({ system: 'zoho', baseUrl: `${apiBase}/crm/v8`, auth: p.oauth.authProvider(), retry: false });
    expect((await http.request({ method: 'GET', path: 'Accounts', schema: z.object({ data: z.array(z.object({ id: z.string() })) }) })).status).toBe(200);
    live.clear(); // the server revoked every token
    expect((await http.request({ method: 'GET', path: 'Accounts' })).status).toBe(200);
    expect(refreshes).toBe(2);
    await http.close();
  });

  it('refuses an API domain the connection does not allow, sends nothing there and caches nothing', async () => {
    const clock = { ms: Date.now() };
    const store = new MemoryStateStore(() => clock.ms);
    apiDomain = foreign.origin.replace('127.0.0.1', 'localhost');
    const p = startProcess(store.connection('c'), clock);
    const err = await p.oauth.access().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('HOST_NOT_ALLOWED');
    expect(foreignHits).toBe(0);
    const saved = [...store.values.values()].map((e) => e.value as { sealed?: string });
    expect(saved.every((v) => v.sealed === undefined)).toBe(true);
  });

  it('keeps within the refresh budget shared by processes, and says when the next refresh is allowed', async () => {
    const clock = { ms: 1_000_000 };
    const store = new MemoryStateStore(() => clock.ms);
    const a = startProcess(store.connection('c'), clock, undefined, { maxRefreshes: { count: 3, windowMs: 600_000 } });
    const b = startProcess(store.connection('c'), clock, undefined, { maxRefreshes: { count: 3, windowMs: 600_000 } });
    for (let i = 0; i < 3; i++) {
      const t = await (i % 2 ? a : b).oauth.access();
      await (i % 2 ? a : b).oauth.invalidate(t.accessToken);
      await (i % 2 ? b : a).oauth.invalidate(t.accessToken);
      clock.ms += 60_000;
    }
    const err = await a.oauth.access().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetriableError);
    expect((err as RetriableError).code).toBe('OAUTH_REFRESH_BUDGET');
    expect((err as RetriableError).retryAfterMs).toBe(600_000 - 3 * 60_000);
    expect(refreshes).toBe(3);
    clock.ms += 600_000 - 3 * 60_000;
    await expect(b.oauth.access()).resolves.toMatchObject({ apiBase: api.origin });
  });

  it('maps the token endpoint errors that arrive as HTTP 200', async () => {
    const clock = { ms: Date.now() };
    const wrong = startProcess(new MemoryStateStore().connection('c'), clock, '1000.refresh.revoked');
    const rejected = await wrong.oauth.access().catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(AuthError);
    expect((rejected as AuthError).code).toBe('OAUTH_REJECTED');
    limit = 0;
    const throttled = await startProcess(new MemoryStateStore().connection('c'), clock).oauth.access().catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(RetriableError);
    expect((throttled as RetriableError).code).toBe('OAUTH_THROTTLED');
    expect(() => parseTokenAnswer({ access_token: 'x', expires_in_sec: 60, expires_in: 60_000 }, 'zoho')).not.toThrow();
    expect(parseTokenAnswer({ access_token: 'x', expires_in_sec: 60, expires_in: 60_000 }, 'zoho').expiresInMs).toBe(60_000);
  });

  it('a token sealed under another refresh token is not used (the admin reconnected)', async () => {
    const clock = { ms: Date.now() };
    const store = new MemoryStateStore(() => clock.ms);
    await startProcess(store.connection('c'), clock).oauth.access();
    const other = startProcess(store.connection('c'), clock, '1000.refresh.revoked');
    await expect(other.oauth.access()).rejects.toBeInstanceOf(AuthError);
    expect(refreshes).toBe(1);
  });
});
