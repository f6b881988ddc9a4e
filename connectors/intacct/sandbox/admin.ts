// The admin API under `/__sandbox/`: the kit's verbs (info, reset, seed, faults, switches, clock, requests,
// sessions/expire) plus what a tester does in the Intacct UI or at Sage support — edit a record as a user
// would (WHENMODIFIED advances), read or delete records, list the session ids handed out.
import { z } from 'zod';
import { AdminApi, AdminError, adminBody, type AdminRequest } from '../../kit/sandbox/admin.ts';
import { OBJECTS, objectDef } from './objects.ts';
import { renderRecordJson } from './records-json.ts';
import type { SandboxCore } from './core.ts';
import { touchContactOwners } from './contact-owners.ts';
import type { Row } from './store.ts';
import { parseDay } from '../dates.ts';

const key = z.union([z.string(), z.number()]);
const schemas = {
  seed: z.object({ vendors: z.number().int().min(0).optional(), seed: z.number().int().optional() }),
  edit: z.object({ object: z.string(), key, changes: z.record(z.string(), z.union([z.string(), z.number(), z.null()])) }),
  record: z.object({ object: z.string(), key }),
  records: z.object({ object: z.string(), limit: z.number().int().min(1).optional() }),
};

function findRow(core: SandboxCore, object: string, k: string | number): { row: Row; def: (typeof OBJECTS)[string] } {
  const def = objectDef(object);
  if (!def) throw new AdminError(404, `Unknown object ${object}. Objects: ${Object.keys(OBJECTS).join(', ')}.`);
  const row = typeof k === 'number' || /^\d+$/.test(k) ? core.store.get(def.name, Number(k)) ?? core.store.byId(def, String(k)) : core.store.byId(def, k);
  if (!row) throw new AdminError(404, `No ${def.name} with key ${k}.`);
  return { row, def: def! };
}

/** An edit made in the Intacct UI: values as the UI shows them; contact fields land on the CONTACT. */
function editAsUser(core: SandboxCore, object: string, k: string | number, changes: Record<string, string | number | null>): Row {
  const { row, def } = findRow(core, object, k);
  const own: Row = {};
  const now = core.now();
  for (const [name, raw] of Object.entries(changes)) {
    const group = (def.contactGroups ?? []).find((g) => name.startsWith(`${g}.`));
    if (group) {
      const contact = core.store.byId(OBJECTS.CONTACT!, String(row[`${group}.CONTACTNAME`]));
      if (contact) core.store.update(OBJECTS.CONTACT!, contact, { [name.slice(group.length + 1)]: raw === null ? null : String(raw) }, now);
      continue;
    }
    const type = def.fields.find((f) => f.name === name)?.type;
    if (type === 'date' && typeof raw === 'string') own[name] = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : (parseDay(raw) ?? raw);
    else own[name] = raw === null ? null : String(raw);
  }
  core.store.update(def, row, own, now);
  if (def.name === 'CONTACT') touchContactOwners(core.store, core.base.switches, String(row.CONTACTNAME), now);
  core.store.settle();
  return row;
}

export function createAdmin(core: SandboxCore): AdminApi {
  const body = <S extends z.ZodType>(schema: S, r: AdminRequest, route: string) => adminBody(schema, r.body, route);
  return new AdminApi({
    ...core.base.adminParts(() => core.switchesChanged()),
    info: () => ({ companyId: core.gateway.creds.companyId, now: new Date(core.now()).toISOString(), counts: core.store.counts(), liveSessions: core.gateway.sessions.size }),
    reset: () => (core.reset(), { ok: true, counts: core.store.counts() }),
    seed: (b) => {
      const s = adminBody(schemas.seed, b, 'seed');
      core.seed(s.vendors ?? core.vendors, s.seed ?? core.base.seed);
      return { ok: true, counts: core.store.counts() };
    },
    expireSessions: () => core.gateway.sessions.expireAll(),
    routes: {
      // The kit's counters with the gateway's own: functions run, sessions handed out.
      'GET requests': () => core.counters(),
      'POST requests/reset': () => (core.resetCounters(), { ok: true }),
      'POST edit': (r) => {
        const b = body(schemas.edit, r, 'edit');
        const { def } = findRow(core, b.object, b.key);
        return renderRecordJson(core, def, editAsUser(core, b.object, b.key, b.changes));
      },
      'POST record': (r) => {
        const b = body(schemas.record, r, 'record');
        const { row, def } = findRow(core, b.object, b.key);
        return renderRecordJson(core, def, row);
      },
      'POST records': (r) => {
        const b = body(schemas.records, r, 'records');
        const def = objectDef(b.object);
        if (!def) throw new AdminError(404, `Unknown object ${b.object}.`);
        return core.store.rows(def.name).slice(0, b.limit ?? 100_000).map((row) => renderRecordJson(core, def, row));
      },
      'POST delete': (r) => {
        const b = body(schemas.record, r, 'delete');
        const { row, def } = findRow(core, b.object, b.key);
        if (def.name === 'APBILL') for (const l of core.store.billLines(String(row.RECORDNO))) core.store.remove(OBJECTS.APBILLITEM!, l);
        core.store.remove(def, row);
        core.store.settle();
        return { ok: true };
      },
      'GET sessions/issued': () => ({ ids: [...core.gateway.sessions.recent] }),
    },
  });
}
