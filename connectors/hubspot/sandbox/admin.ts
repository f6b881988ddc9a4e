// The HubSpot side of the kit's admin API (`/__sandbox/`, see kit/sandbox/admin.ts for the common verbs:
// info, reset, seed, records, requests|counters, faults, switches, clock). HubSpot's own:
//   GET    /__sandbox/records/:type?limit&after&archived  raw stored records (with associations)
//   PATCH  /__sandbox/records/:type/:id         {properties} — edit as a HubSpot user would (changeSource CRM_UI, webhooks)
//   DELETE /__sandbox/records/:type/:id         archive as a HubSpot user would
//   GET    /__sandbox/types                     object type definitions
//   PUT    /__sandbox/tier                      {tier, timeScale?}
//   PUT    /__sandbox/daily                     {used:N} — set today's API usage (daily-budget tests)
//   POST   /__sandbox/tokens                    {scopes?:[…]} → {token}; DELETE /__sandbox/tokens/:token revokes
//   PUT    /__sandbox/webhooks                  {targetUrl, clientSecret, maxBatch?, flushMs?, subscriptions?} (null body: off)
//   GET    /__sandbox/webhooks                  settings, pending count and the delivery log
//   POST   /__sandbox/oauth/refresh-tokens     {scopes?:[…]} → {refreshToken} for the OAuth app (clientId/clientSecret in the line)
//   POST   /__sandbox/oauth/codes              {redirectUri, scopes?} → {code}, as the app's install screen hands it out
//   POST   /__sandbox/sessions/expire          every OAuth access token expires now (EXPIRED_AUTHENTICATION)
//   POST   /__sandbox/currencies                {code} — add a currency as Settings → Account Defaults → Currencies
//                                               does: it becomes an option of every currency property
import { AdminAnswer, AdminError, type AdminDefinition, type AdminRecords } from '../../kit/sandbox/admin.ts';
import { generateRecords, objectType, type Tier, TIERS } from './data.ts';
import type { SandboxCore } from './server.ts';

/** The enumerations HubSpot fills from the account's currencies. */
const CURRENCY_PROPERTIES = new Set(['deal_currency_code', 'hs_line_item_currency_code', 'hs_currency', 'hs_currency_code']);

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

function records(core: SandboxCore): AdminRecords {
  const { env } = core;
  const tableOf = (type: string) => {
    const table = env.state.table(type);
    if (!table) throw new AdminError(404, `Unknown HubSpot object type "${type}". Known: ${[...env.state.tables.keys()].join(', ')}.`);
    return table;
  };
  const recordOf = (type: string, id: string) => {
    const table = tableOf(type);
    const rec = table.byId.get(id);
    if (!rec) throw new AdminError(404, `No ${type} record ${id}.`);
    return { table, rec };
  };
  return {
    types: () => [...env.state.tables.keys()],
    list: (type, { limit, after, query }) => {
      const table = tableOf(type);
      const { records: page, more } = table.page(Number(after ?? 0), limit, query?.get('archived') === 'true');
      return { total: table.live, results: page.map((r) => presentRaw(core, table.def.name, r.id)), ...(more && { next: page[page.length - 1]?.id }) };
    },
    get: (type, id) => presentRaw(core, tableOf(type).def.name, id),
    edit: (type, id, changes) => {
      const { table, rec } = recordOf(type, id);
      const values = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v === null ? '' : String(v)]));
      env.state.update(table, rec, values, Date.now(), 'CRM_UI');
      return presentRaw(core, table.def.name, rec.id);
    },
    delete: (type, id) => {
      const { table, rec } = recordOf(type, id);
      env.state.archive(table, rec, Date.now());
    },
  };
}

/** HubSpot's parts of the admin definition (the kit's base supplies counters, faults, clock, switches). */
export function hubspotAdmin(core: SandboxCore): Omit<AdminDefinition, 'system' | 'counters' | 'faults' | 'clock' | 'switches'> {
  const { env } = core;
  return {
    info: () => core.info(),
    reset: () => (core.reset(), { ok: true }),
    seed: (body) => {
      const b = (body ?? {}) as Record<string, unknown>;
      if (typeof b.records === 'number') return seedGenerated(core, b.records, typeof b.seed === 'number' ? b.seed : 1);
      return seedExplicit(core, b as Record<string, Record<string, unknown>[]>);
    },
    records: records(core),
    onClockChange: () => core.syncLimits(),
    expireSessions: () => core.oauth.expireAll(),
    routes: {
      'GET types': () => [...env.state.tables.keys()].map((t) => objectType(t)),
      'PUT tier': ({ body }) => {
        const b = (body ?? {}) as Record<string, unknown>;
        if (typeof b.tier === 'string') {
          if (!(b.tier in TIERS)) return new AdminAnswer(400, { message: `unknown tier ${b.tier}` });
          env.tier = b.tier as Tier;
          core.limits.tier = env.tier;
        }
        if (typeof b.timeScale === 'number' && b.timeScale > 0) {
          core.base.clock.timeScale = b.timeScale;
          core.syncLimits();
        }
        return core.info();
      },
      'PUT daily': ({ body }) => {
        core.limits.dailyUsed = Number((body as { used?: unknown } | undefined)?.used ?? 0);
        return { used: core.limits.dailyUsed, daily: core.limits.daily };
      },
      'POST tokens': ({ body }) => {
        const scopes = (body as { scopes?: unknown } | undefined)?.scopes;
        return new AdminAnswer(201, { token: core.addToken(Array.isArray(scopes) ? (scopes as string[]) : null) });
      },
      'DELETE tokens/:token': ({ params }) => (core.tokens.delete(params.token ?? ''), new AdminAnswer(204)),
      'POST oauth/refresh-tokens': ({ body }) => {
        const scopes = (body as { scopes?: unknown } | undefined)?.scopes;
        return new AdminAnswer(201, { refreshToken: core.oauth.addRefreshToken(Array.isArray(scopes) ? (scopes as string[]) : null) });
      },
      'POST oauth/codes': ({ body }) => {
        const b = (body ?? {}) as { redirectUri?: unknown; scopes?: unknown };
        if (typeof b.redirectUri !== 'string') return new AdminAnswer(400, { message: 'redirectUri is required: the code is only good with the redirect_uri it was issued for' });
        return new AdminAnswer(201, { code: core.oauth.addCode(b.redirectUri, Array.isArray(b.scopes) ? (b.scopes as string[]) : null) });
      },
      'PUT webhooks': ({ body }) => {
        const b = (body ?? {}) as Record<string, unknown>;
        core.webhooks.configure(b.targetUrl ? (b as unknown as Parameters<typeof core.webhooks.configure>[0]) : null);
        return { settings: core.webhooks.configured };
      },
      'POST currencies': ({ body }) => {
        const code = (body as { code?: unknown } | undefined)?.code;
        if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) return new AdminAnswer(400, { message: 'code must be an ISO 4217 currency code such as JPY' });
        const added: string[] = [];
        for (const [type, t] of env.state.tables) {
          for (const p of t.properties.values()) {
            if (!CURRENCY_PROPERTIES.has(p.name) || !p.options || p.options.some((o) => o.value === code)) continue;
            p.options.push({ label: code, value: code, displayOrder: p.options.length, hidden: false });
            added.push(`${type}.${p.name}`);
          }
        }
        return { code, added };
      },
      'GET webhooks': () => ({ settings: core.webhooks.configured && { ...core.webhooks.configured, clientSecret: '[set]' }, pending: core.webhooks.pending, deliveries: core.webhooks.deliveries }),
    },
  };
}
