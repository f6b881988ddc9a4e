// The sandbox's company database: one Table per entity set, the sandbox's "today" (tests move it across
// days), number sequences, and the record-level operations the HTTP routes and the admin API share.
import { generate, itemCatalogue, type SeedData } from './data.ts';
import { SageError, notFound } from './errors.ts';
import { findResource, modelOf, RESOURCES, resourceByName, type ResourceDef } from './models.ts';
import { insertRow, normalise, patchRow, replaceRow } from './payloads.ts';
import { applyPayment, postBatch } from './posting.ts';
import { blank, sageDate } from './records.ts';
import { beforeInsert, beforeUpdate } from './rules.ts';
import type { SandboxClock } from '../../kit/sandbox/clock.ts';
import { Table, type Key, type Row } from '../../kit/sandbox/table.ts';

export interface Sequences {
  batch: number;
  uniquifier: number;
  order: number;
  document: number;
  posting: number;
  shipment: number;
  oeInvoice: number;
}

export class SandboxState {
  readonly tables = new Map<string, Table>();
  seq: Sequences = { batch: 0, uniquifier: 10_000, order: 0, document: 900_000, posting: 0, shipment: 0, oeInvoice: 0 };
  /** Whether posting bumps the customer's DateLastMaintained (a switch; spec §9.1). */
  postingTouchesDateLastMaintained = false;

  /** "today" lives on the sandbox clock, so the admin API's `clock` and `today` verbs agree. */
  constructor(private readonly clock: SandboxClock) {
    for (const r of RESOURCES) this.tables.set(r.name, new Table(r.key));
  }

  table(name: string): Table {
    return this.tables.get(name)!;
  }

  get today(): string {
    return this.clock.today();
  }

  set today(day: string) {
    this.clock.setToday(day);
  }

  get todayDate(): string {
    return sageDate(this.today);
  }

  clear(): void {
    for (const t of this.tables.values()) t.clear();
    this.seq = { batch: 0, uniquifier: 10_000, order: 0, document: 900_000, posting: 0, shipment: 0, oeInvoice: 0 };
  }

  /** Loads generated or file data: batches listed in `postings` are posted on their day, then payments applied. */
  seed(data: Partial<SeedData>, complete = false): void {
    this.clear();
    // Seed files may hold partial records; generated ones already carry every property.
    const fill = (model: string, rows: Row[] | undefined) => (complete ? (rows ?? []) : (rows ?? []).map((r) => blank(model, r)));
    // load() keeps key order whatever order the rows come in.
    this.table('ARTerms').load(fill('Terms', data.terms));
    this.table('ARCustomers').load(fill('Customer', data.customers));
    this.table('APVendors').load(fill('Vendor', data.vendors));
    this.table('ICItems').load(data.items ? fill('Item', data.items) : itemCatalogue());
    const batches = fill('InvoiceBatch', data.batches);
    this.table('ARInvoiceBatches').load(batches);
    const orders = fill('Order', data.orders);
    this.table('OEOrders').load(orders);
    this.seq.batch = Math.max(0, ...batches.map((b) => Number(b.BatchNumber)));
    this.seq.uniquifier = Math.max(10_000, ...orders.map((o) => Number(o.OrderUniquifier)));
    this.seq.order = orders.length;
    for (const p of data.postings ?? []) postBatch(this, p.batchNumber, p.day);
    for (const p of [...(data.payments ?? [])].sort((a, b) => (a.day < b.day ? -1 : 1))) {
      applyPayment(this, p.customerNumber, p.documentNumber, { fraction: p.fraction }, p.day);
    }
  }

  seedGenerated(records: number, seed: number): void {
    this.seed(generate(records, seed, this.today), true);
  }

  resource(name: string): ResourceDef {
    const r = resourceByName(name);
    if (!r) throw new SageError(404, 'ResourceNotFound', `The resource '${name}' does not exist.`);
    return r;
  }

  get(resource: ResourceDef, key: Key): Row {
    const row = this.table(resource.name).get(key);
    if (!row) throw notFound();
    return row;
  }

  insert(resource: ResourceDef, body: unknown): Row {
    const model = modelOf(resource);
    const payload = normalise(body, model);
    const row = insertRow(model, payload);
    const table = this.table(resource.name);
    const duplicate = () => new SageError(409, 'RecordDuplicate', `${resource.name.slice(2)} "${table.keyOf(row).join(', ')}" already exists.`);
    // The view refuses an existing key before it looks at the other fields.
    if (!resource.generatedKey && table.has(table.keyOf(row))) throw duplicate();
    beforeInsert(this, resource, row, payload);
    if (table.has(table.keyOf(row))) throw duplicate();
    table.put(row);
    return row;
  }

  update(resource: ResourceDef, key: Key, body: unknown, mode: 'put' | 'patch'): Row {
    const model = modelOf(resource);
    const existing = this.get(resource, key);
    const payload = normalise(body, model);
    for (const [k, f] of resource.key.entries()) {
      if (f in payload && payload[f] !== key[k]) {
        throw new SageError(400, 'InvalidPayload', `The key property '${f}' cannot be changed (entity key is '${String(key[k])}').`);
      }
    }
    const row = mode === 'put' ? replaceRow(model, existing, payload) : patchRow(model, existing, payload);
    beforeUpdate(this, resource, existing, row, payload);
    this.table(resource.name).put(row);
    return row;
  }

  delete(resource: ResourceDef, key: Key): void {
    const existing = this.get(resource, key);
    if (resource.name === 'ARCustomers' && this.hasTransactions(String(existing.CustomerNumber))) {
      throw new SageError(400, 'General', `Customer "${String(existing.CustomerNumber)}" has transactions and cannot be deleted.`);
    }
    this.table(resource.name).delete(key);
  }

  private hasTransactions(customer: string): boolean {
    const docs = this.table('ARPostedDocuments');
    if (docs.scan(docs.lowerBound([customer])).next().value?.CustomerNumber === customer) return true;
    const inBatch = this.table('ARInvoiceBatches').all().some((b) => (b.Invoices as Row[]).some((i) => i.CustomerNumber === customer));
    return inBatch || this.table('OEOrders').all().some((o) => o.CustomerNumber === customer);
  }

  /** An edit made at a Sage 300 desk: no API validation of rights, but the same bookkeeping. */
  editAsUser(resourceName: string, key: Key, changes: Row): Row {
    const resource = this.resource(resourceName);
    return this.update(resource, key, changes, 'patch');
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.tables].map(([n, t]) => [n, t.size]));
  }
}

export { findResource };
