// The dashboard's "every one failed" alert, end to end over the Sage 300 and HubSpot sandboxes: a run
// whose only changed record HubSpot refuses raises it (worded for one record), and the next run that
// writes again (or a replay that writes the fixed record) takes it down, so the dashboard does not keep a
// red banner for a flow that works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { sageApi, type SageLine } from '../support/sandboxes.ts';

describe('the NOTHING_WRITTEN alert', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let sage: ReturnType<typeof sageApi>;
  const flowId = (key: string) => env.flows.find((f) => f.template === `sage300-hubspot/${key}`)!.id;
  const openAlerts = async () => (await env.service.impl['settings:alerts']({ includeDismissed: false })).filter((a) => a.code === 'NOTHING_WRITTEN' && a.flowId === flowId('contacts'));

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 20, seed: 4 } });
    sage = sageApi(env.sandboxes.sage300!.line as unknown as SageLine);
    await env.service.engine.runNow([flowId('customers'), flowId('contacts')]);
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('is raised when the only changed record fails, and cleared by the next run that writes', async () => {
    const [contact] = (await env.service.impl['audit:query']({ flowId: flowId('contacts'), actions: ['created'], limit: 1 })).events;
    const customer = contact!.sourceId;
    await sage.admin('edit', { resource: 'ARCustomers', key: customer, changes: { ContactsEmail: 'billing at example dot com' } });
    await env.service.engine.runNow([flowId('contacts')]);
    const [alert] = await openAlerts();
    expect(alert?.message).toBe('Flow "Customer contacts → Contacts" read 1 changed record and it failed.');

    await sage.admin('edit', { resource: 'ARCustomers', key: customer, changes: { ContactsEmail: 'billing@example.com' } });
    await env.service.engine.runNow([flowId('contacts')]);
    expect((await env.service.impl['flows:get']({ id: flowId('contacts') })).lastRun?.counts).toMatchObject({ updated: 1, failed: 0 });
    expect(await openAlerts()).toEqual([]);
  });

  it('is cleared by a replay that writes the fixed record (the next run then has nothing to write)', async () => {
    const [contact] = (await env.service.impl['audit:query']({ flowId: flowId('contacts'), actions: ['created'], limit: 2 })).events.slice(1);
    await sage.admin('edit', { resource: 'ARCustomers', key: contact!.sourceId, changes: { ContactsEmail: 'orders at example dot com' } });
    await env.service.engine.runNow([flowId('contacts')]);
    expect(await openAlerts()).toHaveLength(1);
    const [failed] = (await env.service.impl['audit:query']({ flowId: flowId('contacts'), actions: ['failed'], unresolvedOnly: true, limit: 5 })).events;
    await sage.admin('edit', { resource: 'ARCustomers', key: contact!.sourceId, changes: { ContactsEmail: 'orders@example.com' } });
    const replay = await env.service.impl['audit:replay']({ ids: [failed!.id] });
    expect(replay.results.map((r) => [r.action, r.sent])).toEqual([['updated', 'reread']]);
    expect(await openAlerts()).toEqual([]);
  });
});
