// Two SAP Business One companies with the same CardCodes and DocEntries into one HubSpot portal (issue #12):
// the second connection's flows carry a key prefix, so each business partner becomes two distinct
// companies, each company's invoices stay with it, and a second sync writes nothing.
// Real sandboxes over sockets, the real service and engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestFor } from '../../connectors/index.ts';
import type { RunningSandbox } from '../../connectors/kit/sandbox/types.ts';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf, sapAdmin, writeRequests } from '../support/sandboxes.ts';

// CardCodes (C00001…) and DocEntries (1…) are the same in both; another seed gives other names and contact
// e-mail addresses (HubSpot itself keeps one contact per e-mail address, whichever company it comes from).
const SANDBOX = { records: 6, seed: 3 };
const SECOND = { records: 6, seed: 4 };

describe('two SAP Business One companies into one HubSpot portal', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let second: RunningSandbox;
  const impl = () => env.service.impl;
  const hub = () => hubspotAdmin(hubspotSandboxOf(env).url);
  const sap = (sandbox: RunningSandbox) => sapAdmin(String(sandbox.line.admin));
  const customersOf = async (sandbox: RunningSandbox): Promise<string[]> =>
    (await sap(sandbox).records<{ CardCode: string; CardType: string }>('BusinessPartners')).filter((p) => p.CardType === 'cCustomer').map((p) => p.CardCode).sort();

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sapb1', 'hubspot'], dataDir: tmp.dir, sapb1: SANDBOX });
    const manifest = manifestFor('sapb1')!;
    second = await (await manifest.capabilities!.sandbox!())({ port: 0, ...SECOND });
  });
  afterAll(async () => {
    await env?.close();
    await second?.close();
    tmp?.cleanup();
  });

  it('the template offers the prefix; the second company needs one of its own', async () => {
    expect((await impl()['flows:templates'](undefined)).find((t) => t.id === 'sapb1-hubspot')!.keyPrefix).toBe(true);
    const conn = await impl()['connections:create']({ system: 'sapb1', name: 'SAP B1 Europe', ...manifestFor('sapb1')!.capabilities!.demo!.connection(second.line) });
    const crmConnectionId = env.connections.hubspot!.id;
    await expect(impl()['flows:fromTemplate']({ template: 'sapb1-hubspot', erpConnectionId: conn.id, crmConnectionId })).rejects.toMatchObject({ code: 'KEY_PREFIX_NEEDED' });
    const flows = await impl()['flows:fromTemplate']({ template: 'sapb1-hubspot', erpConnectionId: conn.id, crmConnectionId, keyPrefix: 'EU-' });
    expect(flows.map((f) => f.mapping.key.prefix)).toEqual(flows.map(() => 'EU-'));
  });

  it('each CardCode becomes two companies, one per SAP company, invoices on their own, and a second sync writes nothing', async () => {
    const codes = await customersOf(env.sandboxes.sapb1!);
    expect(await customersOf(second)).toEqual(codes); // the same CardCodes in both companies

    const runs = await env.service.engine.runNow(undefined, { full: true });
    for (const r of runs) expect([r.status, r.error?.message ?? null, r.counts.failed]).toEqual(['succeeded', null, 0]);

    const companies = (await hub().records('companies')).filter((c) => c.properties.ml_sapb1_card_code);
    expect(companies.map((c) => String(c.properties.ml_sapb1_card_code)).sort()).toEqual([...codes, ...codes.map((c) => `EU-${c}`)].sort());
    expect(new Set(companies.map((c) => c.id)).size).toBe(codes.length * 2);

    // The same DocEntry in both companies is two HubSpot invoices, each associated with its own company.
    const euCompanies = new Set(companies.filter((c) => String(c.properties.ml_sapb1_card_code).startsWith('EU-')).map((c) => c.id));
    const invoices = (await hub().records('invoices')).filter((i) => i.properties.ml_sapb1_doc_entry);
    const eu = invoices.filter((i) => String(i.properties.ml_sapb1_doc_entry).startsWith('EU-'));
    expect(eu.length).toBeGreaterThan(0);
    expect(invoices.length - eu.length).toBeGreaterThan(0);
    expect(eu.some((i) => invoices.some((h) => h.properties.ml_sapb1_doc_entry === String(i.properties.ml_sapb1_doc_entry).slice(3)))).toBe(true);
    for (const i of invoices) {
      const company = i.associations.companies?.[0]?.id;
      expect(company, `invoice ${String(i.properties.ml_sapb1_doc_entry)}`).toBeDefined();
      expect(euCompanies.has(String(company))).toBe(String(i.properties.ml_sapb1_doc_entry).startsWith('EU-'));
    }

    await hub().resetCounters();
    const again = await env.service.engine.runNow(undefined);
    for (const r of again) expect(r.counts.created + r.counts.updated + r.counts.failed, JSON.stringify(r)).toBe(0);
    expect(writeRequests((await hub().counters()).byEndpoint)).toBe(0);
  });
});
