// Setting up a second integration of the same kind (a second Sage 300 company into the same HubSpot
// portal) creates flows of its own and never re-points, renames or re-maps the flows of the first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import type { Flow } from '../../preload/contract/index.ts';

describe('a second integration of the same kind', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  const impl = () => env.service.impl;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 10, seed: 3 } });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('gets new flows with names of their own, and the first integration keeps its connections, mappings and pauses', async () => {
    const erp = env.connections.sage300!;
    const crm = env.connections.hubspot!;
    const first = (await impl()['flows:list'](undefined)).filter((f) => f.template?.startsWith('sage300-hubspot/'));
    expect(first.length).toBeGreaterThan(0);
    const customers = first.find((f) => f.template === 'sage300-hubspot/customers')!;
    // The admin's own edits on the first integration: a mapping rule and a pause.
    const edited = { ...customers.mapping, fields: customers.mapping.fields.map((r) => (r.to === 'city' ? { ...r, transform: [{ fn: 'upper' as const }] } : r)) };
    await impl()['flows:update']({ id: customers.id, patch: { mapping: edited } });
    await impl()['flows:setEnabled']({ id: customers.id, enabled: false });
    const before = await impl()['flows:list'](undefined);

    const second = await impl()['connections:create']({ system: 'sage300', name: 'Sage 300 second company', settings: erp.settings, secrets: { password: String(env.sandboxes.sage300!.line['password']) } });
    // Without a key prefix the second company's customer 1200 would be the first's company in HubSpot.
    await expect(impl()['flows:fromTemplate']({ template: 'sage300-hubspot', erpConnectionId: second.id, crmConnectionId: crm.id })).rejects.toMatchObject({ code: 'KEY_PREFIX_NEEDED' });
    const created = await impl()['flows:fromTemplate']({ template: 'sage300-hubspot', erpConnectionId: second.id, crmConnectionId: crm.id, keyPrefix: 'B-' });

    expect(created.map((f) => f.id).filter((id) => first.some((f) => f.id === id))).toEqual([]);
    for (const f of created) {
      expect([f.sourceConnectionId, f.destConnectionId].sort()).toEqual([second.id, crm.id].sort());
      expect(f.name).toMatch(/\(Sage 300 second company\)$/);
    }
    expect(new Set(created.map((f) => f.name)).size).toBe(created.length);
    // Dependencies and associations stay inside the new integration.
    const newIds = new Set(created.map((f) => f.id));
    for (const f of created) for (const d of f.dependsOn) expect(newIds.has(d)).toBe(true);

    const after = await impl()['flows:list'](undefined);
    const unchanged = (f: Flow) => ({ ...f, state: undefined, lastRun: undefined, nextRunAt: undefined });
    for (const f of before) expect(unchanged(after.find((a) => a.id === f.id)!)).toEqual(unchanged(f));
  });

  it('set up again for the same two connections, keeps every flow as the admin left it', async () => {
    const erp = env.connections.sage300!;
    const crm = env.connections.hubspot!;
    const before = await impl()['flows:list'](undefined);
    const again = await impl()['flows:fromTemplate']({ template: 'sage300-hubspot', erpConnectionId: erp.id, crmConnectionId: crm.id });
    const after = await impl()['flows:list'](undefined);
    expect(after.length).toBe(before.length);
    const customers = again.find((f) => f.template === 'sage300-hubspot/customers')!;
    expect(customers.enabled).toBe(false);
    expect(customers.mapping.fields.find((r) => r.to === 'city')!.transform).toEqual([{ fn: 'upper' }]);
  });
});
