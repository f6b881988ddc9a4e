// Posting (spec §8.5, §9.1, §11.9): a batch's invoices become ARPostedDocuments rows with an open
// balance and the customer's balance fields move — without touching the customer's DateLastMaintained
// (unless the switch says this install does). Payments reduce a document's balance and mark it paid.
import { SageError } from './errors.ts';
import { blank, round2, sageDate } from './records.ts';
import type { SandboxState } from './state.ts';
import type { Row } from '../../kit/sandbox/table.ts';

function touchCustomer(state: SandboxState, customer: Row, day: string): void {
  if (state.postingTouchesDateLastMaintained) customer.DateLastMaintained = sageDate(day);
  customer.DateOfLastActivity = sageDate(day);
}

function latest(a: unknown, b: string): string {
  return typeof a === 'string' && a > b ? a : b;
}

/** Posts one batch on `day`; returns the posted documents. */
export function postBatch(state: SandboxState, batchNumber: number, day: string = state.today): Row[] {
  const batches = state.table('ARInvoiceBatches');
  const batch = batches.get([batchNumber]);
  if (!batch) throw new SageError(404, 'RecordNotFound', 'A Record cannot be found for the specified entity key');
  if (batch.BatchStatus === 'Posted') throw new SageError(400, 'General', `Batch ${batchNumber} is already posted.`);
  const sequence = ++state.seq.posting;
  const docs = state.table('ARPostedDocuments');
  const customers = state.table('ARCustomers');
  const posted: Row[] = [];
  for (const inv of batch.Invoices as Row[]) {
    const customer = customers.get([String(inv.CustomerNumber)]);
    const sign = inv.DocumentType === 'CreditNote' ? -1 : 1;
    const amount = round2(sign * Number(inv.DocumentTotalIncludingTax));
    const doc = blank('PostedDocument', {
      CustomerNumber: inv.CustomerNumber, DocumentNumber: inv.DocumentNumber, DocumentType: inv.DocumentType,
      BatchNumber: batchNumber, EntryNumber: inv.EntryNumber, BatchType: 'IN', InvoiceType: inv.InvoiceType,
      DocumentDate: inv.DocumentDate, PostingDate: inv.PostingDate ?? sageDate(day), DueDate: inv.DueDate,
      DateOfLastActivity: sageDate(day), FullyPaid: amount === 0 ? 'Yes' : 'No', DatePaid: amount === 0 ? sageDate(day) : null,
      OrderNumber: inv.OrderNumber, PONumber: inv.PONumber, DocumentDescription: inv.InvoiceDescription,
      CurrencyCode: inv.CurrencyCode, Terms: inv.Terms, PostingSequenceNumber: sequence,
      OriginalAmountInCustomerCurrency: amount, CurrentBalanceInCustomerCurrency: amount,
      OriginalAmountInFunctionalCurrency: amount, CurrentBalanceInFunctionalCurrency: amount,
    });
    docs.put(doc);
    posted.push(doc);
    if (customer) {
      customer.BalanceDueInCustomerCurrency = round2(Number(customer.BalanceDueInCustomerCurrency) + amount);
      customer.BalanceDueInFunctionalCurrency = round2(Number(customer.BalanceDueInFunctionalCurrency) + amount);
      customer.NumberOfOpenDocuments = Number(customer.NumberOfOpenDocuments) + 1;
      if (sign > 0) customer.DateOfLastInvoice = latest(customer.DateOfLastInvoice, String(inv.DocumentDate));
      touchCustomer(state, customer, day);
    }
  }
  batch.BatchStatus = 'Posted';
  batch.PostingSequenceNumber = sequence;
  batch.DateLastEdited = sageDate(day);
  return posted;
}

/** Applies a receipt to a posted document: an amount, or a fraction of the current balance. */
export function applyPayment(
  state: SandboxState,
  customerNumber: string,
  documentNumber: string,
  how: { amount?: number; fraction?: number },
  day: string = state.today,
): Row | undefined {
  const doc = state.table('ARPostedDocuments').get([customerNumber, documentNumber]);
  if (!doc) return undefined;
  const balance = Number(doc.CurrentBalanceInCustomerCurrency);
  if (balance <= 0) return doc;
  const paid = round2(Math.min(balance, how.amount ?? balance * (how.fraction ?? 1)));
  const left = round2(balance - paid);
  doc.CurrentBalanceInCustomerCurrency = left;
  doc.CurrentBalanceInFunctionalCurrency = left;
  doc.DateOfLastActivity = sageDate(day);
  if (left === 0) {
    doc.FullyPaid = 'Yes';
    doc.DatePaid = sageDate(day);
  }
  const customer = state.table('ARCustomers').get([customerNumber]);
  if (customer) {
    customer.BalanceDueInCustomerCurrency = round2(Number(customer.BalanceDueInCustomerCurrency) - paid);
    customer.BalanceDueInFunctionalCurrency = round2(Number(customer.BalanceDueInFunctionalCurrency) - paid);
    customer.DateOfLastReceipt = latest(customer.DateOfLastReceipt, sageDate(day));
    if (left === 0) {
      customer.NumberOfOpenDocuments = Math.max(0, Number(customer.NumberOfOpenDocuments) - 1);
      customer.NumberOfPaidInvoices = Number(customer.NumberOfPaidInvoices) + 1;
    }
    touchCustomer(state, customer, day);
  }
  return doc;
}
