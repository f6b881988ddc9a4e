// Several integrations write into one CRM. A flow that may only touch records its own integration wrote
// (Sage 300's "Company edits → Customers" reads HubSpot companies) skips the others — a company a
// salesperson or another integration created — instead of failing each one on its empty Sage 300 key.
// They are counted on the run, not audited one by one (a CRM holds thousands of them and every poll
// re-reads them); the dry run says why each is skipped.
import { describe, expect, it } from 'vitest';
import { hubspotSandboxOf } from '../support/sandboxes.ts';
import { withDemo } from '../support/demo.ts';

describe('records another integration wrote', () => {
  const demo = withDemo({ sage300: { records: 15, seed: 5 } });

  it('are skipped by a flow that only touches its own (counted, no audit row each), and the dry run says why', async () => {
    const hub = hubspotSandboxOf(demo.env);
    // A company created in HubSpot itself, with no Sage 300 customer number.
    const res = await fetch(`${hub.url}/crm/v3/objects/companies`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${hub.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ properties: { name: 'Walk-in Prospect Ltd', phone: '+1 555 0100' } }),
    });
    expect(res.status).toBe(201);
    const foreign = ((await res.json()) as { id: string }).id;

    const flows = await demo.env.service.impl['flows:list'](undefined);
    const customers = flows.find((f) => f.template === 'sage300-hubspot/customers')!;
    const edits = flows.find((f) => f.template === 'sage300-hubspot/company-edits')!;
    await demo.env.service.engine.runNow([customers.id]);
    const [run] = await demo.env.service.engine.runNow([edits.id]);
    expect(run!.counts.failed).toBe(0);
    expect(run!.counts.skipped).toBeGreaterThanOrEqual(1);
    expect(run!.status).toBe('succeeded');

    const { events } = await demo.env.service.impl['audit:query']({ flowId: edits.id, limit: 1000 });
    expect(events.filter((e) => e.sourceId === foreign || e.action === 'skipped')).toEqual([]);
    const report = await demo.env.service.impl['runs:dryRun']({ flowId: edits.id, limit: 1000, full: true });
    expect(report.items.find((e) => e.sourceId === foreign)).toMatchObject({ action: 'skip', reason: 'Skipped: it has no "ml_sage300_customer_number" linking it to flow "Customers → Companies".' });
  });
});
