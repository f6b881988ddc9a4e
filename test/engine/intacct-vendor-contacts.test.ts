// HubSpot contacts of companies marked as Intacct vendors ↔ Intacct CONTACT records: over the
// Intacct and HubSpot sandboxes, the real service and engine. The contacts of a marked company become
// contacts keyed HS-C-<HubSpot id>, a new one becomes the vendor's contact (CONTACTINFO); contacts of
// other companies are left alone (and not audited one by one); nothing echoes either way; a contact
// edited in both systems ends, in both, with each field's owner's value (HubSpot: name and e-mail;
// Intacct: phone, carried back by "Contact edits → Contacts"); contacts read before their company was
// marked follow its vendor in the same run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf } from '../support/sandboxes.ts';
import { until } from '../support/until.ts';

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
    // Created once, from the contacts queued when her company's vendor was created; the contacts flow's
    // own read of her in the same run then finds her unchanged.
    expect(events.map((e) => [e.action, e.sourceId])).toEqual([['unchanged', ann], ['created', ann]]);

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
    const contactsBefore = (await hub.records('contacts')).length;
    await intacct('edit', { object: 'CONTACT', key: `HS-C-${dee}`, changes: { FIRSTNAME: 'Deirdre (AP)', PHONE1: '555-7777 remit', EMAIL1: 'old@bothways.example' } });
    await hub.edit('contacts', dee, { firstname: 'Deirdre', phone: '555-9999', email: 'deirdre@bothways.example' });
    // A dry run of the edits flow compares with HubSpot's live contact (read by its id): an update of the phone.
    const dry = await env.service.impl['runs:dryRun']({ flowId: flowOf('contact-edits').id, limit: 100, full: false });
    expect(dry.items.find((i) => i.sourceId === dee)).toMatchObject({ action: 'update', destId: dee, changes: [expect.objectContaining({ field: 'phone' })] });
    const runs = await sync();
    expect(runs.find((r) => r.flowId === flowOf('new-vendor-contacts').id)?.counts.updated).toBe(1);
    expect(runs.find((r) => r.flowId === flowOf('contact-edits').id)?.counts).toMatchObject({ updated: 1, created: 0, failed: 0 });

    // Both systems end with the owner's value of each field: HubSpot's name and e-mail, Intacct's phone.
    const owners = { firstname: 'Deirdre', email: 'deirdre@bothways.example', phone: '555-7777 remit' };
    expect(await intacct('record', { object: 'CONTACT', key: `HS-C-${dee}` })).toMatchObject({ FIRSTNAME: owners.firstname, EMAIL1: owners.email, PHONE1: owners.phone });
    expect((await hub.record('contacts', dee)).properties).toMatchObject(owners);
    // The same HubSpot contact, updated by its id: no twin.
    expect((await hub.records('contacts')).length).toBe(contactsBefore);

    // A third sync writes nothing either way: neither our Intacct write nor our HubSpot write comes back.
    const again = await sync();
    for (const r of again) expect(r.counts.created + r.counts.updated + r.counts.failed, JSON.stringify(r)).toBe(0);

    // An Intacct edit of a field HubSpot owns alone stays in Intacct (the next HubSpot edit of it wins there).
    await intacct('edit', { object: 'CONTACT', key: `HS-C-${dee}`, changes: { LASTNAME: 'Park-AP' } });
    const quiet = await sync();
    for (const r of quiet) expect(r.counts.created + r.counts.updated + r.counts.failed, JSON.stringify(r)).toBe(0);
    expect((await hub.record('contacts', dee)).properties).toMatchObject({ lastname: 'Park' });

    // Reconciling the edits flow repairs nothing and flags no HubSpot contact for deletion: every other
    // contact of the portal (it addresses contacts by their own id) is simply not one of its records.
    const report = await env.service.impl['runs:reconcile']({ flowId: flowOf('contact-edits').id });
    expect(report).toMatchObject({ repaired: 0, flaggedDeletions: 0, extra: 0 });

    // A HubSpot edit of the phone alone (Intacct's field) is not sent to Intacct; reconciling the edits
    // flow puts Intacct's number back on the HubSpot contact.
    await hub.edit('contacts', dee, { phone: '555-1111 typo' });
    for (const r of await sync()) expect(r.counts.created + r.counts.updated + r.counts.failed, JSON.stringify(r)).toBe(0);
    expect(await intacct('record', { object: 'CONTACT', key: `HS-C-${dee}` })).toMatchObject({ PHONE1: owners.phone });
    expect(await env.service.impl['runs:reconcile']({ flowId: flowOf('contact-edits').id })).toMatchObject({ repaired: 1, flaggedDeletions: 0 });
    expect((await hub.record('contacts', dee)).properties).toMatchObject({ phone: owners.phone });
  });

  it('contacts read before their company was marked as a vendor follow it: queued when the vendor is created, written by the next contacts run', async () => {
    const later = await company({ name: 'Marked Later Ltd' });
    const eve = await contactOf(later, { firstname: 'Eve', lastname: 'Moss', email: 'eve@later.example', phone: '555-0202' });
    const fay = await contactOf(later, { firstname: 'Fay', lastname: 'Nash', email: 'fay@later.example' });
    await sync();
    expect(await intacct('record', { object: 'CONTACT', key: `HS-C-${eve}` })).toBeNull();

    // Time passes: the contacts flow's cursor is past both contacts, which nobody touches again.
    const contactsFlow = flowOf('new-vendor-contacts');
    env.service.ctx.store.watermarks.set(contactsFlow.id, contactsFlow.sourceEntity, { value: new Date(Date.now() + 5_000).toISOString(), resume: null, windowSince: null });

    // The company is marked; its flow alone runs (as a HubSpot webhook runs it) and creates the vendor.
    await hubspotAdmin(hubspotSandboxOf(env).url).edit('companies', later, { ml_intacct_vendor: 'true' });
    const [vendorRun] = await env.service.engine.runNow([flowOf('new-vendors').id]);
    expect(vendorRun?.counts.created).toBe(1);
    expect(await intacct('record', { object: 'CONTACT', key: `HS-C-${eve}` })).toBeNull();

    // The contacts flow's next run writes both, counted and audited on its own run.
    const [contactsRun] = await env.service.engine.runNow([contactsFlow.id]);
    expect(contactsRun?.counts).toMatchObject({ created: 2, failed: 0, waiting: 0 });
    expect(await intacct('record', { object: 'CONTACT', key: `HS-C-${eve}` })).toMatchObject({ FIRSTNAME: 'Eve', LASTNAME: 'Moss', PHONE1: '555-0202' });
    expect(await intacct('record', { object: 'CONTACT', key: `HS-C-${fay}` })).toMatchObject({ FIRSTNAME: 'Fay', EMAIL1: 'fay@later.example' });
    expect((await intacct('record', { object: 'VENDOR', key: `HS-${later}` }))?.['CONTACTINFO.CONTACTNAME']).toMatch(new RegExp(`^HS-C-(${eve}|${fay})$`));
    const { events } = await env.service.impl['audit:query']({ flowId: contactsFlow.id, limit: 100 });
    expect(events.filter((e) => [eve, fay].includes(e.sourceId)).map((e) => [e.action, e.runId])).toEqual([
      ['created', contactsRun!.id],
      ['created', contactsRun!.id],
    ]);

    // The next full sync only links the new vendor back to its company (the vendors flow had not run);
    // the one after writes nothing.
    const next = await sync();
    const written = next.filter((r) => r.counts.created + r.counts.updated + r.counts.failed > 0);
    expect(written.map((r) => [env.flows.find((f) => f.id === r.flowId)?.template, r.counts.updated])).toEqual([['intacct-hubspot/vendors', 1]]);
    const again = await sync();
    for (const r of again) expect(r.counts.created + r.counts.updated + r.counts.failed, JSON.stringify(r)).toBe(0);
  });

  it('after a webhook run creates the vendor, the contacts flow runs at once for the contacts it left behind', async () => {
    const marked = await company({ name: 'Webhook Later Ltd' });
    const gus = await contactOf(marked, { firstname: 'Gus', lastname: 'Hale', email: 'gus@webhook-later.example' });
    await sync();
    const contactsFlow = flowOf('new-vendor-contacts');
    env.service.ctx.store.watermarks.set(contactsFlow.id, contactsFlow.sourceEntity, { value: new Date(Date.now() + 5_000).toISOString(), resume: null, windowSince: null });

    await hubspotAdmin(hubspotSandboxOf(env).url).edit('companies', marked, { ml_intacct_vendor: 'true' });
    const [vendorRun] = await env.service.engine.runNow([flowOf('new-vendors').id], { trigger: 'webhook' });
    expect(vendorRun?.counts.created).toBe(1);

    // Nobody starts the contacts flow: the engine queues it because the webhook run parked Gus for it.
    const contactsRun = await until('the contacts flow’s run after the webhook run', async () =>
      (await env.service.impl['runs:list']({ limit: 50 })).find((r) => r.flowId === contactsFlow.id && r.trigger === 'webhook' && r.status === 'succeeded'),
    );
    expect(contactsRun.counts).toMatchObject({ created: 1, failed: 0 });
    expect(await intacct('record', { object: 'CONTACT', key: `HS-C-${gus}` })).toMatchObject({ FIRSTNAME: 'Gus', LASTNAME: 'Hale' });
  });
});
