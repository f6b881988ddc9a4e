// CRM object operations (spec §4): list with `after`, batch read, batch upsert by a unique property,
// batch create with trace ids (so one bad input fails alone), batch update and archive. Every batch
// is cut to ≤100 inputs; results come back one per input, in input order. A 207 maps its errors
// back to inputs (by objectWriteTraceId, context ids or `id`); a whole-batch 4xx is bisected until
// the bad inputs stand alone, so good records are never held hostage by a bad neighbour.
import type { ConnectorError} from '../kit/errors.ts';
import { failureCause, isConnectorError, RecordError, RetriableError } from '../kit/errors.ts';
import { cursorPages, type PageOf } from '../kit/paging.ts';
import { redact } from '../kit/redact.ts';
import type { WriteResult } from '../kit/types.ts';
import { mapConcurrent, type HubSpotClient } from './client.ts';
import { batchResponse, listResponse, simpleObject, type BatchResponse, type SimpleObject, type StandardError } from './schema.ts';

export const BATCH_MAX = 100;
export type PropertyInput = Record<string, unknown>;

/** A write outcome per input: the kit's WriteResult, plus the record HubSpot returned on success. */
export type ObjectWriteResult = WriteResult & { record?: SimpleObject };

const path = (type: string, rest = ''): string => `/crm/v3/objects/${encodeURIComponent(type)}${rest}`;

/** HubSpot takes every property value as a string; null clears (""). */
export function toHubSpotValues(props: PropertyInput): Record<string, string> {
  const out: Record<string, string> = {};
  // Keys, not entries: no [key, value] pair per property of every record written.
  for (const k of Object.keys(props)) {
    const v = props[k];
    if (v === undefined) continue;
    if (v === null) out[k] = '';
    else if (v instanceof Date) out[k] = v.toISOString();
    else if (Array.isArray(v)) out[k] = v.map(String).join(';');
    else if (typeof v === 'object') out[k] = JSON.stringify(v);
    else out[k] = String(v);
  }
  return out;
}

export async function listPage(client: HubSpotClient, type: string, options: { after?: string | null; limit?: number; properties?: string[]; associations?: string[]; archived?: boolean; signal?: AbortSignal } = {}): Promise<{ results: SimpleObject[]; after: string | null }> {
  const res = await client.request({
    method: 'GET',
    path: path(type),
    query: {
      limit: Math.min(options.limit ?? 100, 100),
      after: options.after ?? undefined,
      properties: options.properties?.length ? options.properties.join(',') : undefined,
      associations: options.associations?.length ? options.associations.join(',') : undefined,
      archived: options.archived ? 'true' : undefined,
    },
    schema: listResponse,
    ...(options.signal && { signal: options.signal }),
  });
  return { results: res.body.results, after: res.body.paging?.next?.after ?? null };
}

/** One object by its HubSpot id, with the named properties and associations; null when there is none. */
export async function readObject(client: HubSpotClient, type: string, id: string, options: { properties?: string[]; associations?: string[]; signal?: AbortSignal } = {}): Promise<SimpleObject | null> {
  try {
    const res = await client.request({
      method: 'GET',
      path: path(type, `/${encodeURIComponent(id)}`),
      query: {
        properties: options.properties?.length ? options.properties.join(',') : undefined,
        associations: options.associations?.length ? options.associations.join(',') : undefined,
      },
      schema: simpleObject,
      ...(options.signal && { signal: options.signal }),
    });
    return res.body;
  } catch (e) {
    if (isConnectorError(e) && e.status === 404) return null;
    throw e;
  }
}

/** Every page of a type, following `paging.next.after` until it is absent. */
export function listAll(client: HubSpotClient, type: string, options: { properties?: string[]; associations?: string[]; start?: string | null; pageSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<PageOf<SimpleObject>> {
  return cursorPages(
    async (after) => {
      const page = await listPage(client, type, { ...options, after, limit: options.pageSize ?? 100 });
      return { items: page.results, cursor: page.after };
    },
    options.start ?? null,
    options.signal,
  );
}

export async function batchRead(client: HubSpotClient, type: string, ids: string[], options: { properties?: string[]; idProperty?: string; signal?: AbortSignal } = {}): Promise<Map<string, SimpleObject>> {
  const out = new Map<string, SimpleObject>();
  await mapConcurrent(chunk(ids, BATCH_MAX), client.concurrency, async (part) => {
    const res = await client.request({
      method: 'POST',
      path: path(type, '/batch/read'),
      json: { properties: options.properties ?? [], propertiesWithHistory: [], inputs: part.map((id) => ({ id })), ...(options.idProperty && { idProperty: options.idProperty }) },
      schema: batchResponse,
      ...(options.signal && { signal: options.signal }),
    });
    for (const r of res.body.results) {
      const key = options.idProperty ? (r.properties[options.idProperty] ?? r.id) : r.id;
      out.set(key, r);
    }
  });
  return out;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Which inputs (by trace id or id) a 207 error names. Both places HubSpot may use are read (spec §4.7). */
function errorRefs(e: StandardError): string[] {
  const refs = [...(e.context?.objectWriteTraceId ?? []), ...(e.context?.ids ?? []), ...(e.context?.id ?? [])];
  if (e.id) refs.push(e.id);
  return refs;
}

/** The first entry of the JSON list in "Property values were not valid: […]" (how batch answers name the property). */
function firstInvalidProperty(message: string): { name?: string; error?: string } | undefined {
  const listed = /^Property values were not valid: (\[.*\])$/s.exec(message)?.[1];
  if (!listed) return undefined;
  try {
    return (JSON.parse(listed) as { name?: string; error?: string }[])[0];
  } catch {
    return undefined;
  }
}

/**
 * HubSpot's refusal as a sentence: "Property values were not valid: [{…JSON…}]" becomes
 * `HubSpot refused email "bad email at example": Email address bad email at example is invalid.` —
 * the property, the value sent (from the input, when known) and HubSpot's own words, no raw JSON.
 */
export function readableRefusal(message: string, properties?: Record<string, unknown>): string {
  const at = message.indexOf('Property values were not valid: ');
  const listed = at >= 0 ? message.slice(at + 'Property values were not valid: '.length) : undefined;
  let entries: { name?: string; error?: string; message?: string }[] | undefined;
  try {
    entries = listed ? (JSON.parse(listed) as typeof entries) : undefined;
  } catch {
    entries = undefined;
  }
  if (!entries?.length) return redact(message.startsWith('HubSpot') ? message : `HubSpot: ${message}`).slice(0, 500);
  const parts = entries.map((p) => {
    const value = p.name !== undefined ? properties?.[p.name] : undefined;
    const shown = value === undefined || value === null ? '' : ` "${redact(String(value)).slice(0, 120)}"`;
    const why = (p.message ?? p.error ?? 'not valid').replace(/\.$/, '');
    return `${p.name ?? 'a property'}${shown}: ${why}`;
  });
  return redact(`HubSpot refused ${parts.join('; ')}.`).slice(0, 500);
}

/** What an admin does about a record HubSpot refused (the audit log shows it beside the reason). */
function hintFor(e: StandardError, errorCode: string | undefined): string | undefined {
  if (e.category === 'CONFLICT') return 'Another HubSpot record already holds this unique value.';
  const listed = firstInvalidProperty(e.message);
  const property = e.errors?.find((d) => d.in)?.in ?? listed?.name;
  const where = property ? `the HubSpot property ${property}` : 'the HubSpot property';
  // A value outside an enumeration: e.g. an invoice currency the portal does not have yet.
  if ((listed?.error ?? errorCode) === 'INVALID_OPTION') return `Add the value as an option of ${where} (currencies: Settings → Account Defaults → Currencies) or map it to an existing option, then replay.`;
  if (e.category === 'VALIDATION_ERROR') return `Fix the value in the source record or the flow's mapping for ${where}, then replay.`;
  return undefined;
}

function failedFrom(e: StandardError, input?: BatchInput): ObjectWriteResult {
  const code = e.errors?.find((d) => d.code)?.code ?? e.category;
  const conflict = e.category === 'CONFLICT';
  const missing = e.category === 'OBJECT_NOT_FOUND';
  const hint = hintFor(e, code);
  return {
    status: 'failed',
    kind: 'record',
    message: readableRefusal(e.message, propertiesOf(input)),
    retryable: missing,
    ...(code && { code: conflict ? 'HUBSPOT_UNIQUE_VALUE' : code }),
    ...(hint && { hint }),
    // A duplicate or a missing record is HubSpot's state; an unknown option is a property HubSpot lacks
    // a value for; anything else (INVALID_EMAIL, a bad number) is the data we sent.
    failureCause: conflict || missing || (firstInvalidProperty(e.message)?.error ?? code) === 'INVALID_OPTION' ? 'destination' : 'source',
  };
}

const propertiesOf = (input: BatchInput | undefined) => input?.body['properties'] as Record<string, unknown> | undefined;

function failedFromError(e: ConnectorError, input?: BatchInput): ObjectWriteResult {
  const message = e.code === 'HUBSPOT_VALIDATION' ? readableRefusal(e.message, propertiesOf(input)) : e.message;
  return { status: 'failed', kind: e.kind, message, retryable: e instanceof RecordError ? e.retryable : e.kind === 'retriable', ...(e.code && { code: e.code }), ...(e.hint && { hint: e.hint }), failureCause: failureCause(e) };
}

interface BatchInput {
  /** How this input is recognised in the answer: its trace id. */
  ref: string;
  body: Record<string, unknown>;
  /** The unique value (upsert) for matching results that carry no trace id. */
  key?: string;
}

/**
 * Sends one batch and maps the answer to one result per input. On a whole-batch 4xx (the portal
 * refused the batch because of one input) it bisects; run-level errors (auth, config, fatal,
 * retriable after retries) are thrown for the engine.
 */
async function sendBatch(client: HubSpotClient, url: string, inputs: BatchInput[], matchKey: string | null, created: (r: SimpleObject) => boolean, signal?: AbortSignal): Promise<ObjectWriteResult[]> {
  let body: BatchResponse;
  try {
    const res = await client.request({ method: 'POST', path: url, json: { inputs: inputs.map((i) => i.body) }, schema: batchResponse, ...(signal && { signal }) });
    body = res.body;
  } catch (e) {
    if (e instanceof RecordError) {
      if (inputs.length === 1) return [failedFromError(e, inputs[0])];
      const mid = Math.ceil(inputs.length / 2);
      const [a, b] = [inputs.slice(0, mid), inputs.slice(mid)];
      return [...(await sendBatch(client, url, a, matchKey, created, signal)), ...(await sendBatch(client, url, b, matchKey, created, signal))];
    }
    throw e;
  }
  const byRef = new Map<string, number>();
  const byKey = new Map<string, number>();
  inputs.forEach((i, n) => {
    byRef.set(i.ref, n);
    if (i.key !== undefined) byKey.set(i.key, n);
  });
  // Filled, not `new Array(n)`: map() skips holes, and an input HubSpot neither confirmed nor named
  // must come back as a failure below, never as undefined.
  const out: (ObjectWriteResult | undefined)[] = Array.from({ length: inputs.length }, () => undefined);
  for (const r of body.results) {
    const n = (r.objectWriteTraceId !== undefined ? byRef.get(r.objectWriteTraceId) : undefined) ?? (matchKey ? byKey.get(r.properties[matchKey] ?? '\u0000') : undefined) ?? (inputs.length === 1 && body.results.length === 1 ? 0 : undefined);
    if (n !== undefined) out[n] = { status: created(r) ? 'created' : 'updated', id: r.id, record: r };
  }
  const unplaced: StandardError[] = [];
  for (const e of body.errors ?? []) {
    const refs = errorRefs(e).map((ref) => byRef.get(ref) ?? byKey.get(ref)).filter((n): n is number => n !== undefined);
    if (!refs.length) unplaced.push(e);
    for (const n of refs) out[n] ??= failedFrom(e, inputs[n]);
  }
  return out.map((r, n) => {
    if (r) return r;
    // No result and no error names this input: HubSpot did not confirm it. An unplaced error is the likely cause.
    const e = unplaced[0];
    if (e && inputs.filter((_, m) => !out[m]).length === 1) return failedFrom(e, inputs[n]);
    void n;
    const err = new RetriableError('HubSpot did not confirm this record in its batch answer; it will be retried.', { code: 'HUBSPOT_UNCONFIRMED', system: 'hubspot' });
    return failedFromError(err);
  });
}

export interface UpsertItem {
  /** The unique value stored in the idProperty. */
  key: string;
  properties: PropertyInput;
}

/**
 * Batch upsert by a unique property (spec §4.6): `idProperty` on each input, ≤100 per request,
 * `new` → created/updated. HubSpot refuses a key twice in one batch, so repeats of a key in one call
 * are merged in order (later values win, as if written one after the other) and share one result.
 */
export async function batchUpsert(client: HubSpotClient, type: string, items: UpsertItem[], idProperty: string, signal?: AbortSignal): Promise<ObjectWriteResult[]> {
  const merged = new Map<string, { properties: Record<string, string>; indexes: number[] }>();
  items.forEach((item, index) => {
    const props = toHubSpotValues(item.properties);
    delete props[idProperty];
    const m = merged.get(item.key);
    if (m) {
      Object.assign(m.properties, props);
      m.indexes.push(index);
    } else merged.set(item.key, { properties: props, indexes: [index] });
  });
  const unique = [...merged.entries()];
  const results = new Array<ObjectWriteResult>(items.length);
  await mapConcurrent(chunk(unique, BATCH_MAX), client.concurrency, async (part) => {
    const inputs: BatchInput[] = part.map(([key, m]) => ({ ref: key, key, body: { idProperty, id: key, objectWriteTraceId: key, properties: m.properties } }));
    const out = await sendBatch(client, path(type, '/batch/upsert'), inputs, idProperty, (r) => r.new === true, signal);
    part.forEach(([, m], n) => {
      for (const index of m.indexes) results[index] = out[n] as ObjectWriteResult;
    });
  });
  return results;
}

export interface CreateItem {
  properties: PropertyInput;
  associations?: { toId: string; typeId: number }[];
}

/** Batch create with a trace id on every input, so HubSpot answers 207 instead of failing all (spec §4.7). */
export async function batchCreate(client: HubSpotClient, type: string, items: CreateItem[], signal?: AbortSignal): Promise<ObjectWriteResult[]> {
  const results = new Array<ObjectWriteResult>(items.length);
  const indexed = items.map((item, index) => ({ item, index }));
  await mapConcurrent(chunk(indexed, BATCH_MAX), client.concurrency, async (part) => {
    const inputs: BatchInput[] = part.map(({ item, index }) => ({
      ref: `t${index}`,
      body: {
        properties: toHubSpotValues(item.properties),
        associations: (item.associations ?? []).map((a) => ({ to: { id: a.toId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: a.typeId }] })),
        objectWriteTraceId: `t${index}`,
      },
    }));
    const out = await sendBatch(client, path(type, '/batch/create'), inputs, null, () => true, signal);
    part.forEach(({ index }, n) => (results[index] = out[n] as ObjectWriteResult));
  });
  return results;
}

/** Batch update by record id (or by `idProperty` values). */
export async function batchUpdate(client: HubSpotClient, type: string, items: { id: string; properties: PropertyInput }[], options: { idProperty?: string; signal?: AbortSignal } = {}): Promise<ObjectWriteResult[]> {
  const results = new Array<ObjectWriteResult>(items.length);
  const indexed = items.map((item, index) => ({ item, index }));
  await mapConcurrent(chunk(indexed, BATCH_MAX), client.concurrency, async (part) => {
    const inputs: BatchInput[] = part.map(({ item }) => ({
      ref: item.id,
      key: item.id,
      body: { id: item.id, properties: toHubSpotValues(item.properties), ...(options.idProperty && { idProperty: options.idProperty }) },
    }));
    const out = await sendBatch(client, path(type, '/batch/update'), inputs, options.idProperty ?? 'hs_object_id', () => false, options.signal);
    part.forEach(({ index }, n) => (results[index] = out[n] as ObjectWriteResult));
  });
  return results;
}

export async function batchArchive(client: HubSpotClient, type: string, ids: string[], signal?: AbortSignal): Promise<void> {
  await mapConcurrent(chunk(ids, BATCH_MAX), client.concurrency, async (part) => {
    await client.request({ method: 'POST', path: path(type, '/batch/archive'), json: { inputs: part.map((id) => ({ id })) }, responseType: 'none', ...(signal && { signal }) });
  });
}

export async function readOne(client: HubSpotClient, type: string, id: string, options: { properties?: string[]; idProperty?: string; signal?: AbortSignal } = {}): Promise<SimpleObject | null> {
  const res = await client.request({
    method: 'GET',
    path: path(type, `/${encodeURIComponent(id)}`),
    query: { properties: options.properties?.join(','), idProperty: options.idProperty },
    accept: [404],
    ...(options.signal && { signal: options.signal }),
  });
  if (res.status === 404) return null;
  return simpleObject.parse(res.body);
}
