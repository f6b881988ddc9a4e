// OE/OEInvoices (spec §8.1: GET only; §8.9: an order POSTed with `InvoiceWillBeProduced` and shipped
// quantities is shipped and invoiced in one go), over raw HTTP as an independent client would read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../kit/sandbox/types.ts';
import { startSandbox } from './index.ts';

let sb: RunningSandbox;
let line: { url: string; user: string; password: string };
type Json = Record<string, unknown>;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${line.url}/${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${line.user}:${line.password}`).toString('base64')}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json };
}

beforeAll(async () => {
  sb = await startSandbox({ port: 0, records: 10, seed: 3, switches: { today: '2024-05-01' } });
  line = sb.line as typeof line;
});
afterAll(() => sb.close());

describe('OE/OEInvoices (spec §8.1, §8.9)', () => {
  it('an order posted with InvoiceWillBeProduced and shipped quantities is shipped and invoiced; the invoice is read through OEInvoices', async () => {
    const items = (await call('GET', 'IC/ICItems?$select=ItemNumber&$top=1')).json.value as { ItemNumber: string }[];
    const order = await call('POST', 'OE/OEOrders', {
      CustomerNumber: 'C000001', OrderDescription: 'Ship and invoice', OrderDate: '2024-04-30', InvoiceWillBeProduced: true,
      OrderDetails: [
        { LineType: 'Item', Item: items[0]!.ItemNumber, Location: '1', QuantityOrdered: 4, QuantityShipped: 4, PricingUnitPrice: 25 },
        { LineType: 'Miscellaneous', MiscellaneousChargesCode: 'HC', ExtendedAmount: 20.25 },
      ],
    });
    expect(order.status).toBe(201);
    expect(order.json.LastShipmentNumber).toMatch(/^SH\d+$/);
    expect(order.json.LastInvoiceNumber).toMatch(/^IN\d+$/);

    const found = await call('GET', `OE/OEInvoices?$filter=${encodeURIComponent(`OrderNumber eq '${String(order.json.OrderNumber)}'`)}`);
    expect(found.status).toBe(200);
    expect(String(found.json['@odata.context'])).toMatch(/\/OE\/\$metadata#OEInvoices$/);
    const invoices = found.json.value as Json[];
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({
      InvoiceNumber: order.json.LastInvoiceNumber, CustomerNumber: 'C000001', OrderNumber: order.json.OrderNumber,
      ShipmentNumber: order.json.LastShipmentNumber, InvoiceDate: '2024-05-01T00:00:00Z', InvoiceSubtotal: 120.25,
    });
    expect((invoices[0]!.InvoiceDetails as Json[]).map((d) => d.ExtendedAmount)).toEqual([100, 20.25]);

    const byKey = await call('GET', `OE/OEInvoices(${String(invoices[0]!.InvoiceUniquifier)})`);
    expect(byKey.json).toMatchObject({ '@odata.context': expect.stringMatching(/#OEInvoices\/\$entity$/), InvoiceNumber: order.json.LastInvoiceNumber });
  });

  it('an order without InvoiceWillBeProduced is not invoiced; OEInvoices is GET only and in the OE $metadata', async () => {
    const order = await call('POST', 'OE/OEOrders', { CustomerNumber: 'C000002', OrderDetails: [{ LineType: 'Miscellaneous', MiscellaneousChargesCode: 'HC', ExtendedAmount: 5 }] });
    expect(order.status).toBe(201);
    expect(order.json.LastInvoiceNumber).toBe('');
    const none = await call('GET', `OE/OEInvoices?$filter=${encodeURIComponent(`OrderNumber eq '${String(order.json.OrderNumber)}'`)}`);
    expect(none.json.value).toEqual([]);

    const post = await call('POST', 'OE/OEInvoices', { CustomerNumber: 'C000002' });
    expect(post.status).toBe(405);
    expect(post.json).toMatchObject({ error: { code: 'MethodNotAllowed' } });

    const res = await fetch(`${line.url}/OE/$metadata`, { headers: { authorization: `Basic ${Buffer.from(`${line.user}:${line.password}`).toString('base64')}`, 'content-type': 'application/json' } });
    const xml = await res.text();
    expect(xml).toContain('<EntitySet Name="OEInvoices" EntityType="Sage.CA.SBS.ERP.Sage300.OE.WebApi.Models.Invoice"/>');
    expect(xml).toContain('<EntityType Name="Invoice">');
    expect(xml).toContain('Type="Collection(Sage.CA.SBS.ERP.Sage300.OE.WebApi.Models.InvoiceDetail)"');
  });
});
