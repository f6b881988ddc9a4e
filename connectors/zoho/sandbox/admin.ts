// The sandbox admin API under `/__sandbox/` (no auth, loopback only, never counted, limited or faulted):
//   GET    /__sandbox/info                         edition, credits, concurrency, modules, record counts, clock
//   POST   /__sandbox/reset                        drop records, channels, counters, credit use
//   POST   /__sandbox/seed                         {accounts:N, seed?} generated, or {Module:[{values}],…} explicit
//   GET    /__sandbox/records/:module[/:id]        raw stored records (?limit=)
//   POST   /__sandbox/records/:module              {values} — create as a CRM user would (notifies)
//   PATCH  /__sandbox/records/:module/:id          {values} — edit as a CRM user would (e.g. close a deal)
//   DELETE /__sandbox/records/:module/:id          delete as a CRM user would
//   GET    /__sandbox/counters; POST /__sandbox/counters/reset
//   PUT    /__sandbox/faults                       {spec:"500=0.05,reset=0.01,…"}
//   PUT    /__sandbox/switches                     {name:value,…}
//   PUT    /__sandbox/edition                      {edition, timeScale?}
//   POST   /__sandbox/clock                        {advanceSeconds} — move the sandbox clock forward
//   PUT    /__sandbox/credits                      {used, agoSeconds?} — credits spent in the rolling window
//   POST   /__sandbox/refresh-tokens               {scopes?} → {refreshToken}; DELETE …/:token revokes it
//   POST   /__sandbox/grant-codes                  {scopes?, minutes?} → {code} (self-client grant code)
//   POST   /__sandbox/tokens/expire                every live access token expires now
//   GET    /__sandbox/watch                        channels and the callback delivery log
//   PUT    /__sandbox/watch/drop                   {next:N} — drop the next N callbacks
import { parseFaultSpec } from '../../kit/sandbox/faults.ts';
import type { ZohoSandboxCore } from './core.ts';
import { parseEdition } from './editions.ts';
import { MODULE_BY_NAME, type ModuleDef } from './modules.ts';
import { ALL_SCOPES } from './oauth.ts';
import { presentRecord } from './present.ts';
import { seedOrg } from './seed.ts';
import { parseSwitches } from './switches.ts';
import { validateValues } from './validate.ts';

export interface AdminResult {
  status: number;
  body?: unknown;
}

function moduleOf(name: string | undefined): ModuleDef {
  const m = MODULE_BY_NAME.get(name ?? '');
  if (!m) throw new Error(`Unknown module "${name ?? ''}". Known: ${[...MODULE_BY_NAME.keys()].join(', ')}.`);
  return m;
}

/** Values as a CRM user types them: validated like the API (lookups as ids or {id}). */
function userValues(core: ZohoSandboxCore, module: ModuleDef, values: unknown, create: boolean): Record<string, unknown> {
  const input = Object.fromEntries(Object.entries((values ?? {}) as Record<string, unknown>).map(([k, v]) => {
    const f = module.fields.find((x) => x.api_name === k);
    return [k, f && (f.data_type === 'lookup' || f.data_type === 'ownerlookup') && typeof v === 'string' ? { id: v } : v];
  }));
  const checked = validateValues(module.fields, input, '$', create, core.switches, core.store);
  if (!checked.ok) throw new Error(`${checked.error.code}: ${checked.error.message} ${JSON.stringify(checked.error.details)}`);
  return checked.values;
}

export function seedExplicit(core: ZohoSandboxCore, data: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  const now = core.clock.now();
  for (const [name, list] of Object.entries(data)) {
    const module = moduleOf(name);
    if (!Array.isArray(list)) throw new Error(`Seed for ${name} must be a list of records.`);
    for (const values of list) core.store.insertStored(module, userValues(core, module, values, true), now);
    out[name] = list.length;
  }
  return out;
}

export function handleAdmin(core: ZohoSandboxCore, method: string, path: string, query: URLSearchParams, body: unknown): AdminResult {
  const [head, a, c] = path.replace(/^\/__sandbox\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const b = (body ?? {}) as Record<string, unknown>;
  const now = core.clock.now();
  const offset = core.switches.orgOffsetMinutes;
  switch (`${method} ${head ?? ''}`) {
    case 'GET info':
      return { status: 200, body: core.info() };
    case 'POST reset':
      core.store.reset();
      core.counters.reset();
      core.credits.reset();
      core.watch.channels.clear();
      core.watch.deliveries.length = 0;
      return { status: 200, body: { ok: true } };
    case 'POST seed':
      if (typeof b.accounts === 'number') return { status: 200, body: seedOrg(core.store, b.accounts, typeof b.seed === 'number' ? b.seed : 1, now) };
      return { status: 200, body: seedExplicit(core, b) };
    case 'GET records': {
      const module = moduleOf(a);
      const table = core.store.table(module.api_name);
      if (c) {
        const rec = table.get(c);
        return rec ? { status: 200, body: presentRecord(core.store, module, rec, undefined, offset) } : { status: 404, body: { message: `No ${module.api_name} record ${c}` } };
      }
      const limit = Math.min(100_000, Number(query.get('limit') ?? 10_000));
      return { status: 200, body: { total: table.size, records: [...table.values()].slice(0, limit).map((r) => presentRecord(core.store, module, r, undefined, offset)) } };
    }
    case 'POST records': {
      const module = moduleOf(a);
      const rec = core.store.createAsUser(module, userValues(core, module, b.values, true), now);
      return { status: 201, body: presentRecord(core.store, module, rec, undefined, offset) };
    }
    case 'PATCH records': {
      const module = moduleOf(a);
      const rec = core.store.edit(module, c ?? '', userValues(core, module, b.values, false), now);
      return rec ? { status: 200, body: presentRecord(core.store, module, rec, undefined, offset) } : { status: 404, body: { message: `No ${module.api_name} record ${c ?? ''}` } };
    }
    case 'DELETE records': {
      const module = moduleOf(a);
      const [result] = core.store.delete(module, [c ?? ''], now);
      return result?.status === 'success' ? { status: 204 } : { status: 404, body: { message: `No ${module.api_name} record ${c ?? ''}` } };
    }
    case 'GET counters':
      return { status: 200, body: { ...core.counters.get(), refreshes: core.accounts.refreshCount, credits: core.credits.total } };
    case 'POST counters':
      core.counters.reset();
      core.accounts.refreshCount = 0;
      return { status: 200, body: { ok: true } };
    case 'PUT faults': {
      const spec = typeof b.spec === 'string' ? b.spec : '';
      core.faults.set(parseFaultSpec(spec));
      return { status: 200, body: { spec } };
    }
    case 'PUT switches':
      core.switches = parseSwitches(b, core.switches);
      return { status: 200, body: core.switches };
    case 'PUT edition':
      if (typeof b.edition === 'string') core.edition = parseEdition(b.edition);
      if (typeof b.timeScale === 'number' && b.timeScale > 0) core.timeScale = b.timeScale;
      return { status: 200, body: core.info() };
    case 'POST clock': {
      const seconds = Number(b.advanceSeconds);
      core.clock.advance(seconds * 1000);
      return { status: 200, body: { now: new Date(core.clock.now()).toISOString() } };
    }
    case 'PUT credits':
      core.credits.setUsed(Number(b.used ?? 0), Number(b.agoSeconds ?? 0) * 1000);
      return { status: 200, body: { used: core.credits.used(), remaining: core.credits.remaining() } };
    case 'POST refresh-tokens': {
      const clientId = typeof b.clientId === 'string' ? b.clientId : [...core.accounts.clients.keys()][0];
      if (!clientId) throw new Error('No OAuth client registered.');
      const scopes = Array.isArray(b.scopes) ? (b.scopes as string[]) : ALL_SCOPES;
      return { status: 201, body: { refreshToken: core.accounts.addRefreshToken(clientId, scopes), scopes } };
    }
    case 'DELETE refresh-tokens':
      return core.accounts.revoke(a ?? '') ? { status: 204 } : { status: 404, body: { message: 'unknown refresh token' } };
    case 'POST grant-codes': {
      const clientId = [...core.accounts.clients.keys()][0];
      if (!clientId) throw new Error('No OAuth client registered.');
      return { status: 201, body: { code: core.accounts.addGrantCode(clientId, Array.isArray(b.scopes) ? (b.scopes as string[]) : ALL_SCOPES, Number(b.minutes ?? 3)) } };
    }
    case 'POST tokens':
      if (a === 'expire') return { status: 200, body: { expired: core.accounts.expireAll() } };
      break;
    case 'GET watch':
      return { status: 200, body: { channels: [...core.watch.channels.values()].map((ch) => ({ ...ch, editFields: undefined, expiresAt: new Date(ch.expiresAt).toISOString() })), deliveries: core.watch.deliveries } };
    case 'PUT watch':
      if (a === 'drop') {
        core.watch.dropNext = Number(b.next ?? 1);
        return { status: 200, body: { dropNext: core.watch.dropNext } };
      }
      break;
  }
  return { status: 404, body: { message: `No sandbox admin route ${method} ${path}` } };
}
