// The fields each entity offers the mapping UI, with Sage's exact property names (spec §8 — trust its
// names over guesses: `Terms`, `CurrencyCode`, `InactiveDate`, contact fields on the customer).
import type { FieldInfo } from '../kit/types.ts';

type Kind = FieldInfo['type'];

const humanize = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/(\d+)$/, ' $1');

function list(spec: Record<string, Kind>, readOnly: readonly string[] = [], extra: Record<string, Partial<FieldInfo>> = {}): FieldInfo[] {
  return Object.entries(spec).map(([name, type]) => ({
    name,
    label: humanize(name),
    type,
    ...(readOnly.includes(name) && { readOnly: true }),
    ...extra[name],
  }));
}

/** Customer properties verified in Sage's payloads and metadata (spec §8.2); used as the `$select`. */
export const CUSTOMER_FIELDS: Record<string, Kind> = {
  CustomerNumber: 'string', ShortName: 'string', CustomerName: 'string', GroupCode: 'string', NationalAccount: 'string',
  Status: 'enumeration', InactiveDate: 'date', OnHold: 'enumeration', StartDate: 'date', DateLastMaintained: 'date',
  AddressLine1: 'string', AddressLine2: 'string', AddressLine3: 'string', AddressLine4: 'string',
  City: 'string', StateProvince: 'string', ZipPostalCode: 'string', Country: 'string',
  ContactName: 'string', PhoneNumber: 'string', FaxNumber: 'string', Email: 'string', WebSite: 'string',
  ContactsEmail: 'string', ContactsPhone: 'string', ContactsFax: 'string',
  AccountSet: 'string', BillingCycle: 'string', CurrencyCode: 'string', AccountType: 'enumeration', PrintStatements: 'enumeration',
  Terms: 'string', PaymentCode: 'string', CustomerPriceList: 'string', ShipViaCode: 'string', TerritoryCode: 'string',
  TaxGroup: 'string', CreditLimitCustomerCurrency: 'number',
  BalanceDueInCustomerCurrency: 'number', BalanceDueInFunctionalCurrency: 'number', AmountPastDue: 'number',
  DateOfLastInvoice: 'date', DateOfLastReceipt: 'date', DateOfLastActivity: 'date', NumberOfOpenDocuments: 'number',
  Salesperson1: 'string',
  CustomerOptionalFieldValues: 'array',
};

export const CUSTOMER_READ_ONLY = [
  'DateLastMaintained', 'BalanceDueInCustomerCurrency', 'BalanceDueInFunctionalCurrency', 'AmountPastDue',
  'DateOfLastInvoice', 'DateOfLastReceipt', 'DateOfLastActivity', 'NumberOfOpenDocuments',
];

export const CUSTOMER_BALANCE_FIELDS = [
  'CustomerNumber', 'BalanceDueInCustomerCurrency', 'BalanceDueInFunctionalCurrency', 'AmountPastDue',
  'DateOfLastInvoice', 'DateOfLastReceipt', 'NumberOfOpenDocuments', 'CurrencyCode',
];

export const CONTACT_SELECT = ['CustomerNumber', 'CustomerName', 'ContactName', 'Email', 'ContactsEmail', 'PhoneNumber', 'ContactsPhone', 'FaxNumber', 'ContactsFax', 'DateLastMaintained'];

export const customerFields = list(CUSTOMER_FIELDS, CUSTOMER_READ_ONLY, {
  CustomerNumber: { unique: true, required: true, description: 'Key (up to 12 characters, upper-case).' },
  GroupCode: { required: true, description: 'Customer group; it loads account set, terms and billing defaults.' },
  Terms: { description: 'Terms code (see the AR terms entity).' },
  ContactName: { description: 'The customer’s contact person (Sage keeps one contact on the customer record).' },
  ContactsEmail: { description: 'The contact person’s e-mail (Email is the customer’s own).' },
});

export const customerBalanceFields = list(Object.fromEntries(CUSTOMER_BALANCE_FIELDS.map((f) => [f, CUSTOMER_FIELDS[f]!])), CUSTOMER_BALANCE_FIELDS);

export const contactFields = list(
  { CustomerNumber: 'string', CustomerName: 'string', ContactName: 'string', FirstName: 'string', LastName: 'string', Email: 'string', Phone: 'string', Fax: 'string', DateLastMaintained: 'date' },
  ['DateLastMaintained'],
  {
    CustomerNumber: { unique: true, description: 'The customer this contact belongs to (one contact per customer in Sage 300).' },
    Email: { description: 'ContactsEmail, or the customer’s Email when the contact has none.' },
    Phone: { description: 'ContactsPhone, or the customer’s PhoneNumber.' },
  },
);

export const termsFields = list({ TermsCode: 'string', Description: 'string', DueNumberOfDays: 'number', DiscountPercent: 'number', DiscountNumberOfDays: 'number' }, [], {
  TermsCode: { unique: true },
});

export const invoiceFields = list(
  {
    InvoiceId: 'string', BatchNumber: 'number', EntryNumber: 'number', BatchStatus: 'enumeration', BatchDate: 'date', Posted: 'boolean',
    CustomerNumber: 'string', DocumentNumber: 'string', DocumentType: 'enumeration', DocumentDate: 'date', DueDate: 'date', PostingDate: 'date',
    InvoiceDescription: 'string', CurrencyCode: 'string', Terms: 'string', DocumentTotalBeforeTax: 'number', TaxTotal: 'number',
    DocumentTotalIncludingTax: 'number', AmountDue: 'number', OrderNumber: 'string', PONumber: 'string', InvoiceDetails: 'array',
  },
  [],
  {
    InvoiceId: { unique: true, description: 'BatchNumber-EntryNumber: stable before and after posting.' },
    InvoiceDetails: { description: 'Lines: LineNumber, ItemNumber, Description, Quantity, Price, ExtendedAmountWithoutTIP, TaxTotal, DistributionCode.' },
  },
);

export const postedDocumentFields = list(
  {
    DocumentId: 'string', CustomerNumber: 'string', DocumentNumber: 'string', DocumentType: 'enumeration', DocumentDate: 'date', DueDate: 'date',
    DatePaid: 'date', FullyPaid: 'enumeration', PaymentStatus: 'enumeration', BatchNumber: 'number', EntryNumber: 'number',
    OrderNumber: 'string', PONumber: 'string', DocumentDescription: 'string',
    OriginalAmountInCustomerCurrency: 'number', CurrentBalanceInCustomerCurrency: 'number',
  },
  ['PaymentStatus'],
  {
    DocumentId: { unique: true, description: 'CustomerNumber:DocumentNumber.' },
    PaymentStatus: {
      description: 'paid, partially_paid or open (from FullyPaid and the balance).',
      options: [{ value: 'paid', label: 'Paid' }, { value: 'partially_paid', label: 'Partially paid' }, { value: 'open', label: 'Open' }],
    },
    OriginalAmountInCustomerCurrency: { description: 'Property name unverified on real servers (spec §8.7).' },
    CurrentBalanceInCustomerCurrency: { description: 'Property name unverified on real servers (spec §8.7).' },
  },
);

export const vendorFields = list(
  {
    VendorNumber: 'string', ShortName: 'string', VendorName: 'string', GroupCode: 'string', Status: 'enumeration', OnHold: 'enumeration',
    DateLastMaintained: 'date', AddressLine1: 'string', City: 'string', StateProvince: 'string', ZipPostalCode: 'string', Country: 'string',
    ContactName: 'string', PhoneNumber: 'string', Email: 'string', WebSite: 'string', ContactsEmail: 'string', ContactsPhone: 'string',
    Terms: 'string', CurrencyCode: 'string',
  },
  ['DateLastMaintained'],
  { VendorNumber: { unique: true }, ContactsEmail: { description: 'The contact person’s e-mail (Email is the vendor’s own).' } },
);

export const vendorContactFields = list(
  { VendorNumber: 'string', VendorName: 'string', ContactName: 'string', FirstName: 'string', LastName: 'string', Email: 'string', Phone: 'string', DateLastMaintained: 'date' },
  ['DateLastMaintained'],
  { VendorNumber: { unique: true, description: 'The vendor the contact person is kept on (Sage keeps one contact per vendor).' } },
);

export const orderFields = list(
  {
    OrderUniquifier: 'number', OrderNumber: 'string', CustomerNumber: 'string', OrderType: 'enumeration', OrderDate: 'date', ExpectedShipDate: 'date',
    OrderReference: 'string', OrderDescription: 'string', OrderComment: 'string', PONumber: 'string', OrderTotal: 'number', CustomerCurrency: 'string', OrderDetails: 'array',
  },
  ['OrderUniquifier', 'OrderNumber', 'OrderTotal'],
  {
    OrderUniquifier: { unique: true, description: 'Key assigned by Sage 300.' },
    OrderDetails: { description: 'Lines: LineNumber (steps of 32), LineType (Item/Miscellaneous), Item, Description, Location, QuantityOrdered, PricingUnitPrice, ExtendedAmount, MiscellaneousChargesCode.' },
    OrderTotal: { description: 'Property name unverified on real servers (spec §8.9).' },
    CustomerCurrency: { description: "The order's currency (OEORDH CURRENCY). Property name unverified on real servers (spec §8.9 lists no currency field); empty when the server names it otherwise." },
  },
);
