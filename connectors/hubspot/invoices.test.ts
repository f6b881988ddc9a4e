// Invoices (and deals) written with line items and associations, in HubSpot's order, then opened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { associateDefault } from './associations.ts';
import { batchCreate, batchUpsert } from './objects.ts';
import { ensureProperties } from './properties.ts';
import { hubspotDestination } from './entities.ts';
import { startHarness, type Harness } from './sandbox/harness.ts';

interface RawRecord {
  id: string;
  properties: Record<string, string>;
  associations: Record<string, { id: string; typeIds: number[] }[]>;
}

let h: Harness;
let companyId: string;
let contactId: string;
beforeAll(async () => {
  h = await startHarness();
  await ensureProperties(h.client, 'companies', [{ name: 'ml_cust', label: 'Customer', unique: true }]);
  await ensureProperties(h.client, 'contacts', [{ name: 'ml_contact', label: 'Contact', unique: true }]);
  await ensureProperties(h.client, 'invoices', [{ name: 'ml_invoice', label: 'ERP invoice', unique: true }]);
  await ensureProperties(h.client, 'deals', [{ name: 'ml_order', label: 'ERP order', unique: true }]);
  await ensureProperties(h.client, 'line_items', [{ name: 'ml_line_key', label: 'Line key', unique: true }]);
  const [co] = await batchUpsert(h.client, 'companies', [{ key: 'C1', properties: { name: 'Acme Ltd' } }], 'ml_cust');
  const [ct] = await batchUpsert(h.client, 'contacts', [{ key: 'P1', properties: { email: 'jane@acme.example' } }], 'ml_contact');
  companyId = (co as { id: string }).id;
  contactId = (ct as { id: string }).id;
});
afterAll(() => h.close());

const options = { lineKeyProperty: 'ml_line_key', sourceProperties: {} };

describe('default associations', () => {
  it('name each pair HubSpot refused in a 207 answer, and nothing when every pair took', async () => {
    const [inv] = await batchUpsert(h.client, 'invoices', [{ key: 'INV-A1', properties: { hs_currency: 'GBP' } }], 'ml_invoice');
    const id = (inv as { id: string }).id;
    expect(await associateDefault(h.client, 'invoices', 'companies', [{ from: id, to: companyId }])).toEqual(new Map());
    const failed = await associateDefault(h.client, 'invoices', 'contacts', [
      { from: id, to: contactId },
      { from: id, to: '999999999' },
    ]);
    expect([...failed.keys()]).toEqual([id]);
    expect(failed.get(id)).toMatch(/999999999/);
    const got = await h.admin<RawRecord>('GET', `records/invoices/${id}`);
    expect(got.associations.companies?.map((a) => a.id)).toEqual([companyId]);
    expect(got.associations.contacts?.map((a) => a.id)).toEqual([contactId]);
  });
});

describe('invoices with line items', () => {
  it('creates the draft, its lines and associations, then moves it to open; a re-run duplicates nothing', async () => {
    const invoices = hubspotDestination(h.client, 'invoices', options);
    const input = {
      sourceId: 'INV-1042',
      properties: { ml_invoice: 'INV-1042', hs_currency: 'GBP', hs_invoice_date: '2024-05-02', hs_due_date: '2024-06-01', hs_purchase_order_number: 'PO-77' },
      lines: [
        { name: 'Widget', quantity: 2, price: '10.50' },
        { name: 'Gadget', quantity: 1, price: '99' },
      ],
      associations: [
        { object: 'contacts', id: contactId },
        { object: 'companies', id: companyId },
      ],
    };
    const [result] = await invoices.upsert([input], { idProperty: 'ml_invoice' });
    expect(result).toMatchObject({ status: 'created' });
    const id = (result as { id: string }).id;
    const inv = await h.admin<RawRecord>('GET', `records/invoices/${id}`);
    expect(inv.properties.hs_invoice_status).toBe('open');
    expect(inv.associations.contacts?.map((a) => a.id)).toEqual([contactId]);
    expect(inv.associations.companies?.map((a) => a.id)).toEqual([companyId]);
    expect(inv.associations.line_items).toHaveLength(2);
    const line = await h.admin<RawRecord>('GET', `records/line_items/${inv.associations.line_items?.[0]?.id ?? ''}`);
    expect(line.properties).toMatchObject({ name: 'Widget', quantity: '2', price: '10.50', ml_line_key: 'INV-1042#1' });

    const [again] = await invoices.upsert([input], { idProperty: 'ml_invoice' });
    expect(again).toEqual({ status: 'updated', id });
    const lines = await h.admin<{ total: number }>('GET', 'records/line_items');
    expect(lines.total).toBe(2);
  });

  it('keeps an invoice HubSpot will not open without a contact as a draft, and opens it where HubSpot allows', async () => {
    const invoices = hubspotDestination(h.client, 'invoices', options);
    const write = (key: string, withContact: boolean) =>
      invoices.upsert(
        [{ sourceId: key, properties: { ml_invoice: key, hs_currency: 'GBP' }, lines: [{ name: 'A', quantity: 1, price: 1 }], ...(withContact && { associations: [{ object: 'contacts', id: contactId }] }) }],
        { idProperty: 'ml_invoice' },
      );
    const status = async (id: string) => (await h.admin<RawRecord>('GET', `records/invoices/${id}`)).properties.hs_invoice_status;

    const [opened] = await write('INV-2', true);
    expect(opened).toMatchObject({ status: 'created' });
    const [draft] = await write('INV-3', false);
    expect(draft).toMatchObject({ status: 'created' });
    expect(await status((opened as { id: string }).id)).toBe('open');
    expect((await status((draft as { id: string }).id)) ?? 'draft').toBe('draft'); // a new invoice is a draft

    // Where HubSpot asks only for a line item (the unverified alternative), the same write opens it.
    await h.admin('PUT', 'switches', { invoiceOpenRequires: 'line' });
    try {
      const [later] = await write('INV-4', false);
      expect(await status((later as { id: string }).id)).toBe('open');
    } finally {
      await h.admin('PUT', 'switches', { invoiceOpenRequires: 'contact+line' });
    }
  });

  it('names a line HubSpot refuses; keys lines by lineNumber, else by their position among all the mapped lines', async () => {
    const res = await fetch(`${h.sandbox.url}/crm/v3/properties/line_items`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${h.sandbox.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'ml_unit', label: 'Unit', type: 'enumeration', fieldType: 'select', groupName: 'lineiteminformation', options: [{ label: 'Each', value: 'EA' }] }),
    });
    expect(res.status).toBe(201);
    const invoices = hubspotDestination(h.client, 'invoices', options);
    const lines = [{ name: 'A', quantity: 1, price: 1, ml_unit: 'EA' }, { name: 'B', quantity: 1, price: 1, ml_unit: 'BOX' }, { name: 'C', quantity: 1, price: 1, ml_unit: 'EA' }];
    const [refused] = await invoices.upsert([{ sourceId: 'INV-7', properties: { ml_invoice: 'INV-7', hs_currency: 'GBP' }, lines }], { idProperty: 'ml_invoice' });
    expect(refused).toMatchObject({ status: 'failed', kind: 'record', retryable: false, line: 1 });
    expect((refused as { message: string }).message).toMatch(/INV-7#2 .*BOX/);

    // Written again without B (as mapping.lines.refused 'omit' does): C keeps its key #3.
    const [written] = await invoices.upsert([{ sourceId: 'INV-7', properties: { ml_invoice: 'INV-7', hs_currency: 'GBP' }, lines: [lines[0]!, lines[2]!], linePositions: [0, 2] }], { idProperty: 'ml_invoice' });
    expect(written).toMatchObject({ status: 'updated' });
    const keysOf = async (id: string) => {
      const inv = await h.admin<RawRecord>('GET', `records/invoices/${id}`);
      const items = await Promise.all((inv.associations.line_items ?? []).map((a) => h.admin<RawRecord>('GET', `records/line_items/${a.id}`)));
      return items.map((l) => [l.properties.ml_line_key, l.properties.name]).sort();
    };
    expect(await keysOf((written as { id: string }).id)).toEqual([['INV-7#1', 'A'], ['INV-7#3', 'C']]);

    // A line naming its own number counted from 0 (SAP's LineNum) is keyed by it plus one — the key position
    // alone gave the same line before — and the number is not written.
    const [numbered] = await invoices.upsert([{ sourceId: 'INV-8', properties: { ml_invoice: 'INV-8', hs_currency: 'GBP' }, lines: [{ lineNumber: 0, name: 'A', quantity: 1, price: 1 }, { lineNumber: 4, name: 'E', quantity: 1, price: 1 }] }], { idProperty: 'ml_invoice' });
    expect(await keysOf((numbered as { id: string }).id)).toEqual([['INV-8#1', 'A'], ['INV-8#5', 'E']]);
  });

  it('removes the line items it wrote earlier that a write no longer sends, and names them; a user’s own line item stays', async () => {
    const invoices = hubspotDestination(h.client, 'invoices', options);
    const write = (lines: Record<string, unknown>[], linePositions?: number[]) =>
      invoices.upsert([{ sourceId: 'INV-20', properties: { ml_invoice: 'INV-20', hs_currency: 'GBP' }, lines, ...(linePositions && { linePositions }) }], { idProperty: 'ml_invoice' });
    const all = [{ name: 'A', quantity: 1, price: 1 }, { name: 'B', quantity: 2, price: 2 }, { name: 'C', quantity: 3, price: 3 }];
    // No contact: the invoice stays a draft, whose lines may still change.
    const [created] = await write(all);
    const id = (created as { id: string }).id;
    const lineItems = async () => {
      const inv = await h.admin<RawRecord>('GET', `records/invoices/${id}`);
      const items = await Promise.all((inv.associations.line_items ?? []).map((a) => h.admin<RawRecord & { archived: boolean }>('GET', `records/line_items/${a.id}`)));
      return items.map((l) => [l.properties.ml_line_key ?? null, l.properties.name, l.archived]).sort();
    };
    expect(await lineItems()).toEqual([['INV-20#1', 'A', false], ['INV-20#2', 'B', false], ['INV-20#3', 'C', false]]);
    const second = (await h.admin<{ results: RawRecord[] }>('GET', 'records/line_items?limit=500')).results.find((l) => l.properties.ml_line_key === 'INV-20#2')!;
    // A line item a HubSpot user added to the invoice by hand (no line key of ours).
    const [own] = await batchCreate(h.client, 'line_items', [{ properties: { name: 'Shipping', quantity: '1', price: '5' } }]);
    expect(await associateDefault(h.client, 'invoices', 'line_items', [{ from: id, to: (own as { id: string }).id }])).toEqual(new Map());

    const archives = (c: Awaited<ReturnType<typeof h.counters>>) => Object.entries(c.byEndpoint).filter(([k]) => /archive/.test(k)).reduce((n, [, v]) => n + v, 0);
    const untouched = await h.counters();

    // B left out (mapping.lines.refused 'omit'): its line item is taken off the invoice and archived, named on the result.
    const [without] = await write([all[0]!, all[2]!], [0, 2]);
    expect(archives(await h.counters()) - archives(untouched)).toBe(2);
    expect(without).toEqual({ status: 'updated', id, removedLines: [{ key: 'INV-20#2', id: second.id }] });
    expect(await lineItems()).toEqual([[null, 'Shipping', false], ['INV-20#1', 'A', false], ['INV-20#3', 'C', false]]);
    expect((await h.admin<RawRecord & { archived: boolean }>('GET', `records/line_items/${second.id}`)).archived).toBe(true);
    // The same lines again: nothing to remove, and no archive or disassociation sent.
    const before = await h.counters();
    const [again] = await write([all[0]!, all[2]!], [0, 2]);
    expect(again).toEqual({ status: 'updated', id });
    expect(archives(await h.counters())).toBe(archives(before));

    // C deleted from the source document (positions, no numbers): only A is left.
    const [shorter] = await write([all[0]!]);
    expect(shorter).toMatchObject({ status: 'updated', removedLines: [{ key: 'INV-20#3' }] });
    expect(await lineItems()).toEqual([[null, 'Shipping', false], ['INV-20#1', 'A', false]]);

    // A flow that sends no lines (payments updating the invoice's balance) leaves them as they are.
    const [balance] = await invoices.upsert([{ sourceId: 'INV-20', properties: { ml_invoice: 'INV-20', hs_currency: 'GBP' } }], { idProperty: 'ml_invoice' });
    expect(balance).toEqual({ status: 'updated', id });
    expect(await lineItems()).toEqual([[null, 'Shipping', false], ['INV-20#1', 'A', false]]);
  });

  it('a deal whose lines were all deleted loses its line items', async () => {
    const deals = hubspotDestination(h.client, 'deals', options);
    const write = (lines: Record<string, unknown>[]) => deals.upsert([{ sourceId: 'SO-30', properties: { ml_order: 'SO-30', dealname: 'SO-30', pipeline: 'default', dealstage: 'closedwon' }, lines }], { idProperty: 'ml_order' });
    const [r] = await write([{ name: 'Bolt', quantity: 1, price: 1 }, { name: 'Nut', quantity: 1, price: 1 }]);
    const [emptied] = await write([]);
    expect(emptied).toMatchObject({ status: 'updated', removedLines: [{ key: 'SO-30#1' }, { key: 'SO-30#2' }] });
    const deal = await h.admin<RawRecord>('GET', `records/deals/${(r as { id: string }).id}`);
    expect(deal.associations.line_items ?? []).toEqual([]);
  });

  it('writes a deal with its line items and primary company', async () => {
    const deals = hubspotDestination(h.client, 'deals', options);
    const [r] = await deals.upsert(
      [{ sourceId: 'SO-9', properties: { ml_order: 'SO-9', dealname: 'SO-9 Acme', amount: '120', dealstage: 'closedwon', pipeline: 'default' }, lines: [{ key: 'SO-9/1', name: 'Bolt', quantity: 12, price: 10 }], associations: [{ object: 'companies', id: companyId, label: 'primary' }] }],
      { idProperty: 'ml_order' },
    );
    expect(r).toMatchObject({ status: 'created' });
    const deal = await h.admin<RawRecord>('GET', `records/deals/${(r as { id: string }).id}`);
    expect(deal.associations.line_items).toHaveLength(1);
    expect(deal.associations.companies?.[0]?.typeIds).toContain(5);
  });

  it('contacts get a primary company that moves when it changes', async () => {
    const contacts = hubspotDestination(h.client, 'contacts', options);
    const [co2] = await batchUpsert(h.client, 'companies', [{ key: 'C2', properties: { name: 'Beta plc' } }], 'ml_cust');
    const other = (co2 as { id: string }).id;
    await contacts.upsert([{ sourceId: 'P1', properties: { ml_contact: 'P1', email: 'jane@acme.example' }, associations: [{ object: 'companies', id: companyId, label: 'primary' }] }], { idProperty: 'ml_contact' });
    await contacts.upsert([{ sourceId: 'P1', properties: { ml_contact: 'P1' }, associations: [{ object: 'companies', id: other, label: 'primary' }] }], { idProperty: 'ml_contact' });
    const c = await h.admin<RawRecord>('GET', `records/contacts/${contactId}`);
    const primaries = c.associations.companies?.filter((a) => a.typeIds.includes(1)).map((a) => a.id);
    expect(primaries).toEqual([other]);
    expect(c.associations.companies?.map((a) => a.id).sort()).toEqual([companyId, other].sort());
  });
});
