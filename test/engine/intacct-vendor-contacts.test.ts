// HubSpot contacts of companies marked as Intacct vendors → Intacct CONTACT records (issue 15): over the
// Intacct and HubSpot sandboxes, the real service and engine. The contacts of a marked company become
// contacts keyed HS-C-<HubSpot id>, a new one becomes the vendor's contact (CONTACTINFO); contacts of
// other companies are left alone (and not audited one by one); nothing echoes back to HubSpot; a contact
// edited in both systems ends with each field's owner's value (HubSpot: name and e-mail; Intacct: phone).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf } from '../support/sandboxes.ts';

type Row = Record<string, unknown>;

describe('Sage Intacct ↔ HubSpot: contacts of vendor companies', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  const intacct = async (route: string, body: unknown): Promise<Row | null> => {
    const res = await fetch(`${String(env.sandboxes.intacct!.line.admin)}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return res.status === 404 ? null : ((await res.json()) as Row);
  };
  const crm = async (path: string, body: unknown): Promise<string> => {
    const { url, token } = hubspotSandboxOf(env);
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const company = (properties: Record<string, string>) => crm('/crm/v3/objects/companies', { properties });
  /** A contact a salesperson adds to a company (primary association, as the HubSpot UI makes it). */
  const contactOf = (companyId: string, properties: Record<string, string>) =>
    crm('/crm/v3/objects/contacts', { properties, associations: [{ to: { id: companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }] }] });
  const sync = () => env.service.engine.runNow(env.flows.filter((f) => f.template?.startsWith('intacct-hubspot')).map((f) => f.id));
  const flowOf = (key: string) => env.flows.find((f) => f.template === `intacct-hubspot/${key}`)!;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['intacct', 'hubspot'], dataDir: tmp.dir, intacct: { records: 6, seed: 11 } });
    await sync();
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('creates the contacts of a marked company as Intacct contacts, the first as the vendor contact; others are left alone; nothing echoes', async () => {
    const hub = hubspotAdmin(hubspotSandboxOf(env).url);
    const marked = await company({ name: 'Fjord Timber AS', city: 'Bergen', ml_intacct_vendor: 'true' });
    const ann = await contactOf(marked, { firstname: 'Ann', lastname: 'Lee <AP>', email: 'Ann.Lee@fjord.example', phone: '+47 555 0100' });
    const unmarked = await company({ name: 'Only a prospect' });
    const bob = await contactOf(unmarked, { firstname: 'Bob', lastname: 'Stone', email: 'bob@prospect.example' });
    const contactsBefore = (await hub.records('contacts')).length;

    const runs = await sync();
    expect(runs.filter((r) => r.status !== 'succeeded' || r.counts.failed + r.counts.waiting > 0)).toEqual([]);

    const created = await intacct('record', { object: 'CONTACT', key: `HS-C-${ann}` });
    expect(created).toMatchObject({ CONTACTNAME: `HS-C-${ann}`, PRINTAS: 'Ann Lee <AP>', FIRSTNAME: 'Ann', LASTNAME: 'Lee <AP>', EMAIL1: 'ann.lee@fjord.example', PHONE1: '+47 555 0100' });
    const vendor = await intacct('record', { object: 'VENDOR', key: `HS-${marked}` });
    expect(vendor?.['CONTACTINFO.CONTACTNAME']).toBe(`HS-C-${ann}`);
    expect(await intacct('record', { object: 'CONTACT', key: `HS-C-${bob}` })).toBeNull();

    // No contact came back to HubSpot as a new one, and Bob's skip is a count, not an audit row.
    expect((await hub.records('contacts')).length).toBe(contactsBefore);
    const flow = flowOf('new-vendor-contacts');
    const run = runs.find((r) => r.flowId === flow.id)!;
    expect(run.counts).toMatchObject({ created: 1, skipped: expect.any(Number) });
    expect(run.counts.skipped).toBeGreaterThanOrEqual(1);
    const { events } = await env.service.impl['audit:query']({ flowId: flow.id, limit: 100 });
    expect(events.map((e) => [e.action, e.sourceId])).toEqual([['created', ann]]);

    // A second contact of the same vendor is created too; the vendor keeps its first contact.
    const cid = await contactOf(marked, { firstname: 'Cid', lastname: 'Berg', email: 'cid@fjord.example' });
    await sync();
    expect(await intacct('record', { object: 'CONTACT', key: `HS-C-${cid}` })).toMatchObject({ FIRSTNAME: 'Cid', LASTNAME: 'Berg' });
    expect((await intacct('record', { object: 'VENDOR', key: `HS-${marked}` }))?.['CONTACTINFO.CONTACTNAME']).toBe(`HS-C-${ann}`);

    const again = await sync();
    for (const r of again) expect(r.counts.created + r.counts.updated + r.counts.failed, JSON.stringify(r)).toBe(0);
  });

  it('a contact edited in both systems ends with each field owner’s value: HubSpot’s name and e-mail, Intacct’s phone', async () => {
    const hub = hubspotAdmin(hubspotSandboxOf(env).url);
    const marked = await company({ name: 'Both Ways Supply', ml_intacct_vendor: 'true' });
    const dee = await contactOf(marked, { firstname: 'Dee', lastname: 'Park', email: 'dee@bothways.example', phone: '555-0001' });
    await sync();
    expect(await intacct('record', { object: 'CONTACT', key: `HS-C-${dee}` })).toMatchObject({ FIRSTNAME: 'Dee', PHONE1: '555-0001' });

    // The AP clerk edits the contact in Intacct; a salesperson edits the same fields in HubSpot.
    await intacct('edit', { object: 'CONTACT', key: `HS-C-${dee}`, changes: { FIRSTNAME: 'Deirdre (AP)', PHONE1: '555-7777 remit', EMAIL1: 'old@bothways.example' } });
    await hub.edit('contacts', dee, { firstname: 'Deirdre', phone: '555-9999', email: 'deirdre@bothways.example' });
    const runs = await sync();
    const flow = flowOf('new-vendor-contacts');
    expect(runs.find((r) => r.flowId === flow.id)?.counts.updated).toBe(1);

    expect(await intacct('record', { object: 'CONTACT', key: `HS-C-${dee}` })).toMatchObject({ FIRSTNAME: 'Deirdre', EMAIL1: 'deirdre@bothways.example', PHONE1: '555-7777 remit' });
    // Intacct's edit of a field HubSpot owns does not come back to HubSpot either.
    expect((await hub.record('contacts', dee)).properties).toMatchObject({ firstname: 'Deirdre', email: 'deirdre@bothways.example' });
    const again = await sync();
    for (const r of again) expect(r.counts.created + r.counts.updated + r.counts.failed, JSON.stringify(r)).toBe(0);
  });
});
