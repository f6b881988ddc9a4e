// AR customers as a destination (two-way and Zoho flows): one record per request (spec §3.2), create
// with POST and update with PATCH (PUT would purge optional fields not sent). Idempotent by the key we
// send: a POST retried after a lost answer meets 409 RecordDuplicate and becomes a PATCH.
import { RecordError } from '../kit/errors.ts';
import type { DestinationObject, FieldInfo, UpsertInput, UpsertOptions, WriteResult } from '../kit/types.ts';
import type { Sage300Client } from './client.ts';
import { CUSTOMER_FIELDS, customerFields } from './fields.ts';
import { eq } from './filter.ts';
import { collectionSchema, customerSchema } from './schema.ts';
import { failed, isAmbiguous, keySegment, recordFailureOrThrow } from './write-results.ts';

/** Properties are applied to Sage's views in payload order: key, then group (which loads defaults), then the rest (spec §3.3). */
function ordered(number: string, props: Record<string, unknown>): Record<string, unknown> {
  const { CustomerNumber: _n, GroupCode, ...rest } = props;
  return { CustomerNumber: number, ...(GroupCode !== undefined && { GroupCode }), ...rest };
}

export class CustomerWriter implements DestinationObject {
  readonly name = 'arCustomers';
  readonly label = 'AR customers';
  readonly maxBatch = 1;

  constructor(private readonly client: Sage300Client) {}

  async fields(): Promise<FieldInfo[]> {
    return customerFields.filter((f) => !f.readOnly);
  }

  async upsert(records: UpsertInput[], options: UpsertOptions): Promise<WriteResult[]> {
    const results: WriteResult[] = [];
    for (const input of records) results.push(await this.upsertOne(input, options));
    return results;
  }

  private async findBy(property: string, value: unknown, signal?: AbortSignal): Promise<string | null> {
    if (typeof value !== 'string' && typeof value !== 'number') return null;
    const res = await this.client.request({
      method: 'GET',
      path: 'AR/ARCustomers',
      query: { $filter: eq(property, value), $select: 'CustomerNumber', $top: 2 },
      schema: collectionSchema(customerSchema),
      ...(signal && { signal }),
    });
    return res.body.value[0]?.CustomerNumber ?? null;
  }

  private async exists(number: string, signal?: AbortSignal): Promise<boolean> {
    const res = await this.client.request({ method: 'GET', path: `AR/ARCustomers(${keySegment(number)})`, query: { $select: 'CustomerNumber' }, accept: [404], responseType: 'json', ...(signal && { signal }) });
    return res.status === 200;
  }

  private patch(number: string, body: Record<string, unknown>, signal?: AbortSignal) {
    const { CustomerNumber: _n, ...changes } = body;
    return this.client.request({ method: 'PATCH', path: `AR/ARCustomers(${keySegment(number)})`, json: changes, ...(signal && { signal }) });
  }

  private post(body: Record<string, unknown>, signal?: AbortSignal) {
    return this.client.request({ method: 'POST', path: 'AR/ARCustomers', json: body, retry: false, ...(signal && { signal }) });
  }

  private async upsertOne(input: UpsertInput, options: UpsertOptions): Promise<WriteResult> {
    const { signal } = options;
    const props = input.properties;
    try {
      let number = input.destinationId ?? (typeof props.CustomerNumber === 'string' ? props.CustomerNumber : undefined);
      if (!number && options.idProperty !== 'CustomerNumber' && options.idProperty in CUSTOMER_FIELDS) {
        number = (await this.findBy(options.idProperty, props[options.idProperty], signal)) ?? undefined;
        if (number) {
          await this.patch(number, ordered(number, props), signal);
          return { status: 'updated', id: number };
        }
      }
      if (!number) {
        return failed(new RecordError('A Sage 300 customer needs a CustomerNumber; map one.', { code: 'SAGE300_NO_CUSTOMER_NUMBER', system: 'sage300' }));
      }
      number = number.trim().toUpperCase();
      const body = ordered(number, props);
      if (input.destinationId) {
        const res = await this.client.request({ method: 'PATCH', path: `AR/ARCustomers(${keySegment(number)})`, json: (({ CustomerNumber: _n, ...c }) => c)(body), accept: [404], ...(signal && { signal }) });
        if (res.status !== 404) return { status: 'updated', id: number };
      }
      try {
        await this.post(body, signal);
        return { status: 'created', id: number };
      } catch (e) {
        if (e instanceof RecordError && e.code === 'SAGE300_RECORD_DUPLICATE') {
          await this.patch(number, body, signal);
          return { status: 'updated', id: number };
        }
        if (isAmbiguous(e) && (await this.exists(number, signal))) {
          // The answer was lost but the insert happened: bring it up to date and report it created.
          await this.patch(number, body, signal);
          return { status: 'created', id: number };
        }
        throw e;
      }
    } catch (e) {
      return recordFailureOrThrow(e);
    }
  }
}
