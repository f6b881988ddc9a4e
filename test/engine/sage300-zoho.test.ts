// Sage 300 ↔ Zoho CRM end to end: both sandboxes over sockets, a real SQLite data folder, the real
// service and engine (issue #17). What Zoho and Sage 300 should hold afterwards is computed from the
// sandboxes' own admin views with plain code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { sageApi, sageWriteRequests, type SageLine } from '../support/sandboxes.ts';

type Row = Record<string, unknown>;
type ZohoRecord = Row & { id: string };

describe('Sage 300 ↔ Zoho CRM end to end', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let sage: ReturnType<typeof sageApi>;
  const zohoAdmin = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${String(env.sandboxes.zoho!.line.admin)}/${path}`, { method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    const text = await res.text();
    if (!res.ok) throw new Error(`zoho admin ${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const zohoAll = async (module: string): Promise<ZohoRecord[]> => {
    const out: ZohoRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await zohoAdmin<{ results: ZohoRecord[]; next?: string }>('GET', `records/${module}?limit=500${after ? `&after=${after}` : ''}`);
      out.push(...page.results);
      if (!page.next) return out;
      after = page.next;
    }
  };
  const flowsOf = () => env.flows.filter((f) => f.template?.startsWith('sage300-zoho/'));
  const runZoho = async () => {
    const runs = await env.service.engine.runNow(undefined);
    return runs.filter((r) => flowsOf().some((f) => f.id === r.flowId));
  };
  const nameOf = (flowId: string) => env.flows.find((f) => f.id === flowId)?.template;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ dataDir: tmp.dir, systems: ['sage300', 'zoho'], sage300: { records: 30 }, zoho: { records: 16 } });
    sage = sageApi(env.sandboxes.sage300!.line as unknown as SageLine);
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('vendors and contacts arrive in Zoho, won deals become one order each, customers key their accounts; a second sync writes nothing', async () => {
    expect(flowsOf().map((f) => f.template).sort()).toEqual(
      ['customers', 'invoices', 'vendor-contact-edits', 'vendor-contacts', 'vendor-edits', 'vendors', 'won-deals'].map((k) => `sage300-zoho/${k}`),
    );
    const runs = await runZoho();
    for (const r of runs) expect([nameOf(r.flowId), r.status, r.error?.message]).toEqual([nameOf(r.flowId), 'succeeded', undefined]);

    const vendors = await sage.all<Row>('AP/APVendors');
    const accounts = await zohoAll('Accounts');
    const vendorAccounts = accounts.filter((a) => String(a.External_Id ?? '').startsWith('VEND-'));
    expect(vendorAccounts.map((a) => a.External_Id).sort()).toEqual(vendors.map((v) => `VEND-${String(v.VendorNumber)}`).sort());
    expect(vendorAccounts.every((a) => a.Account_Type === 'Vendor')).toBe(true);
    const contacts = (await zohoAll('Contacts')).filter((c) => String(c.External_Id ?? '').startsWith('VEND-'));
    const withContact = vendors.filter((v) => String(v.ContactName ?? '').trim() || String(v.ContactsEmail ?? '').trim() || (String(v.ContactName ?? '').trim() && String(v.Email ?? '').trim()));
    expect(contacts).toHaveLength(withContact.length);
    for (const c of contacts) {
      const account = vendorAccounts.find((a) => a.External_Id === c.External_Id);
      expect((c.Account_Name as { id: string } | null)?.id).toBe(account?.id);
    }

    // Every Closed Won deal with an account: exactly one order, for the account's customer.
    const won = (await zohoAll('Deals')).filter((d) => d.Stage === 'Closed Won' && d.Account_Name);
    expect(won.length).toBeGreaterThan(0);
    const orders = await sage.all<Row>('OE/OEOrders');
    const after = await zohoAll('Accounts');
    for (const deal of won) {
      const mine = orders.filter((o) => o.OrderReference === `ML-${deal.id}`);
      expect(mine, `deal ${deal.id}`).toHaveLength(1);
      const account = after.find((a) => a.id === (deal.Account_Name as { id: string }).id)!;
      expect(account.External_Id).toBe(`CUST-${String(mine[0]!.CustomerNumber)}`);
    }

    const again = await runZoho();
    for (const r of again) expect([nameOf(r.flowId), r.counts.created + r.counts.updated + r.counts.failed]).toEqual([nameOf(r.flowId), 0]);

    // A dry run's estimate counts against the org's credits as the dashboard reads them (one way, from the store).
    const vendorsFlow = flowsOf().find((f) => f.template === 'sage300-zoho/vendors')!;
    const estimate = await env.service.impl['runs:dryRunEstimate']({ flowId: vendorsFlow.id, full: false });
    const org = (await env.service.impl['budget:usage']({})).accounts.find((a) => a.system === 'zoho')!;
    expect(org.used).toBeGreaterThan(0);
    // One name for the org everywhere: the dashboard's and the estimate's, by the connection spending it.
    expect(org.label).toMatch(/^Zoho CRM organisation ".+"$/);
    expect(estimate.budget).toEqual({ system: 'zoho', label: org.label, available: org.limit - org.reserve - org.used, limit: org.limit, window: 'rolling' });
  });

  it('a phone edited on a vendor account and an e-mail on its contact in Zoho reach the Sage 300 vendor, without an echo', async () => {
    const contact = (await zohoAll('Contacts')).find((c) => String(c.External_Id ?? '').startsWith('VEND-'))!;
    const key = String(contact.External_Id);
    const account = (await zohoAll('Accounts')).find((a) => a.External_Id === key)!;
    await zohoAdmin('PATCH', `records/Accounts/${account.id}`, { changes: { Phone: '+1 416 555 0123' } });
    await zohoAdmin('PATCH', `records/Contacts/${contact.id}`, { changes: { Email: 'new.buyer@vendor.example.com' } });
    const runs = await runZoho();
    expect(runs.find((r) => nameOf(r.flowId) === 'sage300-zoho/vendor-edits')?.counts.updated).toBe(1);
    expect(runs.find((r) => nameOf(r.flowId) === 'sage300-zoho/vendor-contact-edits')?.counts.updated).toBe(1);
    const vendor = await sage.one<Row>(`AP/APVendors('${key.slice('VEND-'.length)}')`);
    expect(vendor).toMatchObject({ PhoneNumber: '+1 416 555 0123', ContactsEmail: 'new.buyer@vendor.example.com' });
    // The vendor now has a newer change date: the vendor flows read it again and write nothing back.
    const again = await runZoho();
    for (const r of again) expect([nameOf(r.flowId), r.counts.created + r.counts.updated + r.counts.failed]).toEqual([nameOf(r.flowId), 0]);

    // A dry run's estimate counts against the org's credits as the dashboard reads them (one way, from the store).
    const vendorsFlow = flowsOf().find((f) => f.template === 'sage300-zoho/vendors')!;
    const estimate = await env.service.impl['runs:dryRunEstimate']({ flowId: vendorsFlow.id, full: false });
    const org = (await env.service.impl['budget:usage']({})).accounts.find((a) => a.system === 'zoho')!;
    expect(org.used).toBeGreaterThan(0);
    // One name for the org everywhere: the dashboard's and the estimate's, by the connection spending it.
    expect(org.label).toMatch(/^Zoho CRM organisation ".+"$/);
    expect(estimate.budget).toEqual({ system: 'zoho', label: org.label, available: org.limit - org.reserve - org.used, limit: org.limit, window: 'rolling' });
  });

  it('a won deal whose product is no Sage 300 item fails alone with a hint, and goes through when replayed after the item exists', async () => {
    const warranty = (await zohoAll('Products')).find((p) => p.Product_Code === 'ZP-900')!;
    const deal = (await zohoAll('Deals')).find((d) => d.Stage !== 'Closed Won' && d.Account_Name)!;
    const other = (await zohoAll('Deals')).find((d) => d.Stage !== 'Closed Won' && d.Account_Name && d.id !== deal.id)!;
    await zohoAdmin('PATCH', `records/Deals/${deal.id}`, { changes: { Stage: 'Closed Won', Deal_Products: [{ Product_Name: { id: warranty.id }, Quantity: 2, List_Price: 99 }] } });
    await zohoAdmin('PATCH', `records/Deals/${other.id}`, { changes: { Stage: 'Closed Won' } });
    const runs = await runZoho();
    const wonFlow = flowsOf().find((f) => f.template === 'sage300-zoho/won-deals')!;
    expect(runs.find((r) => r.flowId === wonFlow.id)?.counts).toMatchObject({ created: 1, failed: 1 });
    const orders = async (id: string) => (await sage.all<Row>('OE/OEOrders')).filter((o) => o.OrderReference === `ML-${id}`);
    expect(await orders(other.id)).toHaveLength(1);
    expect(await orders(deal.id)).toHaveLength(0);
    const failed = await env.service.impl['audit:query']({ flowId: wonFlow.id, actions: ['failed'], unresolvedOnly: true, limit: 10 });
    expect(failed.events).toHaveLength(1);
    expect(failed.events[0]!.error).toMatchObject({ message: expect.stringContaining('Item "ZP-900" does not exist'), hint: expect.stringContaining('Create the item in Sage 300') });

    // The item is created at the Sage desk; replaying the failure sends the same order again.
    const line = env.sandboxes.sage300!.line as unknown as SageLine;
    const res = await fetch(`${line.url}/IC/ICItems`, {
      method: 'POST',
      headers: { Authorization: 'Basic ' + Buffer.from(`${line.user}:${line.password}`).toString('base64'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ ItemNumber: 'ZP-900', Description: 'Extended Warranty (3 years)', Status: 'Active', StockingUnitOfMeasure: 'Ea.' }),
    });
    expect(res.status).toBe(201);
    const replay = await env.service.impl['audit:replay']({ ids: [failed.events[0]!.id] });
    expect(replay.results[0]).toMatchObject({ action: 'created', sent: 'stored' });
    expect(await orders(deal.id)).toHaveLength(1);
  });

  it('the Sage 300 invoice of a won deal\'s order reaches Zoho Invoices on the deal\'s account, once', async () => {
    const order = (await sage.all<Row>('OE/OEOrders')).find((o) => String(o.OrderReference ?? '').startsWith('ML-'))!;
    const line = env.sandboxes.sage300!.line as unknown as SageLine;
    const res = await fetch(`${line.url}/AR/ARInvoiceBatches`, {
      method: 'POST',
      headers: { Authorization: 'Basic ' + Buffer.from(`${line.user}:${line.password}`).toString('base64'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ BatchStatus: 'Open', Invoices: [{ CustomerNumber: order.CustomerNumber, OrderNumber: order.OrderNumber, DocumentType: 'Invoice', InvoiceDescription: 'Shipped', InvoiceDetails: [{ ItemNumber: 'A1-105/0', Description: 'Steel Shelving Unit 1.8 m', Quantity: 2, Price: 149.5 }] }] }),
    });
    expect(res.status).toBe(201);
    const document = String(((await res.json()) as { Invoices: { DocumentNumber: string }[] }).Invoices[0]!.DocumentNumber);
    const runs = await runZoho();
    expect(runs.find((r) => nameOf(r.flowId) === 'sage300-zoho/invoices')?.counts.created).toBe(1);
    const invoices = (await zohoAll('Invoices')).filter((i) => i.Subject === `Sage 300 invoice ${document}`);
    expect(invoices).toHaveLength(1);
    const account = (await zohoAll('Accounts')).find((a) => a.External_Id === `CUST-${String(order.CustomerNumber)}`)!;
    expect((invoices[0]!.Account_Name as { id: string }).id).toBe(account.id);
    expect(invoices[0]!.Invoiced_Items).toEqual([expect.objectContaining({ Quantity: 2, List_Price: 149.5 })]);
    const again = await runZoho();
    expect(again.find((r) => nameOf(r.flowId) === 'sage300-zoho/invoices')?.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
  });

  it('a deal closed, reopened and closed again makes one order; its account becomes a customer once', async () => {
    const unkeyed = new Set((await zohoAll('Accounts')).filter((a) => !a.External_Id).map((a) => a.id));
    const deal = (await zohoAll('Deals')).find((d) => d.Stage !== 'Closed Won' && unkeyed.has((d.Account_Name as { id: string } | null)?.id ?? ''))!;
    const accountId = (deal.Account_Name as { id: string }).id;
    await zohoAdmin('PATCH', `records/Deals/${deal.id}`, { changes: { Stage: 'Closed Won' } });
    await runZoho();
    await zohoAdmin('PATCH', `records/Deals/${deal.id}`, { changes: { Stage: 'Negotiation/Review' } });
    await runZoho();
    await zohoAdmin('PATCH', `records/Deals/${deal.id}`, { changes: { Stage: 'Closed Won', Amount: 1234.5 } });
    await runZoho();
    const orders = (await sage.all<Row>('OE/OEOrders')).filter((o) => o.OrderReference === `ML-${deal.id}`);
    expect(orders).toHaveLength(1);
    const account = (await zohoAll('Accounts')).find((a) => a.id === accountId)!;
    expect(account.External_Id).toBe(`CUST-${String(orders[0]!.CustomerNumber)}`);
    const customers = (await sage.all<Row>('AR/ARCustomers')).filter((c) => c.CustomerName === account.Account_Name);
    expect(customers).toHaveLength(1);
  });

  it('the sync after a won deal\'s account got its key sends nothing to Sage 300 and counts the order unchanged, not updated', async () => {
    await runZoho(); // the org's first sync (when this test runs alone)
    const unkeyed = new Set((await zohoAll('Accounts')).filter((a) => !a.External_Id).map((a) => a.id));
    const deal = (await zohoAll('Deals')).find((d) => d.Stage !== 'Closed Won' && unkeyed.has((d.Account_Name as { id: string } | null)?.id ?? ''))!;
    await zohoAdmin('PATCH', `records/Deals/${deal.id}`, { changes: { Stage: 'Closed Won' } });
    const wonDeals = flowsOf().find((f) => f.template === 'sage300-zoho/won-deals')!.id;
    const first = (await runZoho()).find((r) => r.flowId === wonDeals)!;
    expect(first.counts).toMatchObject({ created: 1, failed: 0 });
    // The customers flow keyed the deal's account in that run; the deal itself is re-read (it changed
    // within the last minute) and now maps to the customer number. Orders cannot change in Sage 300.
    const before = sageWriteRequests(await sage.requests());
    const next = (await runZoho()).find((r) => r.flowId === wonDeals)!;
    expect(sageWriteRequests(await sage.requests()) - before).toBe(0);
    expect(next.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(next.counts.unchanged).toBeGreaterThanOrEqual(1);
    // Its audit event says so, and points at the write that made the order for its payload.
    const { events } = await env.service.impl['audit:query']({ flowId: wonDeals, runId: next.id, limit: 10 });
    const mine = events.find((e) => e.sourceId === deal.id)!;
    expect(mine.action).toBe('unchanged');
    const created = (await env.service.impl['audit:query']({ flowId: wonDeals, runId: first.id, limit: 10 })).events.find((e) => e.sourceId === deal.id)!;
    const detail = await env.service.impl['audit:get']({ id: mine.id });
    expect([detail.payloadOf, detail.destId]).toEqual([created.id, created.destId]);
    // A third sync with nothing new: the hash now matches, the order writer is not even asked.
    const third = (await runZoho()).find((r) => r.flowId === wonDeals)!;
    expect(third.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
  });

  it('every run says created or updated only for what Sage 300 accepted: counts equal its successful write requests', async () => {
    await runZoho(); // the org's first sync (when this test runs alone)
    // Writes into Sage 300 by endpoint family: answered 2xx, i.e. a record that changed there.
    const accepted = async (family: RegExp) =>
      Object.entries((await sage.requests()).byEndpointStatus)
        .filter(([endpoint]) => family.test(endpoint))
        .reduce((n, [, per]) => n + Object.entries(per).filter(([status]) => /^2\d\d$/.test(status)).reduce((m, [, c]) => m + c, 0), 0);
    const families = [
      { flows: ['vendor-edits', 'vendor-contact-edits'], endpoints: /^(POST|PATCH|PUT) AP\/APVendors\b/ },
      { flows: ['won-deals'], endpoints: /^POST OE\/OEOrders$/ },
    ];
    const check = async (runs: Awaited<ReturnType<typeof runZoho>>, before: number[]) => {
      for (const [i, f] of families.entries()) {
        const written = runs.filter((r) => f.flows.some((k) => nameOf(r.flowId) === `sage300-zoho/${k}`)).reduce((n, r) => n + r.counts.created + r.counts.updated, 0);
        expect([f.flows.join('+'), written]).toEqual([f.flows.join('+'), (await accepted(f.endpoints)) - before[i]!]);
      }
    };
    const snapshot = () => Promise.all(families.map((f) => accepted(f.endpoints)));

    // A vendor's phone edited in Zoho, and a deal won for an account that is no customer yet.
    const account = (await zohoAll('Accounts')).find((a) => String(a.External_Id ?? '').startsWith('VEND-'))!;
    await zohoAdmin('PATCH', `records/Accounts/${account.id}`, { changes: { Phone: '+1 416 555 0199' } });
    const unkeyed = new Set((await zohoAll('Accounts')).filter((a) => !a.External_Id).map((a) => a.id));
    const deal = (await zohoAll('Deals')).find((d) => d.Stage !== 'Closed Won' && unkeyed.has((d.Account_Name as { id: string } | null)?.id ?? ''))!;
    await zohoAdmin('PATCH', `records/Deals/${deal.id}`, { changes: { Stage: 'Closed Won' } });
    let before = await snapshot();
    const runs = await runZoho();
    await check(runs, before);
    expect(runs.find((r) => nameOf(r.flowId) === 'sage300-zoho/won-deals')!.counts.created).toBe(1);
    // The next two syncs re-read what changed within the last minute and have nothing to write.
    for (let i = 0; i < 2; i++) {
      before = await snapshot();
      await check(await runZoho(), before);
    }
  });
});
