// Zoho modules as the engine sees them. Sources read every record (full) or those modified since the
// watermark (If-Modified-Since minus a second: Zoho stamps whole seconds), newest first: a record
// edited mid-read moves to the front, so later pages shift and repeat a record rather than skip one;
// the resume cursor is the next page token (or page number). Destinations upsert on the flow's
// external-id field in batches of 100, with lookups from the engine's associations and line items.
import type { DestinationObject, FieldInfo, Page, ReadOptions, SourceEntity, SourceRecord, UpsertInput, UpsertOptions, WriteResult } from '../kit/types.ts';
import type { ZohoClient } from './client.ts';
import { FIELDS_MAX, WRITE_MAX, listFields, listPage, updateBatch, upsertBatch, type ZohoField } from './records.ts';
import { productCodes } from './products.ts';
import { withAccounts } from './deal-accounts.ts';
import { RecordError } from '../kit/errors.ts';
import type { ChannelKeeper } from './channel-keeper.ts';

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
  /** The unique custom field carrying our keys (deals carry their account's, as `Account.<field>`). */
  externalIdField?: string;
  /** Keeps the notification channel alive, checked before each read. */
  keeper?: ChannelKeeper;
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
  /** Deals gain their account (`Account`): whether it is an ERP customer already, and what a new one is made of. */
  const enrich = async (records: Record<string, unknown>[], signal?: AbortSignal): Promise<Record<string, unknown>[]> =>
    module === 'Deals' && records.length ? withAccounts(client, await withCodes(records), options.externalIdField ?? 'External_Id', signal) : records;
  const withCodes = async (records: Record<string, unknown>[]): Promise<Record<string, unknown>[]> => {
    if (!linesField || !records.some((r) => Array.isArray(r[linesField]))) return records;
    const byId = (await codes()).codeOf;
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
    // The fields Zoho lists, plus what enrich() adds: mappings name `Account.<field>` on deals.
    fields: async () => [
      ...(await metadata()).map(toFieldInfo),
      ...(module === 'Deals' ? [{ name: 'Account', label: 'Account (with its external id)', type: 'object' as const, readOnly: true }] : []),
    ],
    async *read(o: ReadOptions): AsyncIterable<Page> {
      await options.keeper?.keep(o.signal);
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
        yield { records: await enrich(page.records, o.signal), resume: next ? JSON.stringify(next) : null };
        if (!next) return;
        cursor = next;
      }
    },
    watermarkFor: (signpost: Date) => signpost.toISOString(),
    async sample(n: number) {
      const page = await listPage(client, module, { fields: await fieldsToRead(), perPage: Math.min(Math.max(n, 1), 200) });
      return enrich(page.records.slice(0, n));
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

/**
 * Zoho's record for one input: its properties, lookups from associations, line items. A line may name
 * its product by `Product_Code` (the ERP's item number) instead of `Product_Name`; `productId` resolves it.
 */
function toZohoRecord(module: string, input: UpsertInput, productId: (code: string) => string | undefined): Record<string, unknown> {
  const record: Record<string, unknown> = { ...input.properties };
  for (const a of input.associations ?? []) {
    const field = LOOKUPS[module]?.[a.object];
    if (field) record[field] = { id: a.id };
  }
  const subform = LINE_SUBFORM[module];
  if (subform && input.lines) {
    record[subform] = input.lines.map((line) => {
      const { Product_Name: named, Product_Code: code, ...rest } = line;
      let product = named;
      if (product === undefined && typeof code === 'string' && code.trim()) {
        product = productId(code.trim().toUpperCase());
        if (product === undefined) {
          throw new RecordError(`No Zoho CRM product has the code "${code.trim()}".`, { code: 'ZOHO_UNKNOWN_PRODUCT', system: 'zoho', hint: 'Create the product in Zoho CRM (Products, with this Product Code), then replay the record.', failureCause: 'destination' });
        }
      }
      return { ...rest, ...(product !== undefined && product !== null && { Product_Name: typeof product === 'object' ? product : { id: String(product) } }) };
    });
  }
  return record;
}

export function zohoDestination(client: ZohoClient, module: string, matchAlsoBy: readonly string[] = []): DestinationObject {
  const metadata = cached(() => listFields(client, module));
  const codes = cached(() => productCodes(client));
  const needsProducts = (records: UpsertInput[]) => Boolean(LINE_SUBFORM[module]) && records.some((r) => r.lines?.some((l) => l.Product_Code !== undefined && l.Product_Name === undefined));
  return {
    name: module,
    label: LABELS[module] ?? module,
    maxBatch: WRITE_MAX,
    fields: async () => (await metadata()).map(toFieldInfo),
    async upsert(records: UpsertInput[], o: UpsertOptions): Promise<WriteResult[]> {
      const out: WriteResult[] = [];
      const idOf = needsProducts(records) ? (await codes()).idOf : new Map<string, string>();
      // Keyed by Zoho's own record id (a flow writing onto records it read from this org): update by id.
      const byId = o.idProperty === 'id';
      for (let i = 0; i < records.length; i += WRITE_MAX) {
        const slice = records.slice(i, i + WRITE_MAX);
        const results: (WriteResult | null)[] = slice.map(() => null);
        const batch: Record<string, unknown>[] = [];
        const at: number[] = [];
        slice.forEach((r, j) => {
          try {
            const rec = toZohoRecord(module, r, (code) => idOf.get(code));
            // An update by id when the engine already knows it keeps a renamed key from making a twin.
            if (r.destinationId && (byId || rec[o.idProperty] === undefined)) rec.id = r.destinationId;
            batch.push(rec);
            at.push(j);
          } catch (e) {
            if (!(e instanceof RecordError)) throw e;
            results[j] = { status: 'failed', kind: 'record', retryable: false, message: e.message, ...(e.code && { code: e.code }), ...(e.hint && { hint: e.hint }), ...(e.failureCause && { failureCause: e.failureCause }) };
          }
        });
        if (batch.length) {
          const written = byId ? await updateBatch(client, module, batch, o.signal) : await upsertBatch(client, module, batch, [...new Set([o.idProperty, ...matchAlsoBy])], o.signal);
          written.forEach((w, k) => (results[at[k]!] = w));
        }
        out.push(...(results as WriteResult[]));
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
