// The list endpoints of spec §7.4: which table each collection reads, which query parameters it
// accepts, and how those become SQL predicates on key columns (pushed into the driver's indexes).
import { AgentError, invalidParameter } from './errors.ts';
import type { Predicate } from './keyset-reader.ts';
import { dateLiteral } from './sql-connection.ts';
import {
  AP_TermsCode, AP_Vendor, AR_Customer, AR_CustomerContact, AR_InvoiceHistoryHeader, AR_OpenInvoice, AR_TermsCode, type TableDef,
} from './tables.ts';

export interface Collection {
  name: string;
  table: TableDef;
  /** Filters this collection accepts besides updatedSince/cursor/limit/fields. */
  filters: readonly string[];
}

export const COLLECTIONS: Record<string, Collection> = {
  customers: { name: 'customers', table: AR_Customer, filters: ['ARDivisionNo', 'CustomerNo'] },
  'open-invoices': { name: 'open-invoices', table: AR_OpenInvoice, filters: ['ARDivisionNo', 'CustomerNo', 'InvoiceType', 'openOnly', 'invoiceDateFrom', 'invoiceDateTo'] },
  'invoice-history': { name: 'invoice-history', table: AR_InvoiceHistoryHeader, filters: ['ARDivisionNo', 'CustomerNo', 'InvoiceType', 'invoiceDateFrom', 'invoiceDateTo', 'include'] },
  vendors: { name: 'vendors', table: AP_Vendor, filters: [] },
  terms: { name: 'terms', table: AR_TermsCode, filters: [] },
  'ap-terms': { name: 'ap-terms', table: AP_TermsCode, filters: [] },
  'ar-aging': { name: 'ar-aging', table: AR_Customer, filters: ['ARDivisionNo', 'CustomerNo', 'asOf', 'basis', 'buckets'] },
  contacts: { name: 'contacts', table: AR_CustomerContact, filters: [] },
  /** Extension of §7: every customer's contacts in one paged collection (one request per page, not one per customer). */
  'customer-contacts': { name: 'customer-contacts', table: AR_CustomerContact, filters: ['ARDivisionNo', 'CustomerNo'] },
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const isDay = (v: string) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

export interface ListParams {
  updatedSince?: { day: string; seconds: number; text: string };
  cursor?: string;
  limit: number;
  fields?: string[];
  /** Every parameter that binds a cursor (all but cursor, limit and fields). */
  binding: Record<string, string>;
  values: Record<string, string>;
}

const COMMON = ['updatedSince', 'cursor', 'limit', 'fields'];

export function parseListParams(collection: Collection, search: URLSearchParams, allowUpdatedSince: boolean): ListParams {
  const values: Record<string, string> = {};
  for (const [k, v] of search) {
    if (!COMMON.includes(k) && !collection.filters.includes(k)) {
      throw invalidParameter(`Unknown query parameter "${k}" for ${collection.name}. It accepts: ${[...COMMON, ...collection.filters].join(', ')}.`, { parameter: k });
    }
    if (k in values) throw invalidParameter(`Query parameter "${k}" is given twice.`, { parameter: k });
    values[k] = v;
  }
  const out: ListParams = { limit: 200, binding: {}, values };
  if (values.limit !== undefined) {
    const n = Number(values.limit);
    if (!/^\d+$/.test(values.limit) || n < 1 || n > 1000) throw invalidParameter(`limit must be a whole number from 1 to 1000, got "${values.limit}".`, { parameter: 'limit' });
    out.limit = n;
  }
  if (values.updatedSince !== undefined) {
    if (!allowUpdatedSince) throw invalidParameter(`${collection.name} has no update stamp; updatedSince does not apply.`, { parameter: 'updatedSince' });
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(values.updatedSince);
    if (!m || !isDay(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 59) {
      throw invalidParameter(`updatedSince must be YYYY-MM-DDTHH:MM:SS in the Sage server's local time (no zone), got "${values.updatedSince}".`, { parameter: 'updatedSince' });
    }
    out.updatedSince = { day: m[1]!, seconds: Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]), text: values.updatedSince };
  }
  if (values.cursor !== undefined) out.cursor = values.cursor;
  if (values.fields !== undefined) out.fields = values.fields.split(',').map((f) => f.trim()).filter(Boolean);
  for (const k of ['invoiceDateFrom', 'invoiceDateTo', 'asOf']) {
    if (values[k] !== undefined && !isDay(values[k]!)) throw invalidParameter(`${k} must be a date YYYY-MM-DD, got "${values[k]}".`, { parameter: k });
  }
  if (values.openOnly !== undefined && !['true', 'false'].includes(values.openOnly)) throw invalidParameter(`openOnly must be true or false, got "${values.openOnly}".`, { parameter: 'openOnly' });
  if (values.include !== undefined && values.include !== 'lines') throw invalidParameter(`include accepts only "lines", got "${values.include}".`, { parameter: 'include' });
  if (values.basis !== undefined && !['due', 'invoice'].includes(values.basis)) throw invalidParameter(`basis must be due or invoice, got "${values.basis}".`, { parameter: 'basis' });
  for (const [k, v] of Object.entries(values)) if (!['cursor', 'limit', 'fields'].includes(k)) out.binding[k] = v;
  return out;
}

/** SQL predicates for the collection's filters (all on key or indexed columns). */
export function filterPredicates(p: ListParams): Predicate[] {
  const v = p.values;
  const preds: Predicate[] = [];
  for (const col of ['ARDivisionNo', 'CustomerNo', 'InvoiceType']) if (v[col] !== undefined) preds.push({ sql: `${col} = ?`, params: [v[col]!] });
  if (v.openOnly === 'true') preds.push({ sql: 'Balance <> 0', params: [] });
  if (v.invoiceDateFrom) preds.push({ sql: `InvoiceDate >= ${dateLiteral(v.invoiceDateFrom)}`, params: [] });
  if (v.invoiceDateTo) preds.push({ sql: `InvoiceDate <= ${dateLiteral(v.invoiceDateTo)}`, params: [] });
  return preds;
}

export function checkFields(fields: string[] | undefined, available: readonly string[]): void {
  if (!fields) return;
  const unknown = fields.filter((f) => !available.includes(f));
  if (unknown.length) {
    throw new AgentError('request.unknown_field', `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}. Field names are Sage 100 column names, case-sensitive (e.g. CustomerNo, CustomerName).`, { unknown });
  }
}
