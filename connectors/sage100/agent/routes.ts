// The data endpoints of spec §7.4 for one company, run inside the company's queue with its connection.
import { computeAging, minusDays, parseBuckets, sales12Months } from './aging.ts';
import { checkFields, COLLECTIONS, filterPredicates, parseListParams, type Collection, type ListParams } from './collections.ts';
import type { CompanySession } from './company-session.ts';
import { decodeCursor, encodeCursor, filterDigest, type OrderMode } from './cursor.ts';
import { AgentError, invalidParameter } from './errors.ts';
import { readKeysetPage, type Predicate } from './keyset-reader.ts';
import type { SchemaCache } from './schema-cache.ts';
import { rowHash, shapeRow, type JsonRow } from './shape.ts';
import { parentKey, rowsForParents } from './parent-rows.ts';
import { allRows, dateLiteral, type SqlConnection, type SqlRow } from './sql-connection.ts';
import { AR_Customer, AR_InvoiceHistoryDetail, AR_InvoiceHistoryHeader, AR_OpenInvoice, type ColumnDef, type TableDef } from './tables.ts';

export interface CompanyRequest {
  session: CompanySession;
  schema: SchemaCache;
  /** Path segments after `/v1/companies/{co}/`. */
  segments: string[];
  search: URLSearchParams;
  /** Agent's local clock, `YYYY-MM-DDTHH:MM:SS`. */
  now: string;
}

type Body = Record<string, unknown>;

const notFound = (what: string) => new AgentError('record.not_found', `${what} does not exist.`);

function project(row: JsonRow, fields: string[] | undefined): JsonRow {
  if (!fields) return row;
  const out: JsonRow = {};
  for (const f of fields) out[f] = row[f];
  for (const k of Object.keys(row)) if (k.startsWith('_')) out[k] = row[k];
  return out;
}

function envelope(req: CompanyRequest, data: unknown[], limit: number, hasMore: boolean, nextCursor: string | null): Body {
  return { companyCode: req.session.code, data, page: { limit, count: data.length, hasMore, nextCursor }, asOf: req.now, source: req.session.driver ?? 'odbc' };
}

async function page(conn: SqlConnection, req: CompanyRequest, collection: Collection, params: ListParams, columns: ColumnDef[], extra: Predicate[], binding: Record<string, string>) {
  const mode: OrderMode = params.updatedSince ? 'stamp' : 'key';
  const digest = filterDigest(binding);
  const after = params.cursor ? decodeCursor(params.cursor, digest, mode) : undefined;
  const result = await readKeysetPage(conn, {
    table: collection.table,
    select: columns.map((c) => c.name),
    where: [...filterPredicates(params), ...extra],
    mode,
    ...(params.updatedSince && { since: params.updatedSince }),
    ...(after && { after }),
    limit: params.limit,
  });
  const nextCursor = result.hasMore && result.last ? encodeCursor(digest, mode, result.last) : null;
  return { ...result, nextCursor };
}

function shapeAll(columns: ColumnDef[], rows: SqlRow[], key?: string): JsonRow[] {
  return rows.map((r) => {
    try {
      return shapeRow(columns, r);
    } catch (e) {
      throw new AgentError('sage.bad_data', `A row the agent cannot convert${key ? ` (${key}: ${String(r[key])})` : ''}: ${(e as Error).message}.`, { row: Object.fromEntries(Object.entries(r).filter(([k]) => /No$|Code$|SeqNo$|Type$/.test(k))) });
    }
  });
}

/** Each header's lines (key order: one range query for the page; stamp order: one query per header). */
async function linesFor(conn: SqlConnection, req: CompanyRequest, headers: SqlRow[], keyOrdered: boolean): Promise<Map<string, JsonRow[]>> {
  const cols = await req.schema.columns(conn, AR_InvoiceHistoryDetail);
  const rows = await rowsForParents(
    conn,
    { select: `SELECT ${cols.map((c) => c.name).join(', ')} FROM AR_InvoiceHistoryDetail`, keys: ['InvoiceNo', 'HeaderSeqNo'], orderBy: 'InvoiceNo, HeaderSeqNo, DetailSeqNo' },
    headers.map((h) => [String(h.InvoiceNo), String(h.HeaderSeqNo)] as const),
    keyOrdered,
  );
  const out = new Map<string, JsonRow[]>();
  for (const [key, list] of rows) out.set(key, shapeAll(cols, list, 'DetailSeqNo').map(({ InvoiceNo: _i, HeaderSeqNo: _h, ...line }) => line));
  return out;
}

/**
 * Extension of §7 on customer-contacts: `_primary` says whether the row is its customer's primary contact
 * (AR_Customer.ContactCode), so a flow can take one contact per customer.
 */
async function markPrimary(conn: SqlConnection, contacts: JsonRow[], keyOrdered: boolean): Promise<JsonRow[]> {
  const parents = [...new Map(contacts.map((c) => [parentKey(c.ARDivisionNo, c.CustomerNo), [String(c.ARDivisionNo), String(c.CustomerNo)] as const])).values()];
  const customers = await rowsForParents(conn, { select: `SELECT ARDivisionNo, CustomerNo, ContactCode FROM ${AR_Customer.table}`, keys: ['ARDivisionNo', 'CustomerNo'] }, parents, keyOrdered);
  return contacts.map((c) => {
    const primary = customers.get(parentKey(c.ARDivisionNo, c.CustomerNo))?.[0]?.ContactCode;
    return { ...c, _primary: typeof primary === 'string' && primary.trim() !== '' && primary.trim() === String(c.ContactCode).trim() };
  });
}

async function listCollection(conn: SqlConnection, req: CompanyRequest, collection: Collection, extra: Predicate[] = [], pathBinding: Record<string, string> = {}): Promise<Body> {
  const params = parseListParams(collection, req.search, collection.table.stamped);
  const columns = await req.schema.columns(conn, collection.table);
  checkFields(params.fields, columns.map((c) => c.name));
  const p = await page(conn, req, collection, params, columns, extra, { ...params.binding, ...pathBinding, _path: collection.name });
  let data = shapeAll(columns, p.rows, collection.table.keys.at(-1));
  if (collection.name === 'invoice-history' && params.values.include === 'lines') {
    const lines = await linesFor(conn, req, p.rows, !params.updatedSince);
    data = data.map((h) => ({ ...h, lines: lines.get(parentKey(h.InvoiceNo, h.HeaderSeqNo)) ?? [] }));
  }
  if (collection.name === 'customer-contacts') data = await markPrimary(conn, data, !params.updatedSince);
  return envelope(req, data.map((r) => project(r, params.fields && (r.lines ? [...params.fields, 'lines'] : params.fields))), params.limit, p.hasMore, p.nextCursor);
}

async function listKeys(conn: SqlConnection, req: CompanyRequest, collection: Collection, extra: Predicate[] = [], pathBinding: Record<string, string> = {}): Promise<Body> {
  const params = parseListParams(collection, req.search, collection.table.stamped);
  if (params.fields) throw invalidParameter('/keys returns the key columns, _hash and _updatedAt; fields does not apply.', { parameter: 'fields' });
  const columns = await req.schema.columns(conn, collection.table);
  const p = await page(conn, req, collection, params, columns, extra, { ...params.binding, ...pathBinding, _path: `${collection.name}/keys` });
  const data = shapeAll(columns, p.rows).map((row) => {
    const keys: JsonRow = {};
    for (const k of collection.table.keys) keys[k] = row[k];
    return { ...keys, _hash: rowHash(row), ...('_updatedAt' in row && { _updatedAt: row._updatedAt }) };
  });
  return envelope(req, data, params.limit, p.hasMore, p.nextCursor);
}

async function agingPage(conn: SqlConnection, req: CompanyRequest): Promise<Body> {
  const collection = COLLECTIONS['ar-aging']!;
  const params = parseListParams(collection, req.search, false);
  const limits = parseBuckets(params.values.buckets);
  if (!limits) throw invalidParameter(`buckets must be increasing day counts separated by commas, e.g. 30,60,90,120; got "${params.values.buckets}".`, { parameter: 'buckets' });
  const asOf = params.values.asOf ?? req.now.slice(0, 10);
  const basis = (params.values.basis ?? 'due') as 'due' | 'invoice';
  const columns = await req.schema.columns(conn, AR_Customer);
  const p = await page(conn, req, collection, params, columns, [], { ...params.binding, _path: 'ar-aging' });
  const customers = shapeAll(columns, p.rows, 'CustomerNo');
  // Range queries over the page's customers (aging pages are in key order), not one query per customer.
  const parents = customers.map((c) => [String(c.ARDivisionNo), String(c.CustomerNo)] as const);
  const from = minusDays(asOf, 365);
  const byCustomer = { select: '', keys: ['ARDivisionNo', 'CustomerNo'] } as const;
  const open = await rowsForParents(conn, { ...byCustomer, select: `SELECT ARDivisionNo, CustomerNo, InvoiceNo, InvoiceType, InvoiceDate, InvoiceDueDate, Balance FROM ${AR_OpenInvoice.table}`, where: 'Balance <> 0' }, parents, true);
  const history = await rowsForParents(conn, { ...byCustomer, select: `SELECT ARDivisionNo, CustomerNo, InvoiceType, TaxableSalesAmt, NonTaxableSalesAmt, DiscountAmt FROM ${AR_InvoiceHistoryHeader.table}`, where: `InvoiceDate > ${dateLiteral(from)} AND InvoiceDate <= ${dateLiteral(asOf)}` }, parents, true);
  const data = customers.map((c) => {
    const k = parentKey(c.ARDivisionNo, c.CustomerNo);
    return {
      ARDivisionNo: c.ARDivisionNo, CustomerNo: c.CustomerNo, CustomerName: c.CustomerName, TermsCode: c.TermsCode, CreditLimit: c.CreditLimit,
      CurrentBalance: c.CurrentBalance, AgingCategory1: c.AgingCategory1, AgingCategory2: c.AgingCategory2, AgingCategory3: c.AgingCategory3, AgingCategory4: c.AgingCategory4,
      DateLastAging: c.DateLastAging,
      _computed: { ...computeAging(open.get(k) ?? [], asOf, basis, limits), sales12Months: sales12Months(history.get(k) ?? []) },
    };
  });
  return envelope(req, data, params.limit, p.hasMore, p.nextCursor);
}

async function oneRow(conn: SqlConnection, req: CompanyRequest, table: TableDef, keyValues: string[], what: string): Promise<{ row: SqlRow; columns: ColumnDef[] }> {
  const columns = await req.schema.columns(conn, table);
  const rows = await allRows(conn, `SELECT ${columns.map((c) => c.name).join(', ')} FROM ${table.table} WHERE ${table.keys.map((k) => `${k} = ?`).join(' AND ')}`, keyValues);
  if (!rows[0]) throw notFound(what);
  return { row: rows[0], columns };
}

export async function handleCompanyRequest(req: CompanyRequest): Promise<Body> {
  const [first, ...rest] = req.segments;
  const collection = first ? COLLECTIONS[first] : undefined;
  if (!collection || first === 'contacts') throw new AgentError('route.not_found', `No endpoint /${req.segments.join('/')} under the company; see GET /v1 endpoints in the agent's README.`);
  return req.session.use(async (conn) => {
    if (rest.length === 0) {
      if (first === 'ar-aging') return agingPage(conn, req);
      return listCollection(conn, req, collection);
    }
    if (rest.length === 1 && rest[0] === 'keys') return listKeys(conn, req, collection);
    if (first === 'customers' && (rest.length === 2 || (rest.length === 3 && rest[2] === 'contacts'))) {
      const [div, no] = rest as [string, string];
      const { row, columns } = await oneRow(conn, req, AR_Customer, [div, no], `Customer ${div}-${no}`);
      if (rest.length === 2) {
        const other = [...req.search.keys()].find((k) => k !== 'fields');
        if (other) throw invalidParameter(`A single customer accepts only fields, not "${other}".`, { parameter: other });
        const fields = req.search.get('fields')?.split(',').filter(Boolean);
        checkFields(fields, columns.map((c) => c.name));
        return { companyCode: req.session.code, data: project(shapeAll(columns, [row])[0]!, fields), asOf: req.now, source: req.session.driver ?? 'odbc' };
      }
      const contacts = COLLECTIONS.contacts!;
      const scope: Predicate[] = [{ sql: 'ARDivisionNo = ?', params: [div] }, { sql: 'CustomerNo = ?', params: [no] }];
      return listCollection(conn, req, contacts, scope, { ARDivisionNo: div, CustomerNo: no });
    }
    if (first === 'invoice-history' && rest.length === 2) {
      const [invoiceNo, seq] = rest as [string, string];
      const { row, columns } = await oneRow(conn, req, AR_InvoiceHistoryHeader, [invoiceNo, seq], `Invoice ${invoiceNo} (header ${seq})`);
      const lines = await linesFor(conn, req, [row], true);
      const header = shapeAll(columns, [row])[0]!;
      return { companyCode: req.session.code, data: { ...header, lines: lines.get(parentKey(invoiceNo, seq)) ?? [] }, asOf: req.now, source: req.session.driver ?? 'odbc' };
    }
    throw new AgentError('route.not_found', `No endpoint /${req.segments.join('/')} under the company.`);
  });
}
