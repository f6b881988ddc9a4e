// The sandbox kit end to end, as a new sandbox uses it: a tiny "widgets" API on the kit's pipeline, with
// switches, faults (spec and queued), counters, the clock, sessions, the admin API and HTTPS.
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AdminApi } from './admin.ts';
import { SandboxBase } from './base.ts';
import { startSandboxServer, type SandboxServer } from './server.ts';
import { SessionStore } from './sessions.ts';
import { defineSwitches, switchBool, switchInt } from './switches.ts';

const widgetSwitches = defineSwitches('widgets', {
  pageSize: switchInt.min(1).default(2).describe('Rows per page.'),
  strict: switchBool.default(true).describe('Refuse unknown fields.'),
  mode: z.enum(['a', 'b']).default('a').describe('Which of two unverified answers.'),
});

async function startWidgets(tls = false) {
  const base = new SandboxBase({ system: 'widgets', switches: widgetSwitches, faultNames: ['busy'] }, { timeScale: 1, seed: 7, switches: { pageSize: '3' } });
  const rows = new Map<string, { id: string; name: string }>();
  const seed = (n: number) => {
    const fake = base.fake();
    for (let i = 0; i < n; i++) rows.set(String(i + 1), { id: String(i + 1), name: fake.companyName(i) });
  };
  seed(5);
  const sessions = new SessionStore<{ user: string }>(base.clock, { lifetimeMs: 60_000, sliding: true });
  const admin = new AdminApi({
    ...base.adminParts(),
    info: () => ({ rows: rows.size }),
    reset: () => (rows.clear(), seed(5), sessions.reset()),
    seed: (body) => (seed(z.object({ records: z.number().int() }).parse(body).records), { rows: rows.size }),
    expireSessions: () => sessions.expireAll(),
    records: {
      types: () => ['widgets'],
      list: (_t, { limit }) => ({ total: rows.size, results: [...rows.values()].slice(0, limit) }),
      get: (_t, id) => rows.get(id),
      edit: (_t, id, changes) => Object.assign(rows.get(id) ?? {}, changes),
      delete: (_t, id) => void rows.delete(id),
    },
  });
  const server: SandboxServer = await startSandboxServer({
    counters: base.counters,
    faults: base.faults,
    admin,
    tls,
    async handle(ex) {
      ex.endpoint = `${ex.method} /widgets`;
      if (ex.path === '/login') return void ex.res.end(JSON.stringify({ session: sessions.open({ user: 'u' }).id }));
      const fault = ex.drawFault('widgets');
      if (await ex.transportFault(fault, 1)) return;
      if (fault === 'expire') sessions.close(String(ex.req.headers.session));
      if (!sessions.use(String(ex.req.headers.session))) {
        ex.res.writeHead(401).end();
        return;
      }
      if (fault) return void ex.res.writeHead(Number(fault) || 503).end();
      ex.res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([...rows.values()].slice(0, base.switches.pageSize)));
    },
  });
  return { base, server, sessions, line: base.line(server, `${server.origin}/widgets`, { user: 'u' }) };
}

describe('sandbox kit', () => {
  let w: Awaited<ReturnType<typeof startWidgets>>;
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${w.server.admin}/${path}`, { method, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> };
  };
  const login = async () => ((await (await fetch(`${w.server.origin}/login`)).json()) as { session: string }).session;
  beforeAll(async () => {
    w = await startWidgets();
  });
  afterAll(() => w.server.close());

  it('prints a line with url and admin, and applies switches given as strings', async () => {
    expect(w.line).toMatchObject({ system: 'widgets', url: `${w.server.origin}/widgets`, admin: `${w.server.origin}/__sandbox`, user: 'u' });
    expect(w.base.switches.pageSize).toBe(3);
    const session = await login();
    const rows = (await (await fetch(`${w.server.origin}/widgets`, { headers: { session } })).json()) as unknown[];
    expect(rows).toHaveLength(3);
  });

  it('refuses unknown switches and bad values with the names it knows', async () => {
    expect(() => widgetSwitches.parse({ nope: 1 })).toThrow(/Unknown widgets sandbox switch: nope\. Known: pageSize, strict, mode/);
    expect((await admin('POST', 'switches', { mode: 'c' })).status).toBe(400);
    expect((await admin('PUT', 'switches', { strict: 'false' })).body).toMatchObject({ strict: false });
    expect(widgetSwitches.describe()).toContainEqual({ name: 'pageSize', default: '2', description: 'Rows per page.' });
  });

  it('answers queued faults in order for the matching resource, counts them, then the request goes through', async () => {
    const session = await login();
    await admin('POST', 'requests/reset');
    expect((await admin('POST', 'faults', { once: [{ fault: '503', resource: 'widgets', times: 2 }, { fault: 'busy', resource: 'other' }] })).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${w.server.origin}/widgets`, { headers: { session } })).status);
    expect(statuses).toEqual([503, 503, 200]);
    const counters = (await admin('GET', 'requests')).body as { byEndpointStatus: Record<string, Record<string, number>>; faults: Record<string, number> };
    expect(counters.byEndpointStatus['GET /widgets']).toEqual({ '503': 2, '200': 1 });
    expect(counters.faults).toEqual({ '503': 2 });
    expect((await admin('GET', 'faults')).body).toMatchObject({ pending: [{ fault: 'busy', resource: 'other', times: 1 }] });
    expect((await admin('POST', 'faults', { once: [{ fault: 'nonsense' }] })).body.message).toMatch(/Unknown fault "nonsense"/);
  });

  it('the reset fault hangs up and is counted as reset', async () => {
    const session = await login();
    await admin('POST', 'faults', { clear: true, once: [{ fault: 'reset' }] });
    await expect(fetch(`${w.server.origin}/widgets`, { headers: { session } })).rejects.toThrow();
    const counters = (await admin('GET', 'counters')).body as { byStatus: Record<string, number> };
    expect(counters.byStatus.reset).toBe(1);
  });

  it('expires a session by fault, by admin call and by its lifetime on the scaled clock', async () => {
    let session = await login();
    await admin('POST', 'faults', { once: [{ fault: 'expire' }] });
    expect((await fetch(`${w.server.origin}/widgets`, { headers: { session } })).status).toBe(401);
    session = await login();
    expect(((await admin('POST', 'sessions/expire')).body as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${w.server.origin}/widgets`, { headers: { session } })).status).toBe(401);
    session = await login();
    expect((await fetch(`${w.server.origin}/widgets`, { headers: { session } })).status).toBe(200);
    await admin('POST', 'clock', { advanceMs: 61_000 });
    expect((await fetch(`${w.server.origin}/widgets`, { headers: { session } })).status).toBe(401);
  });

  it('moves "today" and the time scale through the clock verbs', async () => {
    const out = (await admin('POST', 'clock', { today: '2025-03-14', timeScale: 60 })).body;
    expect(out).toMatchObject({ today: '2025-03-14', timeScale: 60 });
    expect((await admin('POST', 'clock', { advanceMs: 2 * 86_400_000 })).body).toMatchObject({ today: '2025-03-16' });
    expect((await admin('POST', 'clock', { today: 'March' })).status).toBe(400);
  });

  it('reads, edits and deletes records, seeds deterministically, resets', async () => {
    expect((await admin('GET', 'records/widgets/1')).body).toEqual({ id: '1', name: 'Black & Sons Hardware' });
    expect((await admin('PATCH', 'records/widgets/1', { changes: { name: 'Renamed' } })).body).toMatchObject({ name: 'Renamed' });
    expect((await admin('DELETE', 'records/widgets/2')).status).toBe(200);
    expect((await admin('GET', 'records/widgets/2')).status).toBe(404);
    expect((await admin('POST', 'seed', { records: 8 })).body).toEqual({ rows: 8 });
    await admin('POST', 'reset');
    expect((await admin('GET', 'info')).body).toMatchObject({ system: 'widgets', rows: 5, switches: { pageSize: 3 } });
    expect((await admin('GET', 'nothing-here')).status).toBe(404);
  });

  it('serves HTTPS with an in-process certificate a client can trust by its PEM', async () => {
    const secure = await startWidgets(true);
    try {
      expect(secure.line.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/widgets$/);
      expect(secure.line.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      const ca = String(secure.line.ca);
      expect(ca).toContain('BEGIN CERTIFICATE');
      const status = await new Promise<number>((resolve, reject) => {
        httpsRequest(`${secure.server.origin}/login`, { ca }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject).end();
      });
      expect(status).toBe(200);
      await expect(fetch(`${secure.server.origin}/login`)).rejects.toThrow();
    } finally {
      await secure.server.close();
    }
  });
});
