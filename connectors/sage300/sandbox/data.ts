// Seeded, realistic sandbox data (deterministic for a given seed and "today"): customers with their
// contact fields and terms, invoice batches with lines (most of them posted, some paid), vendors and OE
// orders. Names carry accents, CJK and apostrophes; addresses run to Sage's 60 characters; many optional
// fields are blank, as in real ledgers.
import { COMPANY_NAMES, FakeData, FIRST_NAMES as FIRST, LAST_NAMES as LAST, STREETS } from '../../kit/sandbox/fake-data.ts';
import { addDays, blank, round2, sageDate } from './records.ts';
import type { Row } from '../../kit/sandbox/table.ts';

export interface SeedData {
  terms: Row[];
  customers: Row[];
  vendors: Row[];
  /** Invoice batches as entered; the state posts the ones listed in `postings`. */
  batches: Row[];
  orders: Row[];
  /** Inventory items (IC); a seed without them gets the catalogue the generated ledger sells. */
  items?: Row[];
  postings: { batchNumber: number; day: string }[];
  payments: { customerNumber: string; documentNumber: string; fraction: number; day: string }[];
}

export const TERMS: Row[] = [
  { TermsCode: 'N30', Description: 'Net 30 days', due: 30, disc: 0 },
  { TermsCode: 'N15', Description: 'Net 15 days', due: 15, disc: 0 },
  { TermsCode: 'N60', Description: 'Net 60 days', due: 60, disc: 0 },
  { TermsCode: '2N31', Description: '2% - 10 days, Net 31', due: 31, disc: 2 },
  { TermsCode: 'COD', Description: 'Cash on delivery', due: 0, disc: 0 },
  { TermsCode: 'DUETBL', Description: 'Due upon receipt — 1% après 5 jours', due: 0, disc: 1 },
].map(({ TermsCode, Description, due, disc }) =>
  blank('Terms', {
    TermsCode, Description, CalculationBaseForDiscountwithTax: 'Excluded', DiscountType: 'DaysFromInvoiceDate',
    DueDateType: 'DaysFromInvoiceDate', NumberOfPayments: 1, TotalPercentDue: 100, Status: 'Active',
    TermsPaymentSchedules: [
      { TermsCode, PaymentNumber: 1, PercentDue: 100, DiscountPercent: disc, DiscountNumberOfDays: disc ? 10 : 0, DiscountDayOfMonth: 0, DueNumberOfDays: due, DueDayOfMonth: 0, UpdateOperation: 'Unspecified' },
    ],
  }),
);

export function termsDays(code: string): number {
  const t = TERMS.find((r) => r.TermsCode === code);
  const sched = (t?.TermsPaymentSchedules as Row[] | undefined)?.[0];
  return Number(sched?.DueNumberOfDays ?? 30);
}

const GROUPS = ['RTL', 'WHL', 'INT'];
const TERM_CODES = ['N30', 'N30', 'N30', 'N15', 'N60', '2N31', 'COD', 'DUETBL'];
const ITEMS: [string, string, number][] = [
  ['A1-105/0', 'Steel Shelving Unit 1.8 m', 149.5], ['A1-310/0', 'Fluorescent Desk Lamp', 39.99], ['B2-220/4', 'Cordless Drill 18 V', 219],
  ['C3-001/1', 'Conference Table — Walnut', 1250], ['D4-777/2', 'Ergonomic Chair «Comfort+»', 389.95], ['', 'Consulting services (hours)', 95],
];

/** The stocked items of the generated ledger (the service line has no item number). */
export function itemCatalogue(): Row[] {
  return ITEMS.filter(([code]) => code).map(([ItemNumber, Description]) => blank('Item', { ItemNumber, Description, Status: 'Active', StockingUnitOfMeasure: 'Ea.' }));
}

export function customerNumber(i: number): string {
  return `C${String(i + 1).padStart(6, '0')}`;
}

export function generate(records: number, seed: number, today: string): SeedData {
  // The kit's shared generator; the draws below are in a fixed order, so a seed always gives the same ledger.
  const fake = new FakeData(seed);
  const pick = <T>(xs: readonly T[]): T => fake.pick(xs);
  const int = (lo: number, hi: number) => fake.int(lo, hi);
  const chance = (p: number) => fake.chance(p);

  const customers: Row[] = [];
  for (let i = 0; i < records; i++) {
    const number = customerNumber(i);
    const name = fake.companyName(i).slice(0, 60);
    const first = pick(FIRST);
    const last = pick(LAST);
    const { city, region: state, postalCode: zip, country } = fake.city();
    const dlmAgo = int(0, 1095);
    const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '').slice(0, 20) || 'firma'}${i + 1}.example.com`;
    const longAddress = chance(0.1);
    const inactive = chance(0.04);
    const hasContact = chance(0.9);
    customers.push(
      blank('Customer', {
        CustomerNumber: number,
        ShortName: name.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase().slice(0, 10),
        CustomerName: name,
        GroupCode: pick(GROUPS),
        Status: inactive ? 'Inactive' : 'Active',
        InactiveDate: inactive ? sageDate(addDays(today, -int(dlmAgo, dlmAgo + 200))) : null,
        OnHold: chance(0.03) ? 'Yes' : 'No',
        StartDate: sageDate(addDays(today, -int(dlmAgo, 4000))),
        DateLastMaintained: sageDate(addDays(today, -dlmAgo)),
        AddressLine1: longAddress ? `Unit ${int(100, 2999)}, Tower B, ${int(1, 9999)} ${pick(STREETS)}`.slice(0, 60) : `${int(1, 9999)} ${pick(STREETS)}`,
        AddressLine2: longAddress ? 'Attention: Accounts Payable Department, 14th floor'.slice(0, 60) : '',
        AddressLine3: longAddress ? 'c/o Building Management Office — Loading Dock 3'.slice(0, 60) : '',
        City: city, StateProvince: state, ZipPostalCode: zip, Country: country,
        ContactName: hasContact ? `${first} ${last}` : '',
        PhoneNumber: chance(0.8) ? `${int(200, 989)}555${String(int(0, 9999)).padStart(4, '0')}` : '',
        FaxNumber: chance(0.2) ? `${int(200, 989)}555${String(int(0, 9999)).padStart(4, '0')}` : '',
        Email: chance(0.75) ? `ap@${domain}` : '',
        WebSite: chance(0.5) ? `www.${domain}` : '',
        ContactsEmail: hasContact && chance(0.8) ? `${first}.${last}`.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/[^A-Za-z.]/g, '').toLowerCase() + `@${domain}` : '',
        ContactsPhone: hasContact && chance(0.6) ? `${int(200, 989)}555${String(int(0, 9999)).padStart(4, '0')}` : '',
        AccountSet: country === 'Canada' ? 'CAN' : 'USA',
        BillingCycle: 'BILLMT', InterestProfile: 'INTWHS',
        CurrencyCode: country === 'Canada' ? 'CAD' : country === 'Germany' || country === 'Spain' ? 'EUR' : 'USD',
        RateType: 'SP',
        AccountType: chance(0.7) ? 'OpenItem' : 'BalanceForward',
        PrintStatements: chance(0.8) ? 'Yes' : 'No',
        Terms: pick(TERM_CODES),
        TaxGroup: country === 'Canada' ? 'CANADA' : 'CALIF',
        TaxClassCode1: 1,
        CreditLimitCustomerCurrency: pick([0, 5000, 10000, 25000, 100000]),
        CheckCreditLimit: chance(0.5) ? 'Yes' : 'No',
        Salesperson1: chance(0.6) ? pick(['KAH', 'JMD', 'RSL']) : '',
        SalesSplitPercentage1: 100,
        CustomerOptionalFieldValues: chance(0.3)
          ? [{ CustomerNumber: number, OptionalField: 'UPSZONE', Value: pick(['RED', 'BLUE', 'GREEN']), CustomerOptionalFieldValueType: 'Text', UpdateOperation: 'Unspecified' }]
          : [],
      }),
    );
  }

  const vendors: Row[] = [];
  const vendorCount = Math.max(5, Math.floor(records / 5));
  for (let i = 0; i < vendorCount; i++) {
    const { city, region: state, postalCode: zip, country } = fake.city();
    vendors.push(
      blank('Vendor', {
        VendorNumber: `V${String(i + 1).padStart(5, '0')}`,
        ShortName: `VEND${i + 1}`,
        VendorName: `${pick(COMPANY_NAMES)} Supply ${i + 1}`.slice(0, 60),
        GroupCode: pick(['INV', 'SRV']),
        Status: 'Active', OnHold: chance(0.05) ? 'OnHold' : 'NotOnHold',
        DateLastMaintained: sageDate(addDays(today, -int(0, 1095))),
        StartDate: sageDate(addDays(today, -int(1100, 4000))),
        AddressLine1: `${int(1, 9999)} ${pick(STREETS)}`, City: city, StateProvince: state, ZipPostalCode: zip, Country: country,
        ContactName: chance(0.7) ? `${pick(FIRST)} ${pick(LAST)}` : '',
        PhoneNumber: chance(0.7) ? `${int(200, 989)}555${String(int(0, 9999)).padStart(4, '0')}` : '',
        Email: chance(0.6) ? `orders@vendor${i + 1}.example.com` : '',
        Terms: pick(TERM_CODES), CurrencyCode: 'USD', TaxGroup: 'CALIF', AccountSet: 'USA',
      }),
    );
  }

  // Invoice batches: about one per 10 customers, 1–6 invoices each, 1–3 lines per invoice.
  const batches: Row[] = [];
  const postings: SeedData['postings'] = [];
  const payments: SeedData['payments'] = [];
  let documentSeq = 1000;
  const batchCount = Math.max(3, Math.ceil(records / 10));
  for (let b = 0; b < batchCount; b++) {
    const batchNumber = b + 1;
    const ago = Math.round(730 * (1 - b / batchCount)) + int(0, 3);
    const batchDay = addDays(today, -ago);
    const invoices: Row[] = [];
    const nInvoices = int(1, 6);
    for (let e = 0; e < nInvoices; e++) {
      const entry = e + 1;
      const customer = customers[int(0, records - 1)];
      if (!customer) break;
      const credit = chance(0.06);
      const lines: Row[] = [];
      const nLines = int(1, 3);
      for (let l = 0; l < nLines; l++) {
        const [item, description, price] = pick(ITEMS);
        const quantity = int(1, 20);
        const amount = round2(quantity * price);
        lines.push(
          blank('InvoiceDetail', {
            BatchNumber: batchNumber, EntryNumber: entry, LineNumber: (l + 1) * 20, DistributionCode: item ? 'SALES' : 'SERV',
            RevenueAccount: item ? '4000' : '4100', ItemNumber: item, Description: description, Quantity: quantity, Price: price,
            UnitOfMeasure: item ? 'Ea.' : 'Hr.', ExtendedAmountWithTIP: amount, ExtendedAmountWithoutTIP: amount,
            TaxTotal: round2(amount * 0.08), UpdateOperation: 'Unspecified',
          }),
        );
      }
      const net = round2(lines.reduce((a, l) => a + Number(l.ExtendedAmountWithoutTIP), 0));
      const tax = round2(lines.reduce((a, l) => a + Number(l.TaxTotal), 0));
      const terms = String(customer.Terms);
      const due = addDays(batchDay, termsDays(terms));
      const documentNumber = `${credit ? 'CN' : 'IN'}${String(++documentSeq).padStart(7, '0')}`;
      invoices.push(
        blank('Invoice', {
          BatchNumber: batchNumber, EntryNumber: entry, CustomerNumber: customer.CustomerNumber, DocumentNumber: documentNumber,
          DocumentType: credit ? 'CreditNote' : 'Invoice', TransactionType: credit ? 'CreditNoteItemIssued' : 'InvoiceItemIssued',
          DocumentDate: sageDate(batchDay), AsOfDate: sageDate(batchDay), PostingDate: sageDate(batchDay), DueDate: sageDate(due),
          InvoiceType: 'Item', InvoiceDescription: chance(0.5) ? `Order for ${customer.CustomerName}`.slice(0, 60) : '',
          CurrencyCode: customer.CurrencyCode, Terms: terms, TaxGroup: customer.TaxGroup, TaxClass1: 1, TaxAmount1: tax,
          DocumentTotalBeforeTax: net, TaxTotal: tax, DocumentTotalIncludingTax: round2(net + tax), AmountDue: round2(net + tax),
          PONumber: chance(0.4) ? `PO-${int(10000, 99999)}` : '', UpdateOperation: 'Unspecified',
          InvoiceDetails: lines,
          InvoicePaymentSchedules: [{ BatchNumber: batchNumber, EntryNumber: entry, PaymentNumber: 1, DueDate: sageDate(due), AmountDue: round2(net + tax), UpdateOperation: 'Unspecified' }],
        }),
      );
      if (!credit && ago > 20 && chance(0.7)) {
        payments.push({ customerNumber: String(customer.CustomerNumber), documentNumber, fraction: chance(0.85) ? 1 : 0.5, day: addDays(batchDay, int(5, Math.max(5, Math.min(ago - 1, 60)))) });
      }
    }
    // The newest few batches are still being entered; everything older was posted within two days.
    const status = b >= batchCount - Math.max(1, Math.floor(batchCount * 0.03)) ? pick(['Open', 'ReadyToPost']) : 'Posted';
    batches.push(
      blank('InvoiceBatch', {
        BatchNumber: batchNumber, BatchDate: sageDate(batchDay), Description: chance(0.5) ? `Invoices ${batchDay}` : '',
        BatchType: 'Entered', BatchStatus: status === 'Posted' ? 'Open' : status, DefaultInvoiceType: 'Item',
        BatchTotal: round2(invoices.reduce((a, v) => a + Number(v.DocumentTotalIncludingTax), 0)),
        NumberOfEntries: invoices.length, DateLastEdited: sageDate(batchDay), Invoices: invoices,
      }),
    );
    if (status === 'Posted') postings.push({ batchNumber, day: addDays(batchDay, Math.min(int(0, 2), ago)) });
  }

  const orders: Row[] = [];
  const orderCount = Math.max(3, Math.floor(records / 5));
  for (let o = 0; o < orderCount; o++) {
    const customer = customers[int(0, records - 1)];
    if (!customer) break;
    const uniquifier = 10_000 + o * 3 + int(0, 2);
    const orderDay = addDays(today, -Math.round(700 * (1 - o / orderCount)));
    const lines: Row[] = [];
    for (let l = 0; l < int(1, 4); l++) {
      const [item, description, price] = pick(ITEMS);
      const qty = int(1, 12);
      lines.push(
        blank('OrderDetail', {
          OrderUniquifier: uniquifier, LineNumber: (l + 1) * 32, LineType: item ? 'Item' : 'Miscellaneous', Item: item,
          Description: description, Location: '1', QuantityOrdered: qty, QuantityShipped: chance(0.5) ? qty : 0,
          UnitOfMeasure: 'Ea.', PricingUnitPrice: price, PriceList: 'WHS', MiscellaneousChargesCode: item ? '' : 'HC',
          ExtendedAmount: round2(qty * price), UpdateOperation: 'Unspecified',
        }),
      );
    }
    const subtotal = round2(lines.reduce((a, l) => a + Number(l.ExtendedAmount), 0));
    orders.push(
      blank('Order', {
        OrderUniquifier: uniquifier, OrderNumber: `ORD${String(o + 1).padStart(6, '0')}`, CustomerNumber: customer.CustomerNumber,
        OrderType: 'Active', OrderReference: chance(0.3) ? `Web order ${int(1000, 9999)}` : '', OrderDescription: chance(0.5) ? 'Order Entry' : '',
        OrderDate: sageDate(orderDay), ExpectedShipDate: sageDate(addDays(orderDay, 7)), PONumber: chance(0.5) ? `PO-${int(10000, 99999)}` : '',
        TaxGroup: customer.TaxGroup, OrderFiscalYear: orderDay.slice(0, 4), OrderFiscalPeriod: `Num${Number(orderDay.slice(5, 7))}`,
        CustomerCurrency: customer.CurrencyCode, OrderSubtotal: subtotal, OrderTotalTax: round2(subtotal * 0.08), OrderTotal: round2(subtotal * 1.08),
        OrderDetails: lines,
      }),
    );
  }

  return { terms: TERMS.map((t) => structuredClone(t)), customers, vendors, batches, orders, items: itemCatalogue(), postings, payments };
}
