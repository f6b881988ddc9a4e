// Generic conformance checks every connector runs against its own sandbox (design §2: testing/).
// Framework-agnostic: a violation throws ConformanceError with a message that says what is wrong;
// a pass returns a small report for further assertions. Use inside any vitest test:
//   const report = await runSourceConformance(connector.sources.customers, { minRecords: 100 });
//   await runDestinationConformance(connector.destinations.companies, { idProperty, makeRecord, badRecord });
import type { DestinationObject, SourceEntity, SourceRecord, UpsertInput, WriteResult } from '../types.ts';

export class ConformanceError extends Error {
  override name = 'ConformanceError';
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceError(message);
}

export interface ReadReport {
  records: number;
  pages: number;
  ids: Set<string>;
  resumes: (string | null)[];
}

/** Reads to the end; fails on a duplicate id, a missing last-page marker or a non-string resume. */
export async function readToEnd(source: SourceEntity, since: string | null, signpost: Date, resume: string | null = null, pageSize?: number): Promise<ReadReport> {
  const ids = new Set<string>();
  const resumes: (string | null)[] = [];
  let pages = 0;
  let records = 0;
  for await (const page of source.read({ since, signpost, resume, ...(pageSize && { pageSize }) })) {
    pages++;
    assert(Array.isArray(page.records), `${source.name}: page ${pages} has no records array`);
    assert(page.resume === null || typeof page.resume === 'string', `${source.name}: page ${pages} resume must be a string or null`);
    if (resumes.length) assert(resumes[resumes.length - 1] !== null, `${source.name}: a page followed the page marked last (resume null)`);
    resumes.push(page.resume);
    for (const r of page.records) {
      const id = source.idOf(r);
      assert(typeof id === 'string' && id.length > 0, `${source.name}: idOf returned an empty id`);
      assert(!ids.has(id), `${source.name}: id ${id} was read twice in one read`);
      ids.add(id);
      records++;
    }
    assert(pages < 1_000_000, `${source.name}: read does not end`);
  }
  assert(pages === 0 || resumes[resumes.length - 1] === null, `${source.name}: the last page must carry resume null`);
  return { records, pages, ids, resumes };
}

export interface SourceConformanceOptions {
  /** The sandbox holds at least this many records of this entity. */
  minRecords?: number;
  /** Also read incrementally from the epoch and expect the same ids (default true). */
  incremental?: boolean;
  pageSize?: number;
}

export interface SourceConformanceReport {
  full: ReadReport;
  incremental?: ReadReport;
  fields: number;
}

export async function runSourceConformance(source: SourceEntity, options: SourceConformanceOptions = {}): Promise<SourceConformanceReport> {
  const fields = await source.fields();
  assert(fields.length > 0, `${source.name}: fields() is empty`);
  assert(new Set(fields.map((f) => f.name)).size === fields.length, `${source.name}: fields() repeats a name`);

  const signpost = new Date(Date.now() + 1000);
  const full = await readToEnd(source, null, signpost, null, options.pageSize);
  assert(full.records >= (options.minRecords ?? 1), `${source.name}: read ${full.records} records, expected at least ${options.minRecords ?? 1}`);

  // Resuming after the first page must read exactly the rest.
  const firstResume = full.resumes[0];
  if (full.pages > 1 && typeof firstResume === 'string') {
    const rest = await readToEnd(source, null, signpost, firstResume, options.pageSize);
    const union = new Set([...rest.ids]);
    const missing = [...full.ids].filter((id) => !union.has(id));
    const firstPageSize = full.records - rest.records;
    assert(firstPageSize >= 0 && missing.length <= firstPageSize, `${source.name}: resuming after page 1 lost ${missing.length - firstPageSize} record(s)`);
  }

  const watermark = source.watermarkFor(signpost);
  const wm = Date.parse(watermark);
  if (!Number.isNaN(wm)) assert(wm <= signpost.getTime(), `${source.name}: watermark ${watermark} is above the signpost ${signpost.toISOString()}`);

  let incremental: ReadReport | undefined;
  if (options.incremental !== false) {
    incremental = await readToEnd(source, new Date(0).toISOString(), signpost, null, options.pageSize);
    const missing = [...full.ids].filter((id) => !incremental?.ids.has(id));
    assert(missing.length === 0, `${source.name}: an incremental read from the epoch missed ${missing.length} record(s), e.g. ${missing.slice(0, 3).join(', ')}`);
  }

  const sample = await source.sample(3);
  assert(sample.length <= 3, `${source.name}: sample(3) returned ${sample.length} records`);
  for (const r of sample) assert(source.idOf(r as SourceRecord), `${source.name}: a sample record has no id`);
  return { full, ...(incremental && { incremental }), fields: fields.length };
}

export interface DestinationConformanceOptions {
  idProperty: string;
  /** A valid record number i (unique key per i). */
  makeRecord: (i: number) => UpsertInput;
  /** A record the destination must refuse (bad value); it must fail alone. */
  badRecord?: UpsertInput;
  /** How many to write (default maxBatch). */
  count?: number;
}

export interface DestinationConformanceReport {
  created: WriteResult[];
  updated: WriteResult[];
}

export async function runDestinationConformance(dest: DestinationObject, options: DestinationConformanceOptions): Promise<DestinationConformanceReport> {
  assert(dest.maxBatch >= 1, `${dest.name}: maxBatch must be at least 1`);
  const fields = await dest.fields();
  assert(fields.length > 0, `${dest.name}: fields() is empty`);
  const n = Math.min(options.count ?? dest.maxBatch, dest.maxBatch);
  const inputs = Array.from({ length: n }, (_, i) => options.makeRecord(i));
  const created = await dest.upsert(inputs, { idProperty: options.idProperty });
  assert(created.length === inputs.length, `${dest.name}: ${created.length} results for ${inputs.length} inputs`);
  created.forEach((r, i) => assert(r.status === 'created', `${dest.name}: input ${i} was ${r.status}${r.status === 'failed' ? ` (${r.message})` : ''}, expected created`));
  const updated = await dest.upsert(inputs, { idProperty: options.idProperty });
  updated.forEach((r, i) => {
    // 'unchanged': a destination whose records cannot change once written (OE orders) leaves them be.
    assert(r.status === 'updated' || r.status === 'unchanged', `${dest.name}: re-writing input ${i} gave ${r.status}, expected updated or unchanged (idempotent upsert)`);
    const before = created[i];
    assert(before?.status !== 'failed' && r.id === (before as { id: string }).id, `${dest.name}: re-writing input ${i} changed its id`);
  });
  if (options.badRecord && n >= 2) {
    const mixed = [inputs[0] as UpsertInput, options.badRecord, inputs[1] as UpsertInput];
    const results = await dest.upsert(mixed, { idProperty: options.idProperty });
    assert(results[1]?.status === 'failed' && results[1].kind === 'record', `${dest.name}: the bad record did not fail as a record error`);
    const written = (r: WriteResult | undefined) => r?.status === 'updated' || r?.status === 'unchanged';
    assert(written(results[0]) && written(results[2]), `${dest.name}: a bad record made its neighbours fail`);
  }
  if (dest.readAll) {
    const ids = new Set<string>();
    for await (const page of dest.readAll([options.idProperty])) for (const r of page) ids.add(r.id);
    for (const r of created) if (r.status !== 'failed') assert(ids.has(r.id), `${dest.name}: readAll misses written record ${r.id}`);
  }
  return { created, updated };
}
