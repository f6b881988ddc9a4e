// Sage Intacct ↔ HubSpot end to end: the Intacct and HubSpot sandboxes over sockets, a real SQLite data
// folder, the real service and engine. Expected HubSpot state is computed from the Intacct sandbox's own
// data with plain code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf } from '../support/sandboxes.ts';

type Row = Record<string, unknown>;

describe('Sage Intacct ↔ HubSpot end to end', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let hub: ReturnType<typeof hubspotAdmin>;
  const intacct = async <T = Row[]>(route: string, body: unknown) =>
    (await fetch(`${String(env.sandboxes.intacct!.line.admin)}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<T>;

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
    expect(intacctFlows.map((f) => f.template).sort()).toEqual(['intacct-hubspot/bills', 'intacct-hubspot/contacts', 'intacct-hubspot/vendor-edits', 'intacct-hubspot/vendors']);
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
});
