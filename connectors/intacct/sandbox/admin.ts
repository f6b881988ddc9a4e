// The admin API under `/__sandbox/` (loopback, no auth): what a tester does in the Intacct UI or at
// Sage support — seed, edit a record as a user would (WHENMODIFIED advances), read or delete records,
// expire sessions, move the clock, inject faults, change switches, read call counts, reset.
import { z } from 'zod';
import { OBJECTS, objectDef } from './objects.ts';
import { renderRecordJson } from './records-json.ts';
import type { SandboxCore } from './core.ts';
import { mergeSwitches } from './switches.ts';
import type { Row } from './store.ts';
import { parseDay } from '../dates.ts';

const key = z.union([z.string(), z.number()]);
const schemas = {
  seed: z.object({ vendors: z.number().int().min(0).optional(), seed: z.number().int().optional() }),
  edit: z.object({ object: z.string(), key, changes: z.record(z.string(), z.union([z.string(), z.number(), z.null()])) }),
  record: z.object({ object: z.string(), key }),
  records: z.object({ object: z.string(), limit: z.number().int().min(1).optional() }),
  faults: z.object({
    spec: z.string().optional(),
    once: z.array(z.object({ fault: z.string(), function: z.string().optional(), times: z.number().int().min(1).optional() })).optional(),
    clear: z.boolean().optional(),
  }),
  clock: z.object({ advanceSeconds: z.number() }),
};

export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

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
  core.store.settle();
  return row;
}

export function handleAdmin(core: SandboxCore, method: string, path: string, body: unknown): { status: number; json: unknown } {
  const route = `${method} ${path.replace(/^\/__sandbox\/?/, '').replace(/\/$/, '')}`;
  const parse = <S extends z.ZodType>(schema: S): z.infer<S> => {
    const res = schema.safeParse(body ?? {});
    if (!res.success) throw new AdminError(400, `Admin request ${route}: ${z.prettifyError(res.error)}`);
    return res.data;
  };
  const ok = (json: unknown) => ({ status: 200, json });
  switch (route) {
    case 'GET ':
    case 'GET info':
      return ok({ companyId: core.gateway.creds.companyId, now: new Date(core.now()).toISOString(), counts: core.store.counts(), switches: core.gateway.switches, liveSessions: core.gateway.sessions.live });
    case 'POST reset':
      core.reset();
      return ok({ ok: true, counts: core.store.counts() });
    case 'POST seed': {
      const b = parse(schemas.seed);
      core.seed(b.vendors ?? core.initial.vendors, b.seed ?? core.initial.seed);
      return ok({ ok: true, counts: core.store.counts() });
    }
    case 'POST edit': {
      const b = parse(schemas.edit);
      const { def } = findRow(core, b.object, b.key);
      return ok(renderRecordJson(core, def, editAsUser(core, b.object, b.key, b.changes)));
    }
    case 'POST record': {
      const b = parse(schemas.record);
      const { row, def } = findRow(core, b.object, b.key);
      return ok(renderRecordJson(core, def, row));
    }
    case 'POST records': {
      const b = parse(schemas.records);
      const def = objectDef(b.object);
      if (!def) throw new AdminError(404, `Unknown object ${b.object}.`);
      return ok(core.store.rows(def.name).slice(0, b.limit ?? 100_000).map((r) => renderRecordJson(core, def, r)));
    }
    case 'POST delete': {
      const b = parse(schemas.record);
      const { row, def } = findRow(core, b.object, b.key);
      if (def.name === 'APBILL') for (const l of core.store.billLines(String(row.RECORDNO))) core.store.remove(OBJECTS.APBILLITEM!, l);
      core.store.remove(def, row);
      core.store.settle();
      return ok({ ok: true });
    }
    case 'GET sessions/issued':
      return ok({ ids: [...core.gateway.sessions.issued] });
    case 'POST expire-sessions':
      return ok({ expired: core.gateway.sessions.expireAll() });
    case 'POST clock':
      core.clockOffsetMs += parse(schemas.clock).advanceSeconds * 1000;
      return ok({ now: new Date(core.now()).toISOString() });
    case 'POST faults': {
      const b = parse(schemas.faults);
      if (b.clear) core.faults.clear();
      if (b.spec !== undefined) core.faults.setSpec(b.spec);
      if (b.once) core.faults.enqueue(b.once);
      return ok({ pending: core.faults.pending() });
    }
    case 'POST switches':
      try {
        core.gateway.switches = mergeSwitches(core.gateway.switches, (body ?? {}) as Record<string, unknown>);
      } catch (e) {
        throw new AdminError(400, e instanceof Error ? e.message : String(e));
      }
      return ok(core.gateway.switches);
    case 'GET requests':
      return ok(core.counters());
    case 'POST requests/reset':
      core.resetCounters();
      return ok({ ok: true });
    default:
      throw new AdminError(404, `No admin route ${route}. Routes: GET info, requests, sessions/issued; POST reset, seed, edit, record, records, delete, expire-sessions, clock, faults, switches, requests/reset.`);
  }
}
