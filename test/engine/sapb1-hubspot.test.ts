// SAP Business One → HubSpot end to end: the Service Layer and HubSpot sandboxes over sockets, a real
// SQLite data folder, the real service and engine. What HubSpot must hold is computed from the SAP
// sandbox's own records with plain code; bad data is created in SAP the way a B1 user would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf, sapAdmin, writeRequests } from '../support/sandboxes.ts';

type Row = Record<string, unknown>;

describe('SAP Business One → HubSpot end to end', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let hub: ReturnType<typeof hubspotAdmin>;
  const admin = () => String(env.sandboxes.sapb1!.line.admin);
  const sap = async <T = Row>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${admin()}/${route}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const text = await res.text();
    if (!res.ok) throw new Error(`SAP sandbox admin ${method} ${route}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const records = (set: string): Promise<Row[]> => sapAdmin(admin()).records(set);
  const sapFlows = () => env.flows.filter((f) => f.template?.startsWith('sapb1-hubspot/'));
  const flowId = (key: string) => sapFlows().find((f) => f.template === `sapb1-hubspot/${key}`)!.id;
  const runSap = async () => {
    const ids = sapFlows().map((f) => f.id);
    return env.service.engine.runNow(ids);
  };

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sapb1', 'hubspot'], dataDir: tmp.dir, sapb1: { records: 25, seed: 5 } });
    hub = hubspotAdmin(hubspotSandboxOf(env).url);
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('partners, contacts, invoices and payments arrive in HubSpot; a second sync writes nothing', async () => {
    expect(sapFlows().map((f) => f.template).sort()).toEqual(['sapb1-hubspot/contacts', 'sapb1-hubspot/customers', 'sapb1-hubspot/invoices', 'sapb1-hubspot/payments']);
    const runs = await runSap();
    for (const r of runs) expect([r.status, r.error?.message ?? null, r.counts.failed]).toEqual(['succeeded', null, 0]);
    // The four flows ran one after another on one Service Layer session (each login holds a licence seat).
    expect((await sap<{ byEndpoint: Record<string, number> }>('GET', 'requests')).byEndpoint['POST Login']).toBe(1);

    const customers = (await records('BusinessPartners')).filter((p) => p.CardType === 'cCustomer');
    const companies = (await hub.records('companies')).filter((c) => c.properties.ml_sapb1_card_code);
    expect(companies.map((c) => c.properties.ml_sapb1_card_code).sort()).toEqual(customers.map((p) => p.CardCode).sort());
    const first = customers[0]!;
    const company = companies.find((c) => c.properties.ml_sapb1_card_code === first.CardCode)!;
    expect(company.properties.name).toBe(String(first.CardName).trim());
    expect(Number(company.properties.ml_credit_limit)).toBe(Number(first.CreditLimit));

    const invoices = (await records('Invoices')).filter((i) => i.Cancelled !== 'tYES' && (i.CancelStatus ?? 'csNo') === 'csNo');
    const hubInvoices = (await hub.records('invoices')).filter((i) => i.properties.ml_sapb1_doc_entry);
    expect(hubInvoices.map((i) => Number(i.properties.ml_sapb1_doc_entry)).sort((a, b) => a - b)).toEqual(invoices.map((i) => Number(i.DocEntry)).sort((a, b) => a - b));
    // Paid in full in SAP ⇔ paid in HubSpot, with the balance SAP computed.
    for (const inv of invoices) {
      const h = hubInvoices.find((x) => Number(x.properties.ml_sapb1_doc_entry) === Number(inv.DocEntry))!;
      const balance = Math.round((Number(inv.DocTotal) - Number(inv.PaidToDate)) * 100) / 100;
      if (Number(inv.PaidToDate) > 0) expect(Number(h.properties.ml_balance_due), `invoice ${String(inv.DocEntry)}`).toBeCloseTo(balance, 2);
      if (balance === 0) expect(h.properties.ml_payment_status).toBe('paid');
    }

    await hub.resetCounters();
    const again = await runSap();
    for (const r of again) expect(r.counts.created + r.counts.updated + r.counts.failed, JSON.stringify(r)).toBe(0);
    expect(writeRequests((await hub.counters()).byEndpoint)).toBe(0);
  });

  it('an invoice whose partner is not in HubSpot yet creates the company first (missingParent create)', async () => {
    const flows = sapFlows();
    expect(flows.find((f) => f.template === 'sapb1-hubspot/invoices')!.mapping.missingParent).toBe('create');
    await sap('POST', 'records/BusinessPartners', { CardCode: 'CNEW01', CardName: 'Brand New Customer Ltd', CardType: 'cCustomer' });
    const invoice = await sap('POST', 'records/Invoices', { CardCode: 'CNEW01', DocumentLines: [{ ItemCode: 'A00001', Quantity: 3, UnitPrice: 40 }] });
    // Only the invoice flow runs: the partner flow has not seen CNEW01.
    const [run] = await env.service.engine.runNow([flowId('invoices')]);
    // The run counts both records it created in HubSpot: the company (through the partner flow) and the invoice.
    expect(run!.counts).toMatchObject({ created: 2, failed: 0, waiting: 0 });
    const company = (await hub.records('companies')).find((c) => c.properties.ml_sapb1_card_code === 'CNEW01');
    expect(company?.properties.name).toBe('Brand New Customer Ltd');
    const hubInvoice = (await hub.records('invoices')).find((i) => i.properties.ml_sapb1_doc_entry === String(invoice.DocEntry))!;
    expect(hubInvoice.associations.companies?.map((a) => a.id)).toEqual([company!.id]);
    // The partner flow then finds the company it would write unchanged.
    const [partners] = await env.service.engine.runNow([flowId('customers')]);
    expect(partners!.counts.created + partners!.counts.updated).toBe(0);
  });

  it('bad data fails alone with a reason and a hint, and goes through once fixed', async () => {
    const customer = (await records('BusinessPartners')).find((p) => p.CardType === 'cCustomer')!;
    // A partner with no name, an invoice in a currency HubSpot does not have, and a good invoice beside them.
    await sap('POST', 'records/BusinessPartners', { CardCode: 'CBAD01', CardName: '', CardType: 'cCustomer' });
    const yen = await sap('POST', 'records/Invoices', { CardCode: customer.CardCode, DocCurrency: 'JPY', DocumentLines: [{ ItemCode: 'A00001', Quantity: 2, UnitPrice: 15000 }] });
    const good = await sap('POST', 'records/Invoices', { CardCode: customer.CardCode, DocumentLines: [{ ItemCode: 'A00001', Quantity: 1, UnitPrice: 100 }] });
    // An invoice for a partner HubSpot does not know (its company failed above): it waits for it, alone.
    const orphan = await sap('POST', 'records/Invoices', { CardCode: 'CBAD01', DocumentLines: [{ ItemCode: 'A00001', Quantity: 1, UnitPrice: 50 }] });

    const runs = await runSap();
    const byFlow = (key: string) => runs.find((r) => r.flowId === flowId(key))!;
    expect(byFlow('customers').counts).toMatchObject({ created: 0, failed: 1 });
    expect(byFlow('invoices').counts).toMatchObject({ created: 1, failed: 1 });

    const failed = await env.service.impl['audit:query']({ flowIds: sapFlows().map((f) => f.id), actions: ['failed'], unresolvedOnly: true, limit: 50 });
    const noName = failed.events.find((e) => e.sourceId === 'CBAD01')!;
    expect(noName.error!.message).toMatch(/no name/i);
    expect(noName.error!.hint).toBeTruthy();
    const currency = failed.events.find((e) => e.sourceId === String(yen.DocEntry))!;
    expect(currency.error!.message).toMatch(/JPY/);
    expect(currency.error!.hint).toBeTruthy();
    const hubInvoices = await hub.records('invoices');
    expect(hubInvoices.some((i) => i.properties.ml_sapb1_doc_entry === String(good.DocEntry))).toBe(true);
    expect(hubInvoices.some((i) => i.properties.ml_sapb1_doc_entry === String(orphan.DocEntry))).toBe(false);
    const waiting = await env.service.impl['audit:query']({ flowId: flowId('invoices'), actions: ['waiting', 'failed'], text: String(orphan.DocEntry), limit: 5 });
    expect(waiting.events.map((e) => [e.action, e.error?.code])).toEqual([['waiting', 'PARENT_MISSING']]);
    expect(waiting.events[0]!.error!.message).toContain('CBAD01');
    expect(waiting.events[0]!.error!.hint).toBeTruthy();

    // The fixes: a name in SAP (the next poll reads the edit), the currency added in HubSpot (replay).
    await sap('PATCH', 'records/BusinessPartners/CBAD01', { changes: { CardName: 'Fixed Name Ltd' } });
    const added = await fetch(`${hubspotSandboxOf(env).url}/__sandbox/currencies`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'JPY' }) });
    expect(added.status).toBe(200);

    const next = await runSap();
    expect(next.find((r) => r.flowId === flowId('customers'))!.counts).toMatchObject({ created: 1, failed: 0 });
    const replay = await env.service.impl['audit:replay']({ ids: [currency.id] });
    expect(replay.results.map((r) => [r.action, r.error?.message ?? null])).toEqual([['created', null]]);
    const companies = await hub.records('companies');
    expect(companies.find((c) => c.properties.ml_sapb1_card_code === 'CBAD01')?.properties.name).toBe('Fixed Name Ltd');
    const yenInHub = (await hub.records('invoices')).find((i) => i.properties.ml_sapb1_doc_entry === String(yen.DocEntry));
    expect(yenInHub?.properties.hs_currency).toBe('JPY');
    expect((await hub.records('invoices')).some((i) => i.properties.ml_sapb1_doc_entry === String(orphan.DocEntry))).toBe(true);
    const left = await env.service.impl['audit:query']({ flowIds: sapFlows().map((f) => f.id), actions: ['failed'], unresolvedOnly: true, limit: 50 });
    expect(left.events).toEqual([]);
  });
});
