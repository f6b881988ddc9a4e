// A flow's record filter over real sockets: Sage 300 customers → HubSpot companies restricted to one
// customer group. The customers of other groups are skipped before mapping and never reach HubSpot; the
// run counts them without an audit row each (they are not this flow's), and the dry run names each one
// with the failing condition as the reason; the group's customers are written.
import { describe, expect, it } from 'vitest';
import { hubspotAdmin, hubspotSandboxOf, sageApi, type SageLine } from '../support/sandboxes.ts';
import { withDemo } from '../support/demo.ts';

describe('record filter per flow', () => {
  const demo = withDemo({ systems: ['sage300', 'hubspot'], sage300: { records: 30, seed: 7 } });

  it('refuses a filter with an unknown op or an unknown source field, naming it', async () => {
    const flow = demo.env.flows.find((f) => f.template === 'sage300-hubspot/customers')!;
    const { mapping } = await demo.env.service.impl['flows:get']({ id: flow.id });
    await expect(demo.env.service.impl['flows:update']({ id: flow.id, patch: { mapping: { ...mapping, filter: [{ field: 'GroupCode', op: 'startsWith', value: 'R' }] } as never } })).rejects.toThrow(/unknown filter op .{0,2}startsWith/);
    await expect(demo.env.service.impl['flows:update']({ id: flow.id, patch: { mapping: { ...mapping, filter: [{ field: 'NoSuchField', op: 'isSet' }] } } })).rejects.toThrow(/NoSuchField/);
  });

  it('skips the records that do not match (counted, reason in the dry run, no audit row each), and writes the ones that do', async () => {
    const sage = sageApi(demo.env.sandboxes.sage300!.line as unknown as SageLine);
    const customers = await sage.all<{ CustomerNumber: string; GroupCode: string }>('AR/ARCustomers?$select=CustomerNumber,GroupCode');
    const group = customers[0]!.GroupCode.trim();
    const inGroup = customers.filter((c) => c.GroupCode.trim() === group);
    const others = customers.filter((c) => c.GroupCode.trim() !== group);
    expect(others.length).toBeGreaterThan(0); // the seed gives more than one group, or the test proves nothing

    const flow = demo.env.flows.find((f) => f.template === 'sage300-hubspot/customers')!;
    const { mapping } = await demo.env.service.impl['flows:get']({ id: flow.id });
    await demo.env.service.impl['flows:update']({ id: flow.id, patch: { mapping: { ...mapping, filter: [{ field: 'CustomerNumber', op: 'isSet' }, { field: 'GroupCode', op: 'in', value: [group] }] } } });

    const [run] = await demo.env.service.engine.runNow([flow.id]);
    expect(run!.status).toBe('succeeded');
    expect(run!.counts.read).toBe(customers.length);
    expect(run!.counts.skipped).toBe(others.length);
    expect(run!.counts.created).toBe(inGroup.length);
    expect(run!.counts.failed + run!.counts.waiting).toBe(0);

    const { events } = await demo.env.service.impl['audit:query']({ flowId: flow.id, limit: 1000 });
    expect(events.filter((e) => e.action === 'skipped')).toEqual([]);
    expect(events.filter((e) => e.action === 'created').map((e) => e.sourceId).sort()).toEqual(inGroup.map((c) => c.CustomerNumber).sort());
    const report = await demo.env.service.impl['runs:dryRun']({ flowId: flow.id, limit: 1000, full: true });
    for (const c of others) {
      const item = report.items.find((x) => x.sourceId === c.CustomerNumber)!;
      expect(item).toMatchObject({ action: 'skip', reason: `Skipped: "GroupCode" is "${c.GroupCode.trim()}", not one of ${group}.` });
    }

    const companies = await hubspotAdmin(hubspotSandboxOf(demo.env).url).records('companies');
    expect(companies.map((c) => c.properties.ml_sage300_customer_number).sort()).toEqual(inGroup.map((c) => c.CustomerNumber).sort());
  });
});
