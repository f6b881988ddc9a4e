// Chaos for Sage Intacct ↔ HubSpot: the Intacct gateway fails at random — 502/503 pages, 524 after the
// work is done (the answer of a create is lost), connection resets, every session ended mid-run — while
// the template syncs both ways (vendors, contacts, bills with lines to HubSpot; HubSpot companies marked
// as vendors to Intacct). Syncs repeat until one finishes clean; then HubSpot must equal Intacct's data,
// computed here with plain code, and Intacct must hold each provisioned vendor exactly once: nothing
// lost, nothing duplicated. With the faults off, a last sync writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf } from '../support/sandboxes.ts';

type Row = Record<string, string>;
const FAULTS = '502=0.04,503=0.04,524=0.06,reset=0.03,expire=0.03';

describe('Sage Intacct ↔ HubSpot under gateway faults', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  const admin = async <T = Row[]>(route: string, body: unknown = {}) =>
    (await fetch(`${String(env.sandboxes.intacct!.line.admin)}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<T>;

  beforeAll(async () => {
    tmp = makeTempDir('mlc-intacct-chaos-');
    env = await startDemoEnvironment({ systems: ['intacct', 'hubspot'], dataDir: tmp.dir, intacct: { records: 40, seed: 9, faults: FAULTS } });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('converges with nothing lost and nothing duplicated; afterwards a sync writes nothing', async () => {
    const { url, token } = hubspotSandboxOf(env);
    const marked: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${url}/crm/v3/objects/companies`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ properties: { name: `Chaos Supplier ${i} & Co`, city: 'Reno', ml_intacct_vendor: 'true' } }) });
      marked.push(((await res.json()) as { id: string }).id);
    }

    // Besides the random faults, two that surely happen (a handful of gateway calls may draw none):
    // the first request answers 503, and the first create's answer is lost (524 after the work is done).
    await admin('faults', { once: [{ fault: '503' }, { fault: '524', resource: 'create' }] });
    let runs = 0;
    for (; runs < 12; runs++) {
      const done = await env.service.engine.runNow(undefined);
      if (done.every((r) => r.status === 'succeeded' && r.counts.failed === 0 && r.counts.waiting === 0)) break;
    }
    expect(runs).toBeLessThan(12);
    const counters = await (await fetch(`${String(env.sandboxes.intacct!.line.admin)}/requests`)).json() as { byStatus: Record<string, number> };
    expect(counters.byStatus['503'] ?? 0).toBeGreaterThan(0);
    expect(counters.byStatus['524'] ?? 0).toBeGreaterThan(0);

    const vendors = await admin('records', { object: 'VENDOR' });
    const ids = vendors.map((v) => v.VENDORID!);
    expect(ids.length).toBe(new Set(ids).size);
    for (const id of marked) expect(ids.filter((v) => v === `HS-${id}`)).toHaveLength(1);

    const hub = hubspotAdmin(url);
    const companies = (await hub.records('companies')).filter((c) => c.properties.ml_intacct_vendor_id);
    expect(companies.map((c) => c.properties.ml_intacct_vendor_id).sort()).toEqual([...ids].sort());
    const bills = await admin('records', { object: 'APBILL' });
    const invoices = (await hub.records('invoices')).filter((i) => i.properties.ml_intacct_bill_recordno);
    expect(invoices.map((i) => i.properties.ml_intacct_bill_recordno).sort()).toEqual(bills.map((b) => String(b.RECORDNO)).sort());

    await admin('faults', { clear: true, spec: '' });
    const quiet = await env.service.engine.runNow(undefined);
    for (const r of quiet) expect(r.counts.created + r.counts.updated, JSON.stringify(r)).toBe(0);
  }, 170_000);
});
