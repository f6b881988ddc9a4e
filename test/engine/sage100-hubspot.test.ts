// Sage 100 → HubSpot end to end: the real agent (over ODBC, or better-sqlite3 where unixODBC is missing)
// and the HubSpot sandbox over sockets, a real SQLite data folder, the real service and engine. What
// HubSpot must hold is computed from the agent's own answers (read with undici, not our connector).
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf, writeRequests } from '../support/sandboxes.ts';

type Row = Record<string, unknown>;
type Line = { url: string; apiKey: string; user: string; password: string; ca: string; admin: string; companyCode: string };

describe('Sage 100 → HubSpot end to end', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let hub: ReturnType<typeof hubspotAdmin>;
  let line: Line;
  let dispatcher: Agent;

  /** Every row of an agent collection, as an independent client reads it. */
  const agentAll = async (collection: string): Promise<Row[]> => {
    const out: Row[] = [];
    let cursor: string | null = null;
    const auth = 'Basic ' + Buffer.from(`${line.user}:${line.password}`).toString('base64');
    for (;;) {
      const url = `${line.url}/v1/companies/${line.companyCode}/${collection}?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const r = await request(url, { dispatcher, headers: { 'x-agent-key': line.apiKey, authorization: auth } });
      const body = (await r.body.json()) as { data: Row[]; page: { hasMore: boolean; nextCursor: string | null } };
      expect(r.statusCode, JSON.stringify(body)).toBe(200);
      out.push(...body.data);
      if (!body.page.hasMore) return out;
      cursor = body.page.nextCursor;
    }
  };
  const sandboxAdmin = async (verb: string, body: unknown) => {
    const r = await request(`${line.admin}/${verb}`, { dispatcher, method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const json = (await r.body.json()) as Row;
    if (r.statusCode !== 200) throw new Error(`admin ${verb}: ${JSON.stringify(json)}`);
    return json;
  };
  const sageFlows = () => env.flows.filter((f) => f.template?.startsWith('sage100-hubspot/'));
  const flowId = (key: string) => sageFlows().find((f) => f.template === `sage100-hubspot/${key}`)!.id;
  const runSage = () => env.service.engine.runNow(sageFlows().map((f) => f.id));
  const customerKey = (r: Row) => `${String(r.ARDivisionNo)}-${String(r.CustomerNo)}`;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage100', 'hubspot'], dataDir: tmp.dir, sage100: { records: 40, seed: 3 } });
    hub = hubspotAdmin(hubspotSandboxOf(env).url);
    line = env.sandboxes.sage100!.line as unknown as Line;
    dispatcher = new Agent({ connect: { ca: line.ca } });
  });
  afterAll(async () => {
    await dispatcher?.close();
    await env?.close();
    tmp?.cleanup();
  });

  it('customers, primary contacts, invoices, vendors and aging arrive in HubSpot; a second sync writes nothing', async () => {
    const runs = await runSage();
    for (const r of runs) expect([r.status, r.error?.message ?? null, r.counts.failed]).toEqual(['succeeded', null, 0]);

    const customers = await agentAll('customers');
    const companies = await hub.records('companies');
    const byKey = new Map(companies.filter((c) => c.properties.ml_sage100_customer_key).map((c) => [c.properties.ml_sage100_customer_key, c]));
    expect([...byKey.keys()].sort()).toEqual(customers.map(customerKey).sort());
    const vendors = await agentAll('vendors');
    expect(companies.filter((c) => c.properties.ml_sage100_vendor_key)).toHaveLength(vendors.length);

    // One contact per customer: its primary contact, associated to its company; the others left out.
    const contacts = await agentAll('customer-contacts');
    const primaries = contacts.filter((c) => c._primary === true);
    expect(primaries.length).toBeGreaterThan(0);
    expect(primaries.length).toBeLessThan(contacts.length);
    const hubContacts = (await hub.records('contacts')).filter((c) => c.properties.ml_sage100_contact_key);
    expect(hubContacts.map((c) => c.properties.ml_sage100_contact_key).sort()).toEqual(primaries.map((c) => `${customerKey(c)}-${String(c.ContactCode)}`).sort());
    const skipped = runs.find((r) => r.flowId === flowId('contacts'))!.counts.skipped;
    expect(skipped).toBe(contacts.length - primaries.length);
    const oneContact = hubContacts[0]!;
    expect(oneContact.associations.companies?.length).toBe(1);

    const history = await agentAll('invoice-history');
    const hubInvoices = (await hub.records('invoices')).filter((i) => i.properties.ml_sage100_invoice_key);
    expect(hubInvoices).toHaveLength(history.length);

    await hub.resetCounters();
    const again = await runSage();
    for (const r of again) expect(r.counts.created + r.counts.updated + r.counts.failed, JSON.stringify(r)).toBe(0);
    expect(writeRequests((await hub.counters()).byEndpoint)).toBe(0);
  });

  it('a bulk import that never stamps DateUpdated, and a deleted customer, are caught by reconciliation re-reading only that row', async () => {
    // The agent's own request log: what reconciliation asked the agent for.
    const requestLog = (env.sandboxes.sage100 as unknown as { requestLog: { path: string }[] }).requestLog;
    const customersPath = `/v1/companies/${line.companyCode}/customers`;
    const asked = async (fn: () => Promise<unknown>) => {
      const from = requestLog.length;
      await fn();
      return requestLog.slice(from).map((e) => e.path.split('?')[0]!).filter((p) => p.startsWith(customersPath)).map((p) => p.slice(customersPath.length) || '/');
    };
    // The first reconciliation has no hashes to compare with: it reads every customer, and keeps each
    // row's `/keys` hash.
    const baseline = await asked(() => env.service.impl['runs:reconcile']({ flowId: flowId('customers') }));
    expect(baseline).toContain('/keys');
    expect(baseline).toContain('/');

    const [first, second] = await agentAll('customers');
    await sandboxAdmin('import', { table: 'AR_Customer', key: { ARDivisionNo: first!.ARDivisionNo, CustomerNo: first!.CustomerNo }, changes: { CustomerName: 'Renamed By Import Inc' } });
    await sandboxAdmin('delete', { table: 'AR_Customer', key: { ARDivisionNo: second!.ARDivisionNo, CustomerNo: second!.CustomerNo } });
    const company = async (r: Row) => (await hub.records('companies')).find((c) => c.properties.ml_sage100_customer_key === customerKey(r));

    // The poll filters on DateUpdated: it cannot see the import.
    const polled = await env.service.engine.runNow([flowId('customers')]);
    expect(polled[0]!.counts.updated).toBe(0);
    expect((await company(first!))?.properties.name).not.toBe('Renamed By Import Inc');

    let report: Awaited<ReturnType<(typeof env.service.impl)['runs:reconcile']>> | undefined;
    const requests = await asked(async () => (report = await env.service.impl['runs:reconcile']({ flowId: flowId('customers') })));
    expect(report).toMatchObject({ different: 1, missing: 0, flaggedDeletions: 1 });
    // The keys with their hashes (one page), then the one customer whose hash moved — not the collection.
    expect(requests).toEqual(['/keys', `/${String(first!.ARDivisionNo)}/${String(first!.CustomerNo)}`]);
    expect((await company(first!))?.properties.name).toBe('Renamed By Import Inc');
    const pending = await env.service.impl['runs:pendingDeletions']({ flowId: flowId('customers') });
    expect(pending.map((p) => p.sourceId)).toEqual([customerKey(second!)]);
    expect(await company(second!)).toBeDefined(); // flagged for the admin, never deleted silently

    // Nothing moved since: the next reconciliation lists the keys and reads nothing else.
    let quiet: typeof report;
    expect(await asked(async () => (quiet = await env.service.impl['runs:reconcile']({ flowId: flowId('customers') })))).toEqual(['/keys']);
    expect(quiet).toMatchObject({ different: 0, missing: 0 });

    // A company renamed in HubSpot: its Sage row did not move, but reconciliation still puts it right,
    // reading only that customer again.
    const third = (await agentAll('customers')).find((c) => customerKey(c) !== customerKey(first!))!;
    await hub.edit('companies', (await company(third))!.id, { name: 'Renamed In HubSpot' });
    let repaired: typeof report;
    expect(await asked(async () => (repaired = await env.service.impl['runs:reconcile']({ flowId: flowId('customers') })))).toEqual(['/keys', `/${String(third.ARDivisionNo)}/${String(third.CustomerNo)}`]);
    expect(repaired).toMatchObject({ different: 1 });
    expect((await company(third))?.properties.name).toBe(String(third.CustomerName).trim());
  });
});
