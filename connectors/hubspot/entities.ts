// The engine-facing side: HubSpot objects as DestinationObjects (upsert by the flow's external-ID
// property, lines and associations included) and as SourceEntities (full reads by list paging,
// incremental reads by last-modified search up to the signpost). Nothing HubSpot-specific leaks out
// except property setup (ensureProperties).
import type { DestinationObject, FieldInfo, Page, ReadOptions, SourceEntity, SourceRecord, UpsertInput, UpsertOptions, WriteResult } from '../kit/types.ts';
import { ASSOCIATION_TYPE, associateDefault, readAssociations, setPrimaryCompany, type AssociationPair } from './associations.ts';
import type { HubSpotClient } from './client.ts';
import { upsertWithLines } from './invoices.ts';
import { BATCH_MAX, batchArchive, batchRead, batchUpdate, batchUpsert, chunk, listAll, listPage, readObject, type ObjectWriteResult } from './objects.ts';
import { listProperties, toFieldInfo } from './properties.ts';
import { lastModifiedProperty, searchAll } from './search.ts';
import type { SimpleObject } from './schema.ts';

export const OBJECT_LABELS: Record<string, string> = {
  companies: 'Companies',
  contacts: 'Contacts',
  deals: 'Deals',
  invoices: 'Invoices',
  line_items: 'Line items',
  commerce_payments: 'Payments',
};

/** Properties read by default: these, plus every custom (non-HubSpot-defined) property. */
export const DEFAULT_SOURCE_PROPERTIES: Record<string, string[]> = {
  companies: ['name', 'domain', 'website', 'phone', 'address', 'address2', 'city', 'state', 'zip', 'country', 'industry', 'numberofemployees', 'annualrevenue', 'description', 'lifecyclestage', 'hubspot_owner_id'],
  contacts: ['email', 'firstname', 'lastname', 'phone', 'mobilephone', 'company', 'jobtitle', 'address', 'city', 'state', 'zip', 'country', 'lifecyclestage'],
  deals: ['dealname', 'amount', 'dealstage', 'pipeline', 'closedate', 'description', 'deal_currency_code'],
};

function strip(r: ObjectWriteResult): WriteResult {
  if (r.status === 'failed') return r;
  if (r.status === 'unchanged') return { status: r.status, id: r.id };
  return { status: r.status, id: r.id, ...(r.removedLines?.length && { removedLines: r.removedLines }) };
}

/**
 * Records the engine already knows in HubSpot (destinationId from id_map) are updated by that id, the
 * key property included; the rest are upserted by the key. By id matters when another flow created
 * the record (a company provisioned as an Intacct vendor, linked to the vendors flow): it does not
 * carry our key yet, so an upsert by key would create a twin. An id HubSpot no longer has (deleted,
 * merged) falls back to the upsert by key.
 */
async function writeByIdOrKey(client: HubSpotClient, type: string, records: UpsertInput[], idProperty: string, signal?: AbortSignal): Promise<ObjectWriteResult[]> {
  if (idProperty === RECORD_ID_PROPERTY) return updateByRecordId(client, type, records, signal);
  const results = new Array<ObjectWriteResult>(records.length);
  const known = records.map((r, n) => ({ r, n })).filter(({ r }) => r.destinationId);
  const updated = known.length ? await batchUpdate(client, type, known.map(({ r }) => ({ id: r.destinationId!, properties: r.properties })), signal ? { signal } : {}) : [];
  known.forEach(({ n }, k) => {
    const res = updated[k]!;
    if (res.status !== 'failed' || res.code !== 'OBJECT_NOT_FOUND') results[n] = res;
  });
  const byKey = records.map((r, n) => ({ r, n })).filter(({ n }) => !results[n]);
  if (byKey.length) {
    const upserted = await batchUpsert(client, type, byKey.map(({ r }) => ({ key: String(r.properties[idProperty] ?? r.sourceId), properties: r.properties })), idProperty, signal);
    byKey.forEach(({ n }, k) => (results[n] = upserted[k]!));
  }
  return results;
}

/**
 * A flow keyed on `hs_object_id` addresses records by HubSpot's own id (e.g. Intacct contacts created
 * from HubSpot contacts, `HS-C-<id>`, flowing back): it only ever updates them, by that id, and never
 * sends the read-only property itself; a record HubSpot no longer has fails (OBJECT_NOT_FOUND) instead
 * of being created again half-filled.
 */
export const RECORD_ID_PROPERTY = 'hs_object_id';

function updateByRecordId(client: HubSpotClient, type: string, records: UpsertInput[], signal?: AbortSignal): Promise<ObjectWriteResult[]> {
  const items = records.map((r) => {
    const { [RECORD_ID_PROPERTY]: id, ...properties } = r.properties;
    return { id: String(id ?? r.destinationId ?? r.sourceId), properties };
  });
  return batchUpdate(client, type, items, signal ? { signal } : {});
}

/** The objects whose current values a dry run reads by key (batch read by `idProperty`, spec §4.6). */
const READ_BY_KEY_TYPES = new Set(['companies', 'contacts', 'deals']);

/**
 * Current values of the records whose `idProperty` holds one of `keys`: batch reads of ≤100 inputs;
 * keys HubSpot reports missing (207, OBJECT_NOT_FOUND) are absent from the map. A key is matched back
 * exactly, else ignoring case, since HubSpot may hold a unique value (an email) lower-cased.
 */
async function readByKeys(client: HubSpotClient, type: string, idProperty: string, keys: string[], properties: string[], signal?: AbortSignal): Promise<Map<string, { id: string; properties: Record<string, unknown> }>> {
  const out = new Map<string, { id: string; properties: Record<string, unknown> }>();
  if (!keys.length) return out;
  const wanted = [...new Set([idProperty, ...properties])];
  // Record ids are read without an idProperty (spec §4.6); hs_object_id then comes back as the key.
  const byId = idProperty === RECORD_ID_PROPERTY ? {} : { idProperty };
  const found = await batchRead(client, type, [...new Set(keys)], { ...byId, properties: wanted, ...(signal && { signal }) });
  const exact = new Set(keys);
  const byLower = new Map(keys.map((k) => [k.toLowerCase(), k]));
  for (const [held, r] of found) {
    const key = exact.has(held) ? held : byLower.get(held.toLowerCase());
    if (key !== undefined) out.set(key, { id: r.id, properties: r.properties as Record<string, unknown> });
  }
  return out;
}

export interface EntityOptions {
  lineKeyProperty: string;
  sourceProperties: Record<string, string[]>;
}

export function hubspotDestination(client: HubSpotClient, type: string, options: EntityOptions): DestinationObject {
  let fieldCache: Promise<FieldInfo[]> | null = null;
  return {
    name: type,
    label: OBJECT_LABELS[type] ?? type,
    maxBatch: BATCH_MAX,
    fields: () => (fieldCache ??= listProperties(client, type).then((ps) => ps.map(toFieldInfo))).catch((e: unknown) => {
      fieldCache = null;
      throw e;
    }),
    async upsert(records: UpsertInput[], upsertOptions: UpsertOptions): Promise<WriteResult[]> {
      const { idProperty, signal } = upsertOptions;
      // A deal whose flow maps lines goes this way even with none left, so its removed lines go too.
      if (type === 'invoices' || (type === 'deals' && records.some((r) => r.lines !== undefined))) {
        return (await upsertWithLines(client, type as 'invoices' | 'deals', records, { idProperty, lineKeyProperty: options.lineKeyProperty, ...(signal && { signal }) })).map(strip);
      }
      const results = await writeByIdOrKey(client, type, records, idProperty, signal);
      // Associations to records that already exist (resolved by the engine through id_map).
      const primary: AssociationPair[] = [];
      const plain = new Map<string, AssociationPair[]>();
      records.forEach((r, n) => {
        const res = results[n];
        if (!res || res.status === 'failed') return;
        for (const a of r.associations ?? []) {
          if (a.object === 'companies' && a.label === 'primary' && (type === 'contacts' || type === 'deals')) primary.push({ from: res.id, to: a.id });
          else plain.set(a.object, [...(plain.get(a.object) ?? []), { from: res.id, to: a.id }]);
        }
      });
      const failures = new Map<string, string>();
      if (primary.length) for (const [k, v] of await setPrimaryCompany(client, type as 'contacts' | 'deals', primary, signal)) failures.set(k, v);
      for (const [toType, pairs] of plain) for (const [k, v] of await associateDefault(client, type, toType, pairs, signal)) failures.set(k, v);
      return results.map((r) => {
        if (r.status !== 'failed' && failures.has(r.id)) {
          return { status: 'failed', kind: 'record', retryable: true, code: 'HUBSPOT_ASSOCIATION_FAILED', message: `Written, but associating it failed: ${failures.get(r.id) ?? ''}` };
        }
        return strip(r);
      });
    },
    async *readAll(properties: string[], signal?: AbortSignal) {
      for await (const page of listAll(client, type, { properties, ...(signal && { signal }) })) {
        yield page.items.map((r) => ({ id: r.id, properties: r.properties as Record<string, unknown> }));
      }
    },
    async remove(ids: string[], signal?: AbortSignal): Promise<WriteResult[]> {
      await batchArchive(client, type, ids, signal);
      return ids.map((id) => ({ status: 'updated', id }));
    },
    ...(READ_BY_KEY_TYPES.has(type) && {
      readByKeys: (idProperty: string, keys: string[], properties: string[], signal?: AbortSignal) => readByKeys(client, type, idProperty, keys, properties, signal),
    }),
  };
}

function flatten(r: SimpleObject): SourceRecord {
  return { ...r.properties, id: r.id, ...(r.associations && { associations: Object.fromEntries(Object.entries(r.associations).map(([k, v]) => [k, v.results.map((x) => x.id)])) }) };
}

/**
 * Search answers carry no associations, list reads do: a search page gets the same `associations`
 * (one v4 batch read per page and object), so a mapping reading `associations.companies.0` — a contact's
 * company, primary first — sees it whichever way the records were read.
 */
async function withAssociations(client: HubSpotClient, type: string, toTypes: string[], records: SourceRecord[], signal?: AbortSignal): Promise<SourceRecord[]> {
  if (!toTypes.length || !records.length) return records;
  const ids = records.map((r) => String(r.id));
  const found = await Promise.all(toTypes.map(async (to) => [to, await readAssociations(client, type, to, ids, signal)] as const));
  const primary = type === 'contacts' ? ASSOCIATION_TYPE.contactToCompanyPrimary : ASSOCIATION_TYPE.dealToCompanyPrimary;
  const rank = (a: { typeIds: number[] }) => (a.typeIds.includes(primary) ? 0 : 1);
  return records.map((r) => {
    const associations = Object.fromEntries(found.map(([to, byId]) => [to, [...(byId.get(String(r.id)) ?? [])].sort((a, b) => rank(a) - rank(b)).map((a) => a.id)]));
    return { ...r, associations };
  });
}

export function hubspotSource(client: HubSpotClient, type: string, options: EntityOptions): SourceEntity {
  let props: Promise<string[]> | null = null;
  const propertiesToRead = (): Promise<string[]> =>
    (props ??= listProperties(client, type).then((all) => {
      const custom = all.filter((p) => !p.hubspotDefined && !p.hidden).map((p) => p.name);
      const wanted = options.sourceProperties[type] ?? DEFAULT_SOURCE_PROPERTIES[type] ?? [];
      const known = new Set(all.map((p) => p.name));
      return [...new Set([...wanted.filter((p) => known.has(p)), ...custom, lastModifiedProperty(type)])];
    })).catch((e: unknown) => {
      props = null;
      throw e;
    });
  const associations = type === 'contacts' || type === 'deals' ? ['companies'] : [];
  return {
    name: type,
    label: OBJECT_LABELS[type] ?? type,
    fields: async () => (await listProperties(client, type)).map(toFieldInfo),
    async *read(o: ReadOptions): AsyncIterable<Page> {
      const properties = await propertiesToRead();
      const resume = o.resume ?? null;
      if (o.since === null && !(resume && resume.startsWith('search:'))) {
        const start = resume?.startsWith('list:') ? resume.slice(5) : null;
        for await (const page of listAll(client, type, { properties, associations, start, pageSize: Math.min(o.pageSize ?? 100, 100), ...(o.signal && { signal: o.signal }) })) {
          yield { records: page.items.map(flatten), resume: page.next === null ? null : `list:${page.next}` };
        }
        return;
      }
      const since = o.since ? new Date(o.since) : null;
      let last: Page | null = null;
      // Read up to now, not up to the signpost: an edit made a moment ago is synced by this run (and
      // re-read, unchanged, by the next one, since the stored watermark stays at the signpost).
      for await (const page of searchAll(client, type, { properties, since, until: new Date(), resume: resume?.startsWith('search:') ? resume.slice(7) : null, ...(o.pageSize && { pageSize: o.pageSize }), ...(o.signal && { signal: o.signal }) })) {
        if (last) yield last;
        last = { records: await withAssociations(client, type, associations, page.items.map(flatten), o.signal), resume: `search:${page.resume}` };
      }
      if (last) yield { ...last, resume: null };
      else yield { records: [], resume: null };
    },
    watermarkFor: (signpost: Date) => signpost.toISOString(),
    async readOne(id: string, signal?: AbortSignal) {
      const found = await readObject(client, type, id, { properties: await propertiesToRead(), associations, ...(signal && { signal }) });
      return found ? flatten(found) : null;
    },
    readLinked(path: string, values: string[], signal?: AbortSignal) {
      // `associations.<type>(.<n>)`: the records associated with those records of <type> (a company's
      // contacts), read back from the other side of the association, 100 at a time.
      const toType = /^associations\.([a-z_]+)(?:\.\d+)?$/.exec(path)?.[1];
      if (!toType || !associations.includes(toType)) return null;
      return (async function* () {
        const linked = await readAssociations(client, toType, type, [...new Set(values)], signal);
        const ids = [...new Set([...linked.values()].flatMap((list) => list.map((a) => a.id)))];
        const properties = await propertiesToRead();
        for (const part of chunk(ids, BATCH_MAX)) {
          const found = await batchRead(client, type, part, { properties, ...(signal && { signal }) });
          yield await withAssociations(client, type, associations, [...found.values()].map(flatten), signal);
        }
      })();
    },
    async sample(n: number) {
      const page = await listPage(client, type, { limit: Math.min(Math.max(n, 1), 100), properties: await propertiesToRead() });
      return page.results.slice(0, n).map(flatten);
    },
    idOf: (record: SourceRecord) => String(record.id),
    async *keys(signal?: AbortSignal) {
      for await (const page of listAll(client, type, { properties: ['hs_object_id'], ...(signal && { signal }) })) yield page.items.map((r) => r.id);
    },
  };
}
