// Writes over real sockets: customers created and updated (DateLastMaintained moves to today), orders
// created once per source deal — also when the server commits and the answer is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sageCall, startHarness, type Harness } from './test-support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ records: 20, seed: 9, switches: { today: '2025-06-02' } });
});
afterAll(() => h.close());

const ordersWithReference = async (reference: string) => {
  const res = await sageCall(h, 'GET', `OE/OEOrders?$filter=${encodeURIComponent(`OrderReference eq '${reference}'`)}`);
  return (res.json as { value: { OrderUniquifier: number }[] }).value;
};

describe('AR customers as a destination', () => {
  it('creates a customer (key first, group defaults loaded) and updates it with PATCH', async () => {
    const c = h.connect();
    const [created] = await c.destinations.arCustomers.upsert(
      [{ sourceId: 'zoho-1', properties: { CustomerNumber: 'zc0001', GroupCode: 'WHL', CustomerName: 'Zoë’s Café — Montréal', Email: 'ap@zoe.example.com', ContactName: 'Zoë Tremblay' } }],
      { idProperty: 'CustomerNumber' },
    );
    expect(created).toEqual({ status: 'created', id: 'ZC0001' });
    const stored = await h.admin<Record<string, unknown>>('record', { resource: 'ARCustomers', key: 'ZC0001' });
    expect(stored).toMatchObject({ CustomerName: 'Zoë’s Café — Montréal', Terms: '2N31', DateLastMaintained: '2025-06-02T00:00:00Z' });

    await h.admin('today', { date: '2025-06-03' });
    const [updated] = await c.destinations.arCustomers.upsert([{ sourceId: 'zoho-1', destinationId: 'ZC0001', properties: { PhoneNumber: '5145550100' } }], { idProperty: 'CustomerNumber' });
    expect(updated).toEqual({ status: 'updated', id: 'ZC0001' });
    const after = await h.admin<Record<string, unknown>>('record', { resource: 'ARCustomers', key: 'ZC0001' });
    expect(after).toMatchObject({ PhoneNumber: '5145550100', CustomerName: 'Zoë’s Café — Montréal', DateLastMaintained: '2025-06-03T00:00:00Z' });
    await h.admin('today', { date: '2025-06-02' });
  });

  it('a create that meets an existing key becomes an update; a refused record fails alone', async () => {
    const c = h.connect();
    const results = await c.destinations.arCustomers.upsert(
      [
        { sourceId: 'a', properties: { CustomerNumber: 'C000002', CustomerName: 'Renamed by Zoho' } },
        { sourceId: 'b', properties: { CustomerNumber: 'ZC0002', GroupCode: 'NOPE' } },
        { sourceId: 'c', properties: { CustomerNumber: 'ZC0003', GroupCode: 'RTL', Colour: 'blue' } },
        { sourceId: 'd', properties: { CustomerName: 'No number' } },
      ],
      { idProperty: 'CustomerNumber' },
    );
    expect(results[0]).toEqual({ status: 'updated', id: 'C000002' });
    expect(results[1]).toMatchObject({ status: 'failed', kind: 'record', retryable: false, code: 'SAGE300_RECORD_INVALID' });
    expect(results[2]).toMatchObject({ status: 'failed', kind: 'record', code: 'SAGE300_INVALID_PAYLOAD' });
    expect((results[2] as { message: string }).message).toContain("The property 'Colour' does not exist on type 'Sage.CA.SBS.ERP.Sage300.AR.WebApi.Models.Customer'.");
    expect(results[3]).toMatchObject({ status: 'failed', code: 'SAGE300_NO_CUSTOMER_NUMBER' });
  });

  it('works whether the server answers an update with 204 or with 200 and the entity', async () => {
    await h.admin('switches', { updateStatus: 200 });
    try {
      const c = h.connect();
      const [r] = await c.destinations.arCustomers.upsert([{ sourceId: 'e', destinationId: 'C000003', properties: { WebSite: 'www.example.com' } }], { idProperty: 'CustomerNumber' });
      expect(r).toEqual({ status: 'updated', id: 'C000003' });
    } finally {
      await h.admin('switches', { updateStatus: 204 });
    }
  });

  it('a customer POST whose answer is lost is found and reported created, not failed', async () => {
    const c = h.connect();
    await h.admin('faults', { once: [{ fault: 'dropresponse', method: 'POST', resource: 'ARCustomers' }] });
    const [r] = await c.destinations.arCustomers.upsert([{ sourceId: 'x', properties: { CustomerNumber: 'ZC0009', GroupCode: 'RTL', CustomerName: 'Lost answer Ltd' } }], { idProperty: 'CustomerNumber' });
    expect(r).toEqual({ status: 'created', id: 'ZC0009' });
  });
});

describe('AP vendors as a destination (CRM edits flowing back)', () => {
  it('updates a vendor with PATCH, leaving the fields it was not given', async () => {
    const c = h.connect();
    const before = await h.admin<Record<string, unknown>>('record', { resource: 'APVendors', key: 'V00001' });
    const [r] = await c.destinations.apVendors.upsert([{ sourceId: 'V00001', destinationId: 'V00001', properties: { VendorNumber: 'V00001', PhoneNumber: '4165550199', WebSite: 'www.supplier.example.com' } }], { idProperty: 'VendorNumber' });
    expect(r).toEqual({ status: 'updated', id: 'V00001' });
    const after = await h.admin<Record<string, unknown>>('record', { resource: 'APVendors', key: 'V00001' });
    expect(after).toMatchObject({ PhoneNumber: '4165550199', WebSite: 'www.supplier.example.com', VendorName: before.VendorName, Email: before.Email });
  });

  it('a vendor without a number fails alone with the reason', async () => {
    const c = h.connect();
    const [r] = await c.destinations.apVendors.upsert([{ sourceId: 'x', properties: { PhoneNumber: '1' } }], { idProperty: 'VendorNumber' });
    expect(r).toMatchObject({ status: 'failed', code: 'SAGE300_NO_VENDOR_NUMBER' });
  });

  it('vendor contacts are the contact person on each vendor, keyed by vendor number', async () => {
    const c = h.connect();
    const records = (await c.sources.apVendorContacts.sample(50)) as Record<string, unknown>[];
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      expect(String(r.VendorNumber)).toMatch(/^V\d{5}$/);
      expect(`${String(r.FirstName)} ${String(r.LastName)}`.trim()).toBe(String(r.ContactName).trim());
    }
    expect(await c.sources.apVendorContacts.readOne!(String(records[0]!.VendorNumber))).toMatchObject({ VendorNumber: records[0]!.VendorNumber });
  });
});

describe('OE orders as a destination', () => {
  const deal = (sourceId: string) => ({
    sourceId,
    properties: { CustomerNumber: 'C000004', OrderDescription: `Deal ${sourceId}`, OrderDate: '2025-06-02' },
    lines: [
      { Item: 'A1-105/0', Location: '1', QuantityOrdered: 3, PricingUnitPrice: 149.5 },
      { MiscellaneousChargesCode: 'HC', ExtendedAmount: 20.25 },
    ],
  });

  it('creates an order with its lines, carrying the deal reference', async () => {
    const c = h.connect();
    const [r] = await c.destinations.oeOrders.upsert([deal('hs-deal-100')], { idProperty: 'OrderReference' });
    expect(r).toMatchObject({ status: 'created' });
    const orders = await ordersWithReference('ML-hs-deal-100');
    expect(orders).toHaveLength(1);
    expect(String(orders[0]!.OrderUniquifier)).toBe((r as { id: string }).id);
    const stored = (await sageCall(h, 'GET', `OE/OEOrders(${(r as { id: string }).id})`)).json as { OrderDetails: { LineNumber: number; LineType: string }[] };
    expect(stored.OrderDetails.map((d) => [d.LineNumber, d.LineType])).toEqual([[32, 'Item'], [64, 'Miscellaneous']]);
  });

  it('an order refused for one line’s unknown item names that line', async () => {
    const c = h.connect();
    const input = { ...deal('hs-deal-150'), lines: [deal('x').lines[0]!, { Item: 'NO-SUCH-ITEM', Location: '1', QuantityOrdered: 1, PricingUnitPrice: 5 }, deal('x').lines[1]!] };
    const [r] = await c.destinations.oeOrders.upsert([input], { idProperty: 'OrderReference' });
    expect(r).toMatchObject({ status: 'failed', line: 1, failureCause: 'destination' });
    // Without that line the same order goes through.
    const [again] = await c.destinations.oeOrders.upsert([{ ...input, lines: input.lines.filter((_, i) => i !== 1) }], { idProperty: 'OrderReference' });
    expect(again).toMatchObject({ status: 'created' });
  });

  it('a retry of the same deal finds the order and does not post again', async () => {
    const c = h.connect();
    await h.admin('requests/reset');
    const [r] = await c.destinations.oeOrders.upsert([deal('hs-deal-100')], { idProperty: 'OrderReference' });
    // Nothing was sent, and the result says so (the engine counts it unchanged, not updated).
    expect(r).toMatchObject({ status: 'unchanged' });
    expect((await h.requests()).byEndpointStatus['POST OE/OEOrders']).toBeUndefined();
    expect(await ordersWithReference('ML-hs-deal-100')).toHaveLength(1);
  });

  it('after a dropped response the order is confirmed by its reference; the retry creates no second order', async () => {
    const c = h.connect();
    await h.admin('faults', { once: [{ fault: 'dropresponse', method: 'POST', resource: 'OEOrders' }] });
    await h.admin('requests/reset');
    const [first] = await c.destinations.oeOrders.upsert([deal('hs-deal-200')], { idProperty: 'OrderReference' });
    expect(first).toMatchObject({ status: 'created' });
    expect((await h.requests()).byEndpointStatus['POST OE/OEOrders']).toEqual({ dropped: 1 });

    // The engine retries the record (it may not have seen the result): still one order.
    const [again] = await c.destinations.oeOrders.upsert([{ ...deal('hs-deal-200'), destinationId: (first as { id: string }).id }], { idProperty: 'OrderReference' });
    expect(again).toEqual({ status: 'unchanged', id: (first as { id: string }).id });
    const [retry] = await c.destinations.oeOrders.upsert([deal('hs-deal-200')], { idProperty: 'OrderReference' });
    expect(retry).toEqual({ status: 'unchanged', id: (first as { id: string }).id });
    expect(await ordersWithReference('ML-hs-deal-200')).toHaveLength(1);
    expect((await h.requests()).byEndpointStatus['POST OE/OEOrders']).toEqual({ dropped: 1 });
  });

  it('a POST lost before the server committed it is reported unconfirmed (retryable), never re-posted blindly', async () => {
    const c = h.connect();
    await h.admin('faults', { once: [{ fault: 'reset', method: 'POST', resource: 'OEOrders' }] });
    const [r] = await c.destinations.oeOrders.upsert([deal('hs-deal-300')], { idProperty: 'OrderReference' });
    expect(r).toMatchObject({ status: 'failed', retryable: true, code: 'SAGE300_WRITE_UNCONFIRMED' });
    expect(await ordersWithReference('ML-hs-deal-300')).toHaveLength(0);
    const [next] = await c.destinations.oeOrders.upsert([deal('hs-deal-300')], { idProperty: 'OrderReference' });
    expect(next).toMatchObject({ status: 'created' });
    expect(await ordersWithReference('ML-hs-deal-300')).toHaveLength(1);
  });

  it('Day End Processing (409) fails the record as retriable, to be retried later', async () => {
    const c = h.connect();
    await h.admin('faults', { once: [{ fault: 'dayend', method: 'POST', resource: 'OEOrders' }] });
    const [r] = await c.destinations.oeOrders.upsert([deal('hs-deal-400')], { idProperty: 'OrderReference' });
    expect(r).toMatchObject({ status: 'failed', kind: 'retriable', retryable: true, code: 'SAGE300_DAY_END' });
    expect((r as { hint: string }).hint).toMatch(/Day End/);
    expect(await ordersWithReference('ML-hs-deal-400')).toHaveLength(0);
  });

  it('an order for a customer not in Sage yet fails retryably (its parent may arrive)', async () => {
    const c = h.connect();
    const [missing] = await c.destinations.oeOrders.upsert([{ sourceId: 'hs-deal-500', properties: { OrderDescription: 'x' } }], { idProperty: 'OrderReference' });
    expect(missing).toMatchObject({ status: 'failed', retryable: true, code: 'SAGE300_NO_CUSTOMER' });
    const [unknown] = await c.destinations.oeOrders.upsert([{ ...deal('hs-deal-501'), properties: { CustomerNumber: 'NOSUCH' } }], { idProperty: 'OrderReference' });
    expect(unknown).toMatchObject({ status: 'failed', retryable: true });
  });

  it('a deal of an account that is no customer yet creates the customer first, then the order — once, also after a crash between the two', async () => {
    const c = h.connect();
    const newCustomer = { 'NewCustomer.CustomerNumber': 'z00624011', 'NewCustomer.CustomerName': 'Fabrikam GmbH 7', 'NewCustomer.GroupCode': 'RTL', 'NewCustomer.PhoneNumber': '' };
    const input = { ...deal('zoho-deal-1'), properties: { CustomerNumber: null, OrderDescription: 'Won in Zoho', ...newCustomer } };
    // The customer exists already once (a run killed after the customer, before the order).
    await c.destinations.arCustomers.upsert([{ sourceId: 'pre', properties: { CustomerNumber: 'Z00624011', GroupCode: 'RTL', CustomerName: 'Fabrikam GmbH 7' } }], { idProperty: 'CustomerNumber' });
    await h.admin('requests/reset');
    const [r] = await c.destinations.oeOrders.upsert([input], { idProperty: 'OrderReference' });
    expect(r).toMatchObject({ status: 'created' });
    expect((await h.requests()).byEndpointStatus['POST AR/ARCustomers']).toBeUndefined();
    const stored = (await sageCall(h, 'GET', `OE/OEOrders(${(r as { id: string }).id})`)).json as Record<string, unknown>;
    expect(stored).toMatchObject({ CustomerNumber: 'Z00624011', OrderReference: 'ML-zoho-deal-1', OrderDescription: 'Won in Zoho' });
    expect(stored).not.toHaveProperty('NewCustomer.CustomerName');

    const [fresh] = await c.destinations.oeOrders.upsert([{ ...deal('zoho-deal-2'), properties: { ...newCustomer, 'NewCustomer.CustomerNumber': 'Z00624099', 'NewCustomer.CustomerName': 'Tailspin Ltd 9' } }], { idProperty: 'OrderReference' });
    expect(fresh).toMatchObject({ status: 'created' });
    expect(await h.admin<Record<string, unknown>>('record', { resource: 'ARCustomers', key: 'Z00624099' })).toMatchObject({ CustomerName: 'Tailspin Ltd 9', GroupCode: 'RTL' });
    const [again] = await c.destinations.oeOrders.upsert([{ ...deal('zoho-deal-2'), properties: { ...newCustomer, 'NewCustomer.CustomerNumber': 'Z00624099' } }], { idProperty: 'OrderReference' });
    expect(again).toEqual({ status: 'unchanged', id: (fresh as { id: string }).id });
    expect(await ordersWithReference('ML-zoho-deal-2')).toHaveLength(1);

    // A known customer number wins over the new-customer one; a refused new customer fails the order alone.
    const [bad] = await c.destinations.oeOrders.upsert([{ ...deal('zoho-deal-3'), properties: { 'NewCustomer.CustomerNumber': 'Z00624100', 'NewCustomer.GroupCode': 'NOPE' } }], { idProperty: 'OrderReference' });
    expect(bad).toMatchObject({ status: 'failed', code: 'SAGE300_RECORD_INVALID' });
    expect((bad as { message: string }).message).toMatch(/new Sage 300 customer Z00624100/);
    expect(await ordersWithReference('ML-zoho-deal-3')).toHaveLength(0);
  });

  it('run-level problems throw instead of failing every record', async () => {
    const c = h.connect({}, {}, { secrets: { password: 'wrong-password' } });
    await expect(c.destinations.oeOrders.upsert([deal('hs-deal-600')], { idProperty: 'OrderReference' })).rejects.toMatchObject({ kind: 'auth', code: 'SAGE300_UNAUTHORIZED' });
  });
});
