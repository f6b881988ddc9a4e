// One Service Layer entity set as a SourceEntity: the incremental window from the watermark (spec §8:
// server-local minute, an overlap, UpdateDate/UpdateTime done right plus the creation date), ordered by
// the key so rows never shift between pages when records change during the read, pages by next link
// with a resume cursor (the last key) after each, a key-only scan for reconciliation.
import type { z } from 'zod';
import type { Filter } from '../kit/formats/odata.ts';
import type { FieldInfo, Page, ReadOptions, SourceEntity, SourceRecord } from '../kit/types.ts';
import type { SapB1Client } from './client.ts';
import { builderFor, changedSince, localMinute, minusMinutes, parseLocalMinute } from './filter.ts';

type Row = Record<string, unknown>;

export interface SapSourceSpec<T extends Row, E> {
  name: string;
  label: string;
  /** Entity set, e.g. `BusinessPartners`. */
  path: string;
  key: string;
  item: z.ZodType<T>;
  /** `$select`: the mapped fields only (the key is always added). */
  select: readonly string[];
  /** Always applied, e.g. customers only. */
  baseFilter?(f: ReturnType<typeof builderFor>): Filter;
  /** The creation-date property polled beside UpdateDate (`CreateDate` on master data, `CreationDate` on documents); absent: always a full read. */
  createdField?: string;
  /** Lookups loaded once per read (payment terms and sales person names…). */
  prepare?(client: SapB1Client, signal?: AbortSignal): Promise<E>;
  toRecords(row: T, lookups: E): SourceRecord[] | Promise<SourceRecord[]>;
  /** Records of a whole page at once (one request for the page instead of one per row). */
  toPageRecords?(rows: T[], lookups: E): Promise<SourceRecord[]>;
  idOf(record: SourceRecord): string;
  /**
   * The entity-set key holding the record with this id (`idOf`), for reads by id (replay, a parent
   * written first): e.g. a contact's id `C001-3` → its partner `C001`. Absent: no read by id.
   */
  keyOfId?(id: string): string | number;
  fields: FieldInfo[];
}

function parseResume(resume: string | null | undefined): string | number | undefined {
  if (!resume) return undefined;
  try {
    const c = JSON.parse(resume) as { after?: unknown };
    return typeof c.after === 'string' || typeof c.after === 'number' ? c.after : undefined;
  } catch {
    return undefined;
  }
}

export class SapSource<T extends Row, E = undefined> implements SourceEntity {
  readonly name: string;
  readonly label: string;

  /** One record by its id, as `read` yields it (null when SAP has none); only where the spec maps ids to keys. */
  readonly readOne?: (id: string, signal?: AbortSignal) => Promise<SourceRecord | null>;

  constructor(private readonly client: SapB1Client, readonly spec: SapSourceSpec<T, E>) {
    this.name = spec.name;
    this.label = spec.label;
    const keyOfId = spec.keyOfId;
    if (keyOfId) this.readOne = (id, signal) => this.byId(id, keyOfId(id), signal);
  }

  private async byId(id: string, key: string | number, signal?: AbortSignal): Promise<SourceRecord | null> {
    if (key === '' || (typeof key === 'number' && !Number.isSafeInteger(key))) return null; // not an id this entity can hold
    const f = builderFor(this.client.version);
    const lookups = (await this.spec.prepare?.(this.client, signal)) as E;
    const query = this.query(f.and(this.spec.baseFilter?.(f), f.eq(this.spec.key, key)), this.spec.select);
    for await (const page of this.client.pages(this.spec.path, query, this.spec.item, 20, signal)) {
      const found = (await this.recordsOf(page.value as T[], lookups)).find((r) => this.spec.idOf(r) === id);
      if (found) return found;
    }
    return null;
  }

  async fields(): Promise<FieldInfo[]> {
    return this.spec.fields;
  }

  idOf(record: SourceRecord): string {
    return this.spec.idOf(record);
  }

  /** The signpost's minute on the server's wall clock; the next read goes back `overlapMinutes` from it. */
  watermarkFor(signpost: Date): string {
    const m = localMinute(signpost, this.client.config.timeZone);
    return `${m.day}T${m.minute}`;
  }

  private filter(since: string | null, after: string | number | undefined): Filter | undefined {
    const f = builderFor(this.client.version);
    // Our own watermark is a server-local minute; an instant (a first incremental read) is placed on that clock.
    const from = since ? (parseLocalMinute(since) ?? (Number.isNaN(Date.parse(since)) ? undefined : localMinute(new Date(since), this.client.config.timeZone))) : undefined;
    const window = from && this.spec.createdField ? changedSince(minusMinutes(from, this.client.config.overlapMinutes), this.spec.createdField, this.client.version) : undefined;
    return f.and(this.spec.baseFilter?.(f), window, after === undefined ? undefined : f.gt(this.spec.key, after));
  }

  private query(filter: Filter | undefined, select: readonly string[]) {
    const fields = [...new Set([this.spec.key, ...select])];
    return { ...(filter && { $filter: filter }), $select: fields.join(','), $orderby: this.spec.key };
  }

  async *read(options: ReadOptions): AsyncGenerator<Page> {
    const after = parseResume(options.resume);
    const lookups = (await this.spec.prepare?.(this.client, options.signal)) as E;
    const pageSize = options.pageSize ?? this.client.config.pageSize;
    const pages = this.client.pages(this.spec.path, this.query(this.filter(options.since, after), this.spec.select), this.spec.item, pageSize, options.signal);
    // One page is held back until the next arrives, so the last page can say it is the last (resume null).
    let held: Page | undefined;
    for await (const page of pages) {
      const records = await this.recordsOf(page.value as T[], lookups);
      const last = page.value.at(-1) as Row | undefined;
      if (held) yield held;
      held = { records, resume: last ? JSON.stringify({ after: last[this.spec.key] }) : (options.resume ?? null) };
    }
    if (held) yield { ...held, resume: null };
  }

  private async recordsOf(rows: T[], lookups: E): Promise<SourceRecord[]> {
    if (this.spec.toPageRecords) return this.spec.toPageRecords(rows, lookups);
    const out: SourceRecord[] = [];
    for (const row of rows) out.push(...(await this.spec.toRecords(row, lookups)));
    return out;
  }

  async sample(n: number): Promise<SourceRecord[]> {
    const lookups = (await this.spec.prepare?.(this.client)) as E;
    const out: SourceRecord[] = [];
    const query = { ...this.query(this.filter(null, undefined), this.spec.select), $top: n };
    for await (const page of this.client.pages(this.spec.path, query, this.spec.item, Math.max(n, 1))) {
      out.push(...(await this.recordsOf(page.value as T[], lookups)));
      break;
    }
    return out.slice(0, n);
  }

  /** Every key (customers only, etc.), for the nightly reconciliation that catches deletions. */
  async *keys(signal?: AbortSignal): AsyncGenerator<string[]> {
    for await (const page of this.client.pages(this.spec.path, this.query(this.filter(null, undefined), []), this.spec.item, 1000, signal)) {
      yield page.value.map((r) => String((r as Row)[this.spec.key]));
    }
  }
}
