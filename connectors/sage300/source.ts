// One readable Sage 300 entity set as a SourceEntity: incremental window from the watermark, key-set
// pages with a resume cursor after each, a key-only scan for reconciliation, and the watermark rule
// (the signpost's calendar day — never above the signpost).
import type { z } from 'zod';
import type { FieldInfo, Page, ReadOptions, SourceEntity, SourceRecord } from '../kit/types.ts';
import { isConnectorError } from '../kit/errors.ts';
import { SYSTEM } from './classify.ts';
import type { Sage300Client } from './client.ts';
import { dayOf, normaliseDates } from './days.ts';
import { eq, type Filter } from './filter.ts';
import type { PageSizer} from './reader.ts';
import { readCollection, type KeyValue } from './reader.ts';

export interface SourceSpec<T> {
  name: string;
  label: string;
  path: string;
  keyFields: string[];
  keyOf(row: T): KeyValue[];
  item: z.ZodType<T>;
  /** `$select` for reads (key fields are always added); undefined reads every property. */
  select?: string[];
  /** `$select` of the key-only scan; defaults to the key fields. */
  keySelect?: string[];
  /** The filter for "changed since the stored watermark"; `since` null means a full read. */
  changedSince(since: string | null): Filter | undefined;
  /** The property the incremental filter relies on; if this server lacks it, reads fall back to full. */
  incrementalField?: string;
  /** Source records from one row (an invoice batch yields one record per invoice). */
  toRecords(row: T): SourceRecord[];
  idOf(record: SourceRecord): string;
  fields: FieldInfo[];
  /** The record id is the row's single key (customers, vendors, terms): one record can be read by id. */
  idIsKey?: boolean;
  /** Extra watermark state (e.g. the highest order uniquifier seen); default: the signpost's day. */
  watermark?: { observe(row: T): void; start(since: string | null, resumeKey: KeyValue[] | null): void; value(signpost: Date): string };
}

interface Cursor {
  after: KeyValue[];
}

function parseResume(resume: string | null | undefined): KeyValue[] | null {
  if (!resume) return null;
  try {
    const c = JSON.parse(resume) as Cursor;
    return Array.isArray(c.after) ? c.after : null;
  } catch {
    return null;
  }
}

export class SageSource<T> implements SourceEntity {
  readonly name: string;
  readonly label: string;
  /** Set when the server turned out not to know the incremental field. */
  private incrementalUnsupported = false;

  constructor(
    private readonly client: Sage300Client,
    private readonly sizer: PageSizer,
    readonly spec: SourceSpec<T>,
  ) {
    this.name = spec.name;
    this.label = spec.label;
    if (spec.idIsKey) this.readOne = (id, signal) => this.readByKey(id, signal);
  }

  /** One record by its id (the row's key), as a read would return it; null when Sage 300 has none. */
  readonly readOne?: (id: string, signal?: AbortSignal) => Promise<SourceRecord | null>;

  async fields(): Promise<FieldInfo[]> {
    return this.spec.fields;
  }

  idOf(record: SourceRecord): string {
    return this.spec.idOf(record);
  }

  watermarkFor(signpost: Date): string {
    return this.spec.watermark ? this.spec.watermark.value(signpost) : dayOf(signpost);
  }

  async *read(options: ReadOptions): AsyncGenerator<Page> {
    const after = parseResume(options.resume);
    this.spec.watermark?.start(options.since, after);
    let filter = this.incrementalUnsupported ? undefined : this.spec.changedSince(options.since);
    let yielded = false;
    for (;;) {
      try {
        for await (const page of readCollection(this.client, this.sizer, {
          path: this.spec.path,
          keyFields: this.spec.keyFields,
          keyOf: this.spec.keyOf,
          item: this.spec.item,
          filter,
          select: this.spec.select,
          after,
          ...(options.pageSize !== undefined && { top: options.pageSize }),
          signal: options.signal ?? this.client.signal,
        })) {
          const records: SourceRecord[] = [];
          for (const row of page.rows) {
            this.spec.watermark?.observe(row);
            for (const r of this.spec.toRecords(row)) records.push(normaliseDates(r));
          }
          yielded = true;
          yield { records, resume: page.done || !page.lastKey ? null : JSON.stringify({ after: page.lastKey } satisfies Cursor) };
        }
        return;
      } catch (e) {
        // A release without the change-date property: read everything rather than fail (spec §9.1 marks
        // DateLastMaintained per resource as unverified).
        const field = this.spec.incrementalField;
        if (!yielded && filter && field && isConnectorError(e) && e.code === 'SAGE300_INVALID_PARAMETERS' && e.message.includes(`'${field}'`)) {
          this.client.logger.warn({ system: SYSTEM, entity: this.name, field }, 'server lacks the incremental field; reading in full');
          this.incrementalUnsupported = true;
          filter = undefined;
          continue;
        }
        throw e;
      }
    }
  }


  private async readByKey(id: string, signal?: AbortSignal): Promise<SourceRecord | null> {
    for await (const page of readCollection(this.client, this.sizer, {
      path: this.spec.path,
      keyFields: this.spec.keyFields,
      keyOf: this.spec.keyOf,
      item: this.spec.item,
      filter: eq(this.spec.keyFields[0]!, id),
      select: this.spec.select,
      top: 2,
      signal: signal ?? this.client.signal,
    })) {
      for (const row of page.rows) for (const r of this.spec.toRecords(row)) if (this.spec.idOf(r) === id) return normaliseDates(r);
    }
    return null;
  }

  async sample(n: number): Promise<SourceRecord[]> {
    const out: SourceRecord[] = [];
    for await (const page of readCollection(this.client, this.sizer, {
      path: this.spec.path,
      keyFields: this.spec.keyFields,
      keyOf: this.spec.keyOf,
      item: this.spec.item,
      select: this.spec.select,
      top: Math.max(1, Math.min(n, this.sizer.current)),
    })) {
      for (const row of page.rows) out.push(...this.spec.toRecords(row).map((r) => normaliseDates(r)));
      if (out.length >= n) break;
    }
    return out.slice(0, n);
  }

  /** Every key, and only keys (spec §9.2 step 5: detects deletions and anything missed). */
  async *keys(signal?: AbortSignal): AsyncGenerator<string[]> {
    for await (const page of readCollection(this.client, this.sizer, {
      path: this.spec.path,
      keyFields: this.spec.keyFields,
      keyOf: this.spec.keyOf,
      item: this.spec.item,
      select: this.spec.keySelect ?? this.spec.keyFields,
      ...(signal && { signal }),
    })) {
      yield page.rows.flatMap((row) => this.spec.toRecords(row).map((r) => this.spec.idOf(r)));
    }
  }
}
