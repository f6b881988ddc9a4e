// Dry run over real sockets: Sage 300 customers → HubSpot companies. A dry run reads
// and compares like a run and writes nothing to either system (the sandboxes' write counters stay 0),
// nor to our store (no run, no audit event, no watermark); its report says what a run would do.
import { describe, expect, it } from 'vitest';
import { hubspotAdmin, hubspotSandboxOf, sageApi, sageWriteRequests, writeRequests, type SageLine } from '../support/sandboxes.ts';
import { withDemo } from '../support/demo.ts';

describe('dry run', () => {
  const demo = withDemo({ systems: ['sage300', 'hubspot'], sage300: { records: 15, seed: 5 } });

  it('says what a run would do and writes nothing anywhere', async () => {
    const flow = demo.env.flows.find((f) => f.template === 'sage300-hubspot/customers')!;
    const sage = sageApi(demo.env.sandboxes.sage300!.line as unknown as SageLine);
    const hub = hubspotAdmin(hubspotSandboxOf(demo.env).url);
    const customers = await sage.all<{ CustomerNumber: string }>('AR/ARCustomers?$select=CustomerNumber');
    await hub.resetCounters();
    const sageBefore = sageWriteRequests(await sage.requests());
    const runsBefore = (await demo.env.service.impl['runs:list']({ flowId: flow.id, limit: 100 })).length;

    const first = await demo.env.service.impl['runs:dryRun']({ flowId: flow.id, limit: 1000, full: false });
    expect(first.counts.read).toBe(customers.length);
    expect(first.counts.create).toBe(customers.length - first.counts.fail - first.counts.skip);
    expect(first.counts.update + first.counts.unchanged).toBe(0);
    expect(first.items.filter((i) => i.action === 'create').every((i) => i.properties !== null && i.destId === null)).toBe(true);
    expect(writeRequests((await hub.counters()).byEndpoint)).toBe(0);
    expect(sageWriteRequests(await sage.requests())).toBe(sageBefore);
    expect(await hub.records('companies')).toHaveLength(0);
    expect((await demo.env.service.impl['runs:list']({ flowId: flow.id, limit: 100 })).length).toBe(runsBefore);
    expect((await demo.env.service.impl['audit:query']({ flowId: flow.id, limit: 1 })).events).toHaveLength(0);

    // After a real run, an edit in Sage 300 shows as the one update, field by field; the rest is unchanged.
    await demo.env.service.engine.runNow([flow.id], { full: true });
    const [customer] = customers;
    await sage.admin('edit', { resource: 'ARCustomers', key: customer!.CustomerNumber, changes: { City: 'Zürich' } });
    await hub.resetCounters();
    const sageBefore2 = sageWriteRequests(await sage.requests());
    const second = await demo.env.service.impl['runs:dryRun']({ flowId: flow.id, limit: 1000, full: false });
    const updates = second.items.filter((i) => i.action === 'update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.sourceId).toBe(customer!.CustomerNumber.trim());
    expect(updates[0]!.changes.map((c) => [c.field, c.to])).toEqual([['city', 'Zürich']]);
    expect(second.counts.create).toBe(0);
    expect(writeRequests((await hub.counters()).byEndpoint)).toBe(0);
    expect(sageWriteRequests(await sage.requests())).toBe(sageBefore2);
  });

  it('compares with HubSpot’s live values, read in counted batches: an edit made in HubSpot shows as current → new', async () => {
    const flow = demo.env.flows.find((f) => f.template === 'sage300-hubspot/customers')!;
    const hub = hubspotAdmin(hubspotSandboxOf(demo.env).url);
    await demo.env.service.engine.runNow([flow.id], { full: true });
    const company = (await hub.records('companies')).find((r) => r.properties.city);
    expect(company).toBeDefined();
    const synced = company!.properties.city!;
    await hub.edit('companies', company!.id, { city: 'Edited in HubSpot' });
    await hub.resetCounters();

    const report = await demo.env.service.impl['runs:dryRun']({ flowId: flow.id, limit: 1000, full: false });
    expect(report.compared).toBe('live');
    const edited = report.items.find((i) => i.destId === company!.id);
    expect(edited?.action).toBe('update');
    expect(edited!.changes.map((c) => [c.field, c.from, c.to])).toEqual([['city', 'Edited in HubSpot', synced]]);
    expect(report.counts.update).toBe(1);
    expect(report.counts.create).toBe(0);
    const counters = await hub.counters();
    const batchReads = Object.entries(counters.byEndpoint).filter(([e]) => e.endsWith('/companies/batch/read')).reduce((n, [, c]) => n + c, 0);
    expect(report.destinationCalls).toBeGreaterThan(0);
    expect(report.destinationCalls).toBe(batchReads);
    expect(writeRequests(counters.byEndpoint)).toBe(0);
    expect((await hub.record('companies', company!.id)).properties.city).toBe('Edited in HubSpot');
  });

  it('with full: true reads every record, so a mapping change shows as what a full run would change', async () => {
    const flow = demo.env.flows.find((f) => f.template === 'sage300-hubspot/customers')!;
    const hub = hubspotAdmin(hubspotSandboxOf(demo.env).url);
    await demo.env.service.engine.runNow([flow.id], { full: true });
    const current = await demo.env.service.impl['flows:get']({ id: flow.id });
    const cityRule = current.mapping.fields.find((f) => f.to === 'city')!;
    const mapping = { ...current.mapping, fields: current.mapping.fields.map((f) => (f === cityRule ? { ...f, transform: [...(f.transform ?? []), { fn: 'upper' }] } : f)) };
    await demo.env.service.impl['flows:update']({ id: flow.id, patch: { mapping } });
    const cities = (await hub.records('companies')).map((r) => r.properties.city ?? '');
    const changing = cities.filter((c) => c !== c.toLocaleUpperCase()).length;
    expect(changing).toBeGreaterThan(1);
    await hub.resetCounters();

    // From the watermark the dry run reads only what changed in Sage 300 since the last run, not every record.
    const incremental = await demo.env.service.impl['runs:dryRun']({ flowId: flow.id, limit: 1000, full: false });
    const full = await demo.env.service.impl['runs:dryRun']({ flowId: flow.id, limit: 1000, full: true });
    expect(incremental.counts.read).toBeLessThan(full.counts.read);
    expect(full.counts.update).toBe(changing);
    const updates = full.items.filter((i) => i.action === 'update');
    expect(updates.every((i) => i.changes.length === 1 && i.changes[0]!.field === 'city' && String(i.changes[0]!.to) === String(i.changes[0]!.to).toLocaleUpperCase())).toBe(true);
    expect(writeRequests((await hub.counters()).byEndpoint)).toBe(0);
  });
});
