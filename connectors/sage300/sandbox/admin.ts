// The admin API under `/__sandbox/` (no auth; loopback only): what a tester does at the Sage desk or the
// IIS console — seed, edit a record as a Sage user would, post a batch, apply a payment, delete, move
// "today", change faults and switches, read request counts, reset.
import { z } from 'zod';
import { adminBody, type AdminDefinition, type AdminRecords } from '../../kit/sandbox/admin.ts';
import type { SandboxCore } from './core.ts';
import { SageError } from './errors.ts';
import { applyPayment, postBatch } from './posting.ts';
import { compareKeys, type Key, type Row } from '../../kit/sandbox/table.ts';

const keySchema = z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]).transform((k): Key => (Array.isArray(k) ? k : [k]));
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const schemas = {
  seed: z.object({ records: z.number().int().min(0).optional(), seed: z.number().int().optional(), data: z.record(z.string(), z.array(z.any())).optional() }),
  today: z.object({ date: day }),
  edit: z.object({ resource: z.string(), key: keySchema, changes: z.record(z.string(), z.unknown()) }),
  postBatch: z.object({ batchNumber: z.number().int(), day: day.optional() }),
  pay: z.object({ customerNumber: z.string(), documentNumber: z.string(), amount: z.number().positive().optional(), day: day.optional() }),
  delete: z.object({ resource: z.string(), key: keySchema }),
  record: z.object({ resource: z.string(), key: keySchema }),
};

/** A record id in an admin path: the key's segments joined by commas (`ARCustomers/C000010`, `OEOrders/12`). */
function keyOf(id: string): Key {
  return id.split(',').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function applySwitchSideEffects(core: SandboxCore): void {
  core.state.postingTouchesDateLastMaintained = core.switches.postingTouchesDateLastMaintained;
}

export function resetCore(core: SandboxCore): void {
  core.base.switches = core.base.initialSwitches;
  applySwitchSideEffects(core);
  core.state.today = core.initial.today;
  if (core.initial.data) core.state.seed(core.initial.data);
  else core.state.seedGenerated(core.initial.records, core.initial.seed);
  core.base.faults.clear();
  if (core.initial.faults) core.base.faults.setSpec(core.initial.faults);
  core.cold = core.switches.coldStartMs > 0;
}

function records(core: SandboxCore): AdminRecords {
  const { state } = core;
  return {
    types: () => [...state.tables.keys()],
    list: (type, { limit, after }) => {
      const table = state.table(state.resource(type).name);
      const from = after === null ? undefined : keyOf(after);
      const page: Row[] = [];
      let more = false;
      for (const row of table.scan(from ? table.lowerBound(from) : 0)) {
        if (from && compareKeys(table.keyOf(row), from) <= 0) continue;
        if (page.length === limit) {
          more = true;
          break;
        }
        page.push(row);
      }
      const last = page[page.length - 1];
      return { total: table.size, results: page, ...(more && last && { next: table.keyOf(last).join(',') }) };
    },
    get: (type, id) => state.get(state.resource(type), keyOf(id)),
    edit: (type, id, changes) => state.editAsUser(type, keyOf(id), changes),
    delete: (type, id) => state.delete(state.resource(type), keyOf(id)),
  };
}

/** The Sage desk and IIS console verbs beyond the kit's, and the older names tests and the README use. */
export function sage300Admin(core: SandboxCore): Omit<AdminDefinition, 'system' | 'counters' | 'faults' | 'clock' | 'switches'> {
  const { state } = core;
  return {
    info: () => ({ company: core.company, today: state.today, counts: state.counts() }),
    reset: () => {
      resetCore(core);
      return { ok: true, today: state.today, counts: state.counts() };
    },
    seed: (body) => {
      const b = adminBody(schemas.seed, body, 'seed');
      if (b.data) state.seed(b.data);
      else state.seedGenerated(b.records ?? core.initial.records, b.seed ?? core.initial.seed);
      return { ok: true, counts: state.counts() };
    },
    records: records(core),
    routes: {
      'GET ': () => ({ company: core.company, today: state.today, counts: state.counts(), switches: core.switches, pendingFaults: core.base.faults.pending() }),
      'POST today': ({ body }) => ((state.today = adminBody(schemas.today, body, 'today').date), { today: state.today }),
      'POST edit': ({ body }) => {
        const b = adminBody(schemas.edit, body, 'edit');
        return state.editAsUser(b.resource, b.key, b.changes);
      },
      'POST post-batch': ({ body }) => {
        const b = adminBody(schemas.postBatch, body, 'post-batch');
        return { posted: postBatch(state, b.batchNumber, b.day ?? state.today) };
      },
      'POST pay': ({ body }) => {
        const b = adminBody(schemas.pay, body, 'pay');
        const doc = applyPayment(state, b.customerNumber, b.documentNumber, b.amount === undefined ? {} : { amount: b.amount }, b.day ?? state.today);
        if (!doc) throw new SageError(404, 'RecordNotFound', 'A Record cannot be found for the specified entity key');
        return doc;
      },
      'POST delete': ({ body }) => {
        const b = adminBody(schemas.delete, body, 'delete');
        state.delete(state.resource(b.resource), b.key);
        return { ok: true };
      },
      'POST record': ({ body }) => {
        const b = adminBody(schemas.record, body, 'record');
        return state.get(state.resource(b.resource), b.key);
      },
      'POST coldstart': () => ((core.cold = true), { ok: true }),
    },
  };
}
