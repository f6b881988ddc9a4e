// Dimension values on vendors made from HubSpot companies: over the Intacct and HubSpot
// sandboxes, the real service and engine. The template maps the company's "Intacct department" onto the
// vendor's DEPARTMENTID; the admin maps another HubSpot property onto a user-defined dimension the
// gateway lists for VENDOR (GLDIMPARTNER); a value Intacct does not know fails that vendor alone with the
// gateway's words and a hint, and a replay after the fix in HubSpot creates exactly one vendor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf } from '../support/sandboxes.ts';

type Row = Record<string, unknown>;

describe('Sage Intacct ↔ HubSpot: dimensions of new vendors', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  const intacct = async (route: string, body: unknown): Promise<Row | Row[] | null> => {
    const res = await fetch(`${String(env.sandboxes.intacct!.line.admin)}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return res.status === 404 ? null : ((await res.json()) as Row);
  };
  const hubApi = async (method: string, path: string, body: unknown): Promise<Row> => {
    const { url, token } = hubspotSandboxOf(env);
    const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return (await res.json()) as Row;
  };
  const company = async (properties: Record<string, string>) => String((await hubApi('POST', '/crm/v3/objects/companies', { properties })).id);
  const newVendors = () => env.flows.find((f) => f.template === 'intacct-hubspot/new-vendors')!;
  const sync = () => env.service.engine.runNow(env.flows.filter((f) => f.template?.startsWith('intacct-hubspot')).map((f) => f.id));

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['intacct', 'hubspot'], dataDir: tmp.dir, intacct: { records: 4, seed: 12 } });
    await sync();
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('maps the department and an admin-mapped user-defined dimension; an unknown value fails that vendor alone with a hint; replay after the fix creates one vendor', async () => {
    // The admin adds a HubSpot property and maps it onto the partner dimension the gateway offers for VENDOR.
    await hubApi('POST', '/crm/v3/properties/companies', { name: 'ml_partner', label: 'Channel partner', type: 'string', fieldType: 'text', groupName: 'companyinformation' });
    const flow = newVendors();
    // The mapping editor's destination fields: the standard dimensions, and the UDD the gateway lists.
    const fields = await env.service.impl['flows:fields']({ connectionId: flow.destConnectionId, side: 'dest', name: 'vendors' });
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['DEPARTMENTID', 'LOCATIONID', 'GLDIMPARTNER']));
    const { mapping } = await env.service.impl['flows:get']({ id: flow.id });
    await env.service.impl['flows:update']({ id: flow.id, patch: { mapping: { ...mapping, fields: [...mapping.fields, { to: 'GLDIMPARTNER', from: 'ml_partner', transform: [{ fn: 'trim' }] }] } } });

    const good = await company({ name: 'Dimension Goods Ltd', ml_intacct_vendor: 'true', ml_intacct_department: 'OPS', ml_partner: 'P-CORE' });
    const bad = await company({ name: 'Unknown Partner Inc', ml_intacct_vendor: 'true', ml_intacct_department: 'SAL', ml_partner: 'P-NOPE' });
    const [run] = await env.service.engine.runNow([flow.id]);
    expect(run!.counts).toMatchObject({ created: 1, failed: 1 });

    expect(await intacct('record', { object: 'VENDOR', key: `HS-${good}` })).toMatchObject({ DEPARTMENTID: 'OPS', GLDIMPARTNER: 'P-CORE', NAME: 'Dimension Goods Ltd' });
    expect(await intacct('record', { object: 'VENDOR', key: `HS-${bad}` })).toBeNull();
    const { events } = await env.service.impl['audit:query']({ flowId: flow.id, actions: ['failed'], unresolvedOnly: true, limit: 10 });
    expect(events).toHaveLength(1);
    const failed = events[0]!;
    expect(failed.sourceId).toBe(bad);
    expect(failed.error?.message).toContain("Invalid Partner 'P-NOPE' specified.");
    // The value came from HubSpot: the hint names the record to fix there (or the mapping); a replay re-reads it.
    expect(failed.error?.hint).toBe(`Fix it in HubSpot, in Companies record ${bad} (Unknown Partner Inc) — or in the flow's mapping — then replay.`);
    expect(failed.error?.cause).toBe('source');

    // Fixed in HubSpot, replayed from the audit log: exactly one vendor, with the fixed value.
    await hubspotAdmin(hubspotSandboxOf(env).url).edit('companies', bad, { ml_partner: 'P-ACME' });
    const replay = await env.service.impl['audit:replay']({ ids: [failed.id] });
    expect(replay.results.map((r) => r.action)).toEqual(['created']);
    expect(await intacct('record', { object: 'VENDOR', key: `HS-${bad}` })).toMatchObject({ DEPARTMENTID: 'SAL', GLDIMPARTNER: 'P-ACME' });
    const vendors = (await intacct('records', { object: 'VENDOR' })) as Row[];
    expect(vendors.filter((v) => v.VENDORID === `HS-${bad}`)).toHaveLength(1);

    const [again] = await env.service.engine.runNow([flow.id]);
    expect(again!.counts.created + again!.counts.updated + again!.counts.failed).toBe(0);
  });
});
