// Re-sync from a date over real sockets: Sage 300 customers → HubSpot companies.
// Sage 300 stamps changes by date only. Records are changed in the Sage 300 sandbox on known days that the
// regular polls no longer look at (the watermark is today), one company is edited in HubSpot behind our
// back; a re-sync from a date re-reads at least everything changed since then (whole days), writes only the
// records that differ in HubSpot, leaves the flow's cursor where it was, and a second re-sync writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import type { FlowRow } from '../../main/store/index.ts';
import { dispatch } from '../../main/service/dispatch.ts';
import type { Run } from '../../preload/contract/index.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf, sageApi, writeRequests, type SageLine } from '../support/sandboxes.ts';
import { until } from '../support/until.ts';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('re-sync from a date', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let flow: FlowRow;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 20, seed: 7 } });
    flow = env.service.ctx.store.flows.list().find((f) => f.template === 'sage300-hubspot/customers')!;
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  /** Runs the re-sync through the service and waits for its run to finish. */
  async function resync(from: string): Promise<Run> {
    const queued = await env.service.impl['runs:resync']({ flowId: flow.id, from });
    expect(queued.trigger).toBe('resync');
    return until('the re-sync run to finish', async () => {
      const run = await env.service.impl['runs:get']({ id: queued.id });
      return run.finishedAt ? run : null;
    });
  }

  it('re-reads what changed since the date, writes only what differs in HubSpot, keeps the cursor, and a second re-sync writes nothing', async () => {
    const sage = sageApi(env.sandboxes.sage300!.line as unknown as SageLine);
    const hub = hubspotAdmin(hubspotSandboxOf(env).url);
    const now = Date.now();
    const today = dayOf(now);
    const weekAgo = dayOf(now - 7 * DAY_MS);
    const threeDaysAgo = dayOf(now - 3 * DAY_MS);

    // Every customer's last change goes back at least two weeks, then the first sync writes them all.
    const customers = await sage.all<{ CustomerNumber: string; City: string }>('AR/ARCustomers?$select=CustomerNumber,City');
    await sage.admin('today', { date: dayOf(now - 20 * DAY_MS) });
    for (const c of customers) await sage.admin('edit', { resource: 'ARCustomers', key: c.CustomerNumber, changes: { City: c.City } });
    const [first] = await env.service.engine.runNow([flow.id], { full: true });
    expect(first!.counts.created).toBe(customers.length);
    const ids = customers.map((c) => c.CustomerNumber.trim());
    const [oldEdit, cityB, cityC, touched, untouched] = ids;

    // Changes on days the regular polls no longer read (the watermark is today): a week ago, three days ago.
    await sage.admin('today', { date: weekAgo });
    await sage.admin('edit', { resource: 'ARCustomers', key: oldEdit, changes: { City: 'Weekago' } });
    await sage.admin('today', { date: threeDaysAgo });
    await sage.admin('edit', { resource: 'ARCustomers', key: cityB, changes: { City: 'Bern' } });
    await sage.admin('edit', { resource: 'ARCustomers', key: cityC, changes: { City: 'Chur' } });
    // Maintained in Sage 300 but with the same values: read again, unchanged…
    await sage.admin('edit', { resource: 'ARCustomers', key: touched, changes: { City: customers[3]!.City } });
    await sage.admin('edit', { resource: 'ARCustomers', key: untouched, changes: { City: customers[4]!.City } });
    await sage.admin('today', { date: today });
    // …except that someone edited this one's company in HubSpot behind our back.
    const companies = await hub.records('companies');
    const companyOf = (id: string) => companies.find((r) => r.properties.ml_sage300_customer_number === id)!;
    await hub.edit('companies', companyOf(touched!).id, { city: 'Edited in HubSpot' });

    // A regular poll does not see them: they are older than its watermark's overlap.
    const [poll] = await env.service.engine.runNow([flow.id]);
    expect(poll!.counts.updated).toBe(0);
    const cursorBefore = env.service.ctx.store.watermarks.get(flow.id, flow.sourceEntity);
    expect(cursorBefore.value).toBe(dayOf(Date.parse(poll!.startedAt) - 60_000));

    // The cursor, as the Flows page and `ml-connector cursors` show it.
    const [cursor] = await env.service.impl['flows:cursors']({ flowId: flow.id });
    expect(cursor).toMatchObject({ entity: 'arCustomers', raw: cursorBefore.value, local: cursorBefore.value, timeZone: 'UTC', timeZoneFrom: 'utc', window: { stamp: 'date', overlapSeconds: 86_400, field: 'DateLastMaintained' }, safetyLagSeconds: 60, resumingFrom: null });

    // The estimate comes from the audit log (every customer was read since the first sync) and names its basis.
    const estimate = await env.service.impl['runs:resyncEstimate']({ flowId: flow.id, from: threeDaysAgo });
    expect(estimate).toMatchObject({ from: `${threeDaysAgo}T00:00:00.000Z`, timeZone: 'UTC', wholeDays: true, since: threeDaysAgo, basis: 'audit-history', compared: 'live', records: customers.length });
    expect(estimate.calls).toEqual({ sourceReads: 1, destinationReads: 1, destinationWritesAtMost: 1 });

    await hub.resetCounters();
    const run = await resync(threeDaysAgo);
    expect(run).toMatchObject({ trigger: 'resync', status: 'succeeded', resyncFrom: `${threeDaysAgo}T00:00:00.000Z` });
    const events = (await env.service.impl['audit:query']({ flowId: flow.id, runId: run.id, limit: 500 })).events;
    const read = new Set(events.map((e) => e.sourceId));
    // At least everything changed since the date (whole days, from the day before); not the week-old edit.
    for (const id of [cityB, cityC, touched, untouched]) expect(read.has(id!)).toBe(true);
    expect(read.has(oldEdit!)).toBe(false);
    // Written: the two changed in Sage 300 and the one edited in HubSpot; the untouched one is unchanged.
    const written = events.filter((e) => e.action === 'updated').map((e) => e.sourceId).sort();
    expect(written).toEqual([cityB, cityC, touched].sort());
    expect(events.find((e) => e.sourceId === untouched)?.action).toBe('unchanged');
    expect(run.counts.created).toBe(0);
    const after = await hub.records('companies');
    const cityIn = (id: string) => after.find((r) => r.properties.ml_sage300_customer_number === id)!.properties.city;
    expect([cityIn(cityB!), cityIn(cityC!), cityIn(touched!)]).toEqual(['Bern', 'Chur', customers[3]!.City.trim()]);
    expect(cityIn(oldEdit!)).not.toBe('Weekago');

    // The cursor did not move: the regular polls go on from where they were.
    expect(env.service.ctx.store.watermarks.get(flow.id, flow.sourceEntity)).toEqual(cursorBefore);

    // Idempotent: a second re-sync from the same date writes nothing to HubSpot.
    await hub.resetCounters();
    const again = await resync(threeDaysAgo);
    expect(again.status).toBe('succeeded');
    expect(again.counts.created + again.counts.updated).toBe(0);
    expect(again.counts.unchanged).toBe(again.counts.read);
    expect(writeRequests((await hub.counters()).byEndpoint)).toBe(0);

    // The runs list shows it as a re-sync, with its date.
    const runs = await env.service.impl['runs:list']({ flowId: flow.id, limit: 10 });
    expect(runs.filter((r) => r.trigger === 'resync').map((r) => r.resyncFrom)).toEqual([`${threeDaysAgo}T00:00:00.000Z`, `${threeDaysAgo}T00:00:00.000Z`]);
  });

  it('refuses a date that is not one, and a date in the future, saying why', async () => {
    const bad = await dispatch(env.service.impl, 'runs:resync', { flowId: flow.id, from: '2026-02-30' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(JSON.stringify(bad)).toContain('not a date: use a date such as 2026-12-01');
    const future = await dispatch(env.service.impl, 'runs:resync', { flowId: flow.id, from: dayOf(Date.now() + 3 * DAY_MS) });
    expect(future).toMatchObject({ ok: false, error: { code: 'FROM_IN_FUTURE' } });
  });
});
