// The Sage 100 source entities: one per agent collection. Incremental reads ask for
// `updatedSince = watermark − 5 min` (spec §7.7: Sage stamps are server-local and may jump; rows seen
// again are unchanged for the engine), page with the agent's keyset cursor, and resume an interrupted
// read from the cursor of the last committed page. Every record gets `_id` (its key, joined with '-')
// and, where it belongs to a customer, `_customerId`, the key the company flow writes.
import { z } from 'zod';
import type { ChangeWindow, FieldInfo, Page, ReadOptions, SourceEntity, SourceRecord } from '../kit/types.ts';
import { isConnectorError } from '../kit/errors.ts';
import type { AgentPage, Sage100Client } from './client.ts';
import { shiftWallClock, wallClock } from './wall-clock.ts';

export const OVERLAP_SECONDS = 5 * 60;

interface CollectionDef {
  name: string;
  label: string;
  path: string;
  keys: readonly string[];
  /** Has DateUpdated/TimeUpdated: reads are incremental. */
  stamped: boolean;
  query?: Record<string, string>;
  fields: FieldInfo[];
  /** The agent's path to one record by its `_id`, where the agent serves single records. */
  one?: (id: string) => string;
  /**
   * Where it serves none: list filters that hold the record, one for each way its `_id` may split (a
   * customer number or a contact code may hold a dash); the record is the listed row with that `_id`.
   */
  find?: (id: string) => Record<string, string>[];
  /**
   * The row's `/keys` `_hash` covers the whole record (no lines, joined or computed parts): reconciliation
   * may re-read only the rows whose hash moved (SourceEntity.keyHashes).
   */
  hashCoversRecord?: true;
}

/** `a-b` split at its first dash (a division number never holds one) or its last (a sequence number never does). */
const splitAt = (id: string, at: number): [string, string] => [id.slice(0, at), id.slice(at + 1)];

const resumeSchema = z.object({ updatedSince: z.string().nullable(), cursor: z.string() });

const text = (name: string, label = name): FieldInfo => ({ name, label, type: 'string' });
const num = (name: string, label = name): FieldInfo => ({ name, label, type: 'number' });
const date = (name: string, label = name): FieldInfo => ({ name, label, type: 'date' });

const COLLECTIONS: CollectionDef[] = [
  {
    name: 'arCustomers', label: 'AR customers', path: 'customers', keys: ['ARDivisionNo', 'CustomerNo'], stamped: true,
    one: (id) => `customers/${splitAt(id, id.indexOf('-')).map(encodeURIComponent).join('/')}`,
    hashCoversRecord: true,
    fields: [text('_id', 'Division-customer number'), text('ARDivisionNo'), text('CustomerNo'), text('CustomerName'), text('AddressLine1'), text('AddressLine2'), text('AddressLine3'), text('City'), text('State'), text('ZipCode'), text('CountryCode'), text('TelephoneNo'), text('EmailAddress'), text('URLAddress'), text('TermsCode'), num('CreditLimit'), text('SalespersonDivisionNo'), text('SalespersonNo'), text('CustomerType'), text('CustomerStatus'), text('CreditHold'), date('DateEstablished')],
  },
  {
    name: 'arCustomerContacts', label: 'AR customer contacts', path: 'customer-contacts', keys: ['ARDivisionNo', 'CustomerNo', 'ContactCode'], stamped: true,
    find: (id) => {
      const [div, rest] = splitAt(id, id.indexOf('-'));
      return [...rest.matchAll(/-/g)].map((dash) => ({ ARDivisionNo: div, CustomerNo: rest.slice(0, dash.index) }));
    },
    fields: [text('_id'), text('_customerId'), text('ContactCode'), { name: '_primary', label: "Customer's primary contact", type: 'boolean' }, text('ContactName'), text('_firstName'), text('_lastName'), text('ContactTitle'), text('EmailAddress'), text('TelephoneNo1')],
  },
  {
    name: 'arOpenInvoices', label: 'AR open invoices', path: 'open-invoices', keys: ['ARDivisionNo', 'CustomerNo', 'InvoiceNo', 'InvoiceType'], stamped: true,
    fields: [text('_id'), text('_customerId'), text('_invoiceId', 'Invoice history key'), text('InvoiceNo'), text('InvoiceType'), date('InvoiceDate'), date('InvoiceDueDate'), num('Balance'), text('TermsCode')],
  },
  {
    name: 'arInvoices', label: 'AR invoice history (with lines)', path: 'invoice-history', keys: ['InvoiceNo', 'HeaderSeqNo'], stamped: true, query: { include: 'lines' },
    one: (id) => `invoice-history/${splitAt(id, id.lastIndexOf('-')).map(encodeURIComponent).join('/')}`,
    fields: [text('_id'), text('_customerId'), text('InvoiceNo'), text('HeaderSeqNo'), text('InvoiceType'), date('InvoiceDate'), date('InvoiceDueDate'), num('TaxableSalesAmt'), num('NonTaxableSalesAmt'), num('FreightAmt'), num('SalesTaxAmt'), num('DiscountAmt'), num('_total'), text('CustomerPONo')],
  },
  {
    name: 'apVendors', label: 'AP vendors', path: 'vendors', keys: ['APDivisionNo', 'VendorNo'], stamped: true,
    fields: [text('_id'), text('VendorName'), text('AddressLine1'), text('City'), text('State'), text('ZipCode'), text('TelephoneNo'), text('EmailAddress'), text('URLAddress'), text('TermsCode')],
  },
  {
    name: 'arAging', label: 'AR aging (computed from open invoices)', path: 'ar-aging', keys: ['ARDivisionNo', 'CustomerNo'], stamped: false,
    fields: [text('_id'), num('_current'), num('_1to30'), num('_31to60'), num('_61to90'), num('_over90'), num('_balance'), num('_sales12Months'), text('TermsCode')],
  },
  { name: 'arTerms', label: 'AR terms codes', path: 'terms', keys: ['TermsCode'], stamped: true, fields: [text('TermsCode'), text('TermsCodeDesc'), num('DaysBeforeDue')] },
  { name: 'apTerms', label: 'AP terms codes', path: 'ap-terms', keys: ['TermsCode'], stamped: true, fields: [text('TermsCode'), text('TermsCodeDesc'), num('DaysBeforeDue')] },
];

export const SOURCE_NAMES = COLLECTIONS.map((c) => c.name);

/** Stamped collections are read from their last change (to the second, server-local) less the overlap; the others whole. */
export function changeWindowOf(entity: string): ChangeWindow | null {
  const def = COLLECTIONS.find((c) => c.name === entity);
  if (!def) return null;
  return def.stamped ? { stamp: 'second', overlapSeconds: OVERLAP_SECONDS, field: 'the agent\'s updatedSince' } : { stamp: 'none', overlapSeconds: 0 };
}

const cents = (n: number) => Math.round(n * 100) / 100;

/** Derived fields the template maps: keys, split names, invoice totals, aging buckets. */
function derive(def: CollectionDef, r: SourceRecord): SourceRecord {
  const out: SourceRecord = { ...r, _id: def.keys.map((k) => String(r[k] ?? '')).join('-') };
  if (r.ARDivisionNo !== undefined && r.CustomerNo !== undefined) out._customerId = `${String(r.ARDivisionNo)}-${String(r.CustomerNo)}`;
  if (def.name === 'arCustomerContacts') {
    const parts = String(r.ContactName ?? '').trim().split(/\s+/);
    out._firstName = parts.length > 1 ? parts.slice(0, -1).join(' ') : (parts[0] ?? '');
    out._lastName = parts.length > 1 ? parts.at(-1) : '';
  }
  if (def.name === 'arOpenInvoices') out._invoiceId = `${String(r.InvoiceNo ?? '')}-${String(r.InvoiceHistoryHeaderSeqNo ?? '')}`;
  if (def.name === 'arInvoices') {
    const n = (k: string) => Number(r[k] ?? 0);
    const total = cents(n('TaxableSalesAmt') + n('NonTaxableSalesAmt') + n('FreightAmt') + n('SalesTaxAmt') - n('DiscountAmt'));
    out._total = r.InvoiceType === 'CM' ? -Math.abs(total) : total;
  }
  if (def.name === 'arAging') {
    const c = r._computed as { buckets: { label: string; amount: number }[]; total: number; openCredits: number; sales12Months: number };
    const b = (label: string) => c.buckets.find((x) => x.label === label)?.amount ?? 0;
    Object.assign(out, { _current: cents(b('current') + c.openCredits), _1to30: b('1-30'), _31to60: b('31-60'), _61to90: b('61-90'), _over90: cents(b('91-120') + b('over120')), _balance: c.total, _sales12Months: c.sales12Months });
  }
  return out;
}

class CollectionSource implements SourceEntity {
  readonly name: string;
  readonly label: string;
  readonly readOne?: (id: string, signal?: AbortSignal) => Promise<SourceRecord | null>;
  readonly keyHashes?: (signal?: AbortSignal) => AsyncIterable<{ id: string; hash: string }[]>;

  constructor(
    private readonly def: CollectionDef,
    private readonly client: Sage100Client,
  ) {
    this.name = def.name;
    this.label = def.label;
    const one = def.one;
    if (one) this.readOne = (id, signal) => this.one(one(id), signal);
    else if (def.find) this.readOne = (id, signal) => this.found(def.find!(id), id, signal);
    if (def.hashCoversRecord) {
      const rows = (signal?: AbortSignal) => this.keyRows(signal);
      this.keyHashes = async function* (signal) {
        for await (const page of rows(signal)) yield page.map((r) => ({ id: def.keys.map((k) => String(r[k] ?? '')).join('-'), hash: String(r._hash ?? '') }));
      };
    }
  }

  async fields(): Promise<FieldInfo[]> {
    return this.def.fields;
  }

  async *read(options: ReadOptions): AsyncIterable<Page> {
    const resumed = options.resume ? resumeSchema.parse(JSON.parse(options.resume)) : null;
    const updatedSince = resumed ? resumed.updatedSince : this.def.stamped && options.since ? shiftWallClock(options.since, -OVERLAP_SECONDS) : null;
    let cursor: string | null = resumed?.cursor ?? null;
    const limit = Math.min(options.pageSize ?? this.client.config.pageSize, 1000);
    for (;;) {
      const body = await this.client.get<AgentPage>(this.client.company(this.def.path), {
        ...this.def.query, limit, ...(updatedSince && { updatedSince }), ...(cursor && { cursor }),
      }, options.signal);
      cursor = body.page.hasMore ? body.page.nextCursor : null;
      yield { records: body.data.map((r) => derive(this.def, r)), resume: cursor ? JSON.stringify({ updatedSince, cursor }) : null };
      if (!cursor) return;
    }
  }

  watermarkFor(signpost: Date): string {
    return wallClock(signpost, this.client.config.timeZone);
  }

  async sample(n: number): Promise<SourceRecord[]> {
    const body = await this.client.get<AgentPage>(this.client.company(this.def.path), { ...this.def.query, limit: Math.max(1, Math.min(n, 1000)) });
    return body.data.map((r) => derive(this.def, r));
  }

  idOf(record: SourceRecord): string {
    return String(record._id ?? this.def.keys.map((k) => String(record[k] ?? '')).join('-'));
  }

  async *keys(signal?: AbortSignal): AsyncIterable<string[]> {
    for await (const page of this.keyRows(signal)) yield page.map((r) => this.idOf(r));
  }

  /** `/keys` pages: the key columns, `_hash` and `_updatedAt` of every row. */
  private async *keyRows(signal?: AbortSignal): AsyncIterable<SourceRecord[]> {
    let cursor: string | null = null;
    for (;;) {
      const body: AgentPage = await this.client.get<AgentPage>(this.client.company(`${this.def.path}/keys`), { limit: 1000, ...(cursor && { cursor }) }, signal);
      yield body.data;
      cursor = body.page.hasMore ? body.page.nextCursor : null;
      if (!cursor) return;
    }
  }

  /** The row with `_id` id among those the filters list (its customer's contacts: one short page each). */
  private async found(filters: Record<string, string>[], id: string, signal?: AbortSignal): Promise<SourceRecord | null> {
    for (const filter of filters) {
      let cursor: string | null = null;
      do {
        const body: AgentPage = await this.client.get<AgentPage>(this.client.company(this.def.path), { ...this.def.query, ...filter, limit: 1000, ...(cursor && { cursor }) }, signal);
        const match = body.data.map((r) => derive(this.def, r)).find((r) => this.idOf(r) === id);
        if (match) return match;
        cursor = body.page.hasMore ? body.page.nextCursor : null;
      } while (cursor);
    }
    return null;
  }

  private async one(path: string, signal?: AbortSignal): Promise<SourceRecord | null> {
    try {
      const body = await this.client.get<{ data: SourceRecord }>(this.client.company(path), undefined, signal);
      return derive(this.def, body.data);
    } catch (e) {
      if (isConnectorError(e) && e.status === 404) return null;
      throw e;
    }
  }
}

export function createSources(client: Sage100Client): Record<string, SourceEntity> {
  return Object.fromEntries(COLLECTIONS.map((def) => [def.name, new CollectionSource(def, client)]));
}
