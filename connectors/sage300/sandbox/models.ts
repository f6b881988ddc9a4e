// The entity models the sandbox serves: property names and types as the Web API's $metadata would
// list them (spec §8). They drive $filter/$select/$orderby validation, payload validation ("The
// property 'X' does not exist on type '…'") and the verbs each resource allows (spec §8.1).
// Names marked UNVERIFIED in the spec are kept here in one place so they are easy to correct.

import type { Model, PropType } from '../../kit/sandbox/odata-model.ts';

export { edmType, qualified, type Model, type PropType } from '../../kit/sandbox/odata-model.ts';

export interface ResourceDef {
  module: 'AR' | 'AP' | 'OE' | 'IC';
  /** Entity set name, e.g. `ARCustomers`. */
  name: string;
  model: string;
  /** Key properties in metadata order. */
  key: string[];
  verbs: readonly ('GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE')[];
  /** Master records get `DateLastMaintained` = today on every insert/update. */
  master: boolean;
  /** Key assigned by the server on insert (batch numbers, order uniquifiers). */
  generatedKey?: boolean;
}

const ns = (module: string) => `Sage.CA.SBS.ERP.Sage300.${module}.WebApi.Models`;
const YesNo = { enum: ['No', 'Yes'] } as const;
const UpdateOperation = { enum: ['Unspecified', 'Insert', 'Update', 'Delete'] } as const;
const s = 'string' as const;
const d = 'decimal' as const;
const i = 'int' as const;
const dt = 'date' as const;

function numbered(prefix: string, n: number, type: PropType): Record<string, PropType> {
  return Object.fromEntries(Array.from({ length: n }, (_, k) => [`${prefix}${k + 1}`, type]));
}

const address = {
  AddressLine1: s, AddressLine2: s, AddressLine3: s, AddressLine4: s,
  City: s, StateProvince: s, ZipPostalCode: s, Country: s,
};

export const MODELS: Record<string, Model> = {
  Customer: {
    name: 'Customer',
    namespace: ns('AR'),
    props: {
      CustomerNumber: s, ShortName: s, CustomerName: s, GroupCode: s, NationalAccount: s,
      Status: { enum: ['Active', 'Inactive'] }, InactiveDate: dt, OnHold: YesNo, StartDate: dt, DateLastMaintained: dt,
      ...address,
      ContactName: s, PhoneNumber: s, FaxNumber: s, Email: s, WebSite: s, ContactsEmail: s, ContactsPhone: s, ContactsFax: s,
      AccountSet: s, AutocashProfile: s, BillingCycle: s, InterestProfile: s, CurrencyCode: s, RateType: s,
      AccountType: { enum: ['OpenItem', 'BalanceForward'] }, PrintStatements: YesNo, Terms: s, PaymentCode: s,
      CustomerPriceList: s, ShipViaCode: s, PrimaryShipToLocation: s, TerritoryCode: s,
      TaxGroup: s, ...numbered('TaxRegistrationNumber', 5, s), ...numbered('TaxClassCode', 5, i), BusinessRegistrationNumber: s,
      CreditLimitCustomerCurrency: d, CheckCreditLimit: YesNo, CheckOverdueAmounts: YesNo, DaysOverdue: i, AmountOverdue: d,
      CreditBureauNumber: s, CreditBureauRating: s, CreditBureauDate: dt,
      BalanceDueInCustomerCurrency: d, BalanceDueInFunctionalCurrency: d, AmountPastDue: d,
      DateOfLastStatement: dt, DateOfLastInvoice: dt, DateOfLastReceipt: dt, DateOfLastActivity: dt,
      NumberOfOpenDocuments: i, NumberOfPaidInvoices: i, NumberOfDaysToPay: i, AverageDaysToPay: d,
      ...numbered('Salesperson', 5, s), ...numbered('SalesSplitPercentage', 5, d),
      CustomerOptionalFieldValues: { collection: 'CustomerOptionalFieldValue' },
    },
  },
  CustomerOptionalFieldValue: {
    name: 'CustomerOptionalFieldValue',
    namespace: ns('AR'),
    props: {
      CustomerNumber: s, OptionalField: s, Value: s,
      CustomerOptionalFieldValueType: { enum: ['Text', 'Date', 'Time', 'Number', 'Integer', 'Amount', 'YesNo'] },
      UpdateOperation,
    },
  },
  Terms: {
    name: 'Terms',
    namespace: ns('AR'),
    props: {
      TermsCode: s, Description: s, UsePaymentSchedule: YesNo,
      CalculationBaseForDiscountwithTax: { enum: ['Included', 'Excluded'] },
      DiscountType: { enum: ['DaysFromInvoiceDate', 'EndOfNextMonth', 'DayOfNextMonth', 'DaysFromDayOfNextMonth'] },
      DueDateType: { enum: ['DaysFromInvoiceDate', 'EndOfNextMonth', 'DayOfNextMonth', 'DaysFromDayOfNextMonth'] },
      NumberOfPayments: i, TotalPercentDue: d, InactiveDate: dt, Status: { enum: ['Active', 'Inactive'] },
      TermsPaymentSchedules: { collection: 'TermsPaymentSchedule' },
    },
  },
  TermsPaymentSchedule: {
    name: 'TermsPaymentSchedule',
    namespace: ns('AR'),
    props: {
      TermsCode: s, PaymentNumber: i, PercentDue: d, DiscountPercent: d, DiscountNumberOfDays: i,
      DiscountDayOfMonth: i, DueNumberOfDays: i, DueDayOfMonth: i, UpdateOperation,
    },
  },
  InvoiceBatch: {
    name: 'InvoiceBatch',
    namespace: ns('AR'),
    props: {
      BatchNumber: i, BatchDate: dt, Description: s, BatchType: { enum: ['Entered', 'Imported', 'Generated', 'Recurring', 'External', 'Retainage'] },
      BatchStatus: { enum: ['Open', 'Deleted', 'ReadyToPost', 'Posted', 'PostInProgress', 'CheckCreationInProgress'] },
      DefaultInvoiceType: { enum: ['Item', 'Summary'] }, BatchTotal: d, NumberOfEntries: i,
      // UNVERIFIED names (spec §8.5): DateLastEdited is the batch's change date the client polls on.
      DateLastEdited: dt, PostingSequenceNumber: i,
      Invoices: { collection: 'Invoice' },
    },
  },
  Invoice: {
    name: 'Invoice',
    namespace: ns('AR'),
    props: {
      BatchNumber: i, EntryNumber: i, CustomerNumber: s, DocumentNumber: s,
      DocumentType: { enum: ['Invoice', 'DebitNote', 'CreditNote', 'Interest'] },
      TransactionType: s, DocumentDate: dt, AsOfDate: dt, PostingDate: dt, DueDate: dt,
      InvoiceType: { enum: ['Item', 'Summary'] }, InvoiceDescription: s, CurrencyCode: s, Terms: s, TaxGroup: s,
      TaxClass1: i, TaxAmount1: d, DocumentTotalBeforeTax: d, TaxTotal: d, DocumentTotalIncludingTax: d, AmountDue: d,
      OrderNumber: s, PONumber: s, ProcessCommand: s, UpdateOperation,
      InvoiceDetails: { collection: 'InvoiceDetail' },
      InvoicePaymentSchedules: { collection: 'InvoicePaymentSchedule' },
    },
  },
  InvoiceDetail: {
    name: 'InvoiceDetail',
    namespace: ns('AR'),
    props: {
      BatchNumber: i, EntryNumber: i, LineNumber: i, DistributionCode: s, RevenueAccount: s, ItemNumber: s,
      Description: s, Quantity: d, Price: d, UnitOfMeasure: s, ExtendedAmountWithTIP: d, ExtendedAmountWithoutTIP: d,
      TaxTotal: d, UpdateOperation,
    },
  },
  InvoicePaymentSchedule: {
    name: 'InvoicePaymentSchedule',
    namespace: ns('AR'),
    props: { BatchNumber: i, EntryNumber: i, PaymentNumber: i, DueDate: dt, AmountDue: d, UpdateOperation },
  },
  PostedDocument: {
    name: 'PostedDocument',
    namespace: ns('AR'),
    props: {
      // Verified by public clients: CustomerNumber, DocumentNumber, DocumentType, BatchNumber, EntryNumber,
      // DueDate, DatePaid, FullyPaid, OrderNumber, PONumber, InvoiceType, BatchType, DocumentDescription,
      // CheckReceiptNumber. The amount/date names below are UNVERIFIED (spec §8.7).
      CustomerNumber: s, DocumentNumber: s,
      DocumentType: { enum: ['Invoice', 'DebitNote', 'CreditNote', 'Interest', 'UnappliedCash', 'Prepayment', 'Receipt', 'Refund'] },
      BatchNumber: i, EntryNumber: i, BatchType: s, InvoiceType: { enum: ['Item', 'Summary'] },
      DocumentDate: dt, PostingDate: dt, DueDate: dt, DatePaid: dt, DateOfLastActivity: dt,
      FullyPaid: YesNo, OrderNumber: s, PONumber: s, DocumentDescription: s, CheckReceiptNumber: s,
      CurrencyCode: s, Terms: s, PostingSequenceNumber: i,
      OriginalAmountInCustomerCurrency: d, CurrentBalanceInCustomerCurrency: d,
      OriginalAmountInFunctionalCurrency: d, CurrentBalanceInFunctionalCurrency: d,
    },
  },
  Vendor: {
    name: 'Vendor',
    namespace: ns('AP'),
    props: {
      VendorNumber: s, ShortName: s, VendorName: s, GroupCode: s,
      Status: { enum: ['Active', 'Inactive'] }, InactiveDate: dt, OnHold: { enum: ['NotOnHold', 'OnHold'] },
      StartDate: dt, DateLastMaintained: dt, ...address,
      ContactName: s, PhoneNumber: s, FaxNumber: s, Email: s, WebSite: s, ContactsEmail: s, ContactsPhone: s,
      Terms: s, CurrencyCode: s, TaxGroup: s, AccountSet: s, BalanceDueInVendorCurrency: d,
    },
  },
  Item: {
    name: 'Item',
    namespace: ns('IC'),
    // The inventory items OE order lines name (ICITEM); only what an order check needs.
    props: { ItemNumber: s, Description: s, Status: { enum: ['Active', 'Inactive'] }, StockingUnitOfMeasure: s, DateLastMaintained: dt },
  },
  Order: {
    name: 'Order',
    namespace: ns('OE'),
    props: {
      OrderUniquifier: i, OrderNumber: s, CustomerNumber: s, OrderType: { enum: ['Active', 'Future', 'Standing', 'Quote'] },
      OrderReference: s, OrderDescription: s, OrderComment: s, OrderDate: dt, ExpectedShipDate: dt, PONumber: s,
      TaxGroup: s, OrderFiscalYear: s, OrderFiscalPeriod: s, LastShipmentNumber: s, LastInvoiceNumber: s,
      InvoiceWillBeProduced: 'bool', CustomerCurrency: s, Salesperson1: s,
      // UNVERIFIED total names (spec §8.9 lists "computed totals" without names).
      OrderSubtotal: d, OrderTotalTax: d, OrderTotal: d,
      OrderDetails: { collection: 'OrderDetail' },
      OrderOptionalFields: { collection: 'OrderOptionalField' },
    },
  },
  OrderDetail: {
    name: 'OrderDetail',
    namespace: ns('OE'),
    props: {
      OrderUniquifier: i, LineNumber: i, LineType: { enum: ['Item', 'Miscellaneous'] }, Item: s, Description: s,
      Location: s, QuantityOrdered: d, QuantityShipped: d, UnitOfMeasure: s, PricingUnitPrice: d, PriceList: s,
      MiscellaneousChargesCode: s, ExtendedAmount: d, UpdateOperation,
      OrderDetailOptionalFields: { collection: 'OrderDetailOptionalField' },
    },
  },
  OrderOptionalField: {
    name: 'OrderOptionalField',
    namespace: ns('OE'),
    props: { OrderUniquifier: i, OptionalField: s, Value: s, UpdateOperation },
  },
  OrderDetailOptionalField: {
    name: 'OrderDetailOptionalField',
    namespace: ns('OE'),
    props: { OrderUniquifier: i, LineNumber: i, OptionalField: s, Value: s, UpdateOperation },
  },
  // OE invoices (OE0420 OEINVH), GET only (spec §8.1). Header names are those a production client reads
  // (spec §8.9); the key (`InvoiceUniquifier`, as orders have `OrderUniquifier`), `ShipmentNumber`,
  // `OrderUniquifier`, the totals and the detail names (taken from OrderDetail) are UNVERIFIED.
  OEInvoice: {
    name: 'Invoice',
    namespace: ns('OE'),
    props: {
      InvoiceUniquifier: i, InvoiceNumber: s, InvoiceDate: dt, CustomerNumber: s, OrderNumber: s, OrderUniquifier: i, ShipmentNumber: s,
      TaxGroup: s, InvoiceHomeCurrency: s, InvoiceSourceCurrency: s, InvoiceRateType: s, BillTo: s, BillToAddress1: s, BillToCity: s,
      ShipToName: s, DefaultLocationCode: s, DefaultPriceListCode: s,
      InvoiceSubtotal: d, InvoiceTotalTax: d, InvoiceTotal: d,
      InvoiceDetails: { collection: 'OEInvoiceDetail' },
    },
  },
  OEInvoiceDetail: {
    name: 'InvoiceDetail',
    namespace: ns('OE'),
    props: {
      InvoiceUniquifier: i, LineNumber: i, LineType: { enum: ['Item', 'Miscellaneous'] }, Item: s, Description: s, Location: s,
      QuantityShipped: d, PricingUnitPrice: d, MiscellaneousChargesCode: s, ExtendedAmount: d,
    },
  },
  PostInvoices: {
    name: 'PostInvoices',
    namespace: ns('AR'),
    // UNVERIFIED parameter names (spec §3.6: take them from $template on a real system).
    props: { BatchNumberFrom: i, BatchNumberTo: i },
  },
};

export const RESOURCES: ResourceDef[] = [
  { module: 'AR', name: 'ARCustomers', model: 'Customer', key: ['CustomerNumber'], verbs: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], master: true },
  { module: 'AR', name: 'ARTerms', model: 'Terms', key: ['TermsCode'], verbs: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], master: false },
  { module: 'AR', name: 'ARInvoiceBatches', model: 'InvoiceBatch', key: ['BatchNumber'], verbs: ['GET', 'POST', 'PATCH'], master: false, generatedKey: true },
  { module: 'AR', name: 'ARPostedDocuments', model: 'PostedDocument', key: ['CustomerNumber', 'DocumentNumber'], verbs: ['GET'], master: false },
  { module: 'AP', name: 'APVendors', model: 'Vendor', key: ['VendorNumber'], verbs: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], master: true },
  { module: 'IC', name: 'ICItems', model: 'Item', key: ['ItemNumber'], verbs: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], master: true },
  { module: 'OE', name: 'OEOrders', model: 'Order', key: ['OrderUniquifier'], verbs: ['GET', 'POST'], master: false, generatedKey: true },
  { module: 'OE', name: 'OEInvoices', model: 'OEInvoice', key: ['InvoiceUniquifier'], verbs: ['GET'], master: false },
];

/** Process endpoints: POST `('$process')` / `('$template')` only. */
export const PROCESSES: { module: 'AR'; name: string; model: string }[] = [{ module: 'AR', name: 'ARPostInvoices', model: 'PostInvoices' }];

export function findResource(module: string, name: string): ResourceDef | undefined {
  const m = module.toUpperCase();
  const n = name.toLowerCase();
  return RESOURCES.find((r) => r.module === m && r.name.toLowerCase() === n);
}

export function resourceByName(name: string): ResourceDef | undefined {
  const n = name.toLowerCase();
  return RESOURCES.find((r) => r.name.toLowerCase() === n);
}

export function modelOf(resource: ResourceDef): Model {
  return MODELS[resource.model]!;
}
