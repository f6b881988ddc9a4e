// Master records as a destination — AR customers (two-way and Zoho flows) and AP vendors (edits made
// in the CRM flowing back): one record per request (spec §3.2), create with POST and update with PATCH
// (PUT would purge optional fields not sent). Idempotent by the key we send: a POST retried after a
// lost answer meets 409 RecordDuplicate and becomes a PATCH.
import { z } from 'zod';
import { RecordError } from '../kit/errors.ts';
import type { DestinationObject, FieldInfo, UpsertInput, UpsertOptions, WriteResult } from '../kit/types.ts';
import type { Sage300Client } from './client.ts';
import { CUSTOMER_FIELDS, customerFields, vendorFields } from './fields.ts';
import { eq } from './filter.ts';
import { collectionSchema } from './schema.ts';
import { failed, isAmbiguous, keySegment, recordFailureOrThrow } from './write-results.ts';

export interface MasterResource {
  name: string;
  label: string;
  /** `AR/ARCustomers` */
  path: string;
  /** The key property (`CustomerNumber`), upper-cased as Sage stores it. */
  keyField: string;
  /** What the record is called in messages ("customer"). */
  noun: string;
  /** The group property that loads defaults and must come right after the key (spec §3.3). */
  groupField: string;
  /** Writable fields offered to the mapping UI. */
  fields: FieldInfo[];
  /** Properties another unique value may be looked up by (a customer found by e-mail, say). */
  searchable: readonly string[];
}

export const CUSTOMERS: MasterResource = {
  name: 'arCustomers', label: 'AR customers', path: 'AR/ARCustomers', keyField: 'CustomerNumber', noun: 'customer', groupField: 'GroupCode',
  fields: customerFields.filter((f) => !f.readOnly), searchable: Object.keys(CUSTOMER_FIELDS),
};

export const VENDORS: MasterResource = {
  name: 'apVendors', label: 'AP vendors', path: 'AP/APVendors', keyField: 'VendorNumber', noun: 'vendor', groupField: 'GroupCode',
  fields: vendorFields.filter((f) => !f.readOnly), searchable: vendorFields.map((f) => f.name),
};

export class MasterWriter implements DestinationObject {
  readonly name: string;
  readonly label: string;
  readonly maxBatch = 1;
  private readonly keySchema: z.ZodType<{ value: Record<string, unknown>[] }>;

  constructor(
    private readonly client: Sage300Client,
    private readonly resource: MasterResource,
  ) {
    this.name = resource.name;
    this.label = resource.label;
    this.keySchema = collectionSchema(z.looseObject({ [resource.keyField]: z.string() }));
  }

  async fields(): Promise<FieldInfo[]> {
    return this.resource.fields;
  }

  async upsert(records: UpsertInput[], options: UpsertOptions): Promise<WriteResult[]> {
    const results: WriteResult[] = [];
    for (const input of records) results.push(await this.upsertOne(input, options));
    return results;
  }

  /** Properties are applied to Sage's views in payload order: key, then group (which loads defaults), then the rest. */
  private ordered(key: string, props: Record<string, unknown>): Record<string, unknown> {
    const { [this.resource.keyField]: _k, [this.resource.groupField]: group, ...rest } = props;
    return { [this.resource.keyField]: key, ...(group !== undefined && { [this.resource.groupField]: group }), ...rest };
  }

  private entry(key: string): string {
    return `${this.resource.path}(${keySegment(key)})`;
  }

  private async findBy(property: string, value: unknown, signal?: AbortSignal): Promise<string | null> {
    if (typeof value !== 'string' && typeof value !== 'number') return null;
    const res = await this.client.request({
      method: 'GET',
      path: this.resource.path,
      query: { $filter: eq(property, value), $select: this.resource.keyField, $top: 2 },
      schema: this.keySchema,
      ...(signal && { signal }),
    });
    const hit = res.body.value[0]?.[this.resource.keyField];
    return typeof hit === 'string' ? hit : null;
  }

  /** Whether a record with this key exists (a lost POST answer; a create-if-missing by another writer). */
  async exists(key: string, signal?: AbortSignal): Promise<boolean> {
    const res = await this.client.request({ method: 'GET', path: this.entry(key), query: { $select: this.resource.keyField }, accept: [404], responseType: 'json', ...(signal && { signal }) });
    return res.status === 200;
  }

  private patch(key: string, body: Record<string, unknown>, signal?: AbortSignal) {
    const { [this.resource.keyField]: _k, ...changes } = body;
    return this.client.request({ method: 'PATCH', path: this.entry(key), json: changes, ...(signal && { signal }) });
  }

  private post(body: Record<string, unknown>, signal?: AbortSignal) {
    return this.client.request({ method: 'POST', path: this.resource.path, json: body, retry: false, ...(signal && { signal }) });
  }

  private async upsertOne(input: UpsertInput, options: UpsertOptions): Promise<WriteResult> {
    const { signal } = options;
    const { keyField } = this.resource;
    const props = input.properties;
    try {
      let key = input.destinationId ?? (typeof props[keyField] === 'string' ? props[keyField] : undefined);
      if (!key && options.idProperty !== keyField && this.resource.searchable.includes(options.idProperty)) {
        key = (await this.findBy(options.idProperty, props[options.idProperty], signal)) ?? undefined;
        if (key) {
          await this.patch(key, this.ordered(key, props), signal);
          return { status: 'updated', id: key };
        }
      }
      if (!key) {
        return failed(new RecordError(`A Sage 300 ${this.resource.noun} needs a ${keyField}; map one.`, { code: `SAGE300_NO_${this.resource.noun.toUpperCase()}_NUMBER`, system: 'sage300' }));
      }
      key = key.trim().toUpperCase();
      const body = this.ordered(key, props);
      if (input.destinationId) {
        const res = await this.client.request({ method: 'PATCH', path: this.entry(key), json: (({ [keyField]: _k, ...c }) => c)(body), accept: [404], ...(signal && { signal }) });
        if (res.status !== 404) return { status: 'updated', id: key };
      }
      try {
        await this.post(body, signal);
        return { status: 'created', id: key };
      } catch (e) {
        if (e instanceof RecordError && e.code === 'SAGE300_RECORD_DUPLICATE') {
          await this.patch(key, body, signal);
          return { status: 'updated', id: key };
        }
        if (isAmbiguous(e) && (await this.exists(key, signal))) {
          // The answer was lost but the insert happened: bring it up to date and report it created.
          await this.patch(key, body, signal);
          return { status: 'created', id: key };
        }
        throw e;
      }
    } catch (e) {
      return recordFailureOrThrow(e);
    }
  }
}
