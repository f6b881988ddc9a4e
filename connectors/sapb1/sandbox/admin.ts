// `/__sandbox/`: what tests and the demo use to drive the sandbox — state and counters, reset, switches,
// faults, expiring sessions, the server clock, and records edited as a B1 user would (UpdateDate moves).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { parseFaultSpec } from '../../kit/sandbox/faults.ts';
import type { SandboxCore } from './core.ts';
import { findEntitySet } from './entities.ts';
import { errorBody, SlError } from './errors.ts';
import { readJson, sendEmpty, sendJson } from './http.ts';
import { renderRow } from './render.ts';
import { mergeSwitches } from './switches.ts';

const clockBody = z.object({ now: z.string().datetime({ offset: true }).optional(), frozen: z.boolean().default(true), advanceSeconds: z.number().optional() }).strict();
const faultsBody = z.object({ spec: z.string() }).strict();

export async function handleAdmin(core: SandboxCore, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const route = path.replace(/^\/__sandbox\/?/, '');
  try {
    const body = method === 'GET' ? undefined : await readJson(req);
    if (method === 'GET' && route === 'state') {
      return sendJson(res, 200, {
        counts: core.state.counts(), sessions: core.sessions.active, logins: core.sessions.logins, switches: core.switches,
        clock: { ...core.state.clock.local(), utc: new Date(core.state.clock.nowMs()).toISOString() },
      });
    }
    if (method === 'GET' && route === 'counters') return sendJson(res, 200, { requests: Object.fromEntries(core.requests), logins: core.sessions.logins });
    if (method === 'POST' && route === 'reset') {
      core.reseed();
      core.sessions.expireAll();
      core.requests.clear();
      return sendJson(res, 200, { counts: core.state.counts() });
    }
    if (method === 'POST' && route === 'switches') {
      core.switches = mergeSwitches(core.switches, body ?? {});
      return sendJson(res, 200, core.switches);
    }
    if (method === 'POST' && route === 'faults') {
      core.faults.set(parseFaultSpec(faultsBody.parse(body).spec, ['expire']));
      return sendEmpty(res, 204);
    }
    if (method === 'POST' && route === 'sessions/expire') return sendJson(res, 200, { expired: core.sessions.expireAll() });
    if (method === 'POST' && route === 'clock') {
      const c = clockBody.parse(body ?? {});
      if (c.now) core.state.clock.set(new Date(c.now), c.frozen);
      if (c.advanceSeconds) core.state.clock.advance(c.advanceSeconds * 1000);
      return sendJson(res, 200, core.state.clock.local());
    }
    const rec = /^records\/([A-Za-z]+)(?:\/([^/]+))?(?:\/([A-Za-z]+))?$/.exec(route);
    const set = rec && findEntitySet(rec[1]!);
    if (rec && set) {
      const key = rec[2] === undefined ? undefined : set.keyKind === 'int' ? Number(decodeURIComponent(rec[2])) : decodeURIComponent(rec[2]);
      if (key === undefined && method === 'POST') return sendJson(res, 201, renderRow(set, core.state.create(set, body ?? {}), 'v2', core.switches));
      if (key !== undefined && rec[3] && method === 'POST') {
        core.state.action(set, key, rec[3]);
        return sendEmpty(res, 204);
      }
      if (key !== undefined && method === 'GET') return sendJson(res, 200, renderRow(set, core.state.get(set, key), 'v2', core.switches));
      if (key !== undefined && method === 'PATCH') {
        core.state.patch(set, key, body ?? {}, undefined, () => '');
        return sendJson(res, 200, renderRow(set, core.state.get(set, key), 'v2', core.switches));
      }
      if (key !== undefined && method === 'DELETE') {
        // A deletion made in the B1 client (documents included), to exercise key reconciliation.
        core.state.get(set, key);
        core.state.table(set.name).delete(key);
        return sendEmpty(res, 204);
      }
    }
    sendJson(res, 404, { error: `Unknown admin route ${method} /__sandbox/${route}` });
  } catch (e) {
    if (e instanceof SlError) return sendJson(res, e.status, errorBody(e, 'v2'));
    sendJson(res, 400, { error: e instanceof Error ? e.message : String(e) });
  }
}
