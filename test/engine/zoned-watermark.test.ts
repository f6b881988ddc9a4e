// A source that stamps server-local times, across the night clocks fall back: SAP Business One in New
// York stamps UpdateDate/UpdateTime on its wall clock, where 01:00–02:00 happens twice on 2026-11-01.
// A partner edited at 01:10 in the second pass, after a run read everything up to 01:50 in the first,
// must still reach HubSpot. Real sandboxes over sockets, the real service and engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf } from '../support/sandboxes.ts';

type Row = Record<string, unknown>;
const ZONE = 'America/New_York';

describe('watermarks of a server-local source across a DST change', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  const sap = async <T = Row>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${String(env.sandboxes.sapb1!.line.admin)}/${route}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const text = await res.text();
    if (!res.ok) throw new Error(`SAP sandbox admin ${method} ${route}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const customersFlow = () => env.flows.find((f) => f.template === 'sapb1-hubspot/customers')!;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sapb1', 'hubspot'], dataDir: tmp.dir, sapb1: { records: 8, seed: 5, switches: { timeZone: ZONE } } });
    const conn = env.connections.sapb1!;
    await env.service.impl['connections:update']({ id: conn.id, patch: { settings: { ...conn.settings, timeZone: ZONE } } });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('stores the watermark as an instant, shows the zone on the flow, and reads a change made in the repeated hour', async () => {
    const flow = customersFlow();
    const [first] = await env.service.engine.runNow([flow.id]);
    expect([first!.status, first!.error?.message ?? null]).toEqual(['succeeded', null]);
    expect(env.service.ctx.store.watermarks.get(flow.id, flow.sourceEntity).value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const view = (await env.service.impl['flows:list'](undefined)).find((f) => f.id === flow.id)!;
    expect(view.sourceTimeZone).toBe(ZONE);

    // As if the last run had read everything up to 01:50 EDT (05:50Z), just before clocks fell back...
    env.service.ctx.store.watermarks.set(flow.id, flow.sourceEntity, { value: '2026-11-01T05:50:00.000Z', resume: null, windowSince: null });
    // ...and a user renamed a partner twenty minutes later: 06:10Z, stamped 01:10 on the server's clock.
    await sap('POST', 'clock/at', { now: '2026-11-01T06:10:00Z' });
    const partner = (await sap<{ results: Row[] }>('GET', 'records/BusinessPartners?limit=1000')).results.find((p) => p.CardType === 'cCustomer')!;
    await sap('PATCH', `records/BusinessPartners/${String(partner.CardCode)}`, { changes: { CardName: 'Renamed In The Repeated Hour Ltd' } });
    const stamped = (await sap<Row>('GET', `records/BusinessPartners/${String(partner.CardCode)}`));
    expect([stamped.UpdateDate, String(stamped.UpdateTime).slice(0, 5)]).toEqual([expect.stringMatching(/^2026-11-01/), '01:10']);

    const [next] = await env.service.engine.runNow([flow.id]);
    expect([next!.status, next!.counts.updated]).toEqual(['succeeded', 1]);
    const companies = await hubspotAdmin(hubspotSandboxOf(env).url).records('companies');
    expect(companies.find((c) => c.properties.ml_sapb1_card_code === partner.CardCode)?.properties.name).toBe('Renamed In The Repeated Hour Ltd');
  });
});
