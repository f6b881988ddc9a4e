// The entity sets the sandbox serves (spec §7), with the property kinds its $filter, $select and JSON
// rendering need. Enumerations are held by name (`cCustomer`) and map to the DB value (`C`), which
// $filter and request bodies may use instead (spec §1.2).

export type Enum = Readonly<Record<string, string>>;
export type PropKind = 'string' | 'int' | 'number' | 'date' | 'time' | 'collection' | { enum: Enum };

export interface EntitySet {
  name: string;
  /** EDM type name, for error texts and the metadata context. */
  type: string;
  key: string;
  keyKind: 'string' | 'int';
  /** ETag-enabled object (spec §3.4). */
  etag: boolean;
  props: Readonly<Record<string, PropKind>>;
  /** Properties a PATCH silently ignores (spec §3.2). */
  readOnly: readonly string[];
  /** Navigation properties `$expand` follows (spec §4.1): the target set and the property holding its key. */
  navigation?: Readonly<Record<string, { set: string; via: string }>>;
}

const TO_PARTNER = { BusinessPartner: { set: 'BusinessPartners', via: 'CardCode' } } as const;

const YES_NO: Enum = { tYES: 'Y', tNO: 'N' };
const STATUS: Enum = { bost_Open: 'O', bost_Close: 'C' };

const BP_PROPS: Record<string, PropKind> = {
  CardCode: 'string', CardName: 'string', CardType: { enum: { cCustomer: 'C', cSupplier: 'S', cLid: 'L' } },
  GroupCode: 'int', Phone1: 'string', Phone2: 'string', Cellular: 'string', Fax: 'string', EmailAddress: 'string',
  Address: 'string', ZipCode: 'string', City: 'string', County: 'string', Country: 'string',
  MailAddress: 'string', MailZipCode: 'string', MailCity: 'string', MailCountry: 'string',
  BPAddresses: 'collection', BilltoDefault: 'string', ShipToDefault: 'string', ContactPerson: 'string',
  ContactEmployees: 'collection', CreditLimit: 'number', MaxCommitment: 'number', PayTermsGrpCode: 'int',
  PriceListNum: 'int', SalesPersonCode: 'int', Series: 'int', Currency: 'string', CurrentAccountBalance: 'number',
  OpenDeliveryNotesBalance: 'number', OpenOrdersBalance: 'number', FederalTaxID: 'string', VatGroup: 'string',
  DebitorAccount: 'string', Valid: { enum: YES_NO }, Frozen: { enum: YES_NO }, Notes: 'string', FreeText: 'string',
  Website: 'string', CreateDate: 'date', CreateTime: 'time', UpdateDate: 'date', UpdateTime: 'time',
};

const DOC_PROPS: Record<string, PropKind> = {
  DocEntry: 'int', DocNum: 'int', DocType: { enum: { dDocument_Items: 'I', dDocument_Service: 'S' } },
  DocObjectCode: 'string', CardCode: 'string', CardName: 'string', DocDate: 'date', DocDueDate: 'date', TaxDate: 'date',
  DocTime: 'time', DocTotal: 'number', DocTotalFc: 'number', DocTotalSys: 'number', VatSum: 'number', VatSumFc: 'number',
  VatSumSys: 'number', PaidToDate: 'number', PaidToDateFC: 'number', PaidToDateSys: 'number', DocCurrency: 'string', DocRate: 'number',
  DocumentStatus: { enum: STATUS }, Cancelled: { enum: YES_NO },
  CancelStatus: { enum: { csNo: 'N', csYes: 'Y', csCancellation: 'C' } }, NumAtCard: 'string', Comments: 'string',
  JournalMemo: 'string', PaymentGroupCode: 'int', SalesPersonCode: 'int', ContactPersonCode: 'int', Series: 'int',
  CreationDate: 'date', UpdateDate: 'date', UpdateTime: 'time', DataVersion: 'int', DocumentLines: 'collection',
};

const PAYMENT_PROPS: Record<string, PropKind> = {
  DocEntry: 'int', DocNum: 'int', DocType: { enum: { rCustomer: 'C', rSupplier: 'S', rAccount: 'A' } },
  DocTypte: { enum: { rCustomer: 'C', rSupplier: 'S', rAccount: 'A' } },
  DocObjectCode: { enum: { bopot_IncomingPayments: '24', bopot_OutgoingPayments: '46' } },
  CardCode: 'string', CardName: 'string', Address: 'string', DocDate: 'date', DueDate: 'date', TaxDate: 'date', VatDate: 'date',
  DocCurrency: 'string', DocRate: 'number', LocalCurrency: { enum: YES_NO }, CashAccount: 'string', CashSum: 'number',
  CashSumFC: 'number', CashSumSys: 'number', TransferAccount: 'string', TransferSum: 'number', TransferSumFC: 'number',
  TransferDate: 'date', TransferReference: 'string', CheckAccount: 'string', PaymentChecks: 'collection',
  PaymentCreditCards: 'collection', PaymentInvoices: 'collection', Cancelled: { enum: YES_NO }, Remarks: 'string',
  JournalRemarks: 'string', Reference1: 'string', Reference2: 'string', CounterReference: 'string',
  AuthorizationStatus: 'string', Series: 'int', BPLID: 'int', CreationDate: 'date', UpdateDate: 'date', UpdateTime: 'time',
};

export const ENTITY_SETS: readonly EntitySet[] = [
  { name: 'BusinessPartners', type: 'BusinessPartner', key: 'CardCode', keyKind: 'string', etag: true, props: BP_PROPS,
    readOnly: ['CardCode', 'CreateDate', 'CreateTime', 'UpdateDate', 'UpdateTime', 'CurrentAccountBalance'] },
  { name: 'Invoices', type: 'Document', key: 'DocEntry', keyKind: 'int', etag: true, props: DOC_PROPS,
    readOnly: ['DocEntry', 'DocNum', 'DocTotal', 'PaidToDate', 'DocumentStatus', 'Cancelled', 'CancelStatus', 'CreationDate', 'UpdateDate', 'UpdateTime', 'DataVersion'], navigation: TO_PARTNER },
  { name: 'IncomingPayments', type: 'Payment', key: 'DocEntry', keyKind: 'int', etag: false, props: PAYMENT_PROPS,
    readOnly: ['DocEntry', 'DocNum', 'Cancelled', 'CreationDate', 'UpdateDate', 'UpdateTime'], navigation: TO_PARTNER },
  { name: 'PaymentTermsTypes', type: 'PaymentTermsType', key: 'GroupNumber', keyKind: 'int', etag: false,
    props: { GroupNumber: 'int', PaymentTermsGroupName: 'string', StartFrom: 'string', NumberOfAdditionalMonths: 'int', NumberOfAdditionalDays: 'int', CreditLimit: 'number', GeneralDiscount: 'number', LoadLimit: 'number' },
    readOnly: ['GroupNumber'] },
  { name: 'SalesPersons', type: 'SalesPerson', key: 'SalesEmployeeCode', keyKind: 'int', etag: false,
    props: { SalesEmployeeCode: 'int', SalesEmployeeName: 'string', Remarks: 'string', CommissionForSalesEmployee: 'number', Locked: { enum: YES_NO }, Active: { enum: YES_NO }, Email: 'string', Telephone: 'string', Mobile: 'string' },
    readOnly: ['SalesEmployeeCode'] },
  { name: 'ChartOfAccounts', type: 'ChartOfAccount', key: 'Code', keyKind: 'string', etag: false,
    props: { Code: 'string', Name: 'string', FormatCode: 'string', Balance: 'number', AcctCurrency: 'string', AccountType: { enum: { at_Revenues: 'I', at_Expenses: 'E', at_Other: 'N' } }, ActiveAccount: { enum: YES_NO }, AccountLevel: 'int', FatherAccountKey: 'string', CashAccount: { enum: YES_NO } },
    readOnly: ['Code'] },
  { name: 'ProfitCenters', type: 'ProfitCenter', key: 'CenterCode', keyKind: 'string', etag: false,
    props: { CenterCode: 'string', CenterName: 'string', GroupCode: 'string', InWhichDimension: 'int', EffectiveFrom: 'date', EffectiveTo: 'date', Active: { enum: YES_NO } },
    readOnly: ['CenterCode'] },
];

/** Resource paths are case-sensitive (spec §1.1). */
export function findEntitySet(name: string): EntitySet | undefined {
  return ENTITY_SETS.find((s) => s.name === name);
}

/** Enum member by name or by DB value (spec §1.2: both work in $filter and bodies). */
export function enumMember(e: Enum, v: string): string | undefined {
  if (v in e) return v;
  return Object.keys(e).find((name) => e[name] === v);
}
