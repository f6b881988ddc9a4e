// Replay says what it sends, end to end over the Sage 300 and HubSpot sandboxes: the
// invalid e-mail fixed in Sage 300 goes through when replay re-reads the record (the default for a
// failure of the source's data) and fails again when the stored payload is resent; the duplicate fixed
// in HubSpot goes through with the stored payload; a resolved failure replayed again says so and sends
// nothing; and a replay never becomes the flow's last run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { sageApi, hubspotAdmin, type SageLine, hubspotSandboxOf } from '../support/sandboxes.ts';

describe('replay: stored payload or re-read from the source', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let sage: ReturnType<typeof sageApi>;
  let hub: ReturnType<typeof hubspotAdmin>;
  const flowId = (key: string) => env.flows.find((f) => f.template === `sage300-hubspot/${key}`)!.id;
  const failures = async () => (await env.service.impl['audit:query']({ flowId: flowId('contacts'), actions: ['failed'], unresolvedOnly: true, limit: 100 })).events;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 30, seed: 11 }, teachingFailures: true });
    sage = sageApi(env.sandboxes.sage300!.line as unknown as SageLine);
    hub = hubspotAdmin(hubspotSandboxOf(env).url);
    await env.service.engine.runNow([flowId('customers'), flowId('contacts')]);
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('an e-mail fixed in Sage 300: resending the stored payload fails again, re-reading sends the fix', async () => {
    const invalid = (await failures()).find((e) => e.error?.code === 'INVALID_EMAIL')!;
    expect(invalid.error?.cause).toBe('source');
    const lastRunBefore = (await env.service.impl['flows:get']({ id: flowId('contacts') })).lastRun!.id;
    const detail = await env.service.impl['audit:get']({ id: invalid.id });
    const payload = detail.sourcePayload as Record<string, unknown>;
    const customer = String(payload['CustomerNumber'] ?? payload['customerNumber'] ?? invalid.sourceId);
    await sage.admin('edit', { resource: 'ARCustomers', key: customer, changes: { ContactsEmail: 'accounts@example.com' } });

    const stored = await env.service.impl['audit:replay']({ ids: [invalid.id], mode: 'stored' });
    expect(stored.results.map((r) => [r.action, r.sent])).toEqual([['failed', 'stored']]);
    expect(stored.results[0]!.error?.message).toMatch(/accounts at example dot com/);

    const auto = await env.service.impl['audit:replay']({ ids: [invalid.id] });
    expect(auto.results.map((r) => [r.action, r.sent, r.note])).toEqual([['created', 'reread', null]]);
    const written = (await hub.records('contacts')).filter((c) => c.properties.email === 'accounts@example.com');
    expect(written).toHaveLength(1);
    const replayEvent = await env.service.impl['audit:get']({ id: auto.results[0]!.newEventId! });
    expect(replayEvent.replayOf).toBe(invalid.id);
    // It records what was sent and through which mapping.
    const flow = await env.service.impl['flows:get']({ id: flowId('contacts') });
    expect(replayEvent.replaySend).toMatchObject({ sent: 'reread', note: null, mappingSavedAt: flow.updatedAt });
    expect(replayEvent.replaySend!.mappingHash).toMatch(/^[0-9a-f]{12}$/);
    const storedEvent = await env.service.impl['audit:get']({ id: stored.results[0]!.newEventId! });
    expect(storedEvent.replaySend).toMatchObject({ sent: 'stored', mappingHash: replayEvent.replaySend!.mappingHash });
    expect((await env.service.impl['audit:get']({ id: invalid.id })).replaySend).toBeNull();
    // The replay's event stores what was sent: the record as re-read, with the fixed address.
    expect(JSON.stringify(replayEvent.sourcePayload)).toContain('accounts@example.com');
    expect(JSON.stringify(replayEvent.sourcePayload)).not.toContain('accounts at example dot com');

    // Replaying it once more: already resolved, nothing sent, no new event.
    const again = await env.service.impl['audit:replay']({ ids: [invalid.id] });
    expect(again.results).toEqual([{ eventId: invalid.id, newEventId: null, action: 'skipped', error: null, sent: null, note: 'Already resolved by a later attempt; nothing was sent.' }]);

    // The replays are not the flow's last run.
    expect((await env.service.impl['flows:get']({ id: flowId('contacts') })).lastRun!.id).toBe(lastRunBefore);
  });

  it('a duplicate fixed in HubSpot goes through with the stored payload, by default', async () => {
    const conflict = (await failures()).find((e) => e.error?.code === 'HUBSPOT_UNIQUE_VALUE')!;
    expect(conflict.error?.cause).toBe('destination');
    const detail = await env.service.impl['audit:get']({ id: conflict.id });
    const email = String((detail.mappedPayload as { properties: { email: string } }).properties.email);
    const owner = (await hub.records('contacts')).find((c) => c.properties.email === email && !c.properties.ml_sage300_contact_key)!;
    await hub.edit('contacts', owner.id, { email: `old-${email}` });
    const replay = await env.service.impl['audit:replay']({ ids: [conflict.id] });
    expect(replay.results.map((r) => [r.action, r.sent])).toEqual([['created', 'stored']]);
  });
});
