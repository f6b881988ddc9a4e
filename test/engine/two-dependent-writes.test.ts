// One source record producing two dependent writes in order, over real sockets: a HubSpot deal marked
// Closed Won becomes a new Sage 300 customer (flow A: deals → AR customers, keyed by the deal's company)
// and then its OE order (flow B: deals → OE orders, a required association to flow A with
// `missingParent: "create"`), the order carrying the customer number A's write returned. Exactly once:
// a run that stops between the two writes, a re-run, a full re-run and a replay leave one customer and
// one order per deal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import type { MappingInput } from '../../preload/contract/index.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotSandboxOf, sageApi, type SageLine } from '../support/sandboxes.ts';

const MARK = 'won in the two-writes test';
// Full reads: the HubSpot deals source lists deals with their company associations, while its incremental
// read (CRM search) returns properties only, so the deal's company would be missing from the key.
const FULL = { full: true } as const;
const won = [
  { field: 'dealstage', op: 'in', value: ['closedwon'] },
  { field: 'description', op: 'equals', value: MARK },
] as const;

describe('one source record, two dependent writes in order', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let sage: ReturnType<typeof sageApi>;
  let customersFlow: string;
  let ordersFlow: string;
  const deals: string[] = [];

  /** A HubSpot company and a Closed Won deal on it, created through HubSpot's API as a salesperson's app would. */
  async function wonDeal(name: string): Promise<{ companyId: string; dealId: string }> {
    const hub = hubspotSandboxOf(env);
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${hub.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${hub.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    };
    const company = await post('/crm/v3/objects/companies', { properties: { name } });
    const deal = await post('/crm/v3/objects/deals', {
      properties: { dealname: `${name} order`, dealstage: 'closedwon', pipeline: 'default', amount: '1200', description: MARK },
      associations: [{ to: { id: company.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }] }],
    });
    deals.push(deal.id);
    return { companyId: company.id, dealId: deal.id };
  }

  const customersNumbered = async (n: string) => (await sage.all<{ CustomerNumber: string; CustomerName: string }>('AR/ARCustomers?$select=CustomerNumber,CustomerName')).filter((c) => c.CustomerNumber.trim() === n);
  const ordersFor = async (dealId: string) =>
    (await sage.all<{ OrderUniquifier: number; CustomerNumber: string; OrderReference: string; PONumber: string }>('OE/OEOrders?$select=OrderUniquifier,CustomerNumber,OrderReference,PONumber')).filter(
      (o) => o.OrderReference?.trim() === `ML-${dealId}` || o.PONumber?.trim() === `ML-${dealId}`,
    );

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 10, seed: 4 } });
    sage = sageApi(env.sandboxes.sage300!.line as unknown as SageLine);
    const hubspot = env.flows.find((f) => f.template === 'sage300-hubspot/customers')!.destConnectionId;
    const sage300 = env.flows.find((f) => f.template === 'sage300-hubspot/customers')!.sourceConnectionId;
    const now = new Date().toISOString();
    customersFlow = randomUUID();
    ordersFlow = randomUUID();
    // Flows made as data, the way a template declares them (the deal's company id is a source path the
    // mapping editor does not list, so they go into the store directly).
    const customers: MappingInput = {
      key: { from: 'associations.companies.0', to: 'CustomerNumber' },
      filter: [...won] as MappingInput['filter'],
      fields: [{ to: 'CustomerName', from: 'dealname', transform: [{ fn: 'truncate', max: 60 }] }, { to: 'GroupCode', value: 'RTL' }],
    };
    const orders: MappingInput = {
      key: { from: 'id', to: 'OrderReference' },
      filter: [...won] as MappingInput['filter'],
      fields: [{ to: 'OrderDescription', from: 'dealname', transform: [{ fn: 'truncate', max: 60 }] }],
      associations: [{ from: 'associations.companies.0', flow: customersFlow, object: 'arCustomers' }],
      missingParent: 'create',
    };
    const base = { template: null, sourceConnectionId: hubspot, sourceEntity: 'deals', destConnectionId: sage300, schedule: { kind: 'manual' }, enabled: true, createdAt: now, updatedAt: now };
    env.service.ctx.store.flows.save({ ...base, id: customersFlow, name: 'Won deals → Sage 300 customers', destObject: 'arCustomers', mapping: customers, dependsOn: [] });
    env.service.ctx.store.flows.save({ ...base, id: ordersFlow, name: 'Won deals → Sage 300 orders', destObject: 'oeOrders', mapping: orders, dependsOn: [customersFlow] });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('writes the new customer first, then its order with the customer number', async () => {
    const { companyId, dealId } = await wonDeal('Northwind Won');
    const posts = async () => Object.values((await sage.requests()).byEndpointStatus).reduce((n, per) => n + (per['201'] ?? 0), 0);
    const before = await posts();
    const [run] = await env.service.engine.runNow([ordersFlow], FULL);
    expect(run!.status).toBe('succeeded');
    // Both writes are this run's: the customer (written first, through its flow) and the order — as many as
    // Sage 300 created.
    expect(run!.counts).toMatchObject({ read: 2, created: 2, failed: 0, waiting: 0 });
    expect(await posts()).toBe(before + 2);

    const [customer] = await customersNumbered(companyId);
    expect(customer!.CustomerName.trim()).toBe('Northwind Won order');
    const orders = await ordersFor(dealId);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.CustomerNumber.trim()).toBe(companyId);
    // The customer's write is audited under its own flow, in the orders run.
    const parent = await env.service.impl['audit:query']({ flowId: customersFlow, runId: run!.id, limit: 10 });
    expect(parent.events.map((e) => [e.sourceId, e.action, e.destId])).toEqual([[companyId, 'created', companyId]]);
  });

  it('a run that stops between the two writes leaves the customer, and the next run adds only the order', async () => {
    const { companyId, dealId } = await wonDeal('Contoso Won');
    // Sage 300 refuses the credentials on the order's POST: the run stops after the customer committed.
    await sage.admin('faults', { once: [{ fault: '401', method: 'POST', resource: 'OEOrders' }] });
    const [stopped] = await env.service.engine.runNow([ordersFlow], FULL);
    expect(stopped!.status).toBe('failed');
    expect(await customersNumbered(companyId)).toHaveLength(1);
    expect(await ordersFor(dealId)).toHaveLength(0);

    const [again] = await env.service.engine.runNow([ordersFlow], FULL);
    expect(again!.status).toBe('succeeded');
    expect(await customersNumbered(companyId)).toHaveLength(1);
    expect(await ordersFor(dealId)).toHaveLength(1);
    // The customer was not written again: its id_map row from the stopped run was found.
    const parent = await env.service.impl['audit:query']({ flowId: customersFlow, runId: again!.id, limit: 10 });
    expect(parent.events).toHaveLength(0);
  });

  it('an order whose answer is lost, a full re-run and a replay still leave one order per deal', async () => {
    const { companyId, dealId } = await wonDeal('Fabrikam Won');
    // Sage 300 commits the order but the answer never arrives: the writer finds it by its reference.
    await sage.admin('faults', { once: [{ fault: 'dropresponse', method: 'POST', resource: 'OEOrders' }] });
    const [run] = await env.service.engine.runNow([ordersFlow], FULL);
    expect(run!.counts.failed + run!.counts.waiting).toBe(0);
    expect(await ordersFor(dealId)).toHaveLength(1);

    const [again] = await env.service.engine.runNow([ordersFlow], FULL);
    expect(again!.counts.created).toBe(0);
    const { events } = await env.service.impl['audit:query']({ flowId: ordersFlow, actions: ['created'], text: dealId, limit: 10 });
    const replay = await env.service.impl['audit:replay']({ ids: [events[0]!.id] });
    // OE orders cannot change: the replay finds the order and sends nothing, and says unchanged.
    expect(replay.results[0]!.action).toBe('unchanged');

    expect(await customersNumbered(companyId)).toHaveLength(1);
    expect(await ordersFor(dealId)).toHaveLength(1);
    // Every deal of this file so far: one order each.
    for (const id of deals) expect(await ordersFor(id), id).toHaveLength(1);
    expect(deals).toHaveLength(3);
  });
});
