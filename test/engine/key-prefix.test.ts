// Two Sage 300 companies with the same customer numbers into one HubSpot portal (issue #12): the second
// connection's flows carry a key prefix, so each customer becomes two distinct companies, each company's
// contacts and invoices stay with it, and an edit made in HubSpot goes back to its own company only.
// Real sandboxes over sockets, the real service and engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestFor } from '../../connectors/index.ts';
import type { RunningSandbox } from '../../connectors/kit/sandbox/types.ts';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import type { Flow } from '../../preload/contract/index.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf, sageApi, type SageLine } from '../support/sandboxes.ts';

// Customer numbers are C000001… in both; another seed gives other names and contact e-mail addresses
// (HubSpot itself keeps one contact per e-mail address, whichever company it comes from).
const SANDBOX = { records: 6, seed: 3 };
const SECOND = { records: 6, seed: 4 };

describe('two companies of the same system into one CRM', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let second: RunningSandbox;
  let secondFlows: Flow[];
  const impl = () => env.service.impl;
  const hub = () => hubspotAdmin(hubspotSandboxOf(env).url);
  const customersOf = async (sandbox: RunningSandbox): Promise<string[]> =>
    (await sageApi(sandbox.line as unknown as SageLine).all<{ CustomerNumber: string }>('AR/ARCustomers?$select=CustomerNumber')).map((c) => c.CustomerNumber.trim()).sort();

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: SANDBOX });
    const manifest = manifestFor('sage300')!;
    second = await (await manifest.capabilities!.sandbox!())({ port: 0, ...SECOND });
    const { settings, secrets } = manifest.capabilities!.demo!.connection(second.line);
    const conn = await impl()['connections:create']({ system: 'sage300', name: 'Sage 300 Europe', settings, secrets });
    secondFlows = await impl()['flows:fromTemplate']({ template: 'sage300-hubspot', erpConnectionId: conn.id, crmConnectionId: env.connections.hubspot!.id, keyPrefix: 'EU-' });
  });
  afterAll(async () => {
    await env?.close();
    await second?.close();
    tmp?.cleanup();
  });

  it('the template offers the prefix, and a second company without one is refused', async () => {
    expect((await impl()['flows:templates'](undefined)).find((t) => t.id === 'sage300-hubspot')!.keyPrefix).toBe(true);
    const third = await impl()['connections:create']({ system: 'sage300', name: 'Sage 300 third', ...manifestFor('sage300')!.capabilities!.demo!.connection(second.line) });
    const refused = await impl()['flows:fromTemplate']({ template: 'sage300-hubspot', erpConnectionId: third.id, crmConnectionId: env.connections.hubspot!.id }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'KEY_PREFIX_NEEDED' });
    expect((refused as Error).message).toContain('Sage 300 (sandbox)');
    await expect(impl()['flows:fromTemplate']({ template: 'sage300-hubspot', erpConnectionId: third.id, crmConnectionId: env.connections.hubspot!.id, keyPrefix: 'EU-' })).rejects.toMatchObject({ code: 'KEY_PREFIX_TAKEN' });
    await impl()['connections:delete']({ id: third.id });
  });

  it('each customer number becomes two companies, one per Sage company, and a second sync writes nothing', async () => {
    const numbers = await customersOf(env.sandboxes.sage300!);
    expect(await customersOf(second)).toEqual(numbers); // the same customer numbers in both companies

    const runs = await env.service.engine.runNow(undefined, { full: true });
    for (const r of runs) expect([r.status, r.error?.message ?? null, r.counts.failed]).toEqual(['succeeded', null, 0]);

    const companies = (await hub().records('companies')).filter((c) => c.properties.ml_sage300_customer_number);
    const keys = companies.map((c) => String(c.properties.ml_sage300_customer_number)).sort();
    expect(keys).toEqual([...numbers, ...numbers.map((n) => `EU-${n}`)].sort());
    expect(new Set(companies.map((c) => c.id)).size).toBe(numbers.length * 2);

    // Each company's invoices are associated with its own HubSpot company.
    const euCompanies = new Set(companies.filter((c) => String(c.properties.ml_sage300_customer_number).startsWith('EU-')).map((c) => c.id));
    const invoices = (await hub().records('invoices')).filter((i) => i.properties.ml_sage300_invoice_number);
    const eu = invoices.filter((i) => String(i.properties.ml_sage300_invoice_number).startsWith('EU-'));
    expect(eu.length).toBeGreaterThan(0);
    expect(invoices.length - eu.length).toBeGreaterThan(0);
    for (const i of invoices) {
      const company = i.associations.companies?.[0]?.id;
      expect(company, `invoice ${String(i.properties.ml_sage300_invoice_number)}`).toBeDefined();
      expect(euCompanies.has(String(company))).toBe(String(i.properties.ml_sage300_invoice_number).startsWith('EU-'));
    }

    const again = await env.service.engine.runNow(undefined);
    for (const r of again) expect([r.flowId, r.counts.created + r.counts.updated]).toEqual([r.flowId, 0]);
    expect(secondFlows.find((f) => f.template === 'sage300-hubspot/company-edits')!.mapping.key.sourcePrefix).toBe('EU-');
  });

  it('a phone edited in HubSpot on a company goes back to its own Sage company only, without the prefix', async () => {
    const companies = await hub().records('companies');
    const number = (await customersOf(second))[2]!;
    const eu = companies.find((c) => c.properties.ml_sage300_customer_number === `EU-${number}`)!;
    const home = companies.find((c) => c.properties.ml_sage300_customer_number === number)!;
    await hub().edit('companies', eu.id, { phone: '+33 1 70 00 00 42' });
    await env.service.engine.runNow(undefined);
    const sage = (s: RunningSandbox) => sageApi(s.line as unknown as SageLine).one<{ PhoneNumber: string }>(`AR/ARCustomers('${number}')`);
    expect((await sage(second)).PhoneNumber).toBe('+33 1 70 00 00 42');
    expect((await sage(env.sandboxes.sage300!)).PhoneNumber).not.toBe('+33 1 70 00 00 42');
    expect((await hub().records('companies')).find((c) => c.id === home.id)!.properties.phone).toBe(home.properties.phone);
  });
});
