// The Sage 300 ↔ HubSpot integration end to end: real sandboxes over sockets, a real SQLite data folder,
// the real service and engine. Expected HubSpot state is computed here from the Sage 300 sandbox's own
// data with plain code, not with the mapping engine under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { exportWorkspace } from '../../main/workspace/import-export.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { sageApi, sageWriteRequests, hubspotAdmin, writeRequests, type SageLine, hubspotSandboxOf } from '../support/sandboxes.ts';

interface SageCustomer {
  CustomerNumber: string;
  CustomerName: string;
  City: string;
  ContactName: string;
  ContactsEmail: string;
  Email: string;
  PhoneNumber: string;
  CreditLimitCustomerCurrency: number;
}

const norm = (s: unknown) => String(s ?? '').trim().replace(/\s{2,}/g, ' ');

describe('Sage 300 ↔ HubSpot end to end', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let sage: ReturnType<typeof sageApi>;
  let hub: ReturnType<typeof hubspotAdmin>;
  const flowId = (key: string) => env.flows.find((f) => f.template === `sage300-hubspot/${key}`)!.id;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 120, seed: 11 }, teachingFailures: true });
    sage = sageApi(env.sandboxes.sage300!.line as unknown as SageLine);
    hub = hubspotAdmin(hubspotSandboxOf(env).url);
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('each flow built from the template remembers the template version, and an export carries it', async () => {
    const templates = await env.service.impl['flows:templates'](undefined);
    const version = templates.find((t) => t.id === 'sage300-hubspot')!.version;
    expect(version).toBeGreaterThanOrEqual(1);
    const built = env.flows.filter((f) => f.template?.startsWith('sage300-hubspot/'));
    expect(built.length).toBeGreaterThan(0);
    for (const f of built) expect(f.templateVersion).toBe(version);
    const exported = await exportWorkspace(env.service.impl, env.service.ctx, { withSecrets: false });
    expect(exported.flows.filter((f) => f.template?.startsWith('sage300-hubspot/')).map((f) => f.templateVersion)).toEqual(built.map(() => version));
  });

  it('first full sync produces the HubSpot state the Sage 300 data implies', async () => {
    const runs = await env.service.engine.runNow(undefined);
    expect(runs.map((r) => r.status)).not.toContain('failed');

    const customers = await sage.all<SageCustomer>('AR/ARCustomers?$select=CustomerNumber,CustomerName,City,ContactName,ContactsEmail,Email,PhoneNumber,CreditLimitCustomerCurrency');
    const companies = await hub.records('companies');
    expect(companies).toHaveLength(customers.length);
    const byNumber = new Map(companies.map((c) => [c.properties.ml_sage300_customer_number, c]));
    for (const c of customers) {
      const company = byNumber.get(c.CustomerNumber.trim());
      expect(company, c.CustomerNumber).toBeDefined();
      expect(company!.properties.name).toBe(norm(c.CustomerName));
      expect(norm(company!.properties.city)).toBe(norm(c.City));
      expect(Number(company!.properties.ml_credit_limit ?? 0)).toBeCloseTo(Number(c.CreditLimitCustomerCurrency ?? 0), 2);
    }

    // Every customer with a contact person has one HubSpot contact, primary-associated to its company,
    // except the two the demo seeds as refusals (invalid email; email already used by a salesperson).
    const withContact = customers.filter((c) => norm(c.ContactName) || norm(c.ContactsEmail));
    const contacts = (await hub.records('contacts')).filter((c) => c.properties.ml_sage300_contact_key);
    expect(contacts).toHaveLength(withContact.length - 2);
    for (const contact of contacts) {
      const company = byNumber.get(contact.properties.ml_sage300_contact_key!);
      expect(contact.associations.companies?.map((a) => a.id)).toContain(company!.id);
    }

    const orders = await sage.all<{ OrderUniquifier: number; OrderDetails: unknown[] }>('OE/OEOrders');
    const deals = await hub.records('deals');
    expect(deals).toHaveLength(orders.length);
    for (const d of deals) expect(d.associations.companies?.length).toBeGreaterThan(0);

    const batches = await sage.all<{ Invoices: { DocumentNumber: string; InvoiceDetails: unknown[] }[] }>('AR/ARInvoiceBatches');
    const invoices = batches.flatMap((b) => b.Invoices ?? []);
    const hubInvoices = await hub.records('invoices');
    expect(hubInvoices).toHaveLength(invoices.length);
    const lines = invoices.reduce((n, i) => n + (i.InvoiceDetails?.length ?? 0), 0) + orders.reduce((n, o) => n + (o.OrderDetails?.length ?? 0), 0);
    expect(await hub.records('line_items')).toHaveLength(lines);
  });

  it('a second sync makes zero HubSpot write calls', async () => {
    await hub.resetCounters();
    const runs = await env.service.engine.runNow(undefined);
    const counters = await hub.counters();
    expect(writeRequests(counters.byEndpoint), JSON.stringify(counters.byEndpoint)).toBe(0);
    expect(counters.rateLimited).toBe(0);
    const customers = runs.find((r) => r.flowId === flowId('customers'))!;
    expect(customers.counts.read).toBeGreaterThan(0); // the same-day overlap was re-read …
    expect(customers.counts.created + customers.counts.updated).toBe(0); // … and recognised as unchanged
    // An unchanged record keeps its audit row without a payload copy; its detail shows the payloads of
    // the event that wrote it, and names that event.
    const [unchanged] = (await env.service.impl['audit:query']({ limit: 1, runId: customers.id, actions: ['unchanged'] })).events;
    const detail = await env.service.impl['audit:get']({ id: unchanged!.id });
    expect(detail.payloadOf).not.toBeNull();
    const writer = await env.service.impl['audit:get']({ id: detail.payloadOf! });
    expect(writer).toMatchObject({ action: 'created', sourceId: unchanged!.sourceId, flowId: unchanged!.flowId, payloadOf: null });
    expect(detail.sourcePayload).toEqual(writer.sourcePayload);
    expect(detail.mappedPayload).toEqual(writer.mappedPayload);
    expect(detail.sourcePayload).not.toBeNull();
  });

  it('an edit made in Sage 300 arrives after the next run', async () => {
    const [first] = await sage.all<SageCustomer>('AR/ARCustomers?$top=1&$select=CustomerNumber');
    await sage.admin('edit', { resource: 'ARCustomers', key: first!.CustomerNumber, changes: { CustomerName: 'Renamed Ünïcode Trading Ltd', City: 'Zürich' } });
    await env.service.engine.runNow([flowId('customers')]);
    const company = (await hub.records('companies')).find((c) => c.properties.ml_sage300_customer_number === first!.CustomerNumber.trim())!;
    expect(company.properties.name).toBe('Renamed Ünïcode Trading Ltd');
    expect(company.properties.city).toBe('Zürich');
  });

  it('a HubSpot edit to a HubSpot-owned field reaches Sage 300 and does not bounce back', async () => {
    const company = (await hub.records('companies'))[3]!;
    const number = company.properties.ml_sage300_customer_number!;
    await hub.edit('companies', company.id, { phone: '+44 20 7946 0999' });
    await env.service.engine.runNow(undefined);
    const customer = await sage.one<SageCustomer>(`AR/ARCustomers('${number}')`);
    expect(customer.PhoneNumber).toBe('+44 20 7946 0999');

    // Our write to Sage 300 changed the customer; reading it back must not write to HubSpot again,
    // and HubSpot's copy must not be written back to Sage 300 again either.
    await hub.resetCounters();
    const before = await sage.requests();
    const runs = await env.service.engine.runNow(undefined);
    expect(writeRequests((await hub.counters()).byEndpoint)).toBe(0);
    const after = await sage.requests();
    expect(sageWriteRequests(after) - sageWriteRequests(before)).toBe(0);
    expect(runs.every((r) => r.counts.created + r.counts.updated === 0)).toBe(true);
  });

  it('a record HubSpot rejects fails with HubSpot’s reason, the rest succeed, and replay after the fix adds no duplicate', async () => {
    const failed = await env.service.impl['audit:query']({ flowId: flowId('contacts'), actions: ['failed'], unresolvedOnly: true, limit: 100 });
    const reasons = failed.events.map((e) => e.error!.message);
    expect(reasons.some((m) => /Email address .* is invalid/.test(m))).toBe(true);
    const conflict = failed.events.find((e) => /Contact already exists/.test(e.error!.message))!;
    expect(conflict).toBeDefined();
    // Where each failure lies decides how a replay sends it: fix the e-mail in Sage 300 (re-read),
    // or fix the duplicate in HubSpot (resend the stored payload).
    expect(failed.events.find((e) => /Email address .* is invalid/.test(e.error!.message))!.error!.cause).toBe('source');
    expect(conflict.error!.cause).toBe('destination');

    // The salesperson's contact holds the email: fix it in HubSpot, then replay the stored payload.
    const detail = await env.service.impl['audit:get']({ id: conflict.id });
    const email = String((detail.mappedPayload as { properties: { email: string } }).properties.email);
    const owner = (await hub.records('contacts')).find((c) => c.properties.email === email && !c.properties.ml_sage300_contact_key)!;
    await hub.edit('contacts', owner.id, { email: `old-${email}` });

    const replay = await env.service.impl['audit:replay']({ ids: [conflict.id] });
    expect(replay.results).toHaveLength(1);
    expect(replay.results[0]!.action).toBe('created');
    // Replaying the now resolved failure again sends nothing.
    const again = await env.service.impl['audit:replay']({ ids: [conflict.id] });
    expect(again.results[0]).toMatchObject({ action: 'skipped', newEventId: null, sent: null });
    const holders = (await hub.records('contacts')).filter((c) => c.properties.email === email);
    expect(holders).toHaveLength(1);
    expect(holders[0]!.properties.ml_sage300_contact_key).toBe(conflict.sourceId);
    expect((await env.service.impl['audit:get']({ id: conflict.id })).resolved).toBe(true);
    const replayed = await env.service.impl['audit:get']({ id: replay.results[0]!.newEventId! });
    expect(replayed.replayOf).toBe(conflict.id);
  });

  it('refuses a mapping with an unknown field or transform, naming it', async () => {
    const flow = await env.service.impl['flows:get']({ id: flowId('customers') });
    const withField = { ...flow.mapping, fields: [...flow.mapping.fields, { to: 'name_of_nothing', from: 'CustomerName' }] };
    await expect(env.service.impl['flows:update']({ id: flow.id, patch: { mapping: withField } })).rejects.toThrow(/unknown destination field "name_of_nothing"/);
    const withSource = { ...flow.mapping, fields: [...flow.mapping.fields, { to: 'description', from: 'NoSuchSageField' }] };
    await expect(env.service.impl['flows:update']({ id: flow.id, patch: { mapping: withSource } })).rejects.toThrow(/unknown source field "NoSuchSageField"/);
    const withTransform = { ...flow.mapping, fields: [{ to: 'name', from: 'CustomerName', transform: [{ fn: 'shout' }] }] };
    await expect(env.service.impl['flows:update']({ id: flow.id, patch: { mapping: withTransform } })).rejects.toThrow(/unknown transform "shout"/);
    await expect(env.service.impl['flows:update']({ id: flow.id, patch: { schedule: { kind: 'cron', expression: '61 * * * * *' } } })).rejects.toThrow(/Schedule "61 \* \* \* \* \*"/);
  });

  it('reconciliation finds nothing to repair on a converged workspace and repairs a record changed behind its back', async () => {
    const clean = await env.service.impl['runs:reconcile']({ flowId: flowId('customers') });
    expect(clean.missing).toBe(0);
    expect(clean.different).toBe(0);
    const company = (await hub.records('companies'))[5]!;
    await hub.edit('companies', company.id, { name: 'Changed directly in HubSpot' });
    const report = await env.service.impl['runs:reconcile']({ flowId: flowId('customers') });
    expect(report.different).toBe(1);
    expect((await hub.record('companies', company.id)).properties.name).not.toBe('Changed directly in HubSpot');
  });

  it('flags a customer deleted in Sage 300, deletes nothing until approved, then archives it in HubSpot', async () => {
    const flow = flowId('customers');
    const [victim] = await sage.all<SageCustomer>('AR/ARCustomers?$top=1&$skip=10&$select=CustomerNumber');
    await sage.admin('delete', { resource: 'ARCustomers', key: victim!.CustomerNumber });
    const before = (await hub.records('companies')).length;
    const report = await env.service.impl['runs:reconcile']({ flowId: flow });
    expect(report.flaggedDeletions).toBe(1);
    expect((await hub.records('companies')).length).toBe(before); // flagged, not deleted
    const alerts = await env.service.impl['settings:alerts']({ includeDismissed: false });
    expect(alerts.some((a) => a.code === 'DELETIONS_PENDING' && a.flowId === flow)).toBe(true);

    const pending = await env.service.impl['runs:pendingDeletions']({ flowId: flow });
    expect(pending.map((p) => p.sourceId)).toEqual([victim!.CustomerNumber.trim()]);
    await env.service.impl['settings:update']({ deletionCapPerRun: 1 });
    const result = await env.service.impl['runs:approveDeletions']({ ids: pending.map((p) => p.id), decision: 'apply' });
    expect(result).toEqual({ applied: 1, dismissed: 0, failed: 0 });
    const live = (await hub.records('companies')).filter((c) => !c.archived);
    expect(live.some((c) => c.properties.ml_sage300_customer_number === victim!.CustomerNumber.trim())).toBe(false);
    expect((await env.service.impl['settings:alerts']({ includeDismissed: false })).some((a) => a.code === 'DELETIONS_PENDING' && a.flowId === flow)).toBe(false);
    expect(await env.service.impl['runs:pendingDeletions']({ flowId: flow })).toEqual([]);
  });
});
