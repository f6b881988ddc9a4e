// The setup wizard's last step over real sockets: an integration created paused writes
// nothing to either system — not even the CRM's custom properties — until it is started; its dry run's
// cost is estimated before it starts (Sage 300 pages, HubSpot batch reads, against the portal's daily
// allowance), the dry run makes those calls and counts them against that allowance (item 3), and
// starting the flows does the CRM setup and the first sync.
import { describe, expect, it } from 'vitest';
import { hubspotAdmin, hubspotSandboxOf, sageApi, sageWriteRequests, writeRequests, type SageLine } from '../support/sandboxes.ts';
import { withDemo } from '../support/demo.ts';

describe('dry run of an integration created paused', () => {
  const demo = withDemo({ systems: ['sage300', 'hubspot'], sage300: { records: 230, seed: 11 }, flows: false });

  it('writes nothing before it is started, says what the dry run will cost, and counts the dry run against the portal’s allowance', async () => {
    const impl = demo.env.service.impl;
    const sage = sageApi(demo.env.sandboxes.sage300!.line as unknown as SageLine);
    const hub = hubspotAdmin(hubspotSandboxOf(demo.env).url);
    // The wizard tests the connection first: HubSpot's answers tell the portal's count and allowance.
    expect((await impl['connections:test']({ id: demo.env.crm.id })).ok).toBe(true);
    await hub.resetCounters();
    const sageBefore = sageWriteRequests(await sage.requests());

    const flows = await impl['flows:fromTemplate']({ template: 'sage300-hubspot', erpConnectionId: demo.env.erp.id, crmConnectionId: demo.env.crm.id, flows: ['customers'], paused: true });
    expect(flows).toHaveLength(1);
    const flow = flows[0]!;
    expect(flow.enabled).toBe(false);
    expect(writeRequests((await hub.counters()).byEndpoint)).toBe(0);

    const customers = await sage.all<{ CustomerNumber: string }>('AR/ARCustomers?$select=CustomerNumber');
    const estimate = await impl['runs:dryRunEstimate']({ flowId: flow.id, full: false });
    expect(estimate.basis).toBe('counted');
    expect(estimate.records).toBe(customers.length);
    expect(estimate.countCalls).toBeGreaterThan(0);
    expect(estimate.source).toMatchObject({ system: 'sage300', label: 'Sage 300' });
    expect(estimate.destination).toMatchObject({ system: 'hubspot', label: 'HubSpot', calls: Math.ceil(customers.length / 100) });
    expect(estimate.total).toBe(estimate.source.calls! + estimate.destination.calls!);
    // The allowance as the dashboard reads it: HubSpot's own limit (a Professional portal's), less the
    // reserve and the calls of the connection test; the estimate itself called nothing.
    const used = (b: typeof estimate.budget) => b!.limit - Math.ceil(b!.limit * 0.05) - b!.available;
    // Named as the dashboard names it: no flow has spent on it yet (only the connection test), so by what it is.
    expect(estimate.budget).toMatchObject({ system: 'hubspot', label: 'HubSpot account', window: 'daily', limit: 625_000 });
    expect(used(estimate.budget)).toBe((await impl['budget:usage']({})).accounts.find((a) => a.system === 'hubspot')!.used);
    expect(used(estimate.budget)).toBeGreaterThan(0);
    expect((await hub.counters()).total).toBe(0);

    const report = await impl['runs:dryRun']({ flowId: flow.id, limit: 1000, full: false });
    expect(report.counts.read).toBe(customers.length);
    expect(report.counts.create).toBe(customers.length - report.counts.fail - report.counts.skip);
    expect(report.counts.update + report.counts.unchanged).toBe(0);
    expect(report.compared).toBe('live');
    // The estimate was the dry run's cost: the same pages from Sage 300 and batch reads in HubSpot.
    expect(report.sourceCalls).toBe(estimate.source.calls);
    const counters = await hub.counters();
    const batchReads = Object.entries(counters.byEndpoint).filter(([e]) => e.endsWith('/companies/batch/read')).reduce((n, [, c]) => n + c, 0);
    expect(report.destinationCalls).toBe(batchReads);
    expect(batchReads).toBeLessThanOrEqual(estimate.destination.calls!);
    expect(batchReads).toBeGreaterThan(0);
    // Nothing written to either system, no run, no audit event; the flow still paused.
    expect(writeRequests(counters.byEndpoint)).toBe(0);
    expect(sageWriteRequests(await sage.requests())).toBe(sageBefore);
    expect(await hub.records('companies')).toHaveLength(0);
    expect(await impl['runs:list']({ flowId: flow.id, limit: 10 })).toHaveLength(0);
    expect((await impl['audit:query']({ flowId: flow.id, limit: 1 })).events).toHaveLength(0);
    expect((await impl['flows:get']({ id: flow.id })).enabled).toBe(false);

    // The dry run's HubSpot calls went through the same gate as a run's: they count against the portal.
    const after = await impl['runs:dryRunEstimate']({ flowId: flow.id, full: false });
    expect(used(after.budget) - used(estimate.budget)).toBe(counters.total);

    // Started: the first run does the CRM setup it was left (the key property) and writes every company.
    await impl['flows:setEnabled']({ id: flow.id, enabled: true });
    const [run] = await demo.env.service.engine.runNow([flow.id]);
    expect(run!.status).toBe('succeeded');
    expect(await hub.records('companies')).toHaveLength(report.counts.create);
    const again = await impl['runs:dryRun']({ flowId: flow.id, limit: 1000, full: true });
    expect(again.counts.unchanged).toBe(report.counts.create);
  });
});
