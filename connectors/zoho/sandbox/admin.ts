// The Zoho sandbox's admin API: the kit's common `/__sandbox/` verbs (info, reset, seed, records,
// requests, faults, switches, clock, sessions/expire) plus Zoho's own:
//   POST   records/:module            {values} — create as a CRM user would (notifies channels)
//   PUT    edition                    {edition} — free|standard|professional|enterprise|ultimate
//   PUT    credits                    {used, agoSeconds?} — credits already spent in the rolling window
//   POST   refresh-tokens             {scopes?} → {refreshToken}; DELETE refresh-tokens/:token revokes it
//   POST   grant-codes                {scopes?, minutes?} → {code} (a self-client grant code)
//   GET    watch                      channels and the callback delivery log
//   PUT    watch/drop                 {next} — drop the next N callbacks
// Records are edited as a user would (`PATCH records/Deals/:id {changes:{Stage:"Closed Won"}}`):
// Modified_Time moves and watching channels are called back.
import { z } from 'zod';
import { AdminAnswer, AdminApi, adminBody, type AdminRecords } from '../../kit/sandbox/admin.ts';
import type { ZohoSandboxCore } from './core.ts';
import { parseEdition } from './editions.ts';
import { MODULE_BY_NAME, type ModuleDef } from './modules.ts';
import { ALL_SCOPES } from './oauth.ts';
import { presentRecord } from './present.ts';
import { seedOrg } from './seed.ts';
import { validateValues } from './validate.ts';

function moduleOf(name: string | undefined): ModuleDef {
  const m = MODULE_BY_NAME.get(name ?? '');
  if (!m) throw new Error(`Unknown module "${name ?? ''}". Known: ${[...MODULE_BY_NAME.keys()].join(', ')}.`);
  return m;
}

/** Values as a CRM user types them, validated like the API (lookups as ids or {id}). */
function userValues(core: ZohoSandboxCore, module: ModuleDef, values: unknown, create: boolean): Record<string, unknown> {
  const input = Object.fromEntries(Object.entries((values ?? {}) as Record<string, unknown>).map(([k, v]) => {
    const f = module.fields.find((x) => x.api_name === k);
    return [k, f && (f.data_type === 'lookup' || f.data_type === 'ownerlookup') && typeof v === 'string' ? { id: v } : v];
  }));
  const checked = validateValues(module.fields, input, '$', create, core.switches, core.store);
  if (!checked.ok) throw new Error(`${checked.error.code}: ${checked.error.message} ${JSON.stringify(checked.error.details)}`);
  return checked.values;
}

/** Explicit seed data: `{ "Accounts": [{values}], "Deals": [...] }`, in that order. */
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

function records(core: ZohoSandboxCore): AdminRecords {
  const offset = () => core.switches.orgOffsetMinutes;
  return {
    types: () => [...MODULE_BY_NAME.keys()],
    list(type, page) {
      const module = moduleOf(type);
      const all = [...core.store.table(module.api_name).values()];
      const from = page.after ? all.findIndex((r) => r.id === page.after) + 1 : 0;
      const slice = all.slice(from, from + page.limit);
      const last = slice[slice.length - 1];
      return { total: all.length, results: slice.map((r) => presentRecord(core.store, module, r, undefined, offset())), ...(from + page.limit < all.length && last && { next: last.id }) };
    },
    get(type, id) {
      const module = moduleOf(type);
      const rec = core.store.table(module.api_name).get(id);
      return rec && presentRecord(core.store, module, rec, undefined, offset());
    },
    edit(type, id, changes) {
      const module = moduleOf(type);
      const rec = core.store.edit(module, id, userValues(core, module, changes, false), core.clock.now());
      if (!rec) return new AdminAnswer(404, { message: `No ${module.api_name} record ${id}.` });
      return presentRecord(core.store, module, rec, undefined, offset());
    },
    delete(type, id) {
      const module = moduleOf(type);
      const [result] = core.store.delete(module, [id], core.clock.now());
      if (result?.status !== 'success') throw Object.assign(new Error(`No ${module.api_name} record ${id}.`), { status: 404 });
    },
  };
}

const scopesBody = z.object({ scopes: z.array(z.string()).optional(), minutes: z.number().positive().optional() });

export function zohoAdmin(core: ZohoSandboxCore, initial: () => void): AdminApi {
  return new AdminApi({
    ...core.base.adminParts(),
    info: () => core.info(),
    reset: () => {
      core.store.reset();
      core.credits.reset();
      core.watch.channels.clear();
      core.watch.deliveries.length = 0;
      initial();
      return { ok: true, records: core.counts() };
    },
    seed: (body) => {
      const b = (body ?? {}) as Record<string, unknown>;
      if (typeof b.records === 'number' || typeof b.accounts === 'number') {
        return seedOrg(core.store, Number(b.records ?? b.accounts), typeof b.seed === 'number' ? b.seed : core.base.seed, core.clock.now());
      }
      return seedExplicit(core, b);
    },
    records: records(core),
    expireSessions: () => core.accounts.expireAll(),
    routes: {
      'POST records/:type': ({ params, body }) => {
        const module = moduleOf(params.type);
        const values = adminBody(z.object({ values: z.record(z.string(), z.unknown()) }), body, 'records').values;
        const rec = core.store.createAsUser(module, userValues(core, module, values, true), core.clock.now());
        return new AdminAnswer(201, presentRecord(core.store, module, rec, undefined, core.switches.orgOffsetMinutes));
      },
      'PUT edition': ({ body }) => {
        core.edition = parseEdition(adminBody(z.object({ edition: z.string() }), body, 'edition').edition);
        return core.info();
      },
      'PUT credits': ({ body }) => {
        const b = adminBody(z.object({ used: z.number().int().min(0), agoSeconds: z.number().min(0).optional() }), body, 'credits');
        core.credits.setUsed(b.used, (b.agoSeconds ?? 0) * 1000);
        return { used: core.credits.used(), remaining: core.credits.remaining() };
      },
      'POST refresh-tokens': ({ body }) => {
        const clientId = [...core.accounts.clients.keys()][0];
        if (!clientId) throw new Error('No OAuth client registered.');
        const scopes = adminBody(scopesBody, body, 'refresh-tokens').scopes ?? ALL_SCOPES;
        return new AdminAnswer(201, { refreshToken: core.accounts.addRefreshToken(clientId, scopes), scopes });
      },
      'DELETE refresh-tokens/:token': ({ params }) => (core.accounts.revoke(params.token ?? '') ? new AdminAnswer(204) : new AdminAnswer(404, { message: 'Unknown refresh token.' })),
      'POST grant-codes': ({ body }) => {
        const clientId = [...core.accounts.clients.keys()][0];
        if (!clientId) throw new Error('No OAuth client registered.');
        const b = adminBody(scopesBody, body, 'grant-codes');
        return new AdminAnswer(201, { code: core.accounts.addGrantCode(clientId, b.scopes ?? ALL_SCOPES, b.minutes ?? 3) });
      },
      'GET watch': () => ({
        channels: [...core.watch.channels.values()].map(({ editFields: _e, ...ch }) => ({ ...ch, expiresAt: new Date(ch.expiresAt).toISOString() })),
        deliveries: core.watch.deliveries,
      }),
      'PUT watch/drop': ({ body }) => {
        core.watch.dropNext = adminBody(z.object({ next: z.number().int().min(0) }), body, 'watch/drop').next;
        return { dropNext: core.watch.dropNext };
      },
    },
  });
}
