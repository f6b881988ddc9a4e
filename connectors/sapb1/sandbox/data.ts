// Seeded, realistic company data: customers (plus a few suppliers and leads) with contacts and addresses,
// A/R invoices with lines over the last months, partial and full incoming payments, some in foreign
// currency, and the master data they point at. Same seed → same data.
import { seededRandom } from '../../kit/sandbox/random.ts';
import type { Row } from '../../kit/sandbox/table.ts';

export interface SeedData {
  BusinessPartners: Row[];
  Invoices: Row[];
  IncomingPayments: Row[];
  PaymentTermsTypes: Row[];
  SalesPersons: Row[];
  ChartOfAccounts: Row[];
  ProfitCenters: Row[];
}

const FIRST = ['Ann', 'Ben', 'Carla', 'David', 'Elena', 'Frank', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Karin', 'Luis', 'Maya', 'Nils', 'Olga', 'Paul', 'Rosa', 'Sven', 'Tara', 'Umar'];
const LAST = ['Lee', 'Novak', 'Schmidt', 'Garcia', 'Rossi', 'Dubois', 'Kowalski', 'Tanaka', 'Silva', 'Jensen', 'Murphy', 'Weber', 'Costa', 'Berg', 'Moreau'];
const WORDS = ['Northwind', 'Blue Ridge', 'Alpine', 'Harbor', 'Summit', 'Pioneer', 'Redwood', 'Lakeside', 'Granite', 'Silverline', 'Evergreen', 'Keystone', 'Bright', 'Cedar', 'Atlas'];
const KINDS = ['Trading', 'Supplies', 'Foods', 'Engineering', 'Outfitters', 'Logistics', 'Hardware', 'Textiles', 'Pharma', 'Electric'];
const SUFFIX = ['Inc.', 'LLC', 'Ltd', 'GmbH', 'Corp.'];
const CITIES: { city: string; state: string; zip: string; country: string; currency: string }[] = [
  { city: 'Portland', state: 'OR', zip: '97201', country: 'US', currency: 'USD' },
  { city: 'Chicago', state: 'IL', zip: '60601', country: 'US', currency: 'USD' },
  { city: 'Austin', state: 'TX', zip: '73301', country: 'US', currency: 'USD' },
  { city: 'Boston', state: 'MA', zip: '02108', country: 'US', currency: 'USD' },
  { city: 'Denver', state: 'CO', zip: '80202', country: 'US', currency: 'USD' },
  { city: 'Hamburg', state: '', zip: '20095', country: 'DE', currency: 'EUR' },
  { city: 'Lyon', state: '', zip: '69001', country: 'FR', currency: 'EUR' },
  { city: 'Leeds', state: '', zip: 'LS1 1UR', country: 'GB', currency: 'GBP' },
];
const STREETS = ['Main St', 'Oak Ave', 'Harbor Rd', 'Market St', 'Elm St', 'Industrial Pkwy', 'Hafenstraße', 'Rue de la République'];
const ITEMS: { code: string; name: string; price: number }[] = [
  { code: 'A00001', name: 'J.B. Officeprint 1420', price: 160 }, { code: 'A00002', name: 'J.B. Officeprint 1111', price: 240 },
  { code: 'A00003', name: 'J.B. Officeprint 1186', price: 120 }, { code: 'C00001', name: 'Motherboard BTX', price: 480 },
  { code: 'C00002', name: 'Motherboard MicroATX', price: 320 }, { code: 'C00004', name: 'Cable Pack 2m', price: 12.5 },
  { code: 'I00001', name: 'Blu-Ray Disc 10-Pack', price: 25 }, { code: 'S10001', name: 'Installation service (hour)', price: 95 },
];
// JPY is defined in the company (a customer may be invoiced in it) but never seeded: HubSpot portals often lack it.
export const RATES: Record<string, number> = { USD: 1, EUR: 1.08, GBP: 1.27, JPY: 0.0067 };
export const LOCAL_CURRENCY = 'USD';
export const TAX_RATE = 0.08;

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const hms = (sec: number) => [Math.floor(sec / 3600), Math.floor(sec / 60) % 60, sec % 60].map((n) => String(n).padStart(2, '0')).join(':');
const round2 = (n: number) => Math.round(n * 100) / 100;

export function masterData(): Pick<SeedData, 'PaymentTermsTypes' | 'SalesPersons' | 'ChartOfAccounts' | 'ProfitCenters'> {
  return {
    PaymentTermsTypes: [
      { GroupNumber: -1, PaymentTermsGroupName: '- Cash Basic -', StartFrom: 'pdt_None', NumberOfAdditionalMonths: 0, NumberOfAdditionalDays: 0, CreditLimit: 0, GeneralDiscount: 0, LoadLimit: 0 },
      { GroupNumber: 1, PaymentTermsGroupName: 'Net 30', StartFrom: 'pdt_None', NumberOfAdditionalMonths: 0, NumberOfAdditionalDays: 30, CreditLimit: 0, GeneralDiscount: 0, LoadLimit: 0 },
      { GroupNumber: 2, PaymentTermsGroupName: 'Net 60', StartFrom: 'pdt_None', NumberOfAdditionalMonths: 0, NumberOfAdditionalDays: 60, CreditLimit: 0, GeneralDiscount: 0, LoadLimit: 0 },
      { GroupNumber: 3, PaymentTermsGroupName: '2% 10, Net 30', StartFrom: 'pdt_None', NumberOfAdditionalMonths: 0, NumberOfAdditionalDays: 30, CreditLimit: 0, GeneralDiscount: 2, LoadLimit: 0 },
    ],
    SalesPersons: [
      { SalesEmployeeCode: -1, SalesEmployeeName: '-No Sales Employee-', Remarks: '', CommissionForSalesEmployee: 0, Locked: 'tNO', Active: 'tYES', Email: '', Telephone: '', Mobile: '' },
      { SalesEmployeeCode: 1, SalesEmployeeName: 'Sophie Klogg', Remarks: 'West', CommissionForSalesEmployee: 3, Locked: 'tNO', Active: 'tYES', Email: 'sophie.klogg@example.com', Telephone: '555-0110', Mobile: '' },
      { SalesEmployeeCode: 2, SalesEmployeeName: 'Bill Levine', Remarks: 'East', CommissionForSalesEmployee: 3, Locked: 'tNO', Active: 'tYES', Email: 'bill.levine@example.com', Telephone: '555-0111', Mobile: '' },
      { SalesEmployeeCode: 3, SalesEmployeeName: 'Jasmin Uhl', Remarks: 'Europe', CommissionForSalesEmployee: 2.5, Locked: 'tNO', Active: 'tYES', Email: 'jasmin.uhl@example.com', Telephone: '555-0112', Mobile: '' },
    ],
    ChartOfAccounts: [
      { Code: '_SYS00000000001', Name: 'Assets', FormatCode: '100000000000000', Balance: 0, AcctCurrency: '##', AccountType: 'at_Other', ActiveAccount: 'tNO', AccountLevel: 1, FatherAccountKey: '', CashAccount: 'tNO' },
      { Code: '_SYS00000000089', Name: 'Bank Account - Checking', FormatCode: '101010000000000', Balance: 0, AcctCurrency: 'USD', AccountType: 'at_Other', ActiveAccount: 'tYES', AccountLevel: 4, FatherAccountKey: '_SYS00000000001', CashAccount: 'tYES' },
      { Code: '_SYS00000000140', Name: 'Sales Revenue - Domestic', FormatCode: '401010000000000', Balance: 0, AcctCurrency: '##', AccountType: 'at_Revenues', ActiveAccount: 'tYES', AccountLevel: 4, FatherAccountKey: '', CashAccount: 'tNO' },
      { Code: '_SYS00000000141', Name: 'Sales Revenue - Foreign', FormatCode: '401020000000000', Balance: 0, AcctCurrency: '##', AccountType: 'at_Revenues', ActiveAccount: 'tYES', AccountLevel: 4, FatherAccountKey: '', CashAccount: 'tNO' },
      { Code: '_SYS00000000142', Name: 'Service Revenue', FormatCode: '402000000000000', Balance: 0, AcctCurrency: '##', AccountType: 'at_Revenues', ActiveAccount: 'tYES', AccountLevel: 4, FatherAccountKey: '', CashAccount: 'tNO' },
    ],
    ProfitCenters: [
      { CenterCode: 'WEST', CenterName: 'Sales West', GroupCode: '', InWhichDimension: 1, EffectiveFrom: '2020-01-01', EffectiveTo: null, Active: 'tYES' },
      { CenterCode: 'EAST', CenterName: 'Sales East', GroupCode: '', InWhichDimension: 1, EffectiveFrom: '2020-01-01', EffectiveTo: null, Active: 'tYES' },
      { CenterCode: 'EU', CenterName: 'Sales Europe', GroupCode: '', InWhichDimension: 1, EffectiveFrom: '2021-01-01', EffectiveTo: null, Active: 'tYES' },
    ],
  };
}

/** `customers` customers (plus one supplier and one lead per 20), 0–3 invoices each, payments on about half. */
export function generate(customers: number, seed: number, todayMs: number): SeedData {
  const rnd = seededRandom(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const data: SeedData = { ...masterData(), BusinessPartners: [], Invoices: [], IncomingPayments: [] };
  const startMs = Math.floor(todayMs / DAY) * DAY - 150 * DAY;
  let docEntry = 1;
  let payEntry = 1;

  const partners = customers + Math.floor(customers / 10);
  for (let n = 1; n <= partners; n++) {
    const type = n > customers ? (n % 2 ? 'cSupplier' : 'cLid') : 'cCustomer';
    const code = `${type === 'cCustomer' ? 'C' : type === 'cSupplier' ? 'V' : 'L'}${String(n).padStart(5, '0')}`;
    const place = pick(CITIES);
    const name = `${pick(WORDS)} ${pick(KINDS)} ${pick(SUFFIX)}`;
    const domain = `${name.split(' ')[0]!.toLowerCase()}${n}.example`;
    const street = `${int(1, 999)} ${pick(STREETS)}`;
    const created = startMs + int(0, 40) * DAY;
    const updated = created + int(0, 100) * DAY;
    const contacts = Array.from({ length: int(1, 3) }, (_, k) => {
      const first = pick(FIRST);
      const last = pick(LAST);
      return {
        CardCode: code, InternalCode: n * 10 + k, Name: `${first} ${last}`, FirstName: first, MiddleName: '', LastName: last,
        Position: pick(['Accounts Payable', 'Purchasing Manager', 'CFO', 'Owner']), Phone1: `555-${String(int(1000, 9999))}`,
        Phone2: '', MobilePhone: `555-${String(int(1000, 9999))}`, E_Mail: `${first}.${last}@${domain}`.toLowerCase(), Active: 'tYES',
      };
    });
    data.BusinessPartners.push({
      CardCode: code, CardName: name, CardType: type, GroupCode: type === 'cCustomer' ? 100 : type === 'cSupplier' ? 101 : 100,
      Phone1: `555-${String(int(1000, 9999))}`, Phone2: '', Cellular: '', Fax: '', EmailAddress: `ap@${domain}`,
      Address: street, ZipCode: place.zip, City: place.city, County: '', Country: place.country,
      MailAddress: street, MailZipCode: place.zip, MailCity: place.city, MailCountry: place.country,
      BPAddresses: [
        { AddressName: 'Bill To', AddressName2: '', Street: street, StreetNo: '', Block: '', BuildingFloorRoom: '', City: place.city, ZipCode: place.zip, County: '', State: place.state, Country: place.country, AddressType: 'bo_BillTo', BPCode: code, RowNum: 0 },
        { AddressName: 'Ship To', AddressName2: '', Street: street, StreetNo: '', Block: '', BuildingFloorRoom: '', City: place.city, ZipCode: place.zip, County: '', State: place.state, Country: place.country, AddressType: 'bo_ShipTo', BPCode: code, RowNum: 1 },
      ],
      BilltoDefault: 'Bill To', ShipToDefault: 'Ship To', ContactPerson: contacts[0]!.Name, ContactEmployees: contacts,
      CreditLimit: pick([5000, 10000, 25000, 50000]), MaxCommitment: 0, PayTermsGrpCode: pick([1, 1, 2, 3, -1]), PriceListNum: 1,
      SalesPersonCode: place.country === 'US' ? pick([1, 2]) : 3, Series: 1, Currency: place.currency, CurrentAccountBalance: 0,
      OpenDeliveryNotesBalance: 0, OpenOrdersBalance: 0, FederalTaxID: '', VatGroup: '', DebitorAccount: '_SYS00000000010',
      Valid: 'tYES', Frozen: 'tNO', Notes: '', FreeText: '', Website: `https://www.${domain}`,
      CreateDate: iso(created), CreateTime: hms(int(8 * 3600, 17 * 3600)), UpdateDate: iso(Math.min(updated, todayMs - DAY)), UpdateTime: hms(int(8 * 3600, 18 * 3600)),
      DataVersion: 1,
    });
    if (type !== 'cCustomer') continue;

    for (let k = int(0, 3); k > 0; k--) {
      const docDate = created + int(1, 140) * DAY;
      if (docDate >= todayMs - DAY) continue;
      const lines = Array.from({ length: int(1, 4) }, (_, ln) => {
        const item = pick(ITEMS);
        const qty = int(1, 12);
        const lineTotal = round2(qty * item.price);
        return {
          LineNum: ln, ItemCode: item.code, ItemDescription: item.name, Quantity: qty, Price: item.price, UnitPrice: item.price,
          PriceAfterVAT: round2(item.price * (1 + TAX_RATE)), DiscountPercent: 0, LineTotal: lineTotal, TaxCode: 'T1', VatGroup: '',
          TaxTotal: round2(lineTotal * TAX_RATE), Currency: place.currency, Rate: RATES[place.currency]!, WarehouseCode: '01',
          AccountCode: item.code.startsWith('S') ? '_SYS00000000142' : place.country === 'US' ? '_SYS00000000140' : '_SYS00000000141',
          CostingCode: place.country === 'US' ? (place.state === 'OR' || place.state === 'CO' ? 'WEST' : 'EAST') : 'EU',
          ProjectCode: '', LineStatus: 'bost_Open', LineType: 'dlt_Regular', UoMCode: 'Manual',
        };
      });
      const inv = invoiceRow(docEntry, code, name, place.currency, lines, iso(docDate), hms(int(8 * 3600, 17 * 3600)), data.BusinessPartners.at(-1)!);
      inv.ContactPersonCode = contacts[0]!.InternalCode;
      data.Invoices.push(inv);
      docEntry++;
      const paid = rnd();
      if (paid < 0.5) {
        const full = paid < 0.3;
        const total = inv.DocTotal as number;
        const sum = full ? total : round2(total * pick([0.25, 0.4, 0.5]));
        const payDate = Math.min(docDate + int(5, 40) * DAY, todayMs - DAY);
        data.IncomingPayments.push(paymentRow(payEntry++, inv, sum, iso(payDate), hms(int(8 * 3600, 17 * 3600))));
      }
    }
  }
  return data;
}

/** A new invoice's header totals from its lines (local currency USD; foreign-currency documents carry FC totals and a rate). */
export function invoiceRow(docEntry: number, cardCode: string, cardName: string, currency: string, lines: Row[], date: string, time: string, bp: Row): Row {
  const rate = RATES[currency] ?? 1;
  const net = round2(lines.reduce((s, l) => s + (l.LineTotal as number), 0));
  const vat = round2(net * TAX_RATE);
  const fc = currency !== LOCAL_CURRENCY;
  const dueDays = bp.PayTermsGrpCode === 2 ? 60 : bp.PayTermsGrpCode === -1 ? 0 : 30;
  return {
    DocEntry: docEntry, DocNum: 10000 + docEntry, DocType: 'dDocument_Items', DocObjectCode: 'oInvoices', CardCode: cardCode, CardName: cardName,
    DocDate: date, DocDueDate: new Date(Date.parse(`${date}T00:00:00Z`) + dueDays * DAY).toISOString().slice(0, 10), TaxDate: date, DocTime: time,
    DocTotal: fc ? round2((net + vat) * rate) : net + vat, DocTotalFc: fc ? round2(net + vat) : 0, DocTotalSys: fc ? round2((net + vat) * rate) : round2(net + vat),
    VatSum: fc ? round2(vat * rate) : vat, VatSumFc: fc ? vat : 0, VatSumSys: fc ? round2(vat * rate) : vat,
    PaidToDate: 0, PaidToDateFC: 0, PaidToDateSys: 0, DocCurrency: currency, DocRate: rate,
    DocumentStatus: 'bost_Open', Cancelled: 'tNO', CancelStatus: 'csNo', NumAtCard: `PO-${docEntry * 7 + 1000}`, Comments: '', JournalMemo: `A/R Invoices - ${cardCode}`,
    PaymentGroupCode: bp.PayTermsGrpCode, SalesPersonCode: bp.SalesPersonCode, ContactPersonCode: null, Series: 4,
    CreationDate: date, UpdateDate: date, UpdateTime: time, DataVersion: 1, DocumentLines: lines,
  };
}

/** A payment of `sum` (local currency) against one invoice, by bank transfer. */
export function paymentRow(docEntry: number, inv: Row, sum: number, date: string, time: string): Row {
  const rate = inv.DocRate as number;
  const fc = inv.DocCurrency !== LOCAL_CURRENCY;
  return {
    DocEntry: docEntry, DocNum: 20000 + docEntry, DocType: 'rCustomer', DocTypte: 'rCustomer', DocObjectCode: 'bopot_IncomingPayments',
    CardCode: inv.CardCode, CardName: inv.CardName, Address: '', DocDate: date, DueDate: date, TaxDate: date, VatDate: date,
    DocCurrency: inv.DocCurrency, DocRate: rate, LocalCurrency: fc ? 'tNO' : 'tYES', CashAccount: null, CashSum: 0, CashSumFC: 0, CashSumSys: 0,
    TransferAccount: '_SYS00000000089', TransferSum: fc ? round2(sum / rate) : sum, TransferSumFC: fc ? round2(sum / rate) : 0, TransferDate: date,
    TransferReference: `TRF-${docEntry}`, CheckAccount: null, PaymentChecks: [], PaymentCreditCards: [],
    PaymentInvoices: [{ LineNum: 0, DocEntry: inv.DocEntry, SumApplied: sum, AppliedFC: fc ? round2(sum / rate) : 0, AppliedSys: sum, DocRate: rate, DocLine: 0, InvoiceType: 'it_Invoice', InstallmentId: 1, PaidSum: 0, TotalDiscount: 0 }],
    Cancelled: 'tNO', Remarks: '', JournalRemarks: `Incoming Payments - ${String(inv.CardCode)}`, Reference1: String(20000 + docEntry), Reference2: '', CounterReference: '',
    AuthorizationStatus: 'pasWithout', Series: 15, BPLID: null, CreationDate: date, UpdateDate: date, UpdateTime: time,
  };
}
