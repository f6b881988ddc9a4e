import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { AuthError, RecordError } from '../errors.ts';
import { createHttpClient, type HttpClient } from '../http.ts';
import type { Classifier } from '../classify.ts';
import { createRegistry } from '../rate-limit.ts';
import { SecretFilter } from '../redact.ts';
import { sendJson, startLocalServer, type LocalServer } from '../testing/local-server.ts';
import { SessionAuth } from './session.ts';
import { until } from '../../../test/support/until.ts';

// A Service-Layer-like server: Login sets B1SESSION + ROUTEID, every other call needs a live session
// and answers 401 with code 301 otherwise (SAP spec §2.5); Logout drops the session.
let server: LocalServer;
const sessions = new Set<string>();
let calls: { path: string; cookie: string | undefined }[] = [];
let loginDelayMs = 0;

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  return (req.headers.cookie ?? '').split(/;\s*/).map((p) => p.split('=')).find(([k]) => k === name)?.[1];
}

beforeAll(async () => {
  server = await startLocalServer(async (req, body, res) => {
    const path = (req.url ?? '').replace('/b1s/v1/', '');
    calls.push({ path, cookie: req.headers.cookie });
    if (path === 'Login') {
      const creds = JSON.parse(body) as { UserName: string; Password: string };
      if (creds.Password !== 'pw-secret') return sendJson(res, 401, { error: { code: 100000027, message: { lang: 'en-us', value: 'Login failed' } } });
      await new Promise((r) => setTimeout(r, loginDelayMs));
      const id = randomUUID();
      sessions.add(id);
      return sendJson(res, 200, { SessionId: id, SessionTimeout: 30 }, { 'set-cookie': [`B1SESSION=${id};HttpOnly;`, 'ROUTEID=.node1; path=/b1s'] });
    }
    const id = cookieOf(req, 'B1SESSION');
    if (!id || !sessions.has(id)) return sendJson(res, 401, { error: { code: '301', message: 'Invalid session or session already timeout.' } });
    if (path === 'Logout') {
      sessions.delete(id);
      res.writeHead(204).end();
      return;
    }
    if (path === 'Missing') return sendJson(res, 404, { error: { code: -2028, message: { lang: 'en-us', value: 'No matching records found' } } });
    if (path === 'Reroute') return sendJson(res, 200, { ok: true }, { 'set-cookie': 'ROUTEID=.node2; path=/b1s' });
    sendJson(res, 200, { ok: true, route: cookieOf(req, 'ROUTEID') });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  sessions.clear();
  calls = [];
  loginDelayMs = 0;
});

const expiredClassifier: Classifier = (res) => {
  const code = (res.json as { error?: { code?: unknown } } | undefined)?.error?.code;
  if (res.status === 401 && String(code) === '301') return new AuthError('SAP B1 session expired', { code: 'SESSION_EXPIRED', status: 401 });
  return undefined;
};

interface Setup {
  http: HttpClient;
  auth: SessionAuth<{ id: string }>;
  clock: { ms: number };
}

function setup(registry = createRegistry(), password = 'pw-secret', filter = new SecretFilter(), clock = { ms: Date.parse('2026-01-01T00:00:00Z') }, lingerMs?: number): Setup {
  const http = createHttpClient({ system: 'sapb1', baseUrl: `${server.origin}/b1s/v1`, classify: expiredClassifier, retry: false });
  const auth = new SessionAuth<{ id: string }>({
    key: `sapb1:${server.origin}:SBODEMOUS:manager`,
    registry,
    now: () => clock.ms,
    filter,
    ...(lingerMs !== undefined && { lingerMs }),
    login: async (signal) => {
      const res = await http.request({ method: 'POST', path: 'Login', json: { CompanyDB: 'SBODEMOUS', UserName: 'manager', Password: password }, schema: z.object({ SessionId: z.string(), SessionTimeout: z.number() }), ...(signal && { signal }) });
      return { setCookies: res.headers.getSetCookie(), idleMs: res.body.SessionTimeout * 60_000, data: { id: res.body.SessionId } };
    },
    logout: (s) => http.request({ method: 'POST', path: 'Logout', headers: s.headers() }),
  });
  return { http, auth, clock };
}

const get = (s: Setup, path = 'BusinessPartners') => s.auth.request<{ ok: boolean; route?: string }>(s.http, { method: 'GET', path });

describe('SessionAuth over a real socket', () => {
  it('logs in once for many parallel requests of one account and sends both cookies on each', async () => {
    loginDelayMs = 30;
    const registry = createRegistry();
    const a = setup(registry);
    const b = setup(registry); // a second flow on the same account shares the session
    const results = await Promise.all([...Array.from({ length: 4 }, () => get(a)), ...Array.from({ length: 4 }, () => get(b))]);
    expect(results.every((r) => r.body.ok && r.body.route === '.node1')).toBe(true);
    expect(calls.filter((c) => c.path === 'Login')).toHaveLength(1);
    const sessionId = [...sessions][0]!;
    expect(calls.filter((c) => c.path === 'BusinessPartners').every((c) => c.cookie === `B1SESSION=${sessionId}; ROUTEID=.node1`)).toBe(true);
    await a.auth.close();
    await b.auth.close();
  });

  it('logs in again and repeats the call once when the server dropped the session; parallel failures cause one login', async () => {
    const s = setup();
    await get(s);
    sessions.clear(); // the server forgot every session (restart, timeout on its side)
    const results = await Promise.all(Array.from({ length: 5 }, () => get(s)));
    expect(results.every((r) => r.body.ok)).toBe(true);
    expect(calls.filter((c) => c.path === 'Login')).toHaveLength(2);
    expect(s.auth.logins).toBe(2);
    await s.auth.close();
  });

  it('repeats only once: a session that is refused again right after a fresh login surfaces the error', async () => {
    const s = setup();
    await get(s);
    const onlyOnce = new SessionAuth<{ id: string }>({
      key: 'flaky',
      registry: createRegistry(),
      login: async () => ({ setCookies: ['B1SESSION=never-valid'], data: { id: 'x' } }),
    });
    const err = await onlyOnce.request(s.http, { method: 'GET', path: 'BusinessPartners' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('SESSION_EXPIRED');
    expect(onlyOnce.logins).toBe(2);
    await s.auth.close();
  });

  it('does not log in again for errors that are not an expired session', async () => {
    const s = setup();
    const err = await get(s, 'Missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordError);
    expect(s.auth.logins).toBe(1);
    await s.auth.close();
  });

  it('slides the idle lifetime with use and renews ahead of the server when idle too long', async () => {
    const s = setup();
    await get(s);
    for (let i = 0; i < 4; i++) {
      s.clock.ms += 20 * 60_000; // 20 of 30 minutes idle each time: still alive, the clock restarts
      await get(s);
    }
    expect(s.auth.logins).toBe(1);
    s.clock.ms += 29.5 * 60_000; // inside the one-minute margin: renew before sending, no 401 seen
    await get(s);
    expect(s.auth.logins).toBe(2);
    expect(calls.filter((c) => c.path === 'BusinessPartners').length).toBe(6);
    await s.auth.close();
  });

  it('honours an absolute expiry that extend() moves on (Intacct sessiontimeout)', async () => {
    const clock = { ms: 1_000_000 };
    let n = 0;
    const auth = new SessionAuth<{ n: number }>({ key: 'intacct', registry: createRegistry(), now: () => clock.ms, login: async () => ({ expiresAt: clock.ms + 3_600_000, data: { n: ++n } }) });
    const s1 = await auth.session();
    clock.ms += 3_000_000;
    s1.extend(clock.ms + 3_600_000);
    expect(await auth.session()).toBe(s1);
    clock.ms += 3_590_000;
    expect((await auth.session()).data.n).toBe(2);
  });

  it('keeps cookies a later answer sets (a new ROUTEID)', async () => {
    const s = setup();
    await get(s, 'Reroute');
    expect((await get(s)).body.route).toBe('.node2');
    await s.auth.close();
  });

  it('a failed login reaches every waiter, and the next call tries again', async () => {
    const s = setup(createRegistry(), 'wrong');
    const errs = await Promise.all([get(s).catch((e: unknown) => e), get(s).catch((e: unknown) => e)]);
    expect(errs.every((e) => e instanceof AuthError && e.code === 'AUTH_REJECTED')).toBe(true);
    expect(calls.filter((c) => c.path === 'Login')).toHaveLength(1);
    await get(s).catch(() => undefined);
    expect(calls.filter((c) => c.path === 'Login')).toHaveLength(2);
  });

  it('without a logout the session outlives its last user: the next one (the next flow of a sync) signs in no more', async () => {
    const registry = createRegistry();
    let grants = 0;
    const make = () => new SessionAuth<number>({ key: 'gateway:co:user', registry, login: async () => ({ expiresAt: Date.now() + 3_600_000, data: ++grants }) });
    const first = make();
    expect((await first.session()).data).toBe(1);
    await first.close();
    const second = make();
    expect((await second.session()).data).toBe(1);
    expect(second.logins).toBe(1);
    await second.close();
  });

  it('with lingerMs the next user takes the session over; unclaimed, it logs out after the linger or at the registry’s close', async () => {
    const registry = createRegistry();
    const lingering = () => setup(registry, 'pw-secret', new SecretFilter(), { ms: Date.now() }, 60_000);
    const logouts = () => calls.filter((c) => c.path === 'Logout').length;
    let freed = 0;
    const first = lingering();
    await get(first);
    await first.auth.close(undefined, async () => void freed++);
    expect(logouts()).toBe(0);
    const second = lingering();
    await get(second);
    expect(calls.filter((c) => c.path === 'Login')).toHaveLength(1); // taken over, not signed in again
    await until('the first user’s transport freed', async () => freed === 1);
    await second.auth.close();
    expect(logouts()).toBe(0);
    await registry.close(); // shutdown: what lingers logs out
    expect(logouts()).toBe(1);

    const shortLived = setup(createRegistry(), 'pw-secret', new SecretFilter(), { ms: Date.now() }, 50);
    await get(shortLived);
    await shortLived.auth.close();
    await until('the unclaimed session logged out', async () => logouts() === 2);
  });

  it('a session signed in with other credentials is not reused: a changed password signs in again', async () => {
    const registry = createRegistry();
    let grants = 0;
    const make = (password: string) => new SessionAuth<number>({ key: 'gateway:co:user', credentials: ['sender', password], registry, login: async () => ({ expiresAt: Date.now() + 3_600_000, data: ++grants }) });
    const before = make('old-password');
    expect((await before.session()).data).toBe(1);
    expect((await make('old-password').session()).data).toBe(1);
    expect((await make('new-password').session()).data).toBe(2);
  });

  it('logs out when the last user closes, with the session cookies; cookie values are secrets', async () => {
    const registry = createRegistry();
    const filter = new SecretFilter();
    const a = setup(registry, 'pw-secret', filter);
    const b = setup(registry, 'pw-secret', filter);
    await get(a);
    const id = [...sessions][0]!;
    expect(filter.filter(`cookie B1SESSION=${id}`)).not.toContain(id);
    await a.auth.close();
    expect(calls.some((c) => c.path === 'Logout')).toBe(false);
    await b.auth.close();
    expect(calls.filter((c) => c.path === 'Logout')).toEqual([{ path: 'Logout', cookie: `B1SESSION=${id}; ROUTEID=.node1` }]);
    expect(sessions.size).toBe(0);
  });
});
