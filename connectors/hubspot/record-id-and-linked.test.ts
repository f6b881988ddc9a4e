// Two things a flow coming back from an ERP needs of HubSpot (entities.ts), over the sandbox: writing to
// records by HubSpot's own id (a flow keyed on hs_object_id updates, never creates, and never sends the
// read-only property), and reading the records linked to others (a company's contacts) for the engine's
// linked-records follow-up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubspotDestination, hubspotSource, RECORD_ID_PROPERTY } from './entities.ts';
import { startHarness, type Harness } from './sandbox/harness.ts';
import type { SourceRecord } from '../kit/types.ts';

let h: Harness;
const options = { lineKeyProperty: 'ml_line_key', sourceProperties: {} };

/** A record created the way a salesperson does, over the public API. */
async function create(type: string, properties: Record<string, string>, companyId?: string): Promise<string> {
  const associations = companyId ? [{ to: { id: companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }] }] : [];
  const res = await h.client.request<{ id: string }>({ method: 'POST', path: `/crm/v3/objects/${type}`, json: { properties, associations } });
  return res.body.id;
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('a flow keyed on hs_object_id', () => {
  it('updates the record with that id without sending hs_object_id, and never creates one', async () => {
    const contacts = hubspotDestination(h.client, 'contacts', options);
    const id = await create('contacts', { email: 'ann@fjord.example', firstname: 'Ann', phone: '555-0100' });
    const before = (await h.admin<{ total: number }>('GET', 'records/contacts?limit=1')).total;

    const [updated, gone] = await contacts.upsert(
      [
        { sourceId: id, properties: { [RECORD_ID_PROPERTY]: id, phone: '555-7777 remit' } },
        { sourceId: '999999999', properties: { [RECORD_ID_PROPERTY]: '999999999', phone: '555-0000' } },
      ],
      { idProperty: RECORD_ID_PROPERTY },
    );
    expect(updated).toEqual({ status: 'updated', id });
    expect(gone).toMatchObject({ status: 'failed', code: 'OBJECT_NOT_FOUND' });
    const held = await h.admin<{ properties: Record<string, string> }>('GET', `records/contacts/${id}`);
    expect(held.properties).toMatchObject({ phone: '555-7777 remit', firstname: 'Ann', email: 'ann@fjord.example' });
    expect((await h.admin<{ total: number }>('GET', 'records/contacts?limit=1')).total).toBe(before);
  });
});

describe('readLinked', () => {
  it("reads a company's contacts (with their associations) from the company side", async () => {
    const company = await create('companies', { name: 'Marked Later Ltd' });
    const other = await create('companies', { name: 'Someone else' });
    const eve = await create('contacts', { email: 'eve@later.example', firstname: 'Eve' }, company);
    const fay = await create('contacts', { email: 'fay@later.example', firstname: 'Fay' }, company);
    await create('contacts', { email: 'gus@else.example', firstname: 'Gus' }, other);
    // A company without contacts: HubSpot answers its part of the association read with a 207 error.
    const lonely = await create('companies', { name: 'No contacts yet' });
    const source = hubspotSource(h.client, 'contacts', options);

    const pages = source.readLinked!('associations.companies.0', [company, lonely]);
    expect(pages).not.toBeNull();
    const read: SourceRecord[] = [];
    for await (const page of pages!) read.push(...page);
    expect(read.map((r) => [r.id, r.firstname, (r.associations as { companies: string[] }).companies]).sort()).toEqual([
      [eve, 'Eve', [company]],
      [fay, 'Fay', [company]],
    ]);
    // A path that is no association of contacts is not one it can look records up by.
    expect(source.readLinked!('ml_intacct_vendor_id', [company])).toBeNull();
    expect(source.readLinked!('associations.deals.0', [company])).toBeNull();
  });
});
