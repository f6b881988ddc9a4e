// Missing-parent policy per flow over real sockets: Sage 300 customer contacts → HubSpot contacts run
// before any company exists. With `wait` (the template's choice) every contact waits for its company;
// switched to `create`, each missing company is written first through the Customers → Companies flow
// (read by id from Sage 300, mapped with that flow's mapping, audited under that flow), then the
// contact, associated to it. The customers flow then finds those companies unchanged: no duplicate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf, sageApi, type SageLine } from '../support/sandboxes.ts';

describe('missing-parent policy per flow', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  const flowOf = (key: string) => env.flows.find((f) => f.template === `sage300-hubspot/${key}`)!;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 25, seed: 3 } });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('the template chooses wait: a contact whose company is not written yet waits', async () => {
    const contacts = flowOf('contacts');
    expect(contacts.mapping.missingParent).toBe('wait');
    const [run] = await env.service.engine.runNow([contacts.id]);
    expect(run!.counts.read).toBeGreaterThan(0);
    expect(run!.counts.waiting).toBe(run!.counts.read);
    expect(await hubspotAdmin(hubspotSandboxOf(env).url).records('companies')).toHaveLength(0);
  });

  it('create: each missing company is written first through the customers flow, then its contacts', async () => {
    const hub = hubspotAdmin(hubspotSandboxOf(env).url);
    const sage = sageApi(env.sandboxes.sage300!.line as unknown as SageLine);
    const contacts = flowOf('contacts');
    const customers = flowOf('customers');
    const { mapping } = await env.service.impl['flows:get']({ id: contacts.id });
    await env.service.impl['flows:update']({ id: contacts.id, patch: { mapping: { ...mapping, missingParent: 'create' } } });

    const [run] = await env.service.engine.runNow([contacts.id]);
    expect(run!.status).toBe('succeeded');
    expect(run!.counts.waiting).toBe(0);
    // The run's counts cover both writes: the companies written first (through the customers flow) and
    // the contacts — every record it made in HubSpot.
    const written = run!.counts.created + run!.counts.updated;
    expect(written).toBeGreaterThan(0);

    // Every contact in HubSpot sits on the company of its own Sage 300 customer, and each company was
    // created once, by the customers flow, in this run.
    const companies = await hub.records('companies');
    const hubContacts = await hub.records('contacts');
    expect(hubContacts.length + companies.length).toBe(written);
    const numbers = new Set(hubContacts.map((c) => c.properties.ml_sage300_contact_key));
    expect(companies.map((c) => c.properties.ml_sage300_customer_number).sort()).toEqual([...numbers].sort());
    const companyOf = new Map(companies.map((c) => [c.id, c.properties.ml_sage300_customer_number]));
    for (const c of hubContacts) expect(c.associations.companies?.map((a) => companyOf.get(a.id))).toEqual([c.properties.ml_sage300_contact_key]);
    const parentEvents = await env.service.impl['audit:query']({ flowId: customers.id, runId: run!.id, limit: 1000 });
    expect(parentEvents.events.map((e) => e.action)).toEqual(companies.map(() => 'created'));
    const sageNames = new Map((await sage.all<{ CustomerNumber: string; CustomerName: string }>('AR/ARCustomers?$select=CustomerNumber,CustomerName')).map((c) => [c.CustomerNumber, c.CustomerName.trim()]));
    for (const c of companies) expect(c.properties.name).toBe(sageNames.get(c.properties.ml_sage300_customer_number!));

    // The customers flow itself then finds those companies as they are, and writes only the others.
    const [own] = await env.service.engine.runNow([customers.id]);
    expect(own!.counts.unchanged).toBe(companies.length);
    expect(own!.counts.created).toBe(sageNames.size - companies.length);
    expect(await hub.records('companies')).toHaveLength(sageNames.size);
  });

  it('a parent the source does not have: the contact waits and says why', async () => {
    const contacts = flowOf('contacts');
    const { mapping } = await env.service.impl['flows:get']({ id: contacts.id });
    // Point the association at a customer number no Sage 300 customer has.
    const orphan = { ...mapping, associations: mapping.associations.map((a) => ({ ...a, from: 'Email' })) };
    await env.service.impl['flows:update']({ id: contacts.id, patch: { mapping: orphan } });
    const [run] = await env.service.engine.runNow([contacts.id], { full: true });
    expect(run!.counts.waiting).toBeGreaterThan(0);
    const { events } = await env.service.impl['audit:query']({ flowId: contacts.id, runId: run!.id, actions: ['waiting'], limit: 1 });
    expect(events[0]!.error!.message).toMatch(/has not been written yet and could not be written first: arCustomers has no record ".+"/);
    expect(events[0]!.error!.cause).toBe('destination');
  });
});
