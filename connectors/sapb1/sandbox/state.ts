// The company database: entity sets, the server clock, and the business rules a client can observe —
// UpdateDate/UpdateTime/DataVersion moving on every change, invoice totals from lines, payments raising
// the invoice's PaidToDate and closing it when nothing is left, cancellations reversing that.
import type { SandboxClock } from '../../kit/sandbox/clock.ts';
import { Table, type KeyValue, type Row } from '../../kit/sandbox/table.ts';
import { localStamp, type LocalStamp } from './clock.ts';
import { generate, invoiceRow, LOCAL_CURRENCY, masterData, paymentRow, RATES, TAX_RATE, type SeedData } from './data.ts';
import { ENTITY_SETS, enumMember, type EntitySet } from './entities.ts';
import { missingReference, notFound, notSupported, SlError, staleEtag, validation } from './errors.ts';
import type { Switches } from './switches.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

export class CompanyState {
  readonly tables = new Map<string, Table>(ENTITY_SETS.map((s) => [s.name, new Table([s.key])]));

  /** Bumped on every change (the kit table's version only follows added and removed keys): query caches key on it. */
  revision = 0;

  constructor(readonly clock: SandboxClock, private readonly switches: () => Switches) {}

  /** The server's local date and time now (spec §8.1). */
  local(): LocalStamp {
    return localStamp(this.clock.now(), this.switches().timeZone);
  }

  private put(name: string, row: Row): void {
    this.table(name).put(row);
    this.revision++;
  }

  private nextKey(name: string): number {
    const t = this.table(name);
    return Number(t.rowAt(t.length - 1)?.[t.keyFields[0]!] ?? 0) + 1;
  }

  table(name: string): Table {
    return this.tables.get(name)!;
  }

  seed(data: Partial<SeedData>): void {
    for (const t of this.tables.values()) t.clear();
    this.revision++;
    const full = { ...masterData(), BusinessPartners: [], Invoices: [], IncomingPayments: [], ...data };
    for (const [name, rows] of Object.entries(full)) for (const row of rows as Row[]) this.put(name, structuredClone(row));
    for (const p of this.table('IncomingPayments').all()) this.applyPayment(p, 1, false);
    // Balances in one pass over the invoices (per-partner recomputation would be quadratic at 50k partners).
    const owed = new Map<string, number>();
    for (const inv of this.table('Invoices').all()) {
      if (inv.Cancelled !== 'tYES') owed.set(String(inv.CardCode), (owed.get(String(inv.CardCode)) ?? 0) + Number(inv.DocTotal) - Number(inv.PaidToDate));
    }
    for (const bp of this.table('BusinessPartners').all()) bp.CurrentAccountBalance = round2(owed.get(String(bp.CardCode)) ?? 0);
  }

  seedGenerated(customers: number, seed: number): void {
    this.seed(generate(customers, seed, this.clock.now()));
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.tables].map(([n, t]) => [n, t.size]));
  }

  get(set: EntitySet, key: KeyValue): Row {
    const row = this.table(set.name).get([key]);
    if (!row) throw notFound();
    return row;
  }

  /** Marks a row changed now, as B1 does on every add/update (server-local date and time). */
  stamp(set: EntitySet, row: Row, created = false): void {
    const now = this.local();
    if (created) {
      if ('CreateDate' in set.props) { row.CreateDate = now.date; row.CreateTime = now.time; }
      if ('CreationDate' in set.props) row.CreationDate = now.date;
      if (!this.switches().createSetsUpdateDate) { row.UpdateDate = null; row.UpdateTime = null; }
    }
    if (!created || this.switches().createSetsUpdateDate) { row.UpdateDate = now.date; row.UpdateTime = now.time; }
    if (set.etag) row.DataVersion = ((row.DataVersion as number | undefined) ?? 0) + 1;
    this.revision++;
  }

  /** Called after every change a B1 user or client makes (the Webhook Messenger listens). */
  private readonly listeners: ((change: Change) => void)[] = [];

  onChange(listener: (change: Change) => void): void {
    this.listeners.push(listener);
  }

  /** Changes of a `$batch` change set still running: told to the listeners only if the set commits. */
  private held: Change[] | undefined;

  private emit(set: EntitySet, transaction: Change['transaction'], key: unknown): void {
    const change: Change = { set: set.name, keyField: set.key, key: key as KeyValue, transaction };
    if (this.held) return void this.held.push(change);
    for (const l of this.listeners) l(change);
  }

  /**
   * Runs a `$batch` change set (spec §9): when `work` says it failed, every change it made is undone and
   * no webhook hears of any of them. The undo restores a copy of the tables taken before, so a change made
   * meanwhile by another client would be lost too — acceptable in a sandbox, where change sets are small.
   */
  async atomically(work: () => Promise<boolean>): Promise<boolean> {
    if (this.held) throw new Error('change sets do not nest');
    const before = new Map([...this.tables].map(([name, t]) => [name, structuredClone(t.all())]));
    this.held = [];
    let committed = false;
    try {
      committed = await work();
    } finally {
      const held = this.held;
      this.held = undefined;
      if (committed) {
        for (const change of held) for (const l of this.listeners) l(change);
      } else {
        for (const [name, rows] of before) {
          const t = this.table(name);
          t.clear();
          t.load(rows);
        }
        this.revision++;
      }
    }
    return committed;
  }

  create(set: EntitySet, body: Record<string, unknown>): Row {
    const row = this.createRow(set, body);
    this.emit(set, 'Created', row[set.key]);
    return row;
  }

  private createRow(set: EntitySet, body: Record<string, unknown>): Row {
    const row = normaliseEnums(set, body);
    if (set.name === 'BusinessPartners') return this.createPartner(set, row);
    if (set.name === 'Invoices') return this.createInvoice(set, row);
    if (set.name === 'IncomingPayments') return this.createPayment(set, row);
    const key = row[set.key] as KeyValue | undefined;
    if (key === undefined) throw validation(`Enter a value for '${set.key}'`);
    if (this.table(set.name).get([key])) throw new SlError(400, -10, `Code '${String(key)}' already exists`);
    this.put(set.name, row);
    return row;
  }

  private createPartner(set: EntitySet, row: Row): Row {
    const code = row.CardCode;
    if (typeof code !== 'string' || !code.trim()) throw validation("Enter a business partner code [OCRD.CardCode]");
    if (code.length > 15) throw validation(`Business partner code '${code}' is longer than 15 characters [OCRD.CardCode]`);
    if (this.table(set.name).get([code])) {
      throw new SlError(400, -10, `1320000140 - Business partner code '${code}' already assigned to a business partner; enter a unique business partner code`);
    }
    const contacts = Array.isArray(row.ContactEmployees) ? (row.ContactEmployees as Row[]) : [];
    let internal = this.nextContactCode();
    const full: Row = {
      CardName: '', CardType: 'cCustomer', GroupCode: 100, Currency: LOCAL_CURRENCY, CreditLimit: 0, PayTermsGrpCode: -1, SalesPersonCode: -1,
      CurrentAccountBalance: 0, Valid: 'tYES', Frozen: 'tNO', BPAddresses: [], ...row,
      ContactEmployees: contacts.map((c) => ({ Active: 'tYES', ...c, CardCode: code, InternalCode: internal++ })),
      DataVersion: 0,
    };
    this.stamp(set, full, true);
    this.put(set.name, full);
    return full;
  }

  private nextContactCode(): number {
    let max = 0;
    for (const bp of this.table('BusinessPartners').all()) {
      for (const c of (bp.ContactEmployees as Row[] | undefined) ?? []) max = Math.max(max, Number(c.InternalCode) || 0);
    }
    return max + 1;
  }

  private createInvoice(set: EntitySet, row: Row): Row {
    const bp = this.table('BusinessPartners').get([String(row.CardCode ?? '')]);
    if (!bp) throw missingReference('CardCode', row.CardCode);
    const lines = Array.isArray(row.DocumentLines) ? (row.DocumentLines as Row[]) : [];
    if (lines.length === 0) throw validation('Document must have at least one row');
    const currency = String(row.DocCurrency ?? bp.Currency ?? LOCAL_CURRENCY);
    if (!(currency in RATES)) throw validation(`Currency '${currency}' is not defined [OINV.DocCur]`);
    const now = this.local();
    const docEntry = this.nextKey(set.name);
    const built = lines.map((l, n) => {
      const qty = Number(l.Quantity ?? 1);
      const price = Number(l.UnitPrice ?? l.Price ?? 0);
      const total = round2(qty * price * (1 - Number(l.DiscountPercent ?? 0) / 100));
      return { LineNum: n, ItemDescription: '', DiscountPercent: 0, TaxCode: 'T1', WarehouseCode: '01', LineStatus: 'bost_Open', LineType: 'dlt_Regular', ...l,
        Quantity: qty, Price: price, UnitPrice: price, LineTotal: total, TaxTotal: round2(total * TAX_RATE), Currency: currency, Rate: RATES[currency] };
    });
    const date = typeof row.DocDate === 'string' ? row.DocDate.slice(0, 10) : now.date;
    const inv = invoiceRow(docEntry, String(bp.CardCode), String(bp.CardName), currency, built, date, now.time, bp);
    for (const k of ['NumAtCard', 'Comments', 'DocDueDate', 'SalesPersonCode', 'ContactPersonCode']) if (row[k] !== undefined) inv[k] = row[k];
    inv.DataVersion = 0;
    this.stamp(set, inv, true);
    this.put(set.name, inv);
    this.recomputeBalance(String(bp.CardCode));
    return inv;
  }

  private createPayment(set: EntitySet, row: Row): Row {
    const bp = this.table('BusinessPartners').get([String(row.CardCode ?? '')]);
    if (!bp) throw missingReference('CardCode', row.CardCode);
    const lines = Array.isArray(row.PaymentInvoices) ? (row.PaymentInvoices as Row[]) : [];
    const now = this.local();
    const docEntry = this.nextKey(set.name);
    const first = lines[0] && this.table('Invoices').get([Number(lines[0].DocEntry)]);
    const base = first ? paymentRow(docEntry, first, 0, now.date, now.time) : paymentRow(docEntry, { CardCode: bp.CardCode, CardName: bp.CardName, DocRate: 1, DocCurrency: LOCAL_CURRENCY, DocEntry: 0 }, 0, now.date, now.time);
    const payment: Row = {
      ...base, TransferSum: 0, ...row, CardName: bp.CardName, DocEntry: docEntry, DocNum: 20000 + docEntry, Cancelled: 'tNO',
      PaymentInvoices: lines.map((l, n) => ({ LineNum: n, InvoiceType: 'it_Invoice', InstallmentId: 1, AppliedFC: 0, DocLine: 0, ...l, SumApplied: Number(l.SumApplied ?? 0) })),
    };
    if (typeof row.DocDate === 'string') payment.DocDate = row.DocDate.slice(0, 10);
    this.applyPayment(payment, 1, true);
    this.stamp(set, payment, true);
    this.put(set.name, payment);
    return payment;
  }

  /** Adds (+1) or removes (-1) a payment's applied sums on its invoices; refuses over-application. */
  private applyPayment(payment: Row, sign: 1 | -1, live: boolean): void {
    const invoices = this.table('Invoices');
    const touched: Row[] = [];
    for (const line of (payment.PaymentInvoices as Row[] | undefined) ?? []) {
      const inv = invoices.get([Number(line.DocEntry)]);
      if (!inv) throw missingReference('PaymentInvoices.DocEntry', line.DocEntry);
      const sum = Number(line.SumApplied);
      if (live && sign === 1) {
        if (inv.CardCode !== payment.CardCode) throw validation(`Invoice ${String(inv.DocNum)} belongs to another business partner [RCT2.DocEntry][line: ${String(line.LineNum)}]`);
        if (inv.Cancelled === 'tYES' || inv.DocumentStatus === 'bost_Close') throw validation(`Document is already closed [RCT2.DocEntry][line: ${String(line.LineNum)}]`);
        if (sum <= 0 || sum > round2(Number(inv.DocTotal) - Number(inv.PaidToDate)) + 0.005) {
          throw validation(`Amount applied ${sum} exceeds the balance due of invoice ${String(inv.DocNum)} [RCT2.SumApplied][line: ${String(line.LineNum)}]`);
        }
      }
      touched.push(inv);
    }
    for (const line of (payment.PaymentInvoices as Row[] | undefined) ?? []) {
      const inv = invoices.get([Number(line.DocEntry)])!;
      const sum = Number(line.SumApplied) * sign;
      inv.PaidToDate = round2(Number(inv.PaidToDate) + sum);
      inv.PaidToDateSys = round2(Number(inv.PaidToDateSys) + sum);
      if (inv.DocCurrency !== LOCAL_CURRENCY) {
        const fc = (Number(line.AppliedFC) || round2(Number(line.SumApplied) / Number(inv.DocRate))) * sign;
        inv.PaidToDateFC = round2(Number(inv.PaidToDateFC) + fc);
      }
      if (inv.Cancelled !== 'tYES') inv.DocumentStatus = Number(inv.PaidToDate) >= Number(inv.DocTotal) - 0.005 ? 'bost_Close' : 'bost_Open';
      if (live && this.switches().paymentTouchesInvoice) this.stamp(this.setOf('Invoices'), inv);
      this.revision++;
    }
    if (live) for (const code of new Set(touched.map((i) => String(i.CardCode)))) this.recomputeBalance(code);
  }

  private setOf(name: string): EntitySet {
    return ENTITY_SETS.find((s) => s.name === name)!;
  }

  /** CurrentAccountBalance = what the customer still owes on open, non-cancelled invoices (local currency). */
  private recomputeBalance(cardCode: string): void {
    const bp = this.table('BusinessPartners').get([cardCode]);
    if (!bp) return;
    let owed = 0;
    for (const inv of this.table('Invoices').all()) {
      if (inv.CardCode === cardCode && inv.Cancelled !== 'tYES') owed += Number(inv.DocTotal) - Number(inv.PaidToDate);
    }
    bp.CurrentAccountBalance = round2(owed);
    this.revision++;
  }

  patch(set: EntitySet, key: KeyValue, body: Record<string, unknown>, ifMatch: string | undefined, etagOf: (row: Row) => string): void {
    const row = this.get(set, key);
    if (ifMatch && set.etag && ifMatch !== '*' && ifMatch !== etagOf(row)) throw staleEtag();
    const change = normaliseEnums(set, body);
    for (const [k, v] of Object.entries(change)) {
      if (set.readOnly.includes(k) || !(k in set.props)) continue;
      if (set.props[k] === 'collection' && Array.isArray(v)) row[k] = mergeLines(row[k] as Row[] | undefined, v as Row[], k === 'ContactEmployees' ? 'InternalCode' : 'LineNum');
      else row[k] = v;
    }
    if (set.name === 'BusinessPartners' && Array.isArray(row.ContactEmployees)) {
      let next = this.nextContactCode();
      for (const c of row.ContactEmployees as Row[]) { c.CardCode = key; if (c.InternalCode === undefined) c.InternalCode = next++; }
    }
    this.stamp(set, row);
    this.emit(set, 'Updated', key);
  }

  remove(set: EntitySet, key: KeyValue): void {
    this.get(set, key);
    if (set.name === 'Invoices' || set.name === 'IncomingPayments') throw notSupported();
    if (set.name === 'BusinessPartners' && this.table('Invoices').all().some((i) => i.CardCode === key)) {
      throw validation(`Cannot remove business partner '${String(key)}': it is referenced by documents`);
    }
    this.table(set.name).delete([key]);
    this.revision++;
    this.emit(set, 'Deleted', key);
  }

  /** A deletion made in the B1 client, documents included (reconciliation tests). */
  removeAsUser(set: EntitySet, key: KeyValue): void {
    this.get(set, key);
    this.table(set.name).delete([key]);
    this.revision++;
    this.emit(set, 'Deleted', key);
  }

  /** Bound actions (spec §3.2): Invoices Cancel/Close/Reopen, IncomingPayments Cancel. */
  action(set: EntitySet, key: KeyValue, name: string): void {
    const row = this.get(set, key);
    if (set.name === 'Invoices' && name === 'Cancel') {
      if (row.Cancelled === 'tYES') throw validation('Document is already cancelled');
      if (Number(row.PaidToDate) > 0) throw validation('Cannot cancel a document with payments applied; cancel the payments first');
      Object.assign(row, { Cancelled: 'tYES', CancelStatus: 'csYes', DocumentStatus: 'bost_Close' });
    } else if (set.name === 'Invoices' && name === 'Close') {
      if (row.DocumentStatus === 'bost_Close') throw validation('Document is already closed');
      row.DocumentStatus = 'bost_Close';
    } else if (set.name === 'Invoices' && name === 'Reopen') {
      if (row.DocumentStatus === 'bost_Open' || row.Cancelled === 'tYES') throw validation('Document cannot be reopened');
      row.DocumentStatus = 'bost_Open';
    } else if (set.name === 'IncomingPayments' && name === 'Cancel') {
      if (row.Cancelled === 'tYES') throw validation('Document is already cancelled');
      this.applyPayment(row, -1, true);
      row.Cancelled = 'tYES';
    } else {
      throw new SlError(404, -1000, `Action '${name}' is not bound to '${set.type}'`);
    }
    this.stamp(set, row);
    if ('CardCode' in row) this.recomputeBalance(String(row.CardCode));
    this.emit(set, name === 'Cancel' ? 'Cancelled' : name === 'Close' ? 'Closed' : 'Reopened', key);
  }
}

/** One change, as the event catalog names it (spec §10.1: BusinessObject + TransactionType). */
export interface Change {
  set: string;
  keyField: string;
  key: KeyValue;
  transaction: 'Created' | 'Updated' | 'Deleted' | 'Cancelled' | 'Closed' | 'Reopened';
}

/** Enum values sent in the DB form (`"C"`) are stored by name (`"cCustomer"`), as the SL does (spec §1.2). */
function normaliseEnums(set: EntitySet, body: Record<string, unknown>): Row {
  const row: Row = structuredClone(body);
  for (const [k, v] of Object.entries(row)) {
    const kind = set.props[k];
    if (kind && typeof kind === 'object' && typeof v === 'string') {
      const member = enumMember(kind.enum, v);
      if (member === undefined) throw validation(`Enum value '${v}' is invalid for property '${k}'`);
      row[k] = member;
    }
    if ((kind === 'date') && typeof v === 'string') row[k] = v.slice(0, 10);
  }
  return row;
}

/** PATCH on a collection merges by line key (spec §3.2); lines without a known key are added. */
function mergeLines(current: Row[] | undefined, change: Row[], key: string): Row[] {
  const out = (current ?? []).map((r) => ({ ...r }));
  for (const c of change) {
    const at = c[key] === undefined ? -1 : out.findIndex((r) => r[key] === c[key]);
    if (at >= 0) out[at] = { ...out[at], ...c };
    else out.push({ ...c });
  }
  return out;
}
