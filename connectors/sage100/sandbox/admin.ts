// The Sage 100 sandbox's own admin verbs, served by the kit's admin API under `/__sandbox/` (no auth;
// loopback only) beside its standard ones (info, requests, faults, clock): what happens at the Sage desk
// behind the agent's back — a user editing a record (Sage stamps DateUpdated/TimeUpdated), a Visual
// Integrator import (no stamp), deletes, posting an invoice, applying a payment — and the faults a real
// install produces (a locked file, the share down, a slow query, a full queue).
import { z } from 'zod';
import { AdminError, adminBody, type AdminHandler, type AdminRequest } from '../../kit/sandbox/admin.ts';
import { faultChangeSchema, type FaultPlan } from '../../kit/sandbox/faults.ts';
import { secondsToDecimalHours } from '../agent/decimal-time.ts';
import type { SqlConnection, SqlRow, SqlValue } from '../agent/sql-connection.ts';
import { allRows } from '../agent/sql-connection.ts';
import { ALL_TABLES, type TableDef } from '../agent/tables.ts';
import { SANDBOX_UDF } from './ddl.ts';
import { checkSageFaults, type SandboxFaults } from './faults.ts';
import { insertRows } from './ddl.ts';
import { dayOffset } from './seed.ts';

export interface AdminContext {
  db: SqlConnection;
  /** The driver-level faults (locked file, share down, slow query). */
  faults: SandboxFaults;
  /** The drawn and queued faults (the kit's plan: `spec`, `once`, `clear`). */
  plan: FaultPlan;
  /** Server-local `YYYY-MM-DDTHH:MM:SS`. */
  now: () => string;
  /** Fills the company's queue with requests that take `ms` (a real 429 agent.busy for others). */
  occupy: (ms: number) => void;
  info: () => Record<string, unknown>;
}

const value = z.union([z.string(), z.number(), z.null()]);
const keySchema = z.record(z.string(), z.string());
const schemas = {
  edit: z.object({ table: z.string(), key: keySchema, changes: z.record(z.string(), value) }),
  insert: z.object({ table: z.string(), row: z.record(z.string(), value) }),
  delete: z.object({ table: z.string(), key: keySchema }),
  postInvoice: z.object({
    ARDivisionNo: z.string(), CustomerNo: z.string(), InvoiceNo: z.string().regex(/^[0-9A-Z]{1,7}$/).optional(), InvoiceDate: z.string().optional(),
    lines: z.array(z.object({ ItemCode: z.string(), ItemCodeDesc: z.string().default(''), QuantityShipped: z.number(), UnitPrice: z.number() })).min(1),
  }),
  pay: z.object({ ARDivisionNo: z.string(), CustomerNo: z.string(), InvoiceNo: z.string(), amount: z.number().positive().optional() }),
  faults: faultChangeSchema.extend({
    locked: z.number().int().min(0).optional(), odbcDown: z.boolean().optional(), slowQueryMs: z.number().int().min(0).optional(),
    busyMs: z.number().int().min(1).optional(),
  }),
};

function tableOf(name: string): TableDef {
  const t = ALL_TABLES.find((x) => x.table === name);
  if (!t) throw new AdminError(400, `Unknown table "${name}". Tables: ${ALL_TABLES.map((x) => x.table).join(', ')}.`);
  return t;
}

function checkColumns(t: TableDef, names: string[]): void {
  const known = new Set([...t.columns.map((c) => c.name), ...(t.table === SANDBOX_UDF.table ? [SANDBOX_UDF.name] : [])]);
  const bad = names.filter((n) => !known.has(n));
  if (bad.length) throw new AdminError(400, `Unknown column${bad.length > 1 ? 's' : ''} ${bad.join(', ')} in ${t.table}.`);
}

/** What a Sage business object writes into the audit columns. */
function userStamp(now: string, created = false): Record<string, string> {
  const [day, clock] = now.split('T') as [string, string];
  const [h, m, s] = clock.split(':').map(Number) as [number, number, number];
  const time = secondsToDecimalHours(h * 3600 + m * 60 + s);
  return { DateUpdated: day, TimeUpdated: time, UserUpdatedKey: '0000000002', ...(created && { DateCreated: day, TimeCreated: time, UserCreatedKey: '0000000002' }) };
}

async function update(db: SqlConnection, t: TableDef, key: Record<string, string>, changes: Record<string, SqlValue>): Promise<SqlRow> {
  checkColumns(t, [...Object.keys(key), ...Object.keys(changes)]);
  const missing = t.keys.filter((k) => !(k in key));
  if (missing.length) throw new AdminError(400, `The key of ${t.table} needs ${missing.join(', ')}.`);
  const where = t.keys.map((k) => `${k} = ?`).join(' AND ');
  const keyValues = t.keys.map((k) => key[k]!);
  const before = await allRows(db, `SELECT * FROM ${t.table} WHERE ${where}`, keyValues);
  if (!before[0]) throw new AdminError(404, `No ${t.table} row with key ${JSON.stringify(key)}.`);
  const cols = Object.keys(changes);
  if (cols.length) await db.execute(`UPDATE ${t.table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE ${where}`, [...cols.map((c) => changes[c]!), ...keyValues]);
  return (await allRows(db, `SELECT * FROM ${t.table} WHERE ${where}`, keyValues))[0]!;
}

async function postInvoice(ctx: AdminContext, b: z.infer<typeof schemas.postInvoice>) {
  const { db } = ctx;
  const customer = (await allRows(db, 'SELECT * FROM AR_Customer WHERE ARDivisionNo = ? AND CustomerNo = ?', [b.ARDivisionNo, b.CustomerNo]))[0];
  if (!customer) throw new AdminError(404, `No customer ${b.ARDivisionNo}-${b.CustomerNo}.`);
  const today = ctx.now().slice(0, 10);
  const invoiceDate = b.InvoiceDate ?? today;
  const terms = (await allRows(db, 'SELECT DaysBeforeDue FROM AR_TermsCode WHERE TermsCode = ?', [String(customer.TermsCode)]))[0];
  const due = dayOffset(invoiceDate, Number(terms?.DaysBeforeDue ?? 30));
  let invoiceNo = b.InvoiceNo;
  if (!invoiceNo) {
    const last = (await allRows(db, "SELECT MAX(InvoiceNo) AS N FROM AR_InvoiceHistoryHeader WHERE InvoiceNo < 'A'"))[0]?.N;
    invoiceNo = String(Number(last ?? 100000) + 1).padStart(7, '0');
  }
  const lines = b.lines.map((l, i) => ({
    InvoiceNo: invoiceNo!, HeaderSeqNo: '000000', DetailSeqNo: String(i + 1).padStart(6, '0'), ItemCode: l.ItemCode, ItemType: '1', ItemCodeDesc: l.ItemCodeDesc, UnitOfMeasure: 'EACH',
    WarehouseCode: '000', QuantityShipped: l.QuantityShipped, QuantityOrdered: l.QuantityShipped, QuantityBackordered: 0, UnitPrice: l.UnitPrice, ExtensionAmt: Math.round(l.QuantityShipped * l.UnitPrice * 100) / 100,
  }));
  const net = Math.round(lines.reduce((s, l) => s + l.ExtensionAmt, 0) * 100) / 100;
  const stamp = userStamp(ctx.now(), true);
  const common = { ARDivisionNo: b.ARDivisionNo, CustomerNo: b.CustomerNo, InvoiceNo: invoiceNo, InvoiceType: 'IN', InvoiceDate: invoiceDate, InvoiceDueDate: due, TermsCode: String(customer.TermsCode), ...stamp };
  await insertRows(db, 'AR_InvoiceHistoryHeader', [{ ...common, HeaderSeqNo: '000000', ModuleCode: 'A/R', TransactionDate: invoiceDate, BillToName: String(customer.CustomerName), TaxableSalesAmt: net, NonTaxableSalesAmt: 0, FreightAmt: 0, SalesTaxAmt: 0, DiscountAmt: 0 }]);
  await insertRows(db, 'AR_InvoiceHistoryDetail', lines);
  await insertRows(db, 'AR_OpenInvoice', [{ ...common, InvoiceHistoryHeaderSeqNo: '000000', PostingDate: invoiceDate, TaxableAmt: net, Balance: net }]);
  await update(db, tableOf('AR_Customer'), { ARDivisionNo: b.ARDivisionNo, CustomerNo: b.CustomerNo }, { CurrentBalance: Number(customer.CurrentBalance ?? 0) + net, DateLastActivity: today, ...userStamp(ctx.now()) });
  return { InvoiceNo: invoiceNo, HeaderSeqNo: '000000', total: net };
}

async function pay(ctx: AdminContext, b: z.infer<typeof schemas.pay>) {
  const { db } = ctx;
  const open = (await allRows(db, "SELECT * FROM AR_OpenInvoice WHERE ARDivisionNo = ? AND CustomerNo = ? AND InvoiceNo = ? AND InvoiceType = 'IN'", [b.ARDivisionNo, b.CustomerNo, b.InvoiceNo]))[0];
  if (!open) throw new AdminError(404, `No open invoice ${b.InvoiceNo} for ${b.ARDivisionNo}-${b.CustomerNo}.`);
  const amount = b.amount ?? Number(open.Balance);
  const balance = Math.round((Number(open.Balance) - amount) * 100) / 100;
  const stamp = userStamp(ctx.now());
  await update(db, tableOf('AR_OpenInvoice'), { ARDivisionNo: b.ARDivisionNo, CustomerNo: b.CustomerNo, InvoiceNo: b.InvoiceNo, InvoiceType: 'IN' }, { Balance: balance, ...stamp });
  const customer = (await allRows(db, 'SELECT CurrentBalance FROM AR_Customer WHERE ARDivisionNo = ? AND CustomerNo = ?', [b.ARDivisionNo, b.CustomerNo]))[0]!;
  await update(db, tableOf('AR_Customer'), { ARDivisionNo: b.ARDivisionNo, CustomerNo: b.CustomerNo }, { CurrentBalance: Math.round((Number(customer.CurrentBalance) - amount) * 100) / 100, DateLastPayment: stamp.DateUpdated!, LastPaymentAmt: amount, ...stamp });
  return { InvoiceNo: b.InvoiceNo, paid: amount, Balance: balance };
}

/** The sandbox's verbs, `POST <verb>` with a JSON body; the kit's admin API serves them. */
export function sage100AdminRoutes(ctx: AdminContext): Record<string, AdminHandler> {
  const parse = <S extends z.ZodType>(schema: S, r: AdminRequest, verb: string): z.infer<S> => adminBody(schema, r.body, verb);
  return {
    'GET ': () => ctx.info(),
    // A Sage user in Customer Maintenance (or any business object): the change is stamped.
    'POST edit': async (r) => {
      const b = parse(schemas.edit, r, 'edit');
      return { row: await update(ctx.db, tableOf(b.table), b.key, { ...b.changes, ...(tableOf(b.table).stamped && userStamp(ctx.now())) }) };
    },
    // A Visual Integrator job: the data changes, DateUpdated/TimeUpdated do not.
    'POST import': async (r) => {
      const b = parse(schemas.edit, r, 'import');
      return { row: await update(ctx.db, tableOf(b.table), b.key, b.changes) };
    },
    'POST insert': async (r) => {
      const b = parse(schemas.insert, r, 'insert');
      const t = tableOf(b.table);
      checkColumns(t, Object.keys(b.row));
      await insertRows(ctx.db, t.table, [{ ...b.row, ...(t.stamped && userStamp(ctx.now(), true)) }]);
      return { ok: true };
    },
    'POST import-insert': async (r) => {
      const b = parse(schemas.insert, r, 'import-insert');
      const t = tableOf(b.table);
      checkColumns(t, Object.keys(b.row));
      await insertRows(ctx.db, t.table, [b.row]);
      return { ok: true };
    },
    'POST delete': async (r) => {
      const b = parse(schemas.delete, r, 'delete');
      const t = tableOf(b.table);
      checkColumns(t, Object.keys(b.key));
      await ctx.db.execute(`DELETE FROM ${t.table} WHERE ${t.keys.map((k) => `${k} = ?`).join(' AND ')}`, t.keys.map((k) => b.key[k] ?? ''));
      return { ok: true };
    },
    'POST post-invoice': (r) => postInvoice(ctx, parse(schemas.postInvoice, r, 'post-invoice')),
    'POST pay': (r) => pay(ctx, parse(schemas.pay, r, 'pay')),
    // The kit's fault change (spec, once, clear) plus the faults a Sage install has without a draw.
    'POST faults': (r) => {
      const b = parse(schemas.faults, r, 'faults');
      try {
        checkSageFaults(b.spec, b.once);
      } catch (e) {
        throw new AdminError(400, (e as Error).message);
      }
      if (b.clear) ctx.faults.clear();
      ctx.plan.apply(b);
      if (b.locked !== undefined) ctx.faults.locked = b.locked;
      if (b.odbcDown !== undefined) ctx.faults.odbcDown = b.odbcDown;
      if (b.slowQueryMs !== undefined) ctx.faults.slowQueryMs = b.slowQueryMs;
      if (b.busyMs) ctx.occupy(b.busyMs);
      return ctx.info();
    },
  };
}
