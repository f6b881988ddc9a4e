// The readable entities and how each is read incrementally (spec §9.2):
// - master records by `DateLastMaintained ge {day before watermark}` — the field is date-only, so the
//   whole watermark day is re-read (an edit made later that day is never missed);
// - transactions by document dates with a week of overlap (backdated entries) or, for OE orders, by
//   the increasing OrderUniquifier plus recent order dates;
// - balances refreshed separately (posting moves balances without touching DateLastMaintained).
import type { ChangeWindow, SourceRecord } from '../kit/types.ts';
import type { Sage300Client } from './client.ts';
import { addDays, dayOf, watermarkDay } from './days.ts';
import {
  CONTACT_SELECT, CUSTOMER_BALANCE_FIELDS, CUSTOMER_FIELDS, contactFields, customerBalanceFields, customerFields,
  invoiceFields, orderFields, postedDocumentFields, termsFields, vendorContactFields, vendorFields,
} from './fields.ts';
import { day, eq, ge, gt, or, type Filter } from './filter.ts';
import type { PageSizer } from './reader.ts';
import {
  customerSchema, invoiceBatchSchema, orderSchema, postedDocumentSchema, termsSchema, vendorSchema,
  type Customer, type InvoiceBatch, type Order,
} from './schema.ts';
import { SageSource } from './source.ts';

/** Master data: one day of overlap covers edits later on the watermark day and clock/time-zone skew. */
const MASTER_OVERLAP_DAYS = 1;
/** Transactions: documents are often entered with a date a few days back. */
const TRANSACTION_OVERLAP_DAYS = 7;
const DAY_SECONDS = 86_400;

/** What each entity below re-reads (the flow's cursor view): dates only, so whole days, plus the overlap. */
export const CHANGE_WINDOWS: Readonly<Record<string, ChangeWindow>> = {
  arCustomers: { stamp: 'date', overlapSeconds: MASTER_OVERLAP_DAYS * DAY_SECONDS, field: 'DateLastMaintained' },
  arCustomerContacts: { stamp: 'date', overlapSeconds: MASTER_OVERLAP_DAYS * DAY_SECONDS, field: 'DateLastMaintained' },
  arCustomerBalances: { stamp: 'none', overlapSeconds: 0 },
  arTerms: { stamp: 'none', overlapSeconds: 0 },
  arInvoices: { stamp: 'date', overlapSeconds: MASTER_OVERLAP_DAYS * DAY_SECONDS, field: 'DateLastEdited' },
  arPostedDocuments: { stamp: 'date', overlapSeconds: TRANSACTION_OVERLAP_DAYS * DAY_SECONDS, field: 'DocumentDate' },
  arOpenDocuments: { stamp: 'date', overlapSeconds: MASTER_OVERLAP_DAYS * DAY_SECONDS, field: 'DatePaid (and every open document)' },
  apVendors: { stamp: 'date', overlapSeconds: MASTER_OVERLAP_DAYS * DAY_SECONDS, field: 'DateLastMaintained' },
  apVendorContacts: { stamp: 'date', overlapSeconds: MASTER_OVERLAP_DAYS * DAY_SECONDS, field: 'DateLastMaintained' },
  oeOrders: { stamp: 'date', overlapSeconds: TRANSACTION_OVERLAP_DAYS * DAY_SECONDS, field: 'OrderDate (and every new OrderUniquifier)' },
};

function changedSince(field: string, overlap: number) {
  return (since: string | null): Filter | undefined => {
    const d = since ? watermarkDay(since) : null;
    return d ? ge(field, day(addDays(d, -overlap))) : undefined;
  };
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function splitName(name: string): { first: string; last: string } {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return { first: parts[0] ?? '', last: '' };
  return { first: parts.slice(0, -1).join(' '), last: parts[parts.length - 1]! };
}

/** The contact person Sage keeps on a customer record (spec §8.3), or null when there is none. */
export function contactOf(c: Customer): SourceRecord | null {
  const name = text(c.ContactName);
  const email = text(c.ContactsEmail) || (name ? text(c.Email) : '');
  const phone = text(c.ContactsPhone) || (name ? text(c.PhoneNumber) : '');
  if (!name && !text(c.ContactsEmail) && !text(c.ContactsPhone)) return null;
  const { first, last } = splitName(name);
  return {
    CustomerNumber: c.CustomerNumber, CustomerName: c.CustomerName ?? '', ContactName: name, FirstName: first, LastName: last,
    Email: email, Phone: phone, Fax: text(c.ContactsFax) || text(c.FaxNumber), DateLastMaintained: c.DateLastMaintained ?? null,
  };
}

/** The contact person Sage keeps on a vendor record, or null when there is none. */
export function vendorContactOf(v: SourceRecord): SourceRecord | null {
  const name = text(v.ContactName);
  const email = text(v.ContactsEmail) || (name ? text(v.Email) : '');
  const phone = text(v.ContactsPhone) || (name ? text(v.PhoneNumber) : '');
  if (!name && !email) return null;
  const { first, last } = splitName(name);
  return { VendorNumber: v.VendorNumber, VendorName: v.VendorName ?? '', ContactName: name, FirstName: first, LastName: last, Email: email, Phone: phone, DateLastMaintained: v.DateLastMaintained ?? null };
}

function isYes(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === 'string' && /^(yes|1|true)$/i.test(v));
}

export function paymentStatus(doc: SourceRecord): 'paid' | 'partially_paid' | 'open' {
  if (isYes(doc.FullyPaid)) return 'paid';
  const original = Number(doc.OriginalAmountInCustomerCurrency);
  const current = Number(doc.CurrentBalanceInCustomerCurrency);
  if (Number.isFinite(original) && Number.isFinite(current) && current !== original) return 'partially_paid';
  return 'open';
}

/** Highest OrderUniquifier seen: new orders always get a higher one, whatever their order date. */
class UniquifierWatermark {
  private max = 0;
  start(since: string | null, resumeKey: (string | number)[] | null): void {
    this.max = Math.max(Number(since?.split('|')[1] ?? 0) || 0, Number(resumeKey?.[0] ?? 0) || 0);
  }
  observe(row: Order): void {
    this.max = Math.max(this.max, row.OrderUniquifier);
  }
  value(signpost: Date): string {
    return `${dayOf(signpost)}|${this.max}`;
  }
}

export function createSources(client: Sage300Client, sizer: PageSizer) {
  const customerSelect = Object.keys(CUSTOMER_FIELDS);
  const byNumber = (c: Customer) => [c.CustomerNumber];
  return {
    arCustomers: new SageSource<Customer>(client, sizer, {
      name: 'arCustomers', label: 'AR customers', path: 'AR/ARCustomers', keyFields: ['CustomerNumber'], keyOf: byNumber,
      item: customerSchema, select: customerSelect, incrementalField: 'DateLastMaintained',
      changedSince: changedSince('DateLastMaintained', MASTER_OVERLAP_DAYS),
      toRecords: (c) => [c], idOf: (r) => String(r.CustomerNumber), fields: customerFields, idIsKey: true,
    }),
    arCustomerContacts: new SageSource<Customer>(client, sizer, {
      name: 'arCustomerContacts', label: 'AR customer contacts', path: 'AR/ARCustomers', keyFields: ['CustomerNumber'], keyOf: byNumber,
      item: customerSchema, select: CONTACT_SELECT, keySelect: CONTACT_SELECT, incrementalField: 'DateLastMaintained',
      changedSince: changedSince('DateLastMaintained', MASTER_OVERLAP_DAYS),
      toRecords: (c) => { const contact = contactOf(c); return contact ? [contact] : []; },
      idOf: (r) => String(r.CustomerNumber), fields: contactFields, idIsKey: true,
    }),
    arCustomerBalances: new SageSource<Customer>(client, sizer, {
      name: 'arCustomerBalances', label: 'AR customer balances (refresh)', path: 'AR/ARCustomers', keyFields: ['CustomerNumber'], keyOf: byNumber,
      item: customerSchema, select: CUSTOMER_BALANCE_FIELDS,
      // Posting changes balances without touching DateLastMaintained: always a full, narrow read.
      changedSince: () => undefined,
      toRecords: (c) => [c], idOf: (r) => String(r.CustomerNumber), fields: customerBalanceFields, idIsKey: true,
    }),
    arTerms: new SageSource(client, sizer, {
      name: 'arTerms', label: 'AR terms', path: 'AR/ARTerms', keyFields: ['TermsCode'], keyOf: (t) => [t.TermsCode], item: termsSchema,
      changedSince: () => undefined,
      toRecords: (t) => {
        const first = t.TermsPaymentSchedules?.[0];
        return [{ ...t, DueNumberOfDays: first?.DueNumberOfDays ?? null, DiscountPercent: first?.DiscountPercent ?? null, DiscountNumberOfDays: (first as Record<string, unknown> | undefined)?.DiscountNumberOfDays ?? null }];
      },
      idOf: (r) => String(r.TermsCode), fields: termsFields, idIsKey: true,
    }),
    arInvoices: new SageSource<InvoiceBatch>(client, sizer, {
      name: 'arInvoices', label: 'AR invoices (from invoice batches, with lines)', path: 'AR/ARInvoiceBatches', keyFields: ['BatchNumber'],
      keyOf: (b) => [b.BatchNumber], item: invoiceBatchSchema,
      select: ['BatchNumber', 'BatchDate', 'BatchStatus', 'Description', 'DateLastEdited', 'Invoices'], keySelect: ['BatchNumber', 'Invoices'],
      incrementalField: 'DateLastEdited', changedSince: changedSince('DateLastEdited', MASTER_OVERLAP_DAYS),
      toRecords: (b) =>
        (b.Invoices ?? []).map((inv) => ({
          ...inv, InvoiceId: `${b.BatchNumber}-${inv.EntryNumber}`, BatchNumber: b.BatchNumber, BatchDate: b.BatchDate ?? null,
          BatchStatus: b.BatchStatus ?? null, BatchDescription: b.Description ?? '', Posted: b.BatchStatus === 'Posted',
          InvoiceDetails: inv.InvoiceDetails ?? [],
        })),
      idOf: (r) => String(r.InvoiceId), fields: invoiceFields,
    }),
    arPostedDocuments: new SageSource(client, sizer, {
      name: 'arPostedDocuments', label: 'AR posted documents', path: 'AR/ARPostedDocuments', keyFields: ['CustomerNumber', 'DocumentNumber'],
      keyOf: (d) => [d.CustomerNumber, d.DocumentNumber], item: postedDocumentSchema, keySelect: ['CustomerNumber', 'DocumentNumber'],
      incrementalField: 'DocumentDate', changedSince: changedSince('DocumentDate', TRANSACTION_OVERLAP_DAYS),
      toRecords: (d) => [{ ...d, DocumentId: `${d.CustomerNumber}:${d.DocumentNumber}`, PaymentStatus: paymentStatus(d) }],
      idOf: (r) => String(r.DocumentId), fields: postedDocumentFields,
    }),
    arOpenDocuments: new SageSource(client, sizer, {
      name: 'arOpenDocuments', label: 'AR document balances (refresh: open or paid since the watermark)', path: 'AR/ARPostedDocuments',
      keyFields: ['CustomerNumber', 'DocumentNumber'], keyOf: (d) => [d.CustomerNumber, d.DocumentNumber], item: postedDocumentSchema,
      keySelect: ['CustomerNumber', 'DocumentNumber'], incrementalField: 'DatePaid',
      changedSince: (since) => {
        const d = since ? watermarkDay(since) : null;
        return d ? or(eq('FullyPaid', 'No'), ge('DatePaid', day(addDays(d, -MASTER_OVERLAP_DAYS)))) : undefined;
      },
      toRecords: (d) => [{ ...d, DocumentId: `${d.CustomerNumber}:${d.DocumentNumber}`, PaymentStatus: paymentStatus(d) }],
      idOf: (r) => String(r.DocumentId), fields: postedDocumentFields,
    }),
    apVendors: new SageSource(client, sizer, {
      name: 'apVendors', label: 'AP vendors', path: 'AP/APVendors', keyFields: ['VendorNumber'], keyOf: (v) => [v.VendorNumber], item: vendorSchema,
      incrementalField: 'DateLastMaintained', changedSince: changedSince('DateLastMaintained', MASTER_OVERLAP_DAYS),
      toRecords: (v) => [v], idOf: (r) => String(r.VendorNumber), fields: vendorFields, idIsKey: true,
    }),
    apVendorContacts: new SageSource(client, sizer, {
      name: 'apVendorContacts', label: 'AP vendor contacts', path: 'AP/APVendors', keyFields: ['VendorNumber'], keyOf: (v) => [v.VendorNumber], item: vendorSchema,
      incrementalField: 'DateLastMaintained', changedSince: changedSince('DateLastMaintained', MASTER_OVERLAP_DAYS),
      toRecords: (v) => { const contact = vendorContactOf(v); return contact ? [contact] : []; },
      idOf: (r) => String(r.VendorNumber), fields: vendorContactFields, idIsKey: true,
    }),
    oeOrders: new SageSource<Order>(client, sizer, {
      name: 'oeOrders', label: 'OE orders (with lines)', path: 'OE/OEOrders', keyFields: ['OrderUniquifier'], keyOf: (o) => [o.OrderUniquifier],
      item: orderSchema, keySelect: ['OrderUniquifier', 'CustomerNumber'], incrementalField: 'OrderDate',
      changedSince: (since) => {
        const d = since ? watermarkDay(since) : null;
        if (!d) return undefined;
        const last = Number(since!.split('|')[1] ?? 0) || 0;
        return or(gt('OrderUniquifier', last), ge('OrderDate', day(addDays(d, -TRANSACTION_OVERLAP_DAYS))));
      },
      watermark: new UniquifierWatermark(),
      toRecords: (o) => [{ ...o, OrderDetails: o.OrderDetails ?? [] }], idOf: (r) => String(r.OrderUniquifier), fields: orderFields,
    }),
  };
}

export type Sage300Sources = ReturnType<typeof createSources>;
