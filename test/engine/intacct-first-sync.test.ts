// The first sync of Sage Intacct ↔ HubSpot writes each record once: with vendors and bills
// in Intacct and a HubSpot company marked as a vendor (with a contact) before anything ran, one sync
// creates every record and updates only what must change after another flow's write — the marked
// company, which gets its vendor ID, and the new vendor, which gets its new contact — counted both on
// the runs and by the sandboxes' own write counters; a second sync writes nothing either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf } from '../support/sandboxes.ts';

interface GatewayCounters { functions: Record<string, number> }

describe('Sage Intacct ↔ HubSpot: the first sync', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  const admin = (path: string, method = 'GET') => fetch(`${String(env.sandboxes.intacct!.line.admin)}/${path}`, { method }).then((r) => r.json() as Promise<GatewayCounters>);
  const crm = async (path: string, body: unknown): Promise<string> => {
    const { url, token } = hubspotSandboxOf(env);
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const flows = () => env.flows.filter((f) => f.template?.startsWith('intacct-hubspot'));
  const sync = () => env.service.engine.runNow(flows().map((f) => f.id));
  const keyOf = (flowId: string) => flows().find((f) => f.id === flowId)!.template!.split('/')[1]!;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['intacct', 'hubspot'], dataDir: tmp.dir, intacct: { records: 12, seed: 21 } });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('writes each record once; only a linked company and the new vendor are updated after their own flows wrote; a second sync writes nothing', async () => {
    const marked = await crm('/crm/v3/objects/companies', { properties: { name: 'First Sync Freight', phone: '+1 555 0199', ml_intacct_vendor: 'true' } });
    await crm('/crm/v3/objects/contacts', { properties: { firstname: 'Fay', lastname: 'Ng', email: 'fay@firstsync.example' }, associations: [{ to: { id: marked }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }] }] });
    await admin('requests/reset', 'POST');

    const first = await sync();
    expect(first.filter((r) => r.status !== 'succeeded' || r.counts.failed + r.counts.waiting > 0)).toEqual([]);
    const written = Object.fromEntries(first.map((r) => [keyOf(r.flowId), { created: r.counts.created, updated: r.counts.updated }]));
    expect(written).toEqual({
      'new-vendors': { created: 1, updated: 0 },
      'new-vendor-contacts': { created: 1, updated: 0 },
      vendors: { created: 12, updated: 1 }, // the marked company gets its vendor ID (it did not come from us)
      contacts: { created: 12, updated: 0 },
      bills: { created: expect.any(Number), updated: 0 },
      'vendor-edits': { created: 0, updated: 0 },
      'contact-edits': { created: 0, updated: 0 }, // the contact we created in Intacct does not come back
    });
    // Intacct executed two creates (vendor, contact) and one update (the vendor's contact), nothing else.
    const functions = (await admin('requests')).functions;
    expect([functions['create:executed'], functions['update:executed'] ?? 0]).toEqual([2, 1]);
    // HubSpot: every company, contact and line item written once (the marked company: created by the
    // salesperson, updated once by us); invoices twice by HubSpot's rule (created as drafts, then opened).
    const hub = hubspotAdmin(hubspotSandboxOf(env).url);
    for (const type of ['companies', 'contacts', 'line_items']) {
      const records = (await hub.records(type)) as (Awaited<ReturnType<typeof hub.records>>[number] & { createdAt: string; updatedAt: string })[];
      const rewritten = records.filter((r) => r.createdAt !== r.updatedAt && r.id !== marked);
      expect(rewritten.map((r) => r.id), type).toEqual([]);
    }

    await admin('requests/reset', 'POST');
    const second = await sync();
    for (const r of second) expect(r.counts.created + r.counts.updated + r.counts.failed, keyOf(r.flowId)).toBe(0);
    const after = (await admin('requests')).functions;
    expect((after['create:executed'] ?? 0) + (after['update:executed'] ?? 0)).toBe(0);
  });
});
