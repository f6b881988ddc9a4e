// OE orders as a destination (deals → sales orders). OEOrders takes GET and POST only (spec §8.1) and a
// POST has no idempotency key, so the order carries a reference we control (`ML-{source id}` in
// OrderReference or PONumber): before every POST we look for it, and after an answer that was lost we
// look again instead of posting a second order for the same deal (spec §6.3).
// A deal whose account is not a Sage 300 customer yet brings the customer along (`NewCustomer.*`
// properties, e.g. `NewCustomer.CustomerNumber`, `NewCustomer.CustomerName`): the customer is created
// first when missing — under a number derived from the CRM account, so a retry after a crash between
// the two writes finds it instead of creating a twin — and the order follows.
import { RecordError } from '../kit/errors.ts';
import { sleep } from '../kit/sleep.ts';
import type { DestinationObject, FieldInfo, UpsertInput, UpsertOptions, WriteResult } from '../kit/types.ts';
import type { Sage300Client } from './client.ts';
import { customerFields, orderFields } from './fields.ts';
import { eq } from './filter.ts';
import { collectionSchema, orderRefSchema } from './schema.ts';
import { failed, isAmbiguous, keySegment, recordFailureOrThrow } from './write-results.ts';
import { CUSTOMERS, MasterWriter } from './master-writer.ts';

/** Properties under this prefix describe the customer to create when the order's customer is missing. */
export const NEW_CUSTOMER = 'NewCustomer.';

/** The order's own properties and the new-customer ones, apart. */
function splitNewCustomer(props: Record<string, unknown>): { order: Record<string, unknown>; customer: Record<string, unknown> } {
  const order: Record<string, unknown> = {};
  const customer: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith(NEW_CUSTOMER)) {
      if (v !== null && v !== undefined && v !== '') customer[k.slice(NEW_CUSTOMER.length)] = v;
    } else order[k] = v;
  }
  return { order, customer };
}

const REFERENCE_PREFIX = 'ML-';
const MAX_LENGTH = { OrderReference: 60, PONumber: 22 } as const;

export interface OrderWriterOptions {
  /** Pause before looking for an order whose POST answer was lost (the server may still be committing it). */
  confirmDelayMs?: number;
  confirmAttempts?: number;
}

/** The one detail line whose item a refusal names (`Item "X" does not exist.`); null when none or several hold it. */
function refusedLineOf(message: string, lines: UpsertInput['lines']): number | null {
  const item = /\bItem "([^"]*)"/i.exec(message)?.[1]?.trim().toUpperCase();
  if (!item || !lines) return null;
  const holders = lines.flatMap((l, i) => (String(l.Item ?? '').trim().toUpperCase() === item ? [i] : []));
  return holders.length === 1 ? holders[0]! : null;
}

export class OrderWriter implements DestinationObject {
  readonly name = 'oeOrders';
  readonly label = 'OE orders';
  readonly maxBatch = 1;
  private readonly refField: 'OrderReference' | 'PONumber';
  private readonly confirmDelayMs: number;
  private readonly confirmAttempts: number;
  private readonly customers: MasterWriter;

  constructor(
    private readonly client: Sage300Client,
    options: OrderWriterOptions = {},
  ) {
    this.customers = new MasterWriter(client, CUSTOMERS);
    this.refField = client.config.orderReferenceField;
    this.confirmDelayMs = options.confirmDelayMs ?? 2000;
    this.confirmAttempts = options.confirmAttempts ?? 3;
  }

  referenceFor(sourceId: string): string {
    return `${REFERENCE_PREFIX}${sourceId}`;
  }

  async fields(): Promise<FieldInfo[]> {
    // The order's own fields, and the customer an order may bring along (NewCustomer.<customer field>).
    const newCustomer = customerFields.filter((f) => !f.readOnly).map((f) => ({ ...f, name: `${NEW_CUSTOMER}${f.name}`, label: `New customer: ${f.label}`, required: false }));
    return [...orderFields.filter((f) => !f.readOnly && f.name !== this.refField), ...newCustomer];
  }

  async upsert(records: UpsertInput[], options: UpsertOptions): Promise<WriteResult[]> {
    const results: WriteResult[] = [];
    for (const input of records) results.push(await this.createOnce(input, options.signal));
    return results;
  }

  /** The order already created for this reference, if any. */
  async findByReference(reference: string, signal?: AbortSignal): Promise<string | null> {
    const res = await this.client.request({
      method: 'GET',
      path: 'OE/OEOrders',
      query: { $filter: eq(this.refField, reference), $select: `OrderUniquifier,OrderNumber,${this.refField}`, $top: 2 },
      schema: collectionSchema(orderRefSchema),
      ...(signal && { signal }),
    });
    const hit = res.body.value.find((o) => o[this.refField] === reference);
    return hit ? String(hit.OrderUniquifier) : null;
  }

  private async exists(uniquifier: string, signal?: AbortSignal): Promise<boolean> {
    if (!/^\d+$/.test(uniquifier)) return false;
    const res = await this.client.request({ method: 'GET', path: `OE/OEOrders(${keySegment(Number(uniquifier))})`, query: { $select: 'OrderUniquifier' }, accept: [404], responseType: 'json', ...(signal && { signal }) });
    return res.status === 200;
  }

  /**
   * Creates the order's customer when the deal brought one (`NewCustomer.*`) and Sage 300 does not have
   * it yet; returns the customer number to order for, or a failed result.
   */
  private async ensureCustomer(number: string, customer: Record<string, unknown>, sourceId: string, signal?: AbortSignal): Promise<WriteResult | null> {
    if (await this.customers.exists(number, signal)) return null;
    const [created] = await this.customers.upsert([{ sourceId, properties: { ...customer, CustomerNumber: number } }], { idProperty: 'CustomerNumber', ...(signal && { signal }) });
    if (created?.status === 'failed') return { ...created, message: `The new Sage 300 customer ${number} for this order was refused: ${created.message}` };
    return null;
  }

  private body(input: UpsertInput, reference: string): Record<string, unknown> | RecordError {
    const props = splitNewCustomer(input.properties).order;
    const customer = (typeof props.CustomerNumber === 'string' && props.CustomerNumber.trim() ? props.CustomerNumber : undefined) ?? input.associations?.find((a) => /customer/i.test(a.object))?.id;
    if (typeof customer !== 'string' || !customer) {
      return new RecordError('The order has no Sage 300 customer yet; it is retried once its customer exists.', { code: 'SAGE300_NO_CUSTOMER', system: 'sage300', retryable: true });
    }
    delete props.CustomerNumber;
    delete props[this.refField];
    const lines = (input.lines ?? []).map((l) => ({ LineType: l.Item ? 'Item' : 'Miscellaneous', ...l }));
    // Key first, as Sage applies properties in payload order (spec §3.3).
    return { CustomerNumber: customer.toUpperCase(), ...props, [this.refField]: reference, ...(lines.length && { OrderDetails: lines }) };
  }

  private async createOnce(input: UpsertInput, signal?: AbortSignal): Promise<WriteResult> {
    const reference = this.referenceFor(input.sourceId);
    if (reference.length > MAX_LENGTH[this.refField]) {
      return failed(new RecordError(`The source id is too long for ${this.refField} (${MAX_LENGTH[this.refField]} characters).`, { code: 'SAGE300_REFERENCE_TOO_LONG', system: 'sage300' }));
    }
    try {
      // Orders cannot be changed through the Web API: an existing one is left as it is, and said so
      // (unchanged: nothing was sent), never counted as an update.
      if (input.destinationId && (await this.exists(input.destinationId, signal))) return { status: 'unchanged', id: input.destinationId };
      const existing = await this.findByReference(reference, signal);
      if (existing) return { status: 'unchanged', id: existing };
      const { order, customer } = splitNewCustomer(input.properties);
      const known = typeof order.CustomerNumber === 'string' && order.CustomerNumber.trim() ? order.CustomerNumber.trim().toUpperCase() : undefined;
      const number = known ?? (typeof customer.CustomerNumber === 'string' ? customer.CustomerNumber.trim().toUpperCase() : undefined);
      if (number && Object.keys(customer).length) {
        const refused = await this.ensureCustomer(number, customer, input.sourceId, signal);
        if (refused) return refused;
      }
      const body = this.body({ ...input, properties: { ...order, ...(number && { CustomerNumber: number }) } }, reference);
      if (body instanceof RecordError) return failed(body);
      try {
        const res = await this.client.request({ method: 'POST', path: 'OE/OEOrders', json: body, schema: orderRefSchema, retry: false, ...(signal && { signal }) });
        return { status: 'created', id: String(res.body.OrderUniquifier) };
      } catch (e) {
        if (!isAmbiguous(e)) {
          if (e instanceof RecordError && /customer/i.test(e.message) && /not exist/i.test(e.message)) return failed(e, true);
          if (e instanceof RecordError && /\bitem\b/i.test(e.message) && /not exist|inactive/i.test(e.message)) {
            // Sage 300's state, not the deal's data: once the item exists the same payload goes through.
            const refused = failed(
              new RecordError(`Sage 300 refused the order: ${e.message}`, {
                code: e.code ?? 'SAGE300_RECORD_INVALID',
                system: 'sage300',
                failureCause: 'destination',
                hint: 'Create the item in Sage 300 (Inventory Control › Items) — or give the CRM product the number of an existing item as its product code — then replay this record.',
                cause: e,
              }),
            );
            // Naming the line lets a flow whose lines.refused is "omit" write the order without it.
            const line = refusedLineOf(e.message, input.lines);
            return line === null || refused.status !== 'failed' ? refused : { ...refused, line };
          }
          throw e;
        }
        for (let attempt = 0; attempt < this.confirmAttempts; attempt++) {
          await sleep(this.confirmDelayMs, signal);
          const found = await this.findByReference(reference, signal);
          if (found) return { status: 'created', id: found };
        }
        // Not there (yet): never POST again blindly; the next attempt starts with the same lookup.
        return failed(
          new RecordError(`Sage 300 did not confirm the order for ${reference}; it will be looked up again before any new attempt.`, {
            code: 'SAGE300_WRITE_UNCONFIRMED',
            system: 'sage300',
            retryable: true,
            cause: e,
          }),
        );
      }
    } catch (e) {
      return recordFailureOrThrow(e);
    }
  }
}
