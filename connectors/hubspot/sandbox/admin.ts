// The sandbox admin API under `/__sandbox/` (no auth, loopback only, never rate-limited or faulted):
//   GET    /__sandbox/info                       tier, limits, switches, tokens, portal id, record counts
//   POST   /__sandbox/reset                      drop records, associations, custom properties, counters, daily use
//   POST   /__sandbox/seed                       {records:N} generated, or {companies:[{props}], contacts:[…], deals:[…], …}
//   GET    /__sandbox/records/:type?limit&after  raw stored records (with associations)
//   GET    /__sandbox/records/:type/:id          one record with its associations
//   PATCH  /__sandbox/records/:type/:id          {properties} — edit as a HubSpot user would (changeSource CRM_UI, webhooks)
//   GET    /__sandbox/counters                   request counters; POST /__sandbox/counters/reset
//   PUT    /__sandbox/faults                     {spec:"429=0.05,…"} (empty spec: none)
//   PUT    /__sandbox/switches                   {name:value,…}
//   PUT    /__sandbox/tier                       {tier, timeScale?}
//   PUT    /__sandbox/daily                      {used:N} — set today's API usage (daily-budget tests)
//   POST   /__sandbox/tokens                     {scopes?:[…]} → {token}; DELETE /__sandbox/tokens/:token revokes
//   PUT    /__sandbox/webhooks                   {targetUrl, clientSecret, maxBatch?, flushMs?, subscriptions?} (null body: off)
//   GET    /__sandbox/webhooks                   settings, pending count and the delivery log
import { generateRecords, objectType, type Tier, TIERS } from './data.ts';
import { applySwitches } from './switches.ts';
import type { SandboxCore } from './server.ts';
import { parseFaultSpec } from '../../kit/sandbox/faults.ts';

export interface AdminResult {
  status: number;
  body?: unknown;
}

export function seedGenerated(core: SandboxCore, n: number, seed = 1): { companies: number; contacts: number; deals: number } {
  const { state } = core.env;
  const now = Date.now();
  const data = generateRecords(n, seed);
  const companies = state.tables.get('companies');
  const contacts = state.tables.get('contacts');
  const deals = state.tables.get('deals');
  if (!companies || !contacts || !deals) throw new Error('tables missing');
  const companyIds: string[] = data.companies.map((c) => state.create(companies, c, now, 'IMPORT').id);
  for (const { __company, ...c } of data.contacts) {
    const rec = state.create(contacts, c, now, 'IMPORT');
    const companyId = companyIds[Number(__company)];
    if (companyId) state.associations.create('contacts', rec.id, 'companies', companyId, 1, now, 'IMPORT');
  }
  for (const { __company, ...d } of data.deals) {
    const rec = state.create(deals, d, now, 'IMPORT');
    const companyId = companyIds[Number(__company)];
    if (companyId) state.associations.create('deals', rec.id, 'companies', companyId, 5, now, 'IMPORT');
  }
  return { companies: data.companies.length, contacts: data.contacts.length, deals: data.deals.length };
}

/** Seeds `{ type: [properties…] }` without validation beyond known types (admin data may hold anything). */
export function seedExplicit(core: SandboxCore, seed: Record<string, Record<string, unknown>[]>): Record<string, number> {
  const now = Date.now();
  const out: Record<string, number> = {};
  for (const [type, list] of Object.entries(seed)) {
    const table = core.env.state.table(type);
    if (!table || !Array.isArray(list)) throw new Error(`Unknown object type in seed: ${type}`);
    for (const props of list) {
      const values = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
      const rec = core.env.state.create(table, values, now, 'IMPORT');
      // Seeds may set the last-modified time (history for search tests).
      const modified = values[table.def.lastModified];
      const ms = modified ? (/^\d+$/.test(modified) ? Number(modified) : Date.parse(modified)) : NaN;
      if (Number.isFinite(ms)) {
        rec.updatedAt = ms;
        rec.props[table.def.lastModified] = new Date(ms).toISOString();
      }
    }
    out[type] = list.length;
  }
  return out;
}

function presentRaw(core: SandboxCore, type: string, id: string): unknown {
  const table = core.env.state.table(type);
  const rec = table?.byId.get(id);
  if (!table || !rec) return undefined;
  const associations: Record<string, { id: string; typeIds: number[] }[]> = {};
  for (const other of core.env.state.tables.keys()) {
    const list = core.env.state.associations.list(table.def.name, id, other);
    if (list.length) associations[other] = list.map((a) => ({ id: a.toObjectId, typeIds: a.typeIds }));
  }
  return { id: rec.id, properties: rec.props, createdAt: new Date(rec.createdAt).toISOString(), updatedAt: new Date(rec.updatedAt).toISOString(), archived: rec.archived, associations };
}

export function handleAdmin(core: SandboxCore, method: string, path: string, query: URLSearchParams, body: unknown): AdminResult {
  const parts = path.replace(/^\/__sandbox\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const b = (body ?? {}) as Record<string, unknown>;
  const [head, a, c] = parts;
  const { env } = core;
  switch (`${method} ${head ?? ''}`) {
    case 'GET info':
      return { status: 200, body: core.info() };
    case 'POST reset':
      core.reset();
      return { status: 200, body: { ok: true } };
    case 'POST seed':
      if (typeof b.records === 'number') return { status: 200, body: seedGenerated(core, b.records, typeof b.seed === 'number' ? b.seed : 1) };
      return { status: 200, body: seedExplicit(core, b as Record<string, Record<string, unknown>[]>) };
    case 'GET records': {
      const table = env.state.table(a ?? '');
      if (!table) return { status: 404, body: { message: `unknown type ${a ?? ''}` } };
      if (c) {
        const one = presentRaw(core, table.def.name, c);
        return one ? { status: 200, body: one } : { status: 404, body: { message: 'not found' } };
      }
      const limit = Math.min(10_000, Number(query.get('limit') ?? 1000));
      const { records, more } = table.page(Number(query.get('after') ?? 0), limit, query.get('archived') === 'true');
      return { status: 200, body: { total: table.live, results: records.map((r) => presentRaw(core, table.def.name, r.id)), ...(more && { next: records[records.length - 1]?.id }) } };
    }
    case 'PATCH records': {
      const table = env.state.table(a ?? '');
      const rec = table?.byId.get(c ?? '');
      if (!table || !rec) return { status: 404, body: { message: 'not found' } };
      const values = Object.fromEntries(Object.entries((b.properties ?? {}) as Record<string, unknown>).map(([k, v]) => [k, v === null ? '' : String(v)]));
      env.state.update(table, rec, values, Date.now(), 'CRM_UI');
      return { status: 200, body: presentRaw(core, table.def.name, rec.id) };
    }
    case 'GET counters':
      return { status: 200, body: core.counters.get() };
    case 'POST counters':
      core.counters.reset();
      return { status: 200, body: { ok: true } };
    case 'PUT faults': {
      const spec = typeof b.spec === 'string' ? b.spec : '';
      core.faults.set(parseFaultSpec(spec, core.faultNames));
      return { status: 200, body: { spec } };
    }
    case 'PUT switches':
      applySwitches(env.switches, b as Record<string, string | number | boolean>);
      core.limits.apiLimitIncrease = env.switches.apiLimitIncrease;
      return { status: 200, body: env.switches };
    case 'PUT tier': {
      if (typeof b.tier === 'string') {
        if (!(b.tier in TIERS)) return { status: 400, body: { message: `unknown tier ${b.tier}` } };
        env.tier = b.tier as Tier;
        core.limits.tier = env.tier;
      }
      if (typeof b.timeScale === 'number' && b.timeScale > 0) {
        env.timeScale = b.timeScale;
        core.limits.timeScale = b.timeScale;
      }
      return { status: 200, body: core.info() };
    }
    case 'PUT daily':
      core.limits.dailyUsed = Number(b.used ?? 0);
      return { status: 200, body: { used: core.limits.dailyUsed, daily: core.limits.daily } };
    case 'POST tokens': {
      const token = core.addToken(Array.isArray(b.scopes) ? (b.scopes as string[]) : null);
      return { status: 201, body: { token } };
    }
    case 'DELETE tokens':
      core.tokens.delete(a ?? '');
      return { status: 204 };
    case 'PUT webhooks':
      core.webhooks.configure(b.targetUrl ? (b as unknown as Parameters<typeof core.webhooks.configure>[0]) : null);
      return { status: 200, body: { settings: core.webhooks.configured } };
    case 'GET webhooks':
      return { status: 200, body: { settings: core.webhooks.configured && { ...core.webhooks.configured, clientSecret: '[set]' }, pending: core.webhooks.pending, deliveries: core.webhooks.deliveries } };
  }
  if (method === 'GET' && head === 'types') return { status: 200, body: [...env.state.tables.keys()].map((t) => objectType(t)) };
  return { status: 404, body: { message: `No sandbox admin route ${method} ${path}` } };
}
