// Records API calls (spec §4): list pages (mandatory `fields`, 200 per page, page then page_token,
// If-Modified-Since, sort by Modified_Time), module/field metadata, and upserts of ≤ 100 records
// with per-record results (201/207/200 mixes read item by item).
import { z } from 'zod';
import { ConfigError } from '../kit/errors.ts';
import type { WriteResult } from '../kit/types.ts';
import type { ZohoClient } from './client.ts';

export const WRITE_MAX = 100;
export const PAGE_MAX = 200;
export const FIELDS_MAX = 50;

const listSchema = z.object({
  data: z.array(z.record(z.string(), z.unknown())),
  info: z.looseObject({ more_records: z.boolean().optional(), next_page_token: z.string().nullable().optional(), page: z.number().optional() }).optional(),
});

export interface ListPage {
  records: Record<string, unknown>[];
  more: boolean;
  nextPageToken: string | null;
  page: number;
}

export interface ListQuery {
  fields: string[];
  /** Only records modified after this instant (If-Modified-Since). */
  since?: Date;
  pageToken?: string | null;
  page?: number;
  perPage?: number;
  sortBy?: 'id' | 'Modified_Time' | 'Created_Time';
  sortOrder?: 'asc' | 'desc';
  /** Only these records (≤ 100 ids). */
  ids?: string[];
  signal?: AbortSignal;
}

/** Zoho's If-Modified-Since: ISO-8601 with an offset and no millis. */
export function ifModifiedSince(at: Date): string {
  return `${at.toISOString().slice(0, 19)}+00:00`;
}

export async function listPage(client: ZohoClient, module: string, q: ListQuery): Promise<ListPage> {
  const res = await client.request({
    method: 'GET',
    path: module,
    query: {
      fields: q.fields.slice(0, FIELDS_MAX).join(','),
      per_page: Math.min(q.perPage ?? PAGE_MAX, PAGE_MAX),
      ...(q.pageToken ? { page_token: q.pageToken } : { page: q.page ?? 1 }),
      ...(q.sortBy && { sort_by: q.sortBy, sort_order: q.sortOrder ?? 'asc' }),
      ...(q.ids && { ids: q.ids.join(',') }),
    },
    ...(q.since && { headers: { 'If-Modified-Since': ifModifiedSince(q.since) } }),
    ...(q.signal && { signal: q.signal }),
  });
  // 204 (nothing) and 304 (nothing newer) carry no body.
  if (res.status === 204 || res.status === 304 || res.body === undefined) return { records: [], more: false, nextPageToken: null, page: q.page ?? 1 };
  const body = listSchema.parse(res.body);
  return { records: body.data, more: body.info?.more_records === true, nextPageToken: body.info?.next_page_token ?? null, page: body.info?.page ?? q.page ?? 1 };
}

const moduleSchema = z.object({ modules: z.array(z.looseObject({ api_name: z.string(), api_supported: z.boolean().optional() })) });
export async function listModules(client: ZohoClient, signal?: AbortSignal): Promise<{ api_name: string; api_supported?: boolean | undefined }[]> {
  const res = await client.request({ method: 'GET', path: 'settings/modules', ...(signal && { signal }) });
  return moduleSchema.parse(res.body).modules;
}

export const zohoFieldSchema = z.looseObject({
  api_name: z.string(),
  field_label: z.string().optional(),
  data_type: z.string(),
  system_mandatory: z.boolean().optional(),
  read_only: z.boolean().optional(),
  custom_field: z.boolean().optional(),
  unique: z.unknown().optional(),
  pick_list_values: z.array(z.looseObject({ display_value: z.string(), actual_value: z.string().optional() })).optional(),
});
export type ZohoField = z.infer<typeof zohoFieldSchema>;

export async function listFields(client: ZohoClient, module: string, signal?: AbortSignal): Promise<ZohoField[]> {
  const res = await client.request({ method: 'GET', path: 'settings/fields', query: { module }, ...(signal && { signal }) });
  return z.object({ fields: z.array(zohoFieldSchema) }).parse(res.body).fields;
}

const resultSchema = z.looseObject({
  code: z.string(),
  status: z.string(),
  message: z.string().optional(),
  action: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
type ItemResult = z.infer<typeof resultSchema>;

const RETRYABLE_ITEM = new Set(['RECORD_LOCKED', 'INTERNAL_ERROR', 'CANNOT_PROCESS']);

/** One per-record answer as a WriteResult (field names and paths only: values may be customer data). */
export function toWriteResult(item: ItemResult | undefined, insertOnly = false): WriteResult {
  if (!item) return { status: 'failed', kind: 'retriable', retryable: true, code: 'ZOHO_NO_RESULT', message: 'Zoho CRM returned no result for this record.' };
  if (item.status === 'success' && typeof item.details?.id === 'string') {
    return { status: item.action === 'update' || (!insertOnly && item.message === 'record updated') ? 'updated' : 'created', id: item.details.id };
  }
  const d = item.details ?? {};
  const field = typeof d.api_name === 'string' ? d.api_name : undefined;
  const what = [field && `field ${field}`, typeof d.expected_data_type === 'string' && `expected ${d.expected_data_type}`, typeof d.maximum_length === 'number' && `at most ${d.maximum_length} characters`].filter(Boolean).join(', ');
  const hint =
    item.code === 'DUPLICATE_DATA' ? `Another Zoho record already has this ${field ?? 'value'}; merge the two in Zoho or change the value at the source.`
    : item.code === 'MANDATORY_NOT_FOUND' ? `Map a value to ${field ?? 'the mandatory field'} (Zoho requires it).`
    : item.code === 'INVALID_DATA' && Array.isArray(d.supported_values) ? `Use one of the picklist values Zoho offers for ${field ?? 'this field'}.`
    : undefined;
  return {
    status: 'failed',
    kind: RETRYABLE_ITEM.has(item.code) ? 'retriable' : 'record',
    retryable: RETRYABLE_ITEM.has(item.code),
    code: `ZOHO_${item.code}`,
    message: `Zoho CRM refused the record: ${item.code}${what ? ` (${what})` : ''}.`,
    ...(hint && { hint }),
  };
}

/** Updates ≤ 100 records by their `id` (PUT, §4.4); one result per record, in order. */
export async function updateBatch(client: ZohoClient, module: string, records: Record<string, unknown>[], signal?: AbortSignal): Promise<WriteResult[]> {
  if (records.length > WRITE_MAX) throw new RangeError(`At most ${WRITE_MAX} records per Zoho write, got ${records.length}.`);
  const res = await client.request({ method: 'PUT', path: module, json: { data: records, trigger: [] }, accept: [400], ...(signal && { signal }) });
  return perRecordResults(res, module, records.length, true);
}

function perRecordResults(res: { status: number; body: unknown }, module: string, count: number, updateOnly = false): WriteResult[] {
  const parsed = z.object({ data: z.array(resultSchema) }).safeParse(res.body);
  if (!parsed.success) {
    const b = res.body as { code?: string; details?: { api_name?: string } } | undefined;
    throw new ConfigError(`Zoho CRM refused the whole ${module} write (${res.status} ${b?.code ?? 'no code'}${b?.details?.api_name ? `, field ${b.details.api_name}` : ''}).`, {
      code: `ZOHO_${b?.code ?? res.status}`,
      status: res.status,
      system: 'zoho',
      hint: b?.details?.api_name ? `Check that ${module} has the unique field ${b.details.api_name} (Setup › Customization › Modules and Fields › ${module}: a single-line field with "Do not allow duplicate values").` : 'Run the connection test.',
    });
  }
  return Array.from({ length: count }, (_, i) => {
    const r = toWriteResult(parsed.data.data[i]);
    return updateOnly && r.status === 'created' ? { ...r, status: 'updated' as const } : r;
  });
}

/** Upserts ≤ 100 records matched on `duplicateCheck`; one result per record, in order. */
export async function upsertBatch(client: ZohoClient, module: string, records: Record<string, unknown>[], duplicateCheck: string[], signal?: AbortSignal): Promise<WriteResult[]> {
  if (records.length > WRITE_MAX) throw new RangeError(`At most ${WRITE_MAX} records per Zoho write, got ${records.length}.`);
  const res = await client.request({
    method: 'POST',
    path: `${module}/upsert`,
    json: { data: records, duplicate_check_fields: duplicateCheck, trigger: [] },
    // A 400 whose items are per-record errors (every record failed) is read like a 207.
    accept: [400],
    ...(signal && { signal }),
  });
  return perRecordResults(res, module, records.length);
}
