// Zoho modules as the engine sees them. Sources read every record (full) or those modified since the
// watermark (If-Modified-Since minus a second: Zoho stamps whole seconds), newest first: a record
// edited mid-read moves to the front, so later pages shift and repeat a record rather than skip one;
// the resume cursor is the next page token (or page number). Destinations upsert on the flow's
// external-id field in batches of 100, with lookups from the engine's associations and line items.
import type { DestinationObject, FieldInfo, Page, ReadOptions, SourceEntity, SourceRecord, UpsertInput, UpsertOptions, WriteResult } from '../kit/types.ts';
import type { ZohoClient } from './client.ts';
import { FIELDS_MAX, WRITE_MAX, listFields, listPage, upsertBatch, type ZohoField } from './records.ts';

const LABELS: Record<string, string> = { Accounts: 'Accounts', Contacts: 'Contacts', Vendors: 'Vendors', Deals: 'Deals', Products: 'Products', Sales_Orders: 'Sales orders', Invoices: 'Invoices' };

/** The line-item subform of each inventory module (v8, §4.7). */
export const LINE_SUBFORM: Record<string, string> = { Invoices: 'Invoiced_Items', Sales_Orders: 'Ordered_Items', Quotes: 'Quoted_Items', Purchase_Orders: 'Purchase_Items' };

/** Which lookup field an association to another module sets, per module. */
const LOOKUPS: Record<string, Record<string, string>> = {
  Contacts: { Accounts: 'Account_Name', Vendors: 'Vendor_Name' },
  Deals: { Accounts: 'Account_Name', Contacts: 'Contact_Name' },
  Invoices: { Accounts: 'Account_Name', Contacts: 'Contact_Name', Deals: 'Deal_Name', Sales_Orders: 'Sales_Order' },
  Sales_Orders: { Accounts: 'Account_Name', Contacts: 'Contact_Name', Deals: 'Deal_Name' },
  Products: { Vendors: 'Vendor_Name' },
  Accounts: { Accounts: 'Parent_Account' },
};

function fieldType(f: ZohoField): FieldInfo['type'] {
  switch (f.data_type) {
    case 'integer': case 'bigint': case 'double': case 'currency': case 'percent': return 'number';
    case 'boolean': return 'boolean';
    case 'date': return 'date';
    case 'datetime': return 'datetime';
    case 'picklist': return 'enumeration';
    case 'lookup': case 'ownerlookup': return 'object';
    case 'subform': case 'multiselectpicklist': return 'array';
    default: return 'string';
  }
}

export function toFieldInfo(f: ZohoField): FieldInfo {
  return {
    name: f.api_name,
    label: f.field_label ?? f.api_name,
    type: fieldType(f),
    ...(f.read_only && { readOnly: true }),
    ...(f.system_mandatory && { required: true }),
    ...(f.unique !== undefined && f.unique !== null && f.unique !== false && { unique: true }),
    ...(f.pick_list_values && { options: f.pick_list_values.filter((p) => p.display_value !== '-None-').map((p) => ({ value: p.display_value, label: p.display_value })) }),
  };
}

export interface EntityOptions {
  sourceFields: Record<string, string[]>;
  /** The Deals subform whose rows are the deal's order lines (rows gain the product's Product_Code). */
  dealLinesField?: string;
}

/** Product id → Product_Code, read once per source (the Sage 300 item number of a line). */
async function productCodes(client: ZohoClient, signal?: AbortSignal): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  let cursor: Cursor = { page: 1 };
  for (;;) {
    const page = await listPage(client, 'Products', { fields: ['Product_Code'], ...(cursor.token ? { pageToken: cursor.token } : { page: cursor.page ?? 1 }), ...(signal && { signal }) });
    for (const r of page.records) if (typeof r.Product_Code === 'string' && r.Product_Code) codes.set(String(r.id), r.Product_Code);
    if (!page.more) return codes;
    cursor = page.nextPageToken ? { token: page.nextPageToken } : { page: page.page + 1 };
  }
}

function cached<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () =>
    (p ??= load().catch((e: unknown) => {
      p = null;
      throw e;
    }));
}

interface Cursor {
  token?: string;
  page?: number;
}

export function zohoSource(client: ZohoClient, module: string, options: EntityOptions): SourceEntity {
  const metadata = cached(() => listFields(client, module));
  const codes = cached(() => productCodes(client));
  const linesField = module === 'Deals' ? (options.dealLinesField ?? 'Deal_Products') : undefined;
  /** Deal lines name their product by id; the ERP needs its code. */
  const withCodes = async (records: Record<string, unknown>[]): Promise<Record<string, unknown>[]> => {
    if (!linesField || !records.some((r) => Array.isArray(r[linesField]))) return records;
    const byId = await codes();
    return records.map((r) => {
      const rows = r[linesField];
      if (!Array.isArray(rows)) return r;
      return { ...r, [linesField]: rows.map((row: Record<string, unknown>) => ({ ...row, Product_Code: byId.get(String((row.Product_Name as { id?: unknown } | null)?.id ?? '')) ?? null })) };
    });
  };
  const fieldsToRead = cached(async () => {
    const all = await metadata();
    const wanted = options.sourceFields[module];
    const names = wanted ? wanted.filter((n) => all.some((f) => f.api_name === n)) : all.map((f) => f.api_name);
    // Modified_Time always: it is what the watermark follows. Zoho takes at most 50 fields.
    return [...new Set(['Modified_Time', ...names])].slice(0, FIELDS_MAX);
  });
  return {
    name: module,
    label: LABELS[module] ?? module,
    fields: async () => (await metadata()).map(toFieldInfo),
    async *read(o: ReadOptions): AsyncIterable<Page> {
      const fields = await fieldsToRead();
      // Zoho compares whole seconds and keeps records strictly after the header (unverified either
      // way): one second earlier re-reads a few records rather than missing one.
      const since = o.since ? new Date(Date.parse(o.since) - 1000) : undefined;
      let cursor: Cursor = o.resume ? (JSON.parse(o.resume) as Cursor) : { page: 1 };
      for (;;) {
        const page = await listPage(client, module, {
          fields,
          ...(since && { since }),
          ...(cursor.token ? { pageToken: cursor.token } : { page: cursor.page ?? 1 }),
          perPage: Math.min(o.pageSize ?? 200, 200),
          sortBy: 'Modified_Time',
          sortOrder: 'desc',
          ...(o.signal && { signal: o.signal }),
        });
        const next: Cursor | null = !page.more ? null : page.nextPageToken ? { token: page.nextPageToken } : { page: page.page + 1 };
        yield { records: await withCodes(page.records), resume: next ? JSON.stringify(next) : null };
        if (!next) return;
        cursor = next;
      }
    },
    watermarkFor: (signpost: Date) => signpost.toISOString(),
    async sample(n: number) {
      const page = await listPage(client, module, { fields: await fieldsToRead(), perPage: Math.min(Math.max(n, 1), 200) });
      return withCodes(page.records.slice(0, n));
    },
    idOf: (record: SourceRecord) => String(record.id),
    async *keys(signal?: AbortSignal) {
      let cursor: Cursor = { page: 1 };
      for (;;) {
        const page = await listPage(client, module, { fields: ['id'], ...(cursor.token ? { pageToken: cursor.token } : { page: cursor.page ?? 1 }), ...(signal && { signal }) });
        yield page.records.map((r) => String(r.id));
        if (!page.more) return;
        cursor = page.nextPageToken ? { token: page.nextPageToken } : { page: page.page + 1 };
      }
    },
  };
}

/** Zoho's record for one input: its properties, lookups from associations, line items. */
function toZohoRecord(module: string, input: UpsertInput): Record<string, unknown> {
  const record: Record<string, unknown> = { ...input.properties };
  for (const a of input.associations ?? []) {
    const field = LOOKUPS[module]?.[a.object];
    if (field) record[field] = { id: a.id };
  }
  const subform = LINE_SUBFORM[module];
  if (subform && input.lines) {
    record[subform] = input.lines.map((line) => {
      const { Product_Name: product, ...rest } = line;
      return { ...rest, ...(product !== undefined && { Product_Name: typeof product === 'object' ? product : { id: String(product) } }) };
    });
  }
  return record;
}

export function zohoDestination(client: ZohoClient, module: string): DestinationObject {
  const metadata = cached(() => listFields(client, module));
  return {
    name: module,
    label: LABELS[module] ?? module,
    maxBatch: WRITE_MAX,
    fields: async () => (await metadata()).map(toFieldInfo),
    async upsert(records: UpsertInput[], o: UpsertOptions): Promise<WriteResult[]> {
      const out: WriteResult[] = [];
      for (let i = 0; i < records.length; i += WRITE_MAX) {
        const batch = records.slice(i, i + WRITE_MAX).map((r) => {
          const rec = toZohoRecord(module, r);
          // An update by id when the engine already knows it keeps a renamed key from making a twin.
          if (r.destinationId && rec[o.idProperty] === undefined) rec.id = r.destinationId;
          return rec;
        });
        out.push(...(await upsertBatch(client, module, batch, [o.idProperty], o.signal)));
      }
      return out;
    },
    async *readAll(properties: string[], signal?: AbortSignal) {
      let cursor: Cursor = { page: 1 };
      for (;;) {
        const page = await listPage(client, module, { fields: properties.length ? properties : ['id'], ...(cursor.token ? { pageToken: cursor.token } : { page: cursor.page ?? 1 }), ...(signal && { signal }) });
        yield page.records.map((r) => ({ id: String(r.id), properties: r }));
        if (!page.more) return;
        cursor = page.nextPageToken ? { token: page.nextPageToken } : { page: page.page + 1 };
      }
    },
  };
}
