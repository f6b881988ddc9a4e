// The Sage 100 tables the agent serves, with their exact column names (spec §3) and how each column
// is stored: `s` string, `n` numeric (with its scale), `d` date, `t` decimal-hour time string.
// Columns a site adds (`UDF_*`) are discovered from the driver at first use (see schema-cache.ts).

export type ColumnKind = 's' | 'n' | 'd' | 't';

export interface ColumnDef {
  name: string;
  kind: ColumnKind;
  /** Decimal places of a numeric column (amounts 2, rates 3, quantities and unit prices 6). */
  scale?: number;
}

export interface TableDef {
  table: string;
  /** KPRIMARY, in index order. */
  keys: readonly string[];
  /** Has DateUpdated/TimeUpdated (line tables do not). */
  stamped: boolean;
  columns: readonly ColumnDef[];
}

const s = (names: string): ColumnDef[] => names.split(/\s+/).filter(Boolean).map((name) => ({ name, kind: 's' as const }));
const d = (names: string): ColumnDef[] => names.split(/\s+/).filter(Boolean).map((name) => ({ name, kind: 'd' as const }));
const n = (names: string, scale = 2): ColumnDef[] => names.split(/\s+/).filter(Boolean).map((name) => ({ name, kind: 'n' as const, scale }));
const audit: ColumnDef[] = [
  ...d('DateCreated'), { name: 'TimeCreated', kind: 't' }, ...s('UserCreatedKey'),
  ...d('DateUpdated'), { name: 'TimeUpdated', kind: 't' }, ...s('UserUpdatedKey'),
];

export const AR_Customer: TableDef = {
  table: 'AR_Customer',
  keys: ['ARDivisionNo', 'CustomerNo'],
  stamped: true,
  columns: [
    ...s('ARDivisionNo CustomerNo CustomerName AddressLine1 AddressLine2 AddressLine3 City State ZipCode CountryCode TelephoneNo TelephoneExt FaxNo EmailAddress URLAddress ContactCode ShipMethod TaxSchedule TaxExemptNo TermsCode SalespersonDivisionNo SalespersonNo Comment SortField CustomerType PriceLevel CreditHold CustomerStatus InactiveReasonCode OpenItemCustomer StatementCycle PrintDunningMessage EmailStatements TemporaryCustomer ResidentialAddress PrimaryShipToCode DefaultPaymentType'),
    ...d('DateEstablished DateLastActivity DateLastPayment DateLastStatement DateLastFinanceChrg DateLastAging'),
    ...n('CreditLimit CurrentBalance AgingCategory1 AgingCategory2 AgingCategory3 AgingCategory4 BalanceForward OpenOrderAmt LastPaymentAmt HighestStmntBalance UnpaidServiceChrg'),
    ...n('AvgDaysPaymentInvoice AvgDaysOverDue NumberOfInvToUseInCalc', 0),
    ...n('CustomerDiscountRate ServiceChargeRate', 3),
    ...n('RetentionCurrent RetentionAging1 RetentionAging2 RetentionAging3 RetentionAging4'),
    ...audit,
  ],
};

export const AR_CustomerContact: TableDef = {
  table: 'AR_CustomerContact',
  keys: ['ARDivisionNo', 'CustomerNo', 'ContactCode'],
  stamped: true,
  columns: [
    ...s('ARDivisionNo CustomerNo ContactCode ContactName AddressLine1 AddressLine2 AddressLine3 City State ZipCode CountryCode Salutation ContactTitle TelephoneNo1 TelephoneExt1 TelephoneNo2 TelephoneExt2 FaxNo EmailAddress ContactNotes'),
    ...audit,
  ],
};

export const AR_OpenInvoice: TableDef = {
  table: 'AR_OpenInvoice',
  keys: ['ARDivisionNo', 'CustomerNo', 'InvoiceNo', 'InvoiceType'],
  stamped: true,
  columns: [
    ...s('ARDivisionNo CustomerNo InvoiceNo InvoiceType'),
    ...d('InvoiceDate InvoiceDueDate InvoiceDiscountDate'),
    ...s('InvoiceHistoryHeaderSeqNo'),
    ...d('PostingDate'),
    ...s('TermsCode TaxSchedule SalespersonDivisionNo SalespersonNo SplitCommissionFlag Comment CreditMemoInvoiceReference JobNo CustomerPONo PostingReference CheckNo'),
    ...n('CommissionRate', 3),
    ...n('TaxableAmt NonTaxableAmt FreightAmt SalesTaxAmt CostOfSalesAmt SalesSubjectToComm CostSubjectToComm CommissionAmt DiscountAmt PaymentsToday Balance RetentionAmt'),
    ...s('SoldToDivisionNo SoldToCustomerNo'),
    ...audit,
  ],
};

export const AR_InvoiceHistoryHeader: TableDef = {
  table: 'AR_InvoiceHistoryHeader',
  keys: ['InvoiceNo', 'HeaderSeqNo'],
  stamped: true,
  columns: [
    ...s('InvoiceNo HeaderSeqNo ModuleCode InvoiceType'),
    ...d('InvoiceDate TransactionDate'),
    ...s('ARDivisionNo CustomerNo TermsCode TaxSchedule TaxExemptNo SalespersonDivisionNo SalespersonNo CustomerPONo ApplyToInvoiceNo Comment JobNo'),
    ...d('InvoiceDueDate DiscountDueDate'),
    ...s('SourceJournal JournalNoGLBatchNo SalesOrderNo OrderType'),
    ...d('OrderDate'),
    ...s('BillToName BillToAddress1 BillToAddress2 BillToAddress3 BillToCity BillToState BillToZipCode BillToCountryCode ShipToCode ShipToName ShipToAddress1 ShipToAddress2 ShipToAddress3 ShipToCity ShipToState ShipToZipCode ShipToCountryCode'),
    ...d('ShipDate'),
    ...s('ShipVia FOB ConfirmTo PaymentType WarehouseCode EmailAddress'),
    ...n('TaxableSalesAmt NonTaxableSalesAmt FreightAmt SalesTaxAmt CostOfSalesAmt DiscountAmt CommissionAmt DepositAmt Weight RetentionAmt'),
    ...n('NumberOfPackages', 0),
    ...s('BillToDivisionNo BillToCustomerNo'),
    ...audit,
  ],
};

export const AR_InvoiceHistoryDetail: TableDef = {
  table: 'AR_InvoiceHistoryDetail',
  keys: ['InvoiceNo', 'HeaderSeqNo', 'DetailSeqNo'],
  stamped: false,
  columns: [
    ...s('InvoiceNo HeaderSeqNo DetailSeqNo ItemCode ItemType ItemCodeDesc ExtendedDescriptionKey SalesAcctKey CostOfGoodsSoldAcctKey UnitOfMeasure WarehouseCode ProductLine CommentText'),
    ...n('QuantityShipped QuantityOrdered QuantityBackordered UnitPrice UnitCost UnitOfMeasureConvFactor', 6),
    ...n('LineDiscountPercent', 3),
    ...n('ExtensionAmt'),
    ...s('TaxClass'),
    ...d('PromiseDate'),
    ...s('AliasItemNo AppliedSalesOrderNo AppliedCustomerPONo'),
  ],
};

export const AP_Vendor: TableDef = {
  table: 'AP_Vendor',
  keys: ['APDivisionNo', 'VendorNo'],
  stamped: true,
  columns: [
    ...s('APDivisionNo VendorNo VendorName AddressLine1 AddressLine2 AddressLine3 City State ZipCode CountryCode PrimaryContact TelephoneNo TelephoneExt FaxNo EmailAddress URLAddress TermsCode Reference VendorStatus InactiveReasonCode CreditCardVendor HoldPayment ElectronicPayment TaxSchedule TaxClass AccountKey SeparateCheck Comment Sort VendorType Form1099 TaxpayerIDSocialSecurityNo Box1099'),
    ...d('LastPurchaseDate LastPaymentDate'),
    ...s('LastCheckNo'),
    ...n('LastCheckAmt'),
    ...n('RetentionRate', 3),
    ...n('AverageDaysToPay AverageDaysOverDue', 0),
    ...audit,
  ],
};

export const AR_TermsCode: TableDef = {
  table: 'AR_TermsCode',
  keys: ['TermsCode'],
  stamped: true,
  columns: [
    ...s('TermsCode TermsCodeDesc DueDateADayOfTheMonth DiscountDateADayOfTheMo DiscountCalculationMethod'),
    ...n('DaysBeforeDue MinimumDaysAllowedInv DaysBeforeDiscountDue MinimumDaysAllowedDisc', 0),
    ...n('DiscountRate', 3),
    ...audit,
  ],
};

export const AP_TermsCode: TableDef = {
  table: 'AP_TermsCode',
  keys: ['TermsCode'],
  stamped: true,
  columns: [
    ...s('TermsCode TermsCodeDesc'),
    ...n('DaysBeforeDue', 0),
    ...s('DueDateADayOfTheMonth'),
    ...n('MinimumDaysAllowedInv DaysDiscountAllowed', 0),
    ...s('DiscountDateADayOfTheMo'),
    ...n('MinimumDaysAllowedDisc', 0),
    ...n('DiscountRate', 3),
    ...audit,
  ],
};

/** System table (MAS_SYSTEM): the company list. */
export const SY_Company: TableDef = {
  table: 'SY_Company',
  keys: ['CompanyCode'],
  stamped: false,
  columns: [...s('CompanyCode CompanyName'), ...d('DateCreated')],
};

export const ALL_TABLES: readonly TableDef[] = [AR_Customer, AR_CustomerContact, AR_OpenInvoice, AR_InvoiceHistoryHeader, AR_InvoiceHistoryDetail, AP_Vendor, AR_TermsCode, AP_TermsCode, SY_Company];
