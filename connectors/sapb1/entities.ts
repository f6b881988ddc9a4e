// The readable entities (spec §7): customers and their contact employees, A/R invoices with lines
// (enriched with G/L account and profit-center names), the invoice payment status recomputed from
// incoming payments, and the master data they refer to.
import { z } from 'zod';
import type { FieldInfo, SourceRecord } from '../kit/types.ts';
import type { SapB1Client } from './client.ts';
import { builderFor } from './filter.ts';
import { SapSource } from './source.ts';

type Row = Record<string, unknown>;
const row = z.looseObject({});
const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0) || 0);
/** `2024-03-21T00:00:00Z` (v2, 10.0 v1) or `2024-03-21` (older v1) → `2024-03-21`. */
const dateOnly = (v: unknown) => (typeof v === 'string' && v.length >= 10 ? v.slice(0, 10) : null);
const round2 = (n: number) => Math.round(n * 100) / 100;

function fields(spec: Record<string, FieldInfo['type']>, labels: Record<string, string> = {}): FieldInfo[] {
  return Object.entries(spec).map(([name, type]) => ({ name, label: labels[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2'), type }));
}

async function lookup(client: SapB1Client, path: string, key: string, value: string, signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const page of client.pages(path, { $select: `${key},${value}` }, row, 500, signal)) {
    for (const r of page.value as Row[]) out.set(str(r[key]), str(r[value]));
  }
  return out;
}

interface PartnerLookups {
  terms: Map<string, string>;
  salesPersons: Map<string, string>;
}

const partnerLookups = async (client: SapB1Client, signal?: AbortSignal): Promise<PartnerLookups> => ({
  terms: await lookup(client, 'PaymentTermsTypes', 'GroupNumber', 'PaymentTermsGroupName', signal),
  salesPersons: await lookup(client, 'SalesPersons', 'SalesEmployeeCode', 'SalesEmployeeName', signal),
});

const BP_SELECT = [
  'CardCode', 'CardName', 'CardType', 'GroupCode', 'Phone1', 'EmailAddress', 'Website', 'Address', 'ZipCode', 'City', 'Country', 'BPAddresses', 'BilltoDefault',
  'CreditLimit', 'CurrentAccountBalance', 'Currency', 'PayTermsGrpCode', 'SalesPersonCode', 'Valid', 'Frozen', 'ContactEmployees', 'UpdateDate', 'UpdateTime',
];

function partnerRecord(bp: Row, l: PartnerLookups): SourceRecord {
  const addresses = (bp.BPAddresses as Row[] | undefined) ?? [];
  const billTo = addresses.find((a) => a.AddressType === 'bo_BillTo' && (!bp.BilltoDefault || a.AddressName === bp.BilltoDefault)) ?? addresses[0];
  const email = str(bp.EmailAddress);
  return {
    CardCode: bp.CardCode, CardName: str(bp.CardName).trim(), Phone1: str(bp.Phone1), EmailAddress: email,
    EmailDomain: email.includes('@') ? email.split('@')[1]!.toLowerCase() : '', Website: str(bp.Website),
    Street: str(billTo?.Street ?? bp.Address), City: str(billTo?.City ?? bp.City), ZipCode: str(billTo?.ZipCode ?? bp.ZipCode),
    State: str(billTo?.State), Country: str(billTo?.Country ?? bp.Country), GroupCode: bp.GroupCode ?? null,
    CreditLimit: num(bp.CreditLimit), CurrentAccountBalance: num(bp.CurrentAccountBalance), Currency: str(bp.Currency),
    PayTermsGrpCode: bp.PayTermsGrpCode ?? null, PaymentTermsName: l.terms.get(str(bp.PayTermsGrpCode)) ?? '',
    SalesPersonCode: bp.SalesPersonCode ?? null, SalesPersonName: bp.SalesPersonCode === -1 ? '' : (l.salesPersons.get(str(bp.SalesPersonCode)) ?? ''),
    Active: bp.Valid !== 'tNO' && bp.Frozen !== 'tYES', UpdateDate: dateOnly(bp.UpdateDate), UpdateTime: bp.UpdateTime ?? null,
  };
}

const partnerFields = fields({
  CardCode: 'string', CardName: 'string', Phone1: 'string', EmailAddress: 'string', EmailDomain: 'string', Website: 'string', Street: 'string',
  City: 'string', ZipCode: 'string', State: 'string', Country: 'string', GroupCode: 'number', CreditLimit: 'number', CurrentAccountBalance: 'number',
  Currency: 'string', PayTermsGrpCode: 'number', PaymentTermsName: 'string', SalesPersonCode: 'number', SalesPersonName: 'string', Active: 'boolean',
  UpdateDate: 'date', UpdateTime: 'string',
});

const contactFields = fields({
  ContactKey: 'string', CardCode: 'string', CardName: 'string', Name: 'string', FirstName: 'string', LastName: 'string', E_Mail: 'string',
  Phone1: 'string', MobilePhone: 'string', Position: 'string', Active: 'boolean',
});

const contactKey = (cardCode: unknown, internal: unknown) => `${str(cardCode)}-${str(internal)}`;

interface InvoiceLookups extends PartnerLookups {
  accounts: Map<string, string>;
  profitCenters: Map<string, string>;
}

const INVOICE_SELECT = [
  'DocEntry', 'DocNum', 'CardCode', 'CardName', 'DocDate', 'DocDueDate', 'DocTotal', 'DocTotalFc', 'VatSum', 'VatSumFc', 'DocCurrency', 'DocRate',
  'NumAtCard', 'Comments', 'DocumentStatus', 'Cancelled', 'PaidToDate', 'PaidToDateFC', 'ContactPersonCode', 'SalesPersonCode', 'PaymentGroupCode',
  'DocumentLines', 'UpdateDate', 'UpdateTime',
];

/** Document currency amounts: FC totals when the document is in a foreign currency. */
function inDocCurrency(doc: Row, local: string, foreign: string): number {
  return num(doc.DocTotalFc) > 0 ? num(doc[foreign]) : num(doc[local]);
}

function invoiceRecord(doc: Row, l: InvoiceLookups): SourceRecord {
  const lines = ((doc.DocumentLines as Row[] | undefined) ?? []).map((line) => ({
    LineKey: `${str(doc.DocEntry)}-${str(line.LineNum)}`, LineNum: line.LineNum, ItemCode: str(line.ItemCode), ItemDescription: str(line.ItemDescription),
    Quantity: num(line.Quantity), UnitPrice: num(line.UnitPrice ?? line.Price), DiscountPercent: num(line.DiscountPercent),
    LineTotal: round2(num(line.Quantity) * num(line.UnitPrice ?? line.Price) * (1 - num(line.DiscountPercent) / 100)), TaxCode: str(line.TaxCode),
    AccountCode: str(line.AccountCode), AccountName: l.accounts.get(str(line.AccountCode)) ?? '',
    CostingCode: str(line.CostingCode), ProfitCenterName: l.profitCenters.get(str(line.CostingCode)) ?? '',
  }));
  const total = inDocCurrency(doc, 'DocTotal', 'DocTotalFc');
  return {
    DocEntry: doc.DocEntry, DocNum: doc.DocNum, CardCode: doc.CardCode, CardName: str(doc.CardName), DocDate: dateOnly(doc.DocDate), DocDueDate: dateOnly(doc.DocDueDate),
    DocTotal: total, VatSum: inDocCurrency(doc, 'VatSum', 'VatSumFc'), DocCurrency: str(doc.DocCurrency), NumAtCard: str(doc.NumAtCard), Comments: str(doc.Comments),
    DocumentStatus: doc.DocumentStatus, Cancelled: doc.Cancelled === 'tYES',
    ContactKey: doc.ContactPersonCode === null || doc.ContactPersonCode === undefined ? null : contactKey(doc.CardCode, doc.ContactPersonCode),
    SalesPersonName: l.salesPersons.get(str(doc.SalesPersonCode)) ?? '', PaymentTermsName: l.terms.get(str(doc.PaymentGroupCode)) ?? '',
    DocumentLines: lines, UpdateDate: dateOnly(doc.UpdateDate), UpdateTime: doc.UpdateTime ?? null,
  };
}

const invoiceFields = fields({
  DocEntry: 'number', DocNum: 'number', CardCode: 'string', CardName: 'string', DocDate: 'date', DocDueDate: 'date', DocTotal: 'number', VatSum: 'number',
  DocCurrency: 'string', NumAtCard: 'string', Comments: 'string', DocumentStatus: 'string', Cancelled: 'boolean', ContactKey: 'string',
  SalesPersonName: 'string', PaymentTermsName: 'string', DocumentLines: 'array', UpdateDate: 'date', UpdateTime: 'string',
});

const paymentStatusFields = fields({
  DocEntry: 'number', DocNum: 'number', CardCode: 'string', DocCurrency: 'string', DocTotal: 'number', AmountPaid: 'number', Balance: 'number',
  PaymentStatus: 'enumeration', LastPaymentDate: 'date',
});

/**
 * Payments → the state of the invoices they touch, as absolute values (never increments): the invoice's
 * own PaidToDate when the server exposes it, else the sum over the partner's non-cancelled payments
 * (PaidToDate as an SL property is unverified, spec §7.2). A payment read twice changes nothing.
 */
async function invoiceStates(client: SapB1Client, payments: Row[], signal?: AbortSignal): Promise<SourceRecord[]> {
  const f = builderFor(client.version);
  const lastPaid = new Map<number, string>();
  for (const p of payments) {
    for (const line of (p.PaymentInvoices as Row[] | undefined) ?? []) {
      if (line.InvoiceType !== undefined && line.InvoiceType !== 'it_Invoice' && line.InvoiceType !== '13') continue;
      const entry = num(line.DocEntry);
      const day = dateOnly(p.DocDate) ?? '';
      if (entry && day >= (lastPaid.get(entry) ?? '')) lastPaid.set(entry, day);
    }
  }
  if (lastPaid.size === 0) return [];
  const invoices: Row[] = [];
  const entries = [...lastPaid.keys()];
  for (let k = 0; k < entries.length; k += 40) {
    const filter = f.or(...entries.slice(k, k + 40).map((e) => f.eq('DocEntry', e)));
    const query = { $filter: filter!, $select: 'DocEntry,DocNum,CardCode,DocCurrency,DocTotal,DocTotalFc,PaidToDate,PaidToDateFC,DocumentStatus,Cancelled' };
    for await (const page of client.pages('Invoices', query, row, 100, signal)) invoices.push(...(page.value as Row[]));
  }
  const computed = invoices.some((i) => !('PaidToDate' in i)) ? await paidFromPayments(client, [...new Set(invoices.map((i) => str(i.CardCode)))], signal) : undefined;
  return invoices.map((inv) => {
    const foreign = num(inv.DocTotalFc) > 0;
    const total = foreign ? num(inv.DocTotalFc) : num(inv.DocTotal);
    const paidLocal = 'PaidToDate' in inv ? num(inv.PaidToDate) : (computed?.get(num(inv.DocEntry))?.local ?? 0);
    const paid = foreign ? ('PaidToDateFC' in inv ? num(inv.PaidToDateFC) : (computed?.get(num(inv.DocEntry))?.foreign ?? 0)) : paidLocal;
    const balance = round2(Math.max(0, total - paid));
    const status = inv.Cancelled === 'tYES' ? 'voided' : balance <= 0.005 ? 'paid' : paid > 0 ? 'partially_paid' : 'unpaid';
    return {
      DocEntry: inv.DocEntry, DocNum: inv.DocNum, CardCode: inv.CardCode, DocCurrency: str(inv.DocCurrency), DocTotal: total, AmountPaid: round2(paid),
      Balance: balance, PaymentStatus: status, LastPaymentDate: lastPaid.get(num(inv.DocEntry)) ?? null,
    };
  });
}

/** Σ SumApplied (and AppliedFC) per invoice over the partners' non-cancelled incoming payments. */
async function paidFromPayments(client: SapB1Client, cardCodes: string[], signal?: AbortSignal): Promise<Map<number, { local: number; foreign: number }>> {
  const f = builderFor(client.version);
  const out = new Map<number, { local: number; foreign: number }>();
  for (let k = 0; k < cardCodes.length; k += 40) {
    const filter = f.and(f.eq('Cancelled', 'tNO'), f.or(...cardCodes.slice(k, k + 40).map((c) => f.eq('CardCode', c))));
    for await (const page of client.pages('IncomingPayments', { $filter: filter!, $select: 'DocEntry,PaymentInvoices' }, row, 200, signal)) {
      for (const p of page.value as Row[]) {
        for (const line of (p.PaymentInvoices as Row[] | undefined) ?? []) {
          const e = out.get(num(line.DocEntry)) ?? { local: 0, foreign: 0 };
          e.local += num(line.SumApplied);
          e.foreign += num(line.AppliedFC);
          out.set(num(line.DocEntry), e);
        }
      }
    }
  }
  return out;
}

export function createSources(client: SapB1Client) {
  const customers = (f: ReturnType<typeof builderFor>) => f.eq('CardType', 'cCustomer');
  return {
    businessPartners: new SapSource<Row, PartnerLookups>(client, {
      name: 'businessPartners', label: 'Business partners (customers)', path: 'BusinessPartners', key: 'CardCode', item: row, select: BP_SELECT,
      baseFilter: customers, createdField: 'CreateDate', prepare: partnerLookups, toRecords: (bp, l) => [partnerRecord(bp, l)],
      idOf: (r) => str(r.CardCode), keyOfId: (id) => id, fields: partnerFields,
    }),
    contactEmployees: new SapSource<Row, undefined>(client, {
      name: 'contactEmployees', label: 'Contact employees of customers', path: 'BusinessPartners', key: 'CardCode', item: row,
      select: ['CardCode', 'CardName', 'ContactEmployees', 'UpdateDate', 'UpdateTime'], baseFilter: customers, createdField: 'CreateDate',
      toRecords: (bp) => ((bp.ContactEmployees as Row[] | undefined) ?? []).map((c) => ({
        ContactKey: contactKey(bp.CardCode, c.InternalCode), CardCode: bp.CardCode, CardName: str(bp.CardName), Name: str(c.Name),
        FirstName: str(c.FirstName), LastName: str(c.LastName), E_Mail: str(c.E_Mail).trim(), Phone1: str(c.Phone1), MobilePhone: str(c.MobilePhone),
        Position: str(c.Position), Active: c.Active !== 'tNO',
      })),
      idOf: (r) => str(r.ContactKey), keyOfId: (id) => id.slice(0, id.lastIndexOf('-')), fields: contactFields,
    }),
    invoices: new SapSource<Row, InvoiceLookups>(client, {
      name: 'invoices', label: 'A/R invoices (with lines)', path: 'Invoices', key: 'DocEntry', item: row, select: INVOICE_SELECT,
      // Cancellation documents are the reversal, not an invoice of their own (spec §7.2).
      baseFilter: (f) => f.ne('CancelStatus', 'csCancellation'), createdField: 'CreationDate',
      prepare: async (c, signal) => ({
        ...(await partnerLookups(c, signal)),
        accounts: await lookup(c, 'ChartOfAccounts', 'Code', 'Name', signal),
        profitCenters: await lookup(c, 'ProfitCenters', 'CenterCode', 'CenterName', signal),
      }),
      toRecords: (doc, l) => [invoiceRecord(doc, l)], idOf: (r) => str(r.DocEntry), keyOfId: Number, fields: invoiceFields,
    }),
    invoicePayments: new SapSource<Row, { signal?: AbortSignal }>(client, {
      name: 'invoicePayments', label: 'Invoice payment status (from incoming payments)', path: 'IncomingPayments', key: 'DocEntry', item: row,
      select: ['DocEntry', 'DocDate', 'CardCode', 'Cancelled', 'PaymentInvoices', 'UpdateDate', 'UpdateTime'], createdField: 'CreationDate',
      baseFilter: (f) => f.eq('DocType', 'rCustomer'),
      prepare: async (_c, signal) => ({ ...(signal && { signal }) }),
      toRecords: (p, l) => invoiceStates(client, [p], l.signal), toPageRecords: (ps, l) => invoiceStates(client, ps, l.signal), idOf: (r) => str(r.DocEntry), fields: paymentStatusFields,
    }),
    paymentTerms: new SapSource<Row, undefined>(client, {
      name: 'paymentTerms', label: 'Payment terms', path: 'PaymentTermsTypes', key: 'GroupNumber', item: row,
      select: ['GroupNumber', 'PaymentTermsGroupName', 'NumberOfAdditionalDays', 'GeneralDiscount'], toRecords: (t) => [t], idOf: (r) => str(r.GroupNumber),
      fields: fields({ GroupNumber: 'number', PaymentTermsGroupName: 'string', NumberOfAdditionalDays: 'number', GeneralDiscount: 'number' }),
    }),
    salesPersons: new SapSource<Row, undefined>(client, {
      name: 'salesPersons', label: 'Sales employees', path: 'SalesPersons', key: 'SalesEmployeeCode', item: row,
      select: ['SalesEmployeeCode', 'SalesEmployeeName', 'Email', 'Active'], toRecords: (s) => [s], idOf: (r) => str(r.SalesEmployeeCode),
      fields: fields({ SalesEmployeeCode: 'number', SalesEmployeeName: 'string', Email: 'string', Active: 'string' }),
    }),
    chartOfAccounts: new SapSource<Row, undefined>(client, {
      name: 'chartOfAccounts', label: 'Chart of accounts', path: 'ChartOfAccounts', key: 'Code', item: row,
      select: ['Code', 'Name', 'FormatCode', 'AccountType', 'ActiveAccount'], toRecords: (a) => [a], idOf: (r) => str(r.Code),
      fields: fields({ Code: 'string', Name: 'string', FormatCode: 'string', AccountType: 'string', ActiveAccount: 'string' }),
    }),
    profitCenters: new SapSource<Row, undefined>(client, {
      name: 'profitCenters', label: 'Profit centers', path: 'ProfitCenters', key: 'CenterCode', item: row,
      select: ['CenterCode', 'CenterName', 'InWhichDimension'], toRecords: (p) => [p], idOf: (r) => str(r.CenterCode),
      fields: fields({ CenterCode: 'string', CenterName: 'string', InWhichDimension: 'number' }),
    }),
  };
}

export type SapB1Sources = ReturnType<typeof createSources>;
export const SOURCE_NAMES = ['businessPartners', 'contactEmployees', 'invoices', 'invoicePayments', 'paymentTerms', 'salesPersons', 'chartOfAccounts', 'profitCenters'] as const;
