// Realistic seeded Sage 100 data for one company, deterministic for a seed, with the traps a real
// install has: TimeUpdated strings of mixed precision ('9.5', '14.50000', '8.49238') that sort wrongly
// as text, rows a bulk import created without DateUpdated, blank dates, several e-mail addresses in one
// field, divisions 00/01/02, credit memos and payments with negative balances, re-used invoice numbers.
import { seededRandom } from '../../kit/sandbox/random.ts';
import { secondsToDecimalHours } from '../agent/decimal-time.ts';

export type Row = Record<string, string | number | null>;
export interface SeedTables { [table: string]: Row[] }

const NAMES = ['Acme', 'Northwind', 'Blue Ridge', 'Summit', 'Harbor', 'Pioneer', 'Cascade', 'Redwood', 'Granite', 'Lakeside', 'Prairie', 'Silverline', 'Keystone', 'Evergreen', 'Ironwood', 'Bayview', 'Crestview', 'Riverbend', 'Oakmont', 'Sunrise'];
const KINDS = ['Supply', 'Industries', 'Foods', 'Electric', 'Builders', 'Medical', 'Logistics', 'Textiles', 'Hardware', 'Labs'];
const CITIES: [string, string, string][] = [['Austin', 'TX', '78701'], ['Denver', 'CO', '80202'], ['Portland', 'OR', '97204'], ['Columbus', 'OH', '43215'], ['Raleigh', 'NC', '27601'], ['Boise', 'ID', '83702'], ['Madison', 'WI', '53703'], ['Tampa', 'FL', '33602']];
const FIRST = ['Maria', 'James', 'Aiko', 'Robert', 'Fatima', 'Chen', 'Olivia', 'Diego', 'Priya', 'Liam'];
const LAST = ['Garcia', 'Smith', 'Tanaka', 'Johnson', 'Haddad', 'Wei', 'Brown', 'Lopez', 'Patel', "O'Neil"];
const ITEMS: [string, string, number][] = [['1001-HON-H252', 'HON 2 DRAWER LETTER FLE W/O LK', 96.5], ['2481-Z-4-8', 'CAT 5E CABLE 4 PAIR 8FT', 4.25], ['6655', 'LASER PRINTER TONER BLACK', 79], ['D1000', 'DESK OAK 60X30', 349], ['GFX-200', 'GRAPHICS CARD 8GB', 289.99], ['SVC-INSTALL', 'ON-SITE INSTALLATION (HOUR)', 95]];
/** CustomerType → what the HubSpot template's lookup turns into an industry. */
export const CUSTOMER_TYPES = ['RET', 'WHOL', 'DIST', 'MFG', 'SVC', ''];
export const TERMS: { TermsCode: string; TermsCodeDesc: string; DaysBeforeDue: number; DiscountRate: number; DaysBeforeDiscountDue: number }[] = [
  { TermsCode: '00', TermsCodeDesc: 'C.O.D.', DaysBeforeDue: 0, DiscountRate: 0, DaysBeforeDiscountDue: 0 },
  { TermsCode: '01', TermsCodeDesc: 'Net 30 Days', DaysBeforeDue: 30, DiscountRate: 0, DaysBeforeDiscountDue: 0 },
  { TermsCode: '02', TermsCodeDesc: '2% 10 Net 30', DaysBeforeDue: 30, DiscountRate: 2, DaysBeforeDiscountDue: 10 },
  { TermsCode: '03', TermsCodeDesc: 'Net 60 Days', DaysBeforeDue: 60, DiscountRate: 0, DaysBeforeDiscountDue: 0 },
  { TermsCode: '04', TermsCodeDesc: 'Due on Receipt', DaysBeforeDue: 0, DiscountRate: 0, DaysBeforeDiscountDue: 0 },
];

export const dayOffset = (today: string, days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Mixed stored precisions, as different Sage programs write them. */
function timeText(seconds: number, style: number): string {
  const hours = seconds / 3600;
  if (style === 0) return secondsToDecimalHours(seconds);
  if (style === 1) return hours.toFixed(5);
  return String(Number(hours.toFixed(2)));
}

export interface SeedFacts {
  blankDates: 'mixed' | 'null' | 'empty' | 'invalid';
  timePrecision: 'mixed' | 'padded' | 'short';
  creditMemoSign: 'negative' | 'positive';
  paidItemsLinger: boolean;
}

const DEFAULT_FACTS: SeedFacts = { blankDates: 'mixed', timePrecision: 'mixed', creditMemoSign: 'negative', paidItemsLinger: true };

export function generate(records: number, seed: number, today: string, facts: SeedFacts = DEFAULT_FACTS): SeedTables {
  const rnd = seededRandom(seed);
  let blanks = 0;
  /** A blank date as the DSN returns it. */
  const blank = (): string | null => {
    const mode = facts.blankDates === 'mixed' ? (['null', 'empty', 'invalid'] as const)[blanks++ % 3] : facts.blankDates;
    return mode === 'null' ? null : mode === 'empty' ? '' : '0000-00-00';
  };
  const timeStyle = () => (facts.timePrecision === 'padded' ? 1 : facts.timePrecision === 'short' ? 0 : Math.floor(rnd() * 3));
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const money = (min: number, max: number) => Math.round((min + rnd() * (max - min)) * 100) / 100;
  const stamp = (maxDaysAgo: number) => {
    const sec = 7 * 3600 + Math.floor(rnd() * 11 * 3600);
    // Never today: a stamp later than the sandbox's clock would be a row from the future.
    return { date: dayOffset(today, -1 - Math.floor(rnd() * maxDaysAgo)), time: timeText(sec, timeStyle()) };
  };
  const audit = (maxDaysAgo: number, unstamped = false): Row => {
    const c = stamp(maxDaysAgo + 400);
    const u = stamp(maxDaysAgo);
    return {
      DateCreated: c.date, TimeCreated: c.time, UserCreatedKey: '0000000001',
      DateUpdated: unstamped ? null : u.date < c.date ? c.date : u.date, TimeUpdated: unstamped ? '' : u.time, UserUpdatedKey: unstamped ? '' : pick(['0000000001', '0000000002', '0000000007']),
    };
  };

  const tables: SeedTables = {
    SY_Company: [{ CompanyCode: 'ABC', CompanyName: 'ABC Distribution and Service Corp.', DateCreated: '2015-01-02' }, { CompanyCode: 'TST', CompanyName: 'Test Company', DateCreated: '2018-06-30' }],
    AR_TermsCode: TERMS.map((t) => ({ DueDateADayOfTheMonth: 'N', DiscountDateADayOfTheMo: 'N', DiscountCalculationMethod: 'I', MinimumDaysAllowedInv: 0, MinimumDaysAllowedDisc: 0, ...t, ...audit(600) })),
    AP_TermsCode: TERMS.map((t) => ({ TermsCode: t.TermsCode, TermsCodeDesc: t.TermsCodeDesc, DaysBeforeDue: t.DaysBeforeDue, DueDateADayOfTheMonth: 'N', MinimumDaysAllowedInv: 0, DaysDiscountAllowed: t.DaysBeforeDiscountDue, DiscountDateADayOfTheMo: 'N', MinimumDaysAllowedDisc: 0, DiscountRate: t.DiscountRate, ...audit(600) })),
    AR_Customer: [], AR_CustomerContact: [], AR_OpenInvoice: [], AR_InvoiceHistoryHeader: [], AR_InvoiceHistoryDetail: [], AP_Vendor: [],
  };

  let invoiceNo = 100_000;
  for (let i = 1; i <= records; i++) {
    const name = `${pick(NAMES)} ${pick(KINDS)}${i > NAMES.length * KINDS.length ? ` ${i}` : ''}`;
    const div = i % 7 === 0 ? '02' : i % 3 === 0 ? '01' : '00';
    const no = `${name.replace(/[^A-Z]/gi, '').slice(0, 4).toUpperCase()}${String(i).padStart(4, '0')}`;
    const [city, state, zip] = pick(CITIES);
    const domain = `${name.split(' ')[0]!.toLowerCase()}${i}.example`;
    const multiEmail = i % 5 === 0;
    const unstamped = i % 19 === 0;
    const first = pick(FIRST);
    const last = pick(LAST);
    tables.AR_Customer!.push({
      ARDivisionNo: div, CustomerNo: no, CustomerName: name.slice(0, 30), AddressLine1: `${100 + Math.floor(rnd() * 9000)} ${pick(['Main St', 'Oak Ave', 'Commerce Dr', 'Industrial Pkwy'])}`,
      AddressLine2: i % 4 === 0 ? `Suite ${100 + (i % 300)}` : '', AddressLine3: '', City: city, State: state, ZipCode: zip, CountryCode: 'USA',
      TelephoneNo: `(${500 + (i % 400)}) 555-${String(1000 + (i % 9000)).slice(-4)}`, TelephoneExt: i % 6 === 0 ? '12' : '', FaxNo: '',
      EmailAddress: multiEmail ? `ap@${domain};billing@${domain}` : `ap@${domain}`, URLAddress: i % 8 === 0 ? '' : `www.${domain}`,
      ContactCode: 'PRIMARY', ShipMethod: pick(['UPS GROUND', 'FEDEX 2DAY', 'WILL CALL']), TaxSchedule: 'WEST', TaxExemptNo: '', TermsCode: pick(TERMS).TermsCode,
      SalespersonDivisionNo: div, SalespersonNo: pick(['0100', '0200', 'MAJ', 'KMS']), Comment: '', SortField: no.slice(0, 10), CustomerType: pick(CUSTOMER_TYPES),
      PriceLevel: '', CreditHold: i % 23 === 0 ? 'Y' : 'N', CustomerStatus: i % 29 === 0 ? 'I' : 'A', InactiveReasonCode: '', OpenItemCustomer: 'Y', StatementCycle: 'M',
      PrintDunningMessage: 'Y', EmailStatements: multiEmail ? 'Y' : 'N', TemporaryCustomer: 'N', ResidentialAddress: 'N', PrimaryShipToCode: '', DefaultPaymentType: pick(['CHECK', 'ACH', '']),
      DateEstablished: i % 11 === 0 ? blank() : dayOffset(today, -400 - Math.floor(rnd() * 2000)), DateLastActivity: dayOffset(today, -Math.floor(rnd() * 60)),
      DateLastPayment: i % 13 === 0 ? blank() : dayOffset(today, -Math.floor(rnd() * 90)), DateLastStatement: dayOffset(today, -Math.floor(rnd() * 30)), DateLastFinanceChrg: blank(),
      DateLastAging: dayOffset(today, -1), CreditLimit: pick([0, 5000, 10000, 25000, 50000, 100000]), CurrentBalance: 0, AgingCategory1: 0, AgingCategory2: 0, AgingCategory3: 0, AgingCategory4: 0,
      BalanceForward: 0, OpenOrderAmt: money(0, 4000), LastPaymentAmt: money(0, 8000), HighestStmntBalance: money(1000, 60000), UnpaidServiceChrg: 0,
      AvgDaysPaymentInvoice: Math.floor(rnd() * 45), AvgDaysOverDue: Math.floor(rnd() * 12), NumberOfInvToUseInCalc: 10, CustomerDiscountRate: 0, ServiceChargeRate: 1.5,
      RetentionCurrent: 0, RetentionAging1: 0, RetentionAging2: 0, RetentionAging3: 0, RetentionAging4: 0, UDF_REGION: pick(['WEST', 'EAST', 'CENTRAL']),
      ...audit(120, unstamped),
    });
    tables.AR_CustomerContact!.push({
      ARDivisionNo: div, CustomerNo: no, ContactCode: 'PRIMARY', ContactName: `${first} ${last}`, AddressLine1: '', AddressLine2: '', AddressLine3: '', City: city, State: state, ZipCode: zip, CountryCode: 'USA',
      Salutation: pick(['Ms.', 'Mr.', 'Dr.', '']), ContactTitle: pick(['Accounts Payable', 'Controller', 'Purchasing Manager', 'Owner']), TelephoneNo1: `(${500 + (i % 400)}) 555-${String(2000 + (i % 7000)).slice(-4)}`,
      TelephoneExt1: '', TelephoneNo2: '', TelephoneExt2: '', FaxNo: '', EmailAddress: `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, '')}@${domain}`, ContactNotes: '', ...audit(200),
    });
    if (i % 4 === 0) {
      tables.AR_CustomerContact!.push({
        ARDivisionNo: div, CustomerNo: no, ContactCode: 'SHIPPING', ContactName: `${pick(FIRST)} ${pick(LAST)}`, AddressLine1: '', AddressLine2: '', AddressLine3: '', City: city, State: state, ZipCode: zip, CountryCode: 'USA',
        Salutation: '', ContactTitle: 'Receiving', TelephoneNo1: '', TelephoneExt1: '', TelephoneNo2: '', TelephoneExt2: '', FaxNo: '', EmailAddress: `receiving@${domain}`, ContactNotes: '', ...audit(300),
      });
    }
    const invoices = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < invoices; k++) {
      invoiceNo++;
      const isCredit = k === 2 && i % 3 === 0;
      const invDate = dayOffset(today, -Math.floor(rnd() * 400));
      const terms = TERMS.find((t) => t.TermsCode === tables.AR_Customer!.at(-1)!.TermsCode)!;
      const due = dayOffset(invDate, Number(terms.DaysBeforeDue));
      const lines = 1 + Math.floor(rnd() * 3);
      let net = 0;
      const invNo = String(invoiceNo).padStart(7, '0');
      const seqNo = i % 17 === 0 && k === 1 ? '000001' : '000000';
      for (let l = 1; l <= lines; l++) {
        const [code, desc, price] = pick(ITEMS);
        const qty = 1 + Math.floor(rnd() * 20);
        const ext = Math.round(qty * price * 100) / 100;
        net += ext;
        tables.AR_InvoiceHistoryDetail!.push({
          InvoiceNo: invNo, HeaderSeqNo: seqNo, DetailSeqNo: String(l).padStart(6, '0'), ItemCode: code, ItemType: code.startsWith('SVC') ? '5' : '1', ItemCodeDesc: desc,
          ExtendedDescriptionKey: '', SalesAcctKey: '000000010', CostOfGoodsSoldAcctKey: '000000020', UnitOfMeasure: code.startsWith('SVC') ? 'HR' : 'EACH', WarehouseCode: '000', ProductLine: 'DEFL',
          CommentText: '', QuantityShipped: qty, QuantityOrdered: qty, QuantityBackordered: 0, UnitPrice: price, UnitCost: Math.round(price * 0.6 * 100) / 100, UnitOfMeasureConvFactor: 1,
          LineDiscountPercent: 0, ExtensionAmt: ext, TaxClass: 'TX', PromiseDate: null, AliasItemNo: '', AppliedSalesOrderNo: '', AppliedCustomerPONo: '',
        });
      }
      net = Math.round(net * 100) / 100;
      const tax = Math.round(net * 0.0825 * 100) / 100;
      const freight = isCredit ? 0 : pick([0, 0, 15, 42.5]);
      const total = Math.round((net + tax + freight) * 100) / 100;
      const a = audit(90);
      tables.AR_InvoiceHistoryHeader!.push({
        InvoiceNo: invNo, HeaderSeqNo: seqNo, ModuleCode: pick(['S/O', 'A/R']), InvoiceType: isCredit ? 'CM' : 'IN', InvoiceDate: invDate, TransactionDate: invDate,
        ARDivisionNo: div, CustomerNo: no, TermsCode: terms.TermsCode, TaxSchedule: 'WEST', TaxExemptNo: '', SalespersonDivisionNo: div, SalespersonNo: '0100',
        CustomerPONo: i % 2 ? `PO-${invoiceNo % 9973}` : '', ApplyToInvoiceNo: isCredit ? String(invoiceNo - 1).padStart(7, '0') : '', Comment: '', JobNo: '',
        InvoiceDueDate: due, DiscountDueDate: terms.DaysBeforeDiscountDue ? dayOffset(invDate, Number(terms.DaysBeforeDiscountDue)) : null, SourceJournal: 'SO', JournalNoGLBatchNo: '000123',
        SalesOrderNo: i % 2 ? String(invoiceNo - 50_000).padStart(7, '0') : '', OrderType: 'S', OrderDate: dayOffset(invDate, -3),
        BillToName: name.slice(0, 30), BillToAddress1: tables.AR_Customer!.at(-1)!.AddressLine1 as string, BillToAddress2: '', BillToAddress3: '', BillToCity: city, BillToState: state, BillToZipCode: zip, BillToCountryCode: 'USA',
        ShipToCode: '', ShipToName: name.slice(0, 30), ShipToAddress1: tables.AR_Customer!.at(-1)!.AddressLine1 as string, ShipToAddress2: '', ShipToAddress3: '', ShipToCity: city, ShipToState: state, ShipToZipCode: zip, ShipToCountryCode: 'USA',
        ShipDate: invDate, ShipVia: 'UPS GROUND', FOB: '', ConfirmTo: `${first} ${last}`, PaymentType: '', WarehouseCode: '000', EmailAddress: `ap@${domain}`,
        TaxableSalesAmt: net, NonTaxableSalesAmt: 0, FreightAmt: freight, SalesTaxAmt: tax, CostOfSalesAmt: Math.round(net * 0.6 * 100) / 100, DiscountAmt: 0, CommissionAmt: 0, DepositAmt: 0,
        Weight: lines * 3, RetentionAmt: 0, NumberOfPackages: lines, BillToDivisionNo: '', BillToCustomerNo: '', ...a,
      });
      const fate = isCredit ? 'open' : rnd() < 0.55 ? 'open' : rnd() < 0.3 && facts.paidItemsLinger ? 'paid' : 'gone';
      if (fate !== 'gone') {
        const paidPart = isCredit ? 0 : fate === 'paid' ? 1 : pick([0, 0, 0.5]);
        const sign = isCredit && facts.creditMemoSign === 'negative' ? -1 : 1;
        const balance = Math.round(sign * total * (1 - paidPart) * 100) / 100;
        tables.AR_OpenInvoice!.push({
          ARDivisionNo: div, CustomerNo: no, InvoiceNo: invNo, InvoiceType: isCredit ? 'CM' : 'IN', InvoiceDate: invDate, InvoiceDueDate: due, InvoiceDiscountDate: null,
          InvoiceHistoryHeaderSeqNo: seqNo, PostingDate: invDate, TermsCode: terms.TermsCode, TaxSchedule: 'WEST', SalespersonDivisionNo: div, SalespersonNo: '0100',
          SplitCommissionFlag: 'N', Comment: '', CreditMemoInvoiceReference: '', JobNo: '', CustomerPONo: '', PostingReference: '', CheckNo: '', CommissionRate: 0,
          TaxableAmt: net, NonTaxableAmt: 0, FreightAmt: freight, SalesTaxAmt: tax, CostOfSalesAmt: 0, SalesSubjectToComm: net, CostSubjectToComm: 0, CommissionAmt: 0, DiscountAmt: 0,
          PaymentsToday: 0, Balance: balance, RetentionAmt: 0, SoldToDivisionNo: '', SoldToCustomerNo: '', ...a,
        });
      }
    }
    if (i % 10 === 0) {
      tables.AR_OpenInvoice!.push({
        ARDivisionNo: div, CustomerNo: no, InvoiceNo: `PY${String(i).padStart(5, '0')}`, InvoiceType: 'PY', InvoiceDate: dayOffset(today, -5), InvoiceDueDate: null, InvoiceDiscountDate: null,
        InvoiceHistoryHeaderSeqNo: '', PostingDate: dayOffset(today, -5), TermsCode: '', TaxSchedule: '', SalespersonDivisionNo: '', SalespersonNo: '', SplitCommissionFlag: 'N', Comment: 'UNAPPLIED CASH',
        CreditMemoInvoiceReference: '', JobNo: '', CustomerPONo: '', PostingReference: '', CheckNo: String(5000 + i), CommissionRate: 0, TaxableAmt: 0, NonTaxableAmt: 0, FreightAmt: 0, SalesTaxAmt: 0,
        CostOfSalesAmt: 0, SalesSubjectToComm: 0, CostSubjectToComm: 0, CommissionAmt: 0, DiscountAmt: 0, PaymentsToday: 0, Balance: -money(50, 500), RetentionAmt: 0, SoldToDivisionNo: '', SoldToCustomerNo: '', ...audit(10),
      });
    }
  }
  for (let v = 1; v <= Math.max(3, Math.ceil(records / 4)); v++) {
    const name = `${pick(NAMES)} ${pick(['Wholesale', 'Freight', 'Paper Co', 'Office Supply', 'Utilities', 'Components'])}`;
    const [city, state, zip] = pick(CITIES);
    tables.AP_Vendor!.push({
      APDivisionNo: v % 5 === 0 ? '01' : '00', VendorNo: `${name.replace(/[^A-Z]/gi, '').slice(0, 3).toUpperCase()}${String(v).padStart(4, '0')}`, VendorName: name.slice(0, 30),
      AddressLine1: `${10 + v} Supplier Way`, AddressLine2: '', AddressLine3: '', City: city, State: state, ZipCode: zip, CountryCode: 'USA', PrimaryContact: pick(FIRST).toUpperCase(),
      TelephoneNo: `(800) 555-${String(3000 + v).slice(-4)}`, TelephoneExt: '', FaxNo: '', EmailAddress: v % 3 === 0 ? `orders@v${v}.example;ar@v${v}.example` : `ar@v${v}.example`,
      URLAddress: `www.v${v}.example`, TermsCode: pick(TERMS).TermsCode, Reference: '', VendorStatus: 'A', InactiveReasonCode: '', CreditCardVendor: 'N', HoldPayment: v % 17 === 0 ? 'Y' : 'N',
      ElectronicPayment: v % 2 ? 'Y' : 'N', TaxSchedule: '', TaxClass: '', AccountKey: '000000050', SeparateCheck: 'N', Comment: '', Sort: name.slice(0, 10).toUpperCase(), VendorType: pick(['MATL', 'SVC', 'UTIL']),
      Form1099: v % 6 === 0 ? 'Y' : 'N', TaxpayerIDSocialSecurityNo: '', Box1099: '', LastPurchaseDate: dayOffset(today, -Math.floor(rnd() * 60)), LastPaymentDate: v % 9 === 0 ? null : dayOffset(today, -Math.floor(rnd() * 40)),
      LastCheckNo: String(9000 + v), LastCheckAmt: money(100, 9000), RetentionRate: 0, AverageDaysToPay: Math.floor(rnd() * 40), AverageDaysOverDue: Math.floor(rnd() * 8), ...audit(150, v % 13 === 0),
    });
  }
  // The stored aging snapshot as Sage's last aging run left it (one day old).
  const byCustomer = new Map<string, Row>(tables.AR_Customer!.map((c) => [`${String(c.ARDivisionNo)}|${String(c.CustomerNo)}`, c]));
  for (const inv of tables.AR_OpenInvoice!) {
    const c = byCustomer.get(`${String(inv.ARDivisionNo)}|${String(inv.CustomerNo)}`)!;
    const due = (inv.InvoiceDueDate ?? inv.InvoiceDate) as string;
    const days = Math.round((Date.parse(`${dayOffset(today, -1)}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86_400_000);
    const col = days <= 0 || Number(inv.Balance) < 0 ? 'CurrentBalance' : days <= 30 ? 'AgingCategory1' : days <= 60 ? 'AgingCategory2' : days <= 90 ? 'AgingCategory3' : 'AgingCategory4';
    c[col] = Math.round((Number(c[col]) + Number(inv.Balance)) * 100) / 100;
  }
  return tables;
}
