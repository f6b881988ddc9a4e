// The records API (spec §4): list (mandatory `fields`, `per_page` ≤ 200, `page` then `page_token` past
// the page limit, `If-Modified-Since` → 304, empty → 204, sort by id/Created_Time/Modified_Time), one
// record (by id, or by an external-id field with `X-EXTERNAL`), insert/update/upsert of ≤ 100 records
// with per-record results, delete, `/deleted`, `/search`, `/actions/count`.
import { ZohoError, invalidParam, limitExceeded, requiredParam, type RecordResult } from './errors.ts';
import { fieldOf, type ModuleDef } from './modules.ts';
import { presentRecord } from './present.ts';
import type { StoredRecord } from './store.ts';
import type { RouteCtx, RouteResult } from './route-types.ts';
import { zohoDateTime } from './datetime.ts';
import { criteriaFilter } from './criteria.ts';
import { pageInfo, pageWindow, type PagingRules } from './paging.ts';

const SORTS = ['id', 'Created_Time', 'Modified_Time'];

function listFields(ctx: RouteCtx, module: ModuleDef, required: boolean): string[] | undefined {
  const raw = ctx.query.get('fields');
  if (raw === null || !raw.trim()) {
    if (required) throw requiredParam('fields');
    return undefined;
  }
  const fields = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (fields.length > 50) throw limitExceeded(50, 'the number of fields has exceeded the limit');
  for (const f of fields) if (!fieldOf(module, f) && f !== 'id') throw invalidParam('fields', 'invalid data', { api_name: f });
  return fields;
}

function perPage(ctx: RouteCtx): number {
  const raw = ctx.query.get('per_page');
  if (raw === null) return 200;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw invalidParam('per_page');
  if (n > 200) {
    if (ctx.env.switches.perPageOver200 === 'reject') throw invalidParam('per_page', 'invalid data', { maximum: 200 });
    return 200;
  }
  return n;
}

function sortKey(rec: StoredRecord, by: string): number | bigint {
  return by === 'Modified_Time' ? rec.modifiedAt : by === 'Created_Time' ? rec.createdAt : BigInt(rec.id);
}

function compare(by: string, order: string) {
  const dir = order === 'asc' ? 1 : -1;
  return (a: StoredRecord, b: StoredRecord): number => {
    const ka = sortKey(a, by);
    const kb = sortKey(b, by);
    if (ka !== kb) return (ka < kb ? -1 : 1) * dir;
    return (BigInt(a.id) < BigInt(b.id) ? -1 : 1) * dir;
  };
}

/** `If-Modified-Since` in whole seconds (Zoho's datetimes carry no millis). */
function modifiedSince(ctx: RouteCtx): number | undefined {
  const raw = ctx.headers['if-modified-since'];
  if (!raw) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw invalidParam('If-Modified-Since', 'invalid data', { reason: 'expected an ISO-8601 datetime such as 2024-05-01T00:00:00+00:00' });
  return Math.floor(ms / 1000) * 1000;
}

function keepSince(rec: StoredRecord, since: number | undefined, inclusive: boolean): boolean {
  if (since === undefined) return true;
  const at = Math.floor(rec.modifiedAt / 1000) * 1000;
  return inclusive ? at >= since : at > since;
}

export function listRecords(ctx: RouteCtx, module: ModuleDef): RouteResult {
  const fields = listFields(ctx, module, true);
  const size = perPage(ctx);
  const sortBy = ctx.query.get('sort_by') ?? 'id';
  if (!SORTS.includes(sortBy)) throw invalidParam('sort_by', 'invalid data', { supported_values: SORTS });
  const sortOrder = ctx.query.get('sort_order') ?? 'desc';
  if (!['asc', 'desc'].includes(sortOrder)) throw invalidParam('sort_order', 'invalid data', { supported_values: ['asc', 'desc'] });
  const since = modifiedSince(ctx);
  const ids = ctx.query.get('ids')?.split(',').filter(Boolean);
  const signature = JSON.stringify([module.api_name, sortBy, sortOrder, since, ids, size]);
  const rules: PagingRules = { limit: ctx.env.switches.pageLimit, pastLimit: 'tokens' };
  const window = pageWindow(ctx, signature, size, rules);
  const all = [...ctx.env.store.table(module.api_name).values()]
    .filter((r) => keepSince(r, since, ctx.env.switches.ifModifiedSinceInclusive) && (!ids || ids.includes(r.id)))
    .sort(compare(sortBy, sortOrder));
  const slice = all.slice(window.offset, window.offset + size);
  if (!slice.length) return { status: since !== undefined && all.length === 0 ? 304 : 204 };
  const paging = pageInfo(ctx, signature, window, size, all.length, rules);
  return {
    status: 200,
    body: {
      data: slice.map((r) => presentRecord(ctx.env.store, module, r, fields, ctx.env.switches.orgOffsetMinutes)),
      info: { ...paging, count: slice.length, sort_by: sortBy, sort_order: sortOrder, email: false, call: false },
    },
  };
}

/** One record by id, or by the external-id field the `X-EXTERNAL: Module.Field` header names. */
function findOne(ctx: RouteCtx, module: ModuleDef, key: string): StoredRecord | undefined {
  const external = ctx.headers['x-external'];
  if (external) {
    const [mod, field] = external.split('.');
    const f = mod === module.api_name && field ? fieldOf(module, field) : undefined;
    if (!f || !f.unique) throw invalidParam('X-EXTERNAL', 'invalid data', { reason: `X-EXTERNAL must name a unique external field of ${module.api_name}, e.g. ${module.api_name}.External_Id` });
    return ctx.env.store.findByValue(module, f.api_name, key);
  }
  return ctx.env.store.table(module.api_name).get(key);
}

export function getRecord(ctx: RouteCtx, module: ModuleDef, key: string): RouteResult {
  const fields = listFields(ctx, module, false);
  const rec = findOne(ctx, module, key);
  if (!rec) return { status: 204 };
  return { status: 200, body: { data: [presentRecord(ctx.env.store, module, rec, fields, ctx.env.switches.orgOffsetMinutes)] } };
}

function writeItems(ctx: RouteCtx): unknown[] {
  const data = (ctx.body as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(data) || !data.length) throw new ZohoError(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'data', json_path: '$.data' });
  if (data.length > 100) throw limitExceeded(100);
  return data;
}

function writeStatus(results: RecordResult[], allOk: number, allFailed: number): number {
  const failed = results.filter((r) => r.status === 'error').length;
  return failed === 0 ? allOk : failed === results.length ? allFailed : 207;
}

const fmt = (ctx: RouteCtx) => (ms: number) => zohoDateTime(ms, ctx.env.switches.orgOffsetMinutes);

export function insertRecords(ctx: RouteCtx, module: ModuleDef): RouteResult {
  const items = writeItems(ctx);
  const results = ctx.env.store.write(module, items, 'insert', { now: ctx.now, switches: ctx.env.switches, fmt: fmt(ctx) });
  return { status: writeStatus(results, 201, ctx.env.switches.allFailedStatus), body: { data: results } };
}

export function updateRecords(ctx: RouteCtx, module: ModuleDef, pathId?: string): RouteResult {
  const items = writeItems(ctx);
  if (pathId && items.length > 1) throw limitExceeded(1, 'only one record can be updated through this URL');
  if (pathId && !ctx.env.store.table(module.api_name).has(pathId) && !ctx.headers['x-external']) {
    throw new ZohoError(400, 'INVALID_DATA', 'the id given seems to be invalid.', { id: pathId });
  }
  const id = pathId && ctx.headers['x-external'] ? findOne(ctx, module, pathId)?.id : pathId;
  if (pathId && !id) throw new ZohoError(400, 'INVALID_DATA', 'the id given seems to be invalid.', { id: pathId });
  const results = ctx.env.store.write(module, items, 'update', { now: ctx.now, switches: ctx.env.switches, fmt: fmt(ctx), ...(id && { pathId: id }) });
  return { status: writeStatus(results, 200, ctx.env.switches.allFailedStatus), body: { data: results } };
}

export function upsertRecords(ctx: RouteCtx, module: ModuleDef): RouteResult {
  const items = writeItems(ctx);
  const given = (ctx.body as { duplicate_check_fields?: unknown }).duplicate_check_fields;
  const allowed = [module.duplicateField, ...module.fields.filter((f) => f.unique).map((f) => f.api_name)];
  let order: string[];
  if (given === undefined) order = allowed;
  else {
    if (!Array.isArray(given)) throw invalidParam('duplicate_check_fields', 'invalid data', { expected_data_type: 'jsonarray' });
    given.forEach((f, i) => {
      if (typeof f !== 'string' || !allowed.includes(f)) {
        throw new ZohoError(400, 'INVALID_DATA', 'invalid data', { api_name: String(f), json_path: `$.duplicate_check_fields[${i}]`, supported_values: allowed });
      }
    });
    order = given as string[];
  }
  const results = ctx.env.store.write(module, items, 'upsert', { now: ctx.now, switches: ctx.env.switches, fmt: fmt(ctx), duplicateCheck: order });
  return { status: writeStatus(results, ctx.env.switches.upsertSuccessStatus, ctx.env.switches.allFailedStatus), body: { data: results } };
}

export function deleteRecords(ctx: RouteCtx, module: ModuleDef, pathId?: string): RouteResult {
  const ids = pathId ? [pathId] : (ctx.query.get('ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!ids.length) throw requiredParam('ids');
  if (ids.length > 100) throw limitExceeded(100);
  const results = ctx.env.store.delete(module, ids, ctx.now);
  return { status: writeStatus(results, 200, ctx.env.switches.allFailedStatus), body: { data: results } };
}

export function deletedRecords(ctx: RouteCtx, module: ModuleDef): RouteResult {
  const type = ctx.query.get('type') ?? 'all';
  if (!['all', 'recycle', 'permanent'].includes(type)) throw invalidParam('type', 'invalid data', { supported_values: ['all', 'recycle', 'permanent'] });
  const size = perPage(ctx);
  const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
  const since = modifiedSince(ctx);
  const list = (ctx.env.store.deleted.get(module.api_name) ?? [])
    .filter((d) => (since === undefined || d.deletedAt > since) && (type === 'all' || type === 'recycle'))
    .sort((a, b) => b.deletedAt - a.deletedAt);
  const slice = list.slice((page - 1) * size, page * size);
  if (!slice.length) return { status: since !== undefined && !list.length ? 304 : 204 };
  const user = (id: string) => ({ name: ctx.env.store.users.find((u) => u.id === id)?.full_name ?? 'Admin', id });
  return {
    status: 200,
    body: {
      data: slice.map((d) => ({ deleted_by: user(d.deletedBy), id: d.id, display_name: d.display_name, type: 'recycle', created_by: user(d.createdBy), deleted_time: zohoDateTime(d.deletedAt, ctx.env.switches.orgOffsetMinutes) })),
      info: { per_page: size, count: slice.length, page, more_records: list.length > page * size },
    },
  };
}

/** `criteria=((Field:op:value)and(...))`, or `email=` / `phone=` / `word=` (§4.6). */
function searchPredicate(ctx: RouteCtx, module: ModuleDef): (r: StoredRecord) => boolean {
  const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? String((v as { id?: unknown }).id ?? '') : String(v)).toLowerCase();
  const criteria = ctx.query.get('criteria');
  if (criteria) return criteriaFilter(module, criteria);
  const email = ctx.query.get('email');
  if (email) return (r) => Object.entries(r.values).some(([k, v]) => fieldOf(module, k)?.data_type === 'email' && text(v) === email.toLowerCase());
  const phone = ctx.query.get('phone');
  if (phone) return (r) => Object.entries(r.values).some(([k, v]) => fieldOf(module, k)?.data_type === 'phone' && text(v) === phone.toLowerCase());
  const word = ctx.query.get('word');
  if (word) return (r) => Object.values(r.values).some((v) => typeof v === 'string' && v.toLowerCase().includes(word.toLowerCase()));
  throw requiredParam('criteria');
}

export function searchRecords(ctx: RouteCtx, module: ModuleDef): RouteResult {
  const fields = listFields(ctx, module, false);
  const size = perPage(ctx);
  const keep = searchPredicate(ctx, module);
  const signature = JSON.stringify([module.api_name, 'search', ...['criteria', 'email', 'phone', 'word'].map((k) => ctx.query.get(k)), size]);
  const rules: PagingRules = { limit: ctx.env.switches.pageLimit, pastLimit: ctx.env.switches.searchPastPageLimit === 'pageToken' ? 'tokens' : 'none' };
  const window = pageWindow(ctx, signature, size, rules);
  const hits = [...ctx.env.store.table(module.api_name).values()].filter(keep).sort(compare('id', 'asc'));
  const slice = hits.slice(window.offset, window.offset + size);
  if (!slice.length) return { status: 204 };
  return {
    status: 200,
    body: {
      data: slice.map((r) => presentRecord(ctx.env.store, module, r, fields, ctx.env.switches.orgOffsetMinutes)),
      info: { ...pageInfo(ctx, signature, window, size, hits.length, rules), count: slice.length },
    },
  };
}

/** The count takes the search's filters too (`criteria`, `email`, `phone`, `word`), as the SDK's RecordCountParam does. */
export function countRecords(ctx: RouteCtx, module: ModuleDef): RouteResult {
  const table = ctx.env.store.table(module.api_name);
  const filtered = ['criteria', 'email', 'phone', 'word'].some((k) => ctx.query.has(k));
  const count = filtered ? [...table.values()].filter(searchPredicate(ctx, module)).length : table.size;
  return { status: 200, body: { count } };
}
