// The admin API under `/__sandbox/` (no auth; loopback only): what a tester does at the Sage desk or the
// IIS console — seed, edit a record as a Sage user would, post a batch, apply a payment, delete, move
// "today", change faults and switches, read request counts, reset.
import { z } from 'zod';
import type { SandboxCore } from './core.ts';
import { SageError } from './errors.ts';
import { applyPayment, postBatch } from './posting.ts';
import type { Responder } from './respond.ts';
import { mergeSwitches } from './switches.ts';
import type { Key } from '../../kit/sandbox/table.ts';

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
  faults: z.object({
    spec: z.string().optional(),
    once: z.array(z.object({ fault: z.string(), method: z.string().optional(), resource: z.string().optional(), times: z.number().int().min(1).optional() })).optional(),
    clear: z.boolean().optional(),
  }),
};

export function applySwitchSideEffects(core: SandboxCore): void {
  core.state.postingTouchesDateLastMaintained = core.switches.postingTouchesDateLastMaintained;
}

export function resetCore(core: SandboxCore): void {
  core.switches = core.initial.switches;
  applySwitchSideEffects(core);
  core.state.today = core.initial.today;
  if (core.initial.data) core.state.seed(core.initial.data);
  else core.state.seedGenerated(core.initial.records, core.initial.seed);
  core.faults.clear();
  if (core.initial.faults) core.faults.setSpec(core.initial.faults);
  core.requests.reset();
  core.cold = core.switches.coldStartMs > 0;
}

export function handleAdmin(core: SandboxCore, method: string, path: string, body: unknown, r: Responder): void {
  const route = `${method} ${path.replace(/^\/__sandbox\/?/, '').replace(/\/$/, '')}`;
  const parse = <S extends z.ZodType>(schema: S): z.infer<S> => {
    const res = schema.safeParse(body ?? {});
    if (!res.success) throw new SageError(400, 'InvalidPayload', `Admin request ${route}: ${z.prettifyError(res.error)}`);
    return res.data;
  };
  const { state } = core;
  switch (route) {
    case 'GET info':
    case 'GET ':
      return r.json(200, { company: core.company, today: state.today, counts: state.counts(), switches: core.switches, pendingFaults: core.faults.pending() });
    case 'POST reset':
      resetCore(core);
      return r.json(200, { ok: true, today: state.today, counts: state.counts() });
    case 'POST seed': {
      const b = parse(schemas.seed);
      if (b.data) state.seed(b.data);
      else state.seedGenerated(b.records ?? core.initial.records, b.seed ?? core.initial.seed);
      return r.json(200, { ok: true, counts: state.counts() });
    }
    case 'POST today':
      state.today = parse(schemas.today).date;
      return r.json(200, { today: state.today });
    case 'POST edit': {
      const b = parse(schemas.edit);
      return r.json(200, state.editAsUser(b.resource, b.key, b.changes));
    }
    case 'POST post-batch': {
      const b = parse(schemas.postBatch);
      return r.json(200, { posted: postBatch(state, b.batchNumber, b.day ?? state.today) });
    }
    case 'POST pay': {
      const b = parse(schemas.pay);
      const doc = applyPayment(state, b.customerNumber, b.documentNumber, b.amount === undefined ? {} : { amount: b.amount }, b.day ?? state.today);
      if (!doc) throw new SageError(404, 'RecordNotFound', 'A Record cannot be found for the specified entity key');
      return r.json(200, doc);
    }
    case 'POST delete': {
      const b = parse(schemas.delete);
      state.delete(state.resource(b.resource), b.key);
      return r.json(200, { ok: true });
    }
    case 'POST record': {
      const b = parse(schemas.record);
      return r.json(200, state.get(state.resource(b.resource), b.key));
    }
    case 'GET requests':
      return r.json(200, core.requests.snapshot());
    case 'POST requests/reset':
      core.requests.reset();
      return r.json(200, { ok: true });
    case 'POST faults': {
      const b = parse(schemas.faults);
      if (b.clear) core.faults.clear();
      if (b.spec !== undefined) core.faults.setSpec(b.spec);
      if (b.once) core.faults.enqueue(b.once);
      return r.json(200, { pending: core.faults.pending(), spec: b.spec ?? null });
    }
    case 'POST switches':
      core.switches = mergeSwitches(core.switches, (body ?? {}) as Record<string, unknown>);
      applySwitchSideEffects(core);
      return r.json(200, core.switches);
    case 'POST coldstart':
      core.cold = true;
      return r.json(200, { ok: true });
    default:
      throw new SageError(404, 'ResourceNotFound', `No admin route ${route}. Routes: GET info, POST reset, seed, today, edit, post-batch, pay, delete, record, faults, switches, coldstart, requests/reset; GET requests.`);
  }
}
