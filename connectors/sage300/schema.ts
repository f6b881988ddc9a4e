// zod shapes of every Web API response this connector depends on. Records are loose objects: the API
// returns dozens of properties we ignore (spec §7), and only the ones we use are checked, in place
// (checkedRecord: a record's ~80 properties are not copied). Both the OData v4 annotations
// (`@odata.nextLink`, integer count) and the v3 spellings of the Developer Reference (`odata.count` as
// a string) are accepted (spec §5.1).
import { z } from 'zod';
import { odataCollection } from '../kit/formats/odata.ts';
import { checkedRecord } from '../kit/formats/checked-record.ts';

const str = z.string().nullish();
const num = z.number().nullish();
/** `2024-05-01T00:00:00Z` (or without offset on old releases), or null for an empty date. */
const date = z.string().nullish();

export const sageErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.union([z.object({ lang: z.string().optional(), value: z.string() }), z.string()]).optional(),
  }),
});
export type SageErrorBody = z.infer<typeof sageErrorSchema>;

/** A collection page in either annotation spelling (the kit's OData envelope). */
export const collectionSchema = odataCollection;

export const customerSchema = checkedRecord({
  CustomerNumber: z.string(),
  CustomerName: str,
  ShortName: str,
  Status: str,
  DateLastMaintained: date,
  ContactName: str,
  Email: str,
  ContactsEmail: str,
  PhoneNumber: str,
  ContactsPhone: str,
  FaxNumber: str,
  ContactsFax: str,
  BalanceDueInCustomerCurrency: num,
});
export type Customer = z.infer<typeof customerSchema>;

export const vendorSchema = checkedRecord({ VendorNumber: z.string(), VendorName: str, DateLastMaintained: date });

export const termsSchema = checkedRecord({
  TermsCode: z.string(),
  Description: str,
  TermsPaymentSchedules: z.array(checkedRecord({ PaymentNumber: num, DueNumberOfDays: num, DiscountPercent: num })).nullish(),
});

export const invoiceDetailSchema = checkedRecord({ LineNumber: z.number(), ItemNumber: str, Description: str, Quantity: num, Price: num, ExtendedAmountWithoutTIP: num });

export const invoiceSchema = checkedRecord({
  EntryNumber: z.number(),
  CustomerNumber: z.string(),
  DocumentNumber: str,
  DocumentType: str,
  DocumentDate: date,
  DueDate: date,
  DocumentTotalIncludingTax: num,
  InvoiceDetails: z.array(invoiceDetailSchema).nullish(),
});

export const invoiceBatchSchema = checkedRecord({
  BatchNumber: z.number(),
  BatchStatus: str,
  BatchDate: date,
  Description: str,
  DateLastEdited: date,
  Invoices: z.array(invoiceSchema).nullish(),
});
export type InvoiceBatch = z.infer<typeof invoiceBatchSchema>;

export const postedDocumentSchema = checkedRecord({
  CustomerNumber: z.string(),
  DocumentNumber: z.string(),
  DocumentType: str,
  DocumentDate: date,
  DueDate: date,
  DatePaid: date,
  FullyPaid: z.union([z.string(), z.number(), z.boolean()]).nullish(),
});

export const orderDetailSchema = checkedRecord({ LineNumber: z.number(), LineType: str, Item: str, QuantityOrdered: num, ExtendedAmount: num });

export const orderSchema = checkedRecord({
  OrderUniquifier: z.number(),
  OrderNumber: str,
  CustomerNumber: z.string(),
  OrderDate: date,
  OrderReference: str,
  PONumber: str,
  OrderDetails: z.array(orderDetailSchema).nullish(),
});
export type Order = z.infer<typeof orderSchema>;

/** Only the key and the fields the idempotency check reads. */
export const orderRefSchema = checkedRecord({ OrderUniquifier: z.number(), OrderNumber: str, OrderReference: str, PONumber: str });
