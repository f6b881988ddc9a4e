// Sage Intacct ↔ HubSpot end to end: the Intacct and HubSpot sandboxes over sockets, a real SQLite data
// folder, the real service and engine. Expected HubSpot state is computed from the Intacct sandbox's own
// data with plain code; Intacct is read back through its admin API and written through its XML gateway,
// as an Intacct user would.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureV3 } from '../../connectors/hubspot/webhooks.ts';
import { connectDemoWebhooks, startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { startHttpServer, type RunningHttpServer } from '../../main/http/server.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf } from '../support/sandboxes.ts';
import { until } from '../support/until.ts';

type Row = Record<string, unknown>;

describe('Sage Intacct ↔ HubSpot end to end', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let hub: ReturnType<typeof hubspotAdmin>;
  const intacct = async <T = Row[]>(route: string, body: unknown) =>
    (await fetch(`${String(env.sandboxes.intacct!.line.admin)}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<T>;
  /** An Intacct vendor as the admin API shows it, or null. */
  const vendor = async (id: string): Promise<Row | null> => {
    const res = await fetch(`${String(env.sandboxes.intacct!.line.admin)}/record`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ object: 'VENDOR', key: id }) });
    return res.status === 404 ? null : ((await res.json()) as Row);
  };
  /** One function through the gateway with the sandbox's sender and user (an Intacct user's own write). */
  const gateway = async (fn: string): Promise<string> => {
    const l = env.sandboxes.intacct!.line as Record<string, string>;
    const body = `<?xml version="1.0" encoding="UTF-8"?><request><control><senderid>${l.senderId}</senderid><password>${l.senderPassword}</password><controlid>t</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control><operation><authentication><login><userid>${l.userId}</userid><companyid>${l.companyId}</companyid><password>${l.userPassword}</password></login></authentication><content><function controlid="f">${fn}</function></content></operation></request>`;
    const text = await (await fetch(l.url!, { method: 'POST', headers: { 'content-type': 'application/xml' }, body })).text();
    expect(text).toMatch(/<result><status>success<\/status>/);
    return text;
  };
  /** A company created in HubSpot by a salesperson (through the CRM API, so HubSpot sends its webhooks). */
  const createCompany = async (properties: Record<string, string>): Promise<string> => {
    const { url, token } = hubspotSandboxOf(env);
    const res = await fetch(`${url}/crm/v3/objects/companies`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ properties }) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ dataDir: tmp.dir, sage300: { records: 5 }, intacct: { records: 25, seed: 4 } });
    hub = hubspotAdmin(hubspotSandboxOf(env).url);
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('vendors, their contacts and AP bills with lines arrive in HubSpot; a second sync writes nothing', async () => {
    const intacctFlows = env.flows.filter((f) => f.template?.startsWith('intacct-hubspot'));
    expect(intacctFlows.map((f) => f.template).sort()).toEqual(['intacct-hubspot/bills', 'intacct-hubspot/contact-edits', 'intacct-hubspot/contacts', 'intacct-hubspot/new-vendor-contacts', 'intacct-hubspot/new-vendors', 'intacct-hubspot/vendor-edits', 'intacct-hubspot/vendors']);
    const runs = await env.service.engine.runNow(undefined);
    const mine = runs.filter((r) => intacctFlows.some((f) => f.id === r.flowId));
    expect(mine.map((r) => [r.status, r.error?.message])).not.toContainEqual(expect.arrayContaining(['failed']));

    const vendors = await intacct<Row[]>('records', { object: 'VENDOR' });
    const companies = (await hub.records('companies')).filter((c) => c.properties.ml_intacct_vendor_id);
    expect(companies).toHaveLength(vendors.length);
    const bills = await intacct<Row[]>('records', { object: 'APBILL' });
    const invoices = (await hub.records('invoices')).filter((i) => i.properties.ml_intacct_bill_recordno);
    expect(invoices).toHaveLength(bills.length);

    const again = await env.service.engine.runNow(undefined);
    const mineAgain = again.filter((r) => intacctFlows.some((f) => f.id === r.flowId));
    for (const r of mineAgain) expect(r.counts.created + r.counts.updated, JSON.stringify(r)).toBe(0);
  });

  it('a HubSpot company marked as an Intacct vendor becomes one vendor, linked back to the same company; unmarked and Intacct-born companies are left alone', async () => {
    const before = (await hub.records('companies')).length;
    const marked = await createCompany({ name: 'Harbor & Sons <Supplies>', phone: '+1 555 0142', city: 'Tacoma', state: 'WA', address: '12 Pier Rd', ml_intacct_vendor: 'true' });
    const unmarked = await createCompany({ name: 'Just a prospect', city: 'Boise' });
    // A company that came from Intacct, ticked by mistake: it already is a vendor.
    const fromIntacct = (await hub.records('companies')).find((c) => c.properties.ml_intacct_vendor_id)!;
    await hub.edit('companies', fromIntacct.id, { ml_intacct_vendor: 'true' });

    const runs = await env.service.engine.runNow(undefined);
    const failed = runs.filter((r) => r.status === 'failed' || r.counts.failed > 0);
    const failures = await env.service.impl['audit:query']({ actions: ['failed'], limit: 20 } as never);
    expect(failed.map((r) => env.flows.find((f) => f.id === r.flowId)?.name), JSON.stringify(failures).slice(0, 2000)).toEqual([]);

    const created = await vendor(`HS-${marked}`);
    expect(created).toMatchObject({ VENDORID: `HS-${marked}`, NAME: 'Harbor & Sons <Supplies>', STATUS: 'active' });
    expect(JSON.stringify(created)).toContain('Tacoma');
    expect(await vendor(`HS-${unmarked}`)).toBeNull();
    expect(await vendor(`HS-${fromIntacct.id}`)).toBeNull();

    // The vendors flow read the new vendor back and linked it to the company it came from: no twin.
    const company = await hub.record('companies', marked);
    expect(company.properties.ml_intacct_vendor_id).toBe(`HS-${marked}`);
    expect((await hub.records('companies')).length).toBe(before + 2);

    // A bill entered in Intacct for the new vendor lands on that company.
    await gateway(`<create><APBILL><VENDORID>HS-${marked}</VENDORID><WHENCREATED>12/01/2026</WHENCREATED><RECORDID>HS-BILL-1</RECORDID><APBILLITEMS><APBILLITEM><ACCOUNTNO>6000</ACCOUNTNO><TRX_AMOUNT>410.50</TRX_AMOUNT><ENTRYDESCRIPTION>Pier rope</ENTRYDESCRIPTION></APBILLITEM></APBILLITEMS></APBILL></create>`);
    await env.service.engine.runNow(undefined);
    const invoice = (await hub.records('invoices')).find((i) => i.properties.ml_intacct_bill_number === 'HS-BILL-1');
    expect(invoice?.associations.companies?.map((c) => c.id)).toEqual([marked]);

    const again = await env.service.engine.runNow(undefined);
    for (const r of again.filter((x) => env.flows.some((f) => f.id === x.flowId && f.template?.startsWith('intacct-hubspot')))) expect(r.counts.created + r.counts.updated, JSON.stringify(r)).toBe(0);
  });

  it('HubSpot webhooks run the vendor flow at once; a forged delivery is refused and logged', async () => {
    const http: RunningHttpServer = await startHttpServer(env.service, { rendererDir: join(tmp.dir, 'no-ui'), webhooks: env.service.webhooks });
    try {
      await connectDemoWebhooks(env, http.port);
      const id = await createCompany({ name: 'Webhook Timber Ltd', city: 'Olympia', ml_intacct_vendor: 'true' });
      await until('the vendor in Intacct', () => vendor(`HS-${id}`));
      // The vendor exists as soon as the gateway answers; the run's counts are saved when it finishes.
      await until('a finished webhook run that created it', async () => {
        const runs = await env.service.impl['runs:list']({ limit: 100 });
        return runs.some((r) => r.trigger === 'webhook' && r.status === 'succeeded' && r.counts.created >= 1);
      });

      const hookUrl = `http://127.0.0.1:${http.port}/webhooks/hubspot/${env.crm.id}`;
      const body = JSON.stringify([{ eventId: 9, portalId: 1, occurredAt: Date.now(), subscriptionType: 'company.creation', attemptNumber: 0, objectId: 1 }]);
      const forged = signatureV3({ clientSecret: 'not-the-secret', method: 'POST', url: hookUrl, body, timestamp: Date.now() });
      const res = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'X-HubSpot-Signature-v3': forged, 'X-HubSpot-Request-Timestamp': String(Date.now()) }, body });
      expect(res.status).toBe(401);
    } finally {
      await http.close();
    }
  });
});
