// Field-level change history over real sockets: Sage 300 customers → HubSpot companies.
// An edit in Sage 300 reaches HubSpot as an update whose audit event names exactly the fields that
// changed since our last write, from → to, taken from the stored payloads (no extra API call).
import { describe, expect, it } from 'vitest';
import { hubspotAdmin, hubspotSandboxOf, sageApi, type SageLine } from '../support/sandboxes.ts';
import { withDemo } from '../support/demo.ts';

describe('field-level change history', () => {
  const demo = withDemo({ systems: ['sage300', 'hubspot'], sage300: { records: 12, seed: 11 } });

  it('an update records which fields changed since our last write, from what to what', async () => {
    const flow = demo.env.flows.find((f) => f.template === 'sage300-hubspot/customers')!;
    const sage = sageApi(demo.env.sandboxes.sage300!.line as unknown as SageLine);
    const [first] = await demo.env.service.engine.runNow([flow.id]);
    expect(first!.counts.created).toBeGreaterThan(0);

    const [customer] = await sage.all<{ CustomerNumber: string; CustomerName: string; City: string }>('AR/ARCustomers?$top=1&$select=CustomerNumber,CustomerName,City');
    const number = customer!.CustomerNumber.trim();
    const hub = hubspotAdmin(hubspotSandboxOf(demo.env).url);
    const company = (await hub.records('companies')).find((c) => c.properties.ml_sage300_customer_number === number)!;

    await sage.admin('edit', { resource: 'ARCustomers', key: customer!.CustomerNumber, changes: { CustomerName: 'Renamed Trading Ltd', City: 'Zürich' } });
    const [second] = await demo.env.service.engine.runNow([flow.id]);
    expect(second!.counts.updated).toBe(1);

    const { events } = await demo.env.service.impl['audit:query']({ runId: second!.id, actions: ['updated'], limit: 10 });
    expect(events).toHaveLength(1);
    const hubRequestsBefore = (await hub.counters()).total;
    const detail = await demo.env.service.impl['audit:get']({ id: events[0]!.id });
    // The history comes from our own store: showing it costs HubSpot no request.
    expect((await hub.counters()).total).toBe(hubRequestsBefore);
    expect(detail.sourceId).toBe(number);
    const byField = new Map(detail.fieldChanges!.map((c) => [c.field, c]));
    expect([...byField.keys()].sort()).toEqual(['city', 'name']);
    expect(byField.get('name')).toEqual({ field: 'name', from: company.properties.name, to: 'Renamed Trading Ltd' });
    expect(byField.get('city')).toEqual({ field: 'city', from: company.properties.city ?? null, to: 'Zürich' });

    // A created record has no earlier write to compare with.
    const created = (await demo.env.service.impl['audit:query']({ runId: first!.id, actions: ['created'], limit: 1 })).events[0]!;
    expect((await demo.env.service.impl['audit:get']({ id: created.id })).fieldChanges).toBeNull();
  });
});
