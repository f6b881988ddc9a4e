// Conformance: the official @hubspot/api-client manages custom (USER_DEFINED) association labels in the
// sandbox through `crm.associations.v4.schema.definitionsApi` — create (200, the new type ids), list
// (200), update (204), remove (204) on `/crm/v4/associations/{from}/{to}/labels` — and uses them in
// the record-level and batch association calls, where reads name each type with its category and
// label. Errors as HubSpot gives them: a type unknown for the pair, a category that is not the
// type's, HubSpot-defined types that cannot be changed, a label still in use, the per-pair cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@hubspot/api-client';
import type { HubSpotSandbox } from './sandbox/index.ts';
import { apiError, startWithOfficialSdk } from './official-sdk-fixture.ts';

let sb: HubSpotSandbox;
let sdk: Client;
let contactId = '';
let companyId = '';
let dealId = '';
beforeAll(async () => {
  ({ sb, sdk } = await startWithOfficialSdk());
  contactId = (await sdk.crm.contacts.basicApi.create({ properties: { email: 'billing@acme.example' }, associations: [] })).id;
  companyId = (await sdk.crm.companies.basicApi.create({ properties: { name: 'Acme' }, associations: [] })).id;
  dealId = (await sdk.crm.deals.basicApi.create({ properties: { dealname: 'Acme renewal' }, associations: [] })).id;
});
afterAll(() => sb.close());

const labels = () => sdk.crm.associations.v4.schema.definitionsApi;
const setSwitches = async (change: Record<string, unknown>): Promise<void> => {
  const res = await fetch(`${sb.url}/__sandbox/switches`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(change) });
  expect(res.status).toBe(200);
};
const userDefined = 'USER_DEFINED' as never;
const hubspotDefined = 'HUBSPOT_DEFINED' as never;

describe('@hubspot/api-client custom association labels', () => {
  let billing = 0;
  let billingBack = 0;

  it('creates a label (200) with a type id each way, listed among the HubSpot-defined types of both directions', async () => {
    const created = await labels().create('contacts', 'companies', { name: 'billing_contact', label: 'Billing contact' });
    expect(created.results.map((r) => [r.category, r.label])).toEqual([
      ['USER_DEFINED', 'Billing contact'],
      ['USER_DEFINED', 'Billing contact'],
    ]);
    [billing, billingBack] = created.results.map((r) => r.typeId) as [number, number];
    expect(billing).not.toBe(billingBack);
    const forward = (await labels().getAll('contacts', 'companies')).results;
    expect(forward.find((t) => t.typeId === billing)).toMatchObject({ category: 'USER_DEFINED', label: 'Billing contact' });
    expect(forward.find((t) => t.typeId === 1)).toMatchObject({ category: 'HUBSPOT_DEFINED', label: 'Primary' });
    expect(forward.some((t) => t.typeId === billingBack)).toBe(false);
    expect((await labels().getAll('companies', 'contacts')).results.find((t) => t.typeId === billingBack)).toMatchObject({ category: 'USER_DEFINED', label: 'Billing contact' });
  });

  it('creates a paired label: the inverse type carries the inverse label', async () => {
    const created = await labels().create('contacts', 'contacts', { name: 'manager_employee', label: 'Manager', inverseLabel: 'Employee' });
    expect(created.results.map((r) => r.label)).toEqual(['Manager', 'Employee']);
    const all = (await labels().getAll('contacts', 'contacts')).results.filter((t) => t.category === ('USER_DEFINED' as never));
    expect(all.map((t) => t.label).sort()).toEqual(['Employee', 'Manager']);
  });

  it('refuses a label without name or label (400) and a name or label the pair already has (409)', async () => {
    expect((await apiError(labels().create('contacts', 'companies', { name: '', label: 'No name' }))).code).toBe(400);
    expect((await apiError(labels().create('contacts', 'companies', { name: 'no_label' } as never))).code).toBe(400);
    const dupName = await apiError(labels().create('contacts', 'companies', { name: 'billing_contact', label: 'Other' }));
    expect([dupName.code, dupName.body.category]).toEqual([409, 'CONFLICT']);
    expect((await apiError(labels().create('contacts', 'companies', { name: 'other', label: 'Billing contact' }))).code).toBe(409);
  });

  it('associates with the label (PUT 201), reads it back with category and label from both sides, and the unlabelled type comes with it', async () => {
    const res = await sdk.crm.associations.v4.basicApi.create('contacts', contactId, 'companies', companyId, [{ associationCategory: userDefined, associationTypeId: billing }]);
    expect(res.labels).toEqual(['Billing contact']);
    const page = await sdk.crm.associations.v4.basicApi.getPage('contacts', contactId, 'companies');
    expect(page.results[0]?.associationTypes.map((t) => [t.category, t.typeId, t.label ?? null])).toEqual([
      ['HUBSPOT_DEFINED', 279, null],
      ['USER_DEFINED', billing, 'Billing contact'],
    ]);
    const back = await sdk.crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs: [{ id: companyId }] });
    expect(back.results[0]?.to[0]?.associationTypes.find((t) => t.typeId === billingBack)).toMatchObject({ category: 'USER_DEFINED', label: 'Billing contact' });
  });

  it('uses labels in batch create (201) and batch labels/archive (204), and in a record created with inline associations', async () => {
    const deals = await labels().create('deals', 'companies', { name: 'reseller', label: 'Reseller' });
    const reseller = deals.results[0]?.typeId ?? 0;
    const batch = await sdk.crm.associations.v4.batchApi.create('deals', 'companies', { inputs: [{ _from: { id: dealId }, to: { id: companyId }, types: [{ associationCategory: userDefined, associationTypeId: reseller }] }] });
    expect(batch.results[0]?.labels).toEqual(['Reseller']);
    const read = await sdk.crm.associations.v4.batchApi.getPage('deals', 'companies', { inputs: [{ id: dealId }] });
    expect(read.results[0]?.to[0]?.associationTypes.map((t) => t.typeId)).toEqual([341, reseller]);
    await sdk.crm.associations.v4.batchApi.archiveLabels('deals', 'companies', { inputs: [{ _from: { id: dealId }, to: { id: companyId }, types: [{ associationCategory: userDefined, associationTypeId: reseller }] }] });
    expect((await sdk.crm.associations.v4.basicApi.getPage('deals', dealId, 'companies')).results[0]?.associationTypes.map((t) => t.typeId)).toEqual([341]);
    const inline = await sdk.crm.deals.basicApi.create({ properties: { dealname: 'Via reseller' }, associations: [{ to: { id: companyId }, types: [{ associationCategory: userDefined, associationTypeId: reseller }] }] });
    expect((await sdk.crm.associations.v4.basicApi.getPage('deals', inline.id, 'companies')).results[0]?.associationTypes.map((t) => t.label ?? null)).toEqual([null, 'Reseller']);
  });

  it('refuses a type the pair does not have and a category that is not the type’s (400)', async () => {
    const unknown = await apiError(sdk.crm.associations.v4.basicApi.create('contacts', contactId, 'companies', companyId, [{ associationCategory: userDefined, associationTypeId: 987654 }]));
    expect([unknown.code, unknown.body.category]).toEqual([400, 'VALIDATION_ERROR']);
    const otherDirection = await apiError(sdk.crm.associations.v4.basicApi.create('contacts', contactId, 'companies', companyId, [{ associationCategory: userDefined, associationTypeId: billingBack }]));
    expect(otherDirection.code).toBe(400);
    const wrongCategory = await apiError(sdk.crm.associations.v4.basicApi.create('contacts', contactId, 'companies', companyId, [{ associationCategory: hubspotDefined, associationTypeId: billing }]));
    expect([wrongCategory.code, wrongCategory.body.category]).toEqual([400, 'VALIDATION_ERROR']);
    expect(wrongCategory.body.message).toContain('USER_DEFINED');
    const builtinAsUser = await apiError(sdk.crm.associations.v4.batchApi.create('contacts', 'companies', { inputs: [{ _from: { id: contactId }, to: { id: companyId }, types: [{ associationCategory: userDefined, associationTypeId: 1 }] }] }));
    expect(builtinAsUser.code).toBe(400);
  });

  it('renames a label (204): reads show the new text; HubSpot-defined types and unknown ids cannot be changed', async () => {
    await labels().update('contacts', 'companies', { associationTypeId: billing, label: 'Billing' });
    const page = await sdk.crm.associations.v4.basicApi.getPage('contacts', contactId, 'companies');
    expect(page.results[0]?.associationTypes.find((t) => t.typeId === billing)?.label).toBe('Billing');
    expect((await labels().getAll('companies', 'contacts')).results.find((t) => t.typeId === billingBack)?.label).toBe('Billing');
    const builtin = await apiError(labels().update('contacts', 'companies', { associationTypeId: 1, label: 'Main' }));
    expect([builtin.code, builtin.body.category]).toEqual([400, 'VALIDATION_ERROR']);
    expect((await apiError(labels().update('contacts', 'companies', { associationTypeId: 987654, label: 'x' }))).code).toBe(404);
    expect((await apiError(labels().update('contacts', 'companies', { associationTypeId: billing, label: '' }))).code).toBe(400);
  });

  it('refuses to delete a label still in use (400), deletes it once unused (204), after which the type is unknown', async () => {
    const inUse = await apiError(labels().remove('contacts', 'companies', billing));
    expect([inUse.code, inUse.body.category]).toEqual([400, 'VALIDATION_ERROR']);
    expect(inUse.body.message).toContain('1 association');
    expect((await apiError(labels().remove('contacts', 'companies', 1))).code).toBe(400);
    await sdk.crm.associations.v4.batchApi.archiveLabels('contacts', 'companies', { inputs: [{ _from: { id: contactId }, to: { id: companyId }, types: [{ associationCategory: userDefined, associationTypeId: billing }] }] });
    await labels().remove('contacts', 'companies', billing);
    expect((await labels().getAll('contacts', 'companies')).results.some((t) => t.typeId === billing)).toBe(false);
    expect((await labels().getAll('companies', 'contacts')).results.some((t) => t.typeId === billingBack)).toBe(false);
    expect((await apiError(sdk.crm.associations.v4.basicApi.create('contacts', contactId, 'companies', companyId, [{ associationCategory: userDefined, associationTypeId: billing }]))).code).toBe(400);
    expect((await apiError(labels().remove('contacts', 'companies', billing))).code).toBe(404);
  });

  it('with associationLabelDeleteInUse=unlabel, deleting a used label takes it off its associations and keeps them', async () => {
    await setSwitches({ associationLabelDeleteInUse: 'unlabel' });
    const created = await labels().create('contacts', 'companies', { name: 'shipping_contact', label: 'Shipping contact' });
    const shipping = created.results[0]?.typeId ?? 0;
    await sdk.crm.associations.v4.basicApi.create('contacts', contactId, 'companies', companyId, [{ associationCategory: userDefined, associationTypeId: shipping }]);
    await labels().remove('contacts', 'companies', shipping);
    const page = await sdk.crm.associations.v4.basicApi.getPage('contacts', contactId, 'companies');
    expect(page.results[0]?.associationTypes.map((t) => t.typeId)).toEqual([279]);
  });

  it('with associationLabelCreateResults=forward, a created label answers only its from→to type (the reverse is still listed from the other side)', async () => {
    await setSwitches({ associationLabelCreateResults: 'forward' });
    const created = await labels().create('line_items', 'deals', { name: 'bundle', label: 'Bundle item' });
    expect(created.results).toHaveLength(1);
    const typeId = created.results[0]?.typeId;
    expect((await labels().getAll('line_items', 'deals')).results.some((t) => t.typeId === typeId)).toBe(true);
    expect((await labels().getAll('deals', 'line_items')).results.filter((t) => t.label === 'Bundle item')).toHaveLength(1);
    const paired = await labels().create('companies', 'companies', { name: 'partner', label: 'Partner', inverseLabel: 'Partner of' });
    expect(paired.results.map((r) => r.label)).toEqual(['Partner', 'Partner of']);
  });

  it('caps custom labels per object pair (associationLabelCap) with a 400', async () => {
    await setSwitches({ associationLabelCap: 1 });
    await labels().create('deals', 'contacts', { name: 'signer', label: 'Signer' });
    const over = await apiError(labels().create('deals', 'contacts', { name: 'approver', label: 'Approver' }));
    expect([over.code, over.body.category]).toEqual([400, 'VALIDATION_ERROR']);
  });
});
