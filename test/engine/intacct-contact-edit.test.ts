// A vendor's primary contact edited on its own in Intacct (the official SDK's ContactUpdate, as an
// integration or the Intacct UI would) reaches the HubSpot contact at the next sync of "Vendor contacts →
// Contacts", once: whether Intacct then moves the vendor's WHENMODIFIED too is unverified (spec §5.5), so
// both answers of the sandbox's switch contactEditTouchesVendor are run. Over the Intacct and HubSpot
// sandboxes, the real service and engine.
import { Functions } from '@intacct/intacct-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialSdkClient, type Line } from '../../connectors/intacct/test-support.ts';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf } from '../support/sandboxes.ts';

type Row = Record<string, unknown>;

describe('Sage Intacct → HubSpot: a vendor contact edited on its own', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  const line = () => env.sandboxes.intacct!.line as unknown as Line;
  const admin = async <T = Row>(route: string, body: unknown): Promise<T> =>
    (await fetch(`${line().admin}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<T>;
  const intacctFlows = () => env.flows.filter((f) => f.template?.startsWith('intacct-hubspot'));
  const sync = () => env.service.engine.runNow(intacctFlows().map((f) => f.id));
  const contactsFlow = () => env.flows.find((f) => f.template === 'intacct-hubspot/contacts')!;
  /** The HubSpot contact of a vendor's primary contact (keyed by its VENDORID). */
  const hubContactOf = async (vendorId: string) =>
    (await hubspotAdmin(hubspotSandboxOf(env).url).records('contacts')).filter((c) => c.properties.ml_intacct_vendor_contact_key === vendorId);

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['intacct', 'hubspot'], dataDir: tmp.dir, intacct: { records: 8, seed: 21 } });
    await sync();
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it.each([
    ['no', 0],
    ['yes', 1],
  ] as const)('with contactEditTouchesVendor=%s: the e-mail edited by ContactUpdate reaches the HubSpot contact once; the next sync writes nothing', async (touches, index) => {
    await admin('switches', { contactEditTouchesVendor: touches });
    const vendors = await admin<Row[]>('records', { object: 'VENDOR' });
    const vendor = vendors.filter((v) => v['DISPLAYCONTACT.EMAIL1'])[index]!;
    const vendorId = String(vendor.VENDORID);
    const contactName = String(vendor['DISPLAYCONTACT.CONTACTNAME']);
    const [before] = await hubContactOf(vendorId);
    expect(before?.properties.email).toBe(String(vendor['DISPLAYCONTACT.EMAIL1']).toLowerCase());
    const vendorStamp = (await admin<Row>('record', { object: 'VENDOR', key: vendorId })).WHENMODIFIED;

    const email = `ap-${touches}@edited.example`;
    const update = new Functions.Company.ContactUpdate('edit-email');
    update.contactName = contactName;
    update.primaryEmailAddress = email;
    expect((await officialSdkClient(line()).execute(update)).getResult().status).toBe('success');
    // The switch decides whether the vendor's own WHENMODIFIED moved.
    const vendorAfter = await admin<Row>('record', { object: 'VENDOR', key: vendorId });
    if (touches === 'no') expect(vendorAfter.WHENMODIFIED).toBe(vendorStamp);
    else expect(vendorAfter.WHENMODIFIED).not.toBe(vendorStamp);

    const runs = await sync();
    expect(runs.filter((r) => r.status !== 'succeeded' || r.counts.failed > 0)).toEqual([]);
    expect(runs.find((r) => r.flowId === contactsFlow().id)?.counts).toMatchObject({ created: 0, updated: 1, failed: 0 });
    const after = await hubContactOf(vendorId);
    expect(after.map((c) => [c.id, c.properties.email])).toEqual([[before!.id, email]]);

    const again = await sync();
    for (const r of again) expect(r.counts.created + r.counts.updated + r.counts.failed, JSON.stringify(r)).toBe(0);
    // Written once for this edit, by the sync after it.
    const { events } = await env.service.impl['audit:query']({ flowId: contactsFlow().id, limit: 500 });
    const runOf = runs.find((r) => r.flowId === contactsFlow().id)!.id;
    expect(events.filter((e) => e.sourceId === vendorId && e.action === 'updated').map((e) => e.runId)).toEqual([runOf]);
  });
});
