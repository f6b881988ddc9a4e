// Business-layer rules the Sage views apply on insert/update: defaults loaded from the customer group,
// generated keys (batch numbers, order uniquifiers and numbers, entry and line numbers in steps of 20
// for AR and 32 for OE), computed totals, and DateLastMaintained = today on every master-record change.
import { SageError } from './errors.ts';
import type { ResourceDef } from './models.ts';
import { blank, round2 } from './records.ts';
import type { SandboxState } from './state.ts';
import type { Row } from '../../kit/sandbox/table.ts';

const recordInvalid = (message: string) => new SageError(400, 'RecordInvalid', message);
const general = (message: string) => new SageError(400, 'General', message);

/** Customer groups and the defaults they load (spec §8.2: the group supplies account set, terms, …). */
export const GROUP_DEFAULTS: Record<string, Row> = {
  RTL: { AccountSet: 'USA', BillingCycle: 'BILLMT', InterestProfile: 'INTWHS', Terms: 'N30', TaxGroup: 'CALIF', CurrencyCode: 'USD', AccountType: 'BalanceForward', PrintStatements: 'Yes' },
  WHL: { AccountSet: 'USA', BillingCycle: 'BILLMT', InterestProfile: 'INTWHS', Terms: '2N31', TaxGroup: 'CALIF', CurrencyCode: 'USD', AccountType: 'OpenItem', PrintStatements: 'Yes' },
  INT: { AccountSet: 'CAN', BillingCycle: 'BILLMT', InterestProfile: 'INTWHS', Terms: 'N60', TaxGroup: 'CANADA', CurrencyCode: 'CAD', AccountType: 'OpenItem', PrintStatements: 'No' },
};

function checkTerms(state: SandboxState, code: unknown): void {
  if (code && !state.table('ARTerms').has([String(code)])) throw recordInvalid(`Terms Code "${String(code)}" does not exist.`);
}

function checkCustomer(state: SandboxState, number: unknown): Row {
  const c = state.table('ARCustomers').get([String(number ?? '')]);
  if (!c) throw recordInvalid(`Customer Number "${String(number ?? '')}" does not exist.`);
  return c;
}

function customerInsert(state: SandboxState, row: Row, payload: Row): void {
  if (!row.CustomerNumber) throw recordInvalid('Customer Number cannot be blank.');
  if (String(row.CustomerNumber).length > 12) throw recordInvalid(`Customer Number "${String(row.CustomerNumber)}" is longer than 12 characters.`);
  const group = GROUP_DEFAULTS[String(row.GroupCode)];
  if (!group) throw recordInvalid(`Customer Group "${String(row.GroupCode)}" does not exist.`);
  for (const [k, v] of Object.entries(group)) if (!(k in payload)) row[k] = v;
  checkTerms(state, row.Terms);
  row.StartDate ??= state.todayDate;
  row.DateLastMaintained = state.todayDate;
  for (const o of row.CustomerOptionalFieldValues as Row[]) o.CustomerNumber = row.CustomerNumber;
}

function numberInvoices(state: SandboxState, batch: Row): void {
  const invoices = batch.Invoices as Row[];
  let entry = Math.max(0, ...invoices.map((i) => Number(i.EntryNumber) || 0));
  let total = 0;
  for (const inv of invoices) {
    if (!inv.EntryNumber) inv.EntryNumber = ++entry;
    inv.BatchNumber = batch.BatchNumber;
    const customer = checkCustomer(state, inv.CustomerNumber);
    if (!inv.DocumentNumber) inv.DocumentNumber = `IN${String(++state.seq.document).padStart(7, '0')}`;
    inv.DocumentDate ??= batch.BatchDate;
    inv.PostingDate ??= inv.DocumentDate;
    inv.AsOfDate ??= inv.DocumentDate;
    inv.DueDate ??= inv.DocumentDate;
    if (!inv.Terms) inv.Terms = customer.Terms;
    if (!inv.CurrencyCode) inv.CurrencyCode = customer.CurrencyCode;
    const lines = inv.InvoiceDetails as Row[];
    let line = Math.max(0, ...lines.map((l) => Number(l.LineNumber) || 0));
    let net = 0;
    let tax = 0;
    for (const l of lines) {
      if (!l.LineNumber) l.LineNumber = line += 20;
      l.BatchNumber = batch.BatchNumber;
      l.EntryNumber = inv.EntryNumber;
      const amount = Number(l.ExtendedAmountWithTIP) || round2(Number(l.Quantity) * Number(l.Price));
      l.ExtendedAmountWithTIP = amount;
      l.ExtendedAmountWithoutTIP = amount;
      if (!l.TaxTotal) l.TaxTotal = round2(amount * 0.08);
      net += amount;
      tax += Number(l.TaxTotal);
    }
    inv.DocumentTotalBeforeTax = round2(net);
    inv.TaxTotal = round2(tax);
    inv.DocumentTotalIncludingTax = round2(net + tax);
    inv.AmountDue = inv.DocumentTotalIncludingTax;
    total += Number(inv.DocumentTotalIncludingTax);
  }
  batch.NumberOfEntries = invoices.length;
  batch.BatchTotal = round2(total);
  batch.DateLastEdited = state.todayDate;
}

function batchInsert(state: SandboxState, row: Row): void {
  if (!row.BatchNumber) row.BatchNumber = ++state.seq.batch;
  else state.seq.batch = Math.max(state.seq.batch, Number(row.BatchNumber));
  if (row.BatchStatus !== 'Open' && row.BatchStatus !== 'ReadyToPost') throw general(`A new batch cannot have status ${String(row.BatchStatus)}.`);
  row.BatchDate ??= state.todayDate;
  row.BatchType = 'Entered';
  numberInvoices(state, row);
}

function orderInsert(state: SandboxState, row: Row): void {
  const customer = checkCustomer(state, row.CustomerNumber);
  row.OrderUniquifier = ++state.seq.uniquifier;
  if (!row.OrderNumber) row.OrderNumber = `ORD${String(++state.seq.order).padStart(6, '0')}`;
  else if ([...state.table('OEOrders').scan()].some((o) => o.OrderNumber === row.OrderNumber)) {
    throw new SageError(409, 'RecordDuplicate', `Order Number "${String(row.OrderNumber)}" already exists.`);
  }
  row.OrderDate ??= state.todayDate;
  row.ExpectedShipDate ??= row.OrderDate;
  const day = String(row.OrderDate).slice(0, 10);
  row.OrderFiscalYear = day.slice(0, 4);
  row.OrderFiscalPeriod = `Num${Number(day.slice(5, 7))}`;
  if (!row.TaxGroup) row.TaxGroup = customer.TaxGroup;
  row.CustomerCurrency = customer.CurrencyCode;
  let line = 0;
  let subtotal = 0;
  // OE takes only items Inventory Control knows (and an active one).
  for (const d of row.OrderDetails as Row[]) {
    if (d.LineType === 'Miscellaneous' || !d.Item) continue;
    const item = state.table('ICItems').get([String(d.Item)]);
    if (!item) throw recordInvalid(`Item "${String(d.Item)}" does not exist.`);
    if (item.Status === 'Inactive') throw recordInvalid(`Item "${String(d.Item)}" is inactive.`);
  }
  for (const d of row.OrderDetails as Row[]) {
    d.LineNumber = line += 32;
    d.OrderUniquifier = row.OrderUniquifier;
    if (!d.Description) d.Description = d.Item ? `Item ${String(d.Item)}` : String(d.MiscellaneousChargesCode ?? '');
    if (!d.ExtendedAmount) d.ExtendedAmount = round2(Number(d.QuantityOrdered) * Number(d.PricingUnitPrice));
    subtotal += Number(d.ExtendedAmount);
  }
  for (const o of row.OrderOptionalFields as Row[]) o.OrderUniquifier = row.OrderUniquifier;
  row.OrderSubtotal = round2(subtotal);
  row.OrderTotalTax = round2(subtotal * 0.08);
  row.OrderTotal = round2(subtotal * 1.08);
  if (row.InvoiceWillBeProduced === true) shipAndInvoice(state, row, customer);
}

/**
 * `InvoiceWillBeProduced` with shipped quantities (spec §8.9): OE ships the shipped quantities (and the
 * miscellaneous charges) and invoices them at once, dated today; the order names its last shipment and
 * invoice, and the invoice is read through OE/OEInvoices.
 */
function shipAndInvoice(state: SandboxState, order: Row, customer: Row): void {
  const lines = (order.OrderDetails as Row[]).filter((d) => d.LineType === 'Miscellaneous' || Number(d.QuantityShipped) > 0);
  if (lines.length === 0) return;
  // OEINVH numbers its own uniquifiers, apart from the orders'.
  const n = ++state.seq.oeInvoice;
  const uniquifier = 20_000 + n;
  const details = lines.map((d) => {
    const amount = d.LineType === 'Miscellaneous' ? Number(d.ExtendedAmount) : round2(Number(d.QuantityShipped) * Number(d.PricingUnitPrice));
    return blank('OEInvoiceDetail', {
      InvoiceUniquifier: uniquifier, LineNumber: d.LineNumber, LineType: d.LineType, Item: d.Item, Description: d.Description, Location: d.Location,
      QuantityShipped: d.QuantityShipped, PricingUnitPrice: d.PricingUnitPrice, MiscellaneousChargesCode: d.MiscellaneousChargesCode, ExtendedAmount: amount,
    });
  });
  const subtotal = round2(details.reduce((sum, d) => sum + Number(d.ExtendedAmount), 0));
  order.LastShipmentNumber = `SH${String(++state.seq.shipment).padStart(6, '0')}`;
  order.LastInvoiceNumber = `IN${String(n).padStart(6, '0')}`;
  state.table('OEInvoices').put(blank('OEInvoice', {
    InvoiceUniquifier: uniquifier, InvoiceNumber: order.LastInvoiceNumber, InvoiceDate: state.todayDate, CustomerNumber: order.CustomerNumber,
    OrderNumber: order.OrderNumber, OrderUniquifier: order.OrderUniquifier, ShipmentNumber: order.LastShipmentNumber, TaxGroup: order.TaxGroup,
    InvoiceHomeCurrency: customer.CurrencyCode, InvoiceSourceCurrency: customer.CurrencyCode, BillTo: customer.CustomerName,
    BillToAddress1: customer.AddressLine1, BillToCity: customer.City, ShipToName: customer.CustomerName,
    InvoiceSubtotal: subtotal, InvoiceTotalTax: round2(subtotal * 0.08), InvoiceTotal: round2(subtotal * 1.08), InvoiceDetails: details,
  }));
}

export function beforeInsert(state: SandboxState, resource: ResourceDef, row: Row, payload: Row): void {
  switch (resource.name) {
    case 'ARCustomers': return customerInsert(state, row, payload);
    case 'APVendors':
      if (!row.VendorNumber) throw recordInvalid('Vendor Number cannot be blank.');
      row.StartDate ??= state.todayDate;
      row.DateLastMaintained = state.todayDate;
      return;
    case 'ARTerms':
      if (!row.TermsCode) throw recordInvalid('Terms Code cannot be blank.');
      return;
    case 'ICItems':
      if (!row.ItemNumber) throw recordInvalid('Item Number cannot be blank.');
      return;
    case 'ARInvoiceBatches': return batchInsert(state, row);
    case 'OEOrders': return orderInsert(state, row);
  }
}

export function beforeUpdate(state: SandboxState, resource: ResourceDef, before: Row, row: Row, payload: Row): void {
  if (resource.master) row.DateLastMaintained = state.todayDate;
  if (resource.name === 'ARCustomers') {
    if ('Terms' in payload) checkTerms(state, row.Terms);
    if ('GroupCode' in payload && !GROUP_DEFAULTS[String(row.GroupCode)]) throw recordInvalid(`Customer Group "${String(row.GroupCode)}" does not exist.`);
  }
  if (resource.name === 'ARInvoiceBatches') {
    if (before.BatchStatus === 'Posted') throw general(`Batch ${String(before.BatchNumber)} has been posted and cannot be edited.`);
    if (row.BatchStatus === 'Posted') throw general('Batches are posted through ARPostInvoices(\'$process\').');
    numberInvoices(state, row);
  }
}
