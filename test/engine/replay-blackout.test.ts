// A replay during a blackout window of a system it would call is refused at once, like a dry run, over
// the Sage 300 and HubSpot sandboxes with the engine on a clock the test moves (the window is configured
// and the clock put inside it, never waited for):
// - re-reading from Sage 300 inside its window: BLACKOUT at once, naming the window's end, nothing sent
//   to either sandbox, no run and no audit event recorded, the failures still open; after the window the
//   same replay goes;
// - resending a stored payload to HubSpot needs no Sage 300 call, so it goes during the window; a first
//   write that flows following it from Sage 300 may look up there is refused even with the stored payload,
//   and so is one whose missing parent would be read from Sage 300 first (missingParent 'create');
// - a window opening while a replay runs stops it at the gate (mode 'refuse'), before Sage 300 is called;
// - the service's route answers the same at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { createEngine, type Engine } from '../../main/engine/engine.ts';
import { engineContextOf } from '../../main/service/engine-context.ts';
import type { Blackouts } from '../../preload/contract/index.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf, sageApi, type SageLine } from '../support/sandboxes.ts';

const MINUTE = 60_000;
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
/** A window's end as the messages give it: its time, and its day when that is not today ("Tue 8 Dec 00:21"). */
const END = String.raw`(?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d`;

type Refusal = { code?: string; message: string; hint?: string; data?: Record<string, unknown> };
const refusalOf = (p: Promise<unknown>) => p.then(() => null, (e: Refusal) => e);

describe('replay during a blackout window', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let engine: Engine;
  let sage: ReturnType<typeof sageApi>;
  let hub: ReturnType<typeof hubspotAdmin>;
  // The engine's clock: real time moved on by `offset`; `next`, when set, becomes the offset once the clock
  // has been read once more (a window opening right after the replay's check).
  const clock = {
    offset: 0,
    next: null as number | null,
    now: () => {
      const at = new Date(Date.now() + clock.offset);
      if (clock.next !== null) [clock.offset, clock.next] = [clock.next, null];
      return at;
    },
  };
  const flowId = (key: string) => env.flows.find((f) => f.template === `sage300-hubspot/${key}`)!.id;
  const openFailures = async () => (await env.service.impl['audit:query']({ flowId: flowId('contacts'), actions: ['failed'], unresolvedOnly: true, limit: 100 })).events;
  /** Requests that reached each sandbox's API (not its admin side). */
  const calls = async () => ({
    sage: (await sage.requests()).total,
    hubspot: Object.entries((await hub.counters()).byEndpoint)
      .filter(([e]) => !e.includes('/__sandbox'))
      .reduce((n, [, c]) => n + c, 0),
  });
  /** What the store holds of replays: events and runs of every flow. */
  const recorded = () => ({ events: env.service.ctx.store.events.ids({}, 100_000).length, runs: env.service.ctx.store.flows.list().flatMap((f) => env.service.ctx.store.runs.list({ flowId: f.id, limit: 1000 })).length });

  /** A window every day (UTC) from `startMs` for `minutes`, and the clock offsets inside and after it. */
  function windowAt(startMs: number, minutes: number): { blackouts: Blackouts; inside: number; after: number; end: number } {
    const start = Math.ceil(startMs / MINUTE) * MINUTE;
    const end = start + minutes * MINUTE;
    return {
      blackouts: { timeZone: 'UTC', windows: [{ kind: 'weekly', name: 'Day End', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: hhmm(start), end: hhmm(end) }] },
      inside: start + 5 * MINUTE - Date.now(),
      after: end + MINUTE - Date.now(),
      end,
    };
  }

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 30, seed: 11 }, teachingFailures: true });
    sage = sageApi(env.sandboxes.sage300!.line as unknown as SageLine);
    hub = hubspotAdmin(hubspotSandboxOf(env).url);
    engine = createEngine({ ...engineContextOf(env.service.ctx), clock });
    await engine.runNow([flowId('customers'), flowId('contacts')]);
  });
  afterAll(async () => {
    await engine?.stop();
    await env?.close();
    tmp?.cleanup();
  });

  it('re-reading inside the window is refused at once: nothing sent, nothing recorded, the failures stay open; after it, it goes', async () => {
    const failures = await openFailures();
    const invalid = failures.find((e) => e.error?.code === 'INVALID_EMAIL')!;
    expect(invalid.error?.cause).toBe('source');
    const detail = await env.service.impl['audit:get']({ id: invalid.id });
    const payload = detail.sourcePayload as Record<string, unknown>;
    await sage.admin('edit', { resource: 'ARCustomers', key: String(payload['CustomerNumber'] ?? invalid.sourceId), changes: { ContactsEmail: 'accounts@example.com' } });

    const w = windowAt(Date.now() + 3_600_000, 30);
    await env.service.impl['connections:setBlackouts']({ id: env.erp.id, blackouts: w.blackouts });
    clock.offset = w.inside;
    const before = await calls();
    const stored = recorded();

    // One event (auto: its cause is the source's data, so it would be re-read), every open failure of the
    // flow, and an explicit re-read: each answered at once with the window's end.
    const one = await refusalOf(engine.replay({ ids: [invalid.id] }));
    expect(one).toMatchObject({ code: 'BLACKOUT', data: { resumeAt: new Date(w.end).toISOString(), window: 'Day End', connection: env.erp.name } });
    expect(one!.message).toMatch(new RegExp(String.raw`^Sage 300 \(sandbox\) is in its blackout window "Day End" until ${END}: ml-connector does not call it then\.$`));
    expect(one!.hint).toMatch(
      new RegExp(
        String.raw`^Nothing was sent: the failure stays open\. Replay it at ${END}, when the window ends, or now with the stored payload \(Replay: resend stored payload; in the CLI --send stored\), which does not call Sage 300 \(sandbox\)\. Edit the windows on the Connections page\.$`,
      ),
    );
    const all = await refusalOf(engine.replay({ failedIn: { flowId: flowId('contacts') } }));
    expect(all).toMatchObject({ code: 'BLACKOUT', data: { resumeAt: new Date(w.end).toISOString() } });
    expect(all!.hint).toMatch(new RegExp(String.raw`^Nothing was sent: the ${failures.length} failures stay open\. Replay them at ${END}, when the window ends, or now with the stored payload`));
    const conflict = failures.find((e) => e.error?.code === 'HUBSPOT_UNIQUE_VALUE')!;
    expect(await refusalOf(engine.replay({ ids: [conflict.id], mode: 'reread' }))).toMatchObject({ code: 'BLACKOUT' });

    expect(await calls()).toEqual(before);
    expect(recorded()).toEqual(stored);
    expect((await openFailures()).map((e) => e.id).sort()).toEqual(failures.map((e) => e.id).sort());

    // After the window the same replay goes, and reads the fix from Sage 300.
    clock.offset = w.after;
    const replayed = await engine.replay({ ids: [invalid.id] });
    expect(replayed.results.map((r) => [r.action, r.sent])).toEqual([['created', 'reread']]);
    expect((await calls()).sage).toBeGreaterThan(before.sage);
    expect((await openFailures()).map((e) => e.id)).not.toContain(invalid.id);
  });

  it('a stored payload that needs no Sage 300 call goes during the window; a first write other flows follow from Sage 300 does not', async () => {
    const conflict = (await openFailures()).find((e) => e.error?.code === 'HUBSPOT_UNIQUE_VALUE')!;
    expect(conflict.error?.cause).toBe('destination');
    const detail = await env.service.impl['audit:get']({ id: conflict.id });
    const email = String((detail.mappedPayload as { properties: { email: string } }).properties.email);
    const owner = (await hub.records('contacts')).find((c) => c.properties['email'] === email && !c.properties['ml_sage300_contact_key'])!;
    await hub.edit('contacts', owner.id, { email: `old-${email}` });

    const w = windowAt(Date.now() + clock.offset + 3_600_000, 30);
    await env.service.impl['connections:setBlackouts']({ id: env.erp.id, blackouts: w.blackouts });
    clock.offset = w.inside;
    const before = await calls();

    // Contacts → HubSpot contacts: the stored payload goes to HubSpot only (auto picks it: a destination cause).
    const replayed = await engine.replay({ ids: [conflict.id] });
    expect(replayed.results.map((r) => [r.action, r.sent])).toEqual([['created', 'stored']]);
    const after = await calls();
    expect(after.sage).toBe(before.sage);
    expect(after.hubspot).toBeGreaterThan(before.hubspot);

    // Customers → Companies, a company already written: its stored payload goes to HubSpot only, too.
    const [written] = (await env.service.impl['audit:query']({ flowId: flowId('customers'), actions: ['created'], limit: 1 })).events;
    expect((await engine.replay({ ids: [written!.id], mode: 'stored' })).results.map((r) => r.sent)).toEqual(['stored']);
    expect((await calls()).sage).toBe(before.sage);

    // A company written for the first time (here: its id_map row taken away, as if HubSpot had refused it
    // at first) may make "Customer balances", which follows the companies this flow writes, look it up in
    // Sage 300 (linked-records.ts): that waits for the window's end, even with the stored payload.
    env.service.ctx.store.idMap.delete(flowId('customers'), written!.sourceId);
    const stored = recorded();
    const now = await calls();
    const refused = await refusalOf(engine.replay({ ids: [written!.id], mode: 'stored' }));
    expect(refused).toMatchObject({ code: 'BLACKOUT', data: { resumeAt: new Date(w.end).toISOString() } });
    expect(refused!.hint).toMatch(new RegExp(String.raw`^Nothing was sent\. Replay it at ${END}, when the window ends\. Edit the windows`));
    expect(await calls()).toEqual(now);
    expect(recorded()).toEqual(stored);
    clock.offset = 0;
  });

  it('a flow that writes missing parents first: its stored payload goes while the parent exists, and waits for the window when the parent would be read from Sage 300', async () => {
    const contacts = flowId('contacts');
    const { mapping } = await env.service.impl['flows:get']({ id: contacts });
    await env.service.impl['flows:update']({ id: contacts, patch: { mapping: { ...mapping, missingParent: 'create' } } });
    const w = windowAt(Date.now() + clock.offset + 3_600_000, 30);
    await env.service.impl['connections:setBlackouts']({ id: env.erp.id, blackouts: w.blackouts });
    clock.offset = w.inside;
    const [written] = (await env.service.impl['audit:query']({ flowId: contacts, actions: ['created'], limit: 1 })).events;
    const before = await calls();

    // Its company is in HubSpot (the customers flow's id_map): only HubSpot is called.
    expect((await engine.replay({ ids: [written!.id], mode: 'stored' })).results.map((r) => r.sent)).toEqual(['stored']);
    expect((await calls()).sage).toBe(before.sage);

    // Without it (the contact's key is its customer's number), the company would be read from Sage 300 first.
    env.service.ctx.store.idMap.delete(flowId('customers'), written!.sourceId);
    const stored = recorded();
    const now = await calls();
    expect(await refusalOf(engine.replay({ ids: [written!.id], mode: 'stored' }))).toMatchObject({ code: 'BLACKOUT', data: { resumeAt: new Date(w.end).toISOString() } });
    expect(await calls()).toEqual(now);
    expect(recorded()).toEqual(stored);
    await env.service.impl['flows:update']({ id: contacts, patch: { mapping } });
    clock.offset = 0;
  });

  it('a window opening while the replay runs stops it at the gate, before Sage 300 is called', async () => {
    const w = windowAt(Date.now() + clock.offset + 3_600_000, 30);
    await env.service.impl['connections:setBlackouts']({ id: env.erp.id, blackouts: w.blackouts });
    // Five minutes before the window when the replay looks, inside it from the next reading of the clock on.
    clock.offset = w.inside - 10 * MINUTE;
    const [written] = (await env.service.impl['audit:query']({ flowId: flowId('contacts'), actions: ['created'], limit: 1 })).events;
    const before = await calls();
    const stored = recorded();
    clock.next = w.inside;
    const stopped = await refusalOf(engine.replay({ ids: [written!.id], mode: 'reread' }));
    expect(stopped).toMatchObject({ code: 'BLACKOUT', data: { resumeAt: new Date(w.end).toISOString() } });
    expect(stopped!.message).toMatch(/^Replay stopped: Sage 300 \(sandbox\) is in its blackout window "Day End" until /);
    expect(stopped!.hint).toBe('A blackout window opened while the replay ran: what it wrote before is recorded, the rest was not sent. Replay it when the window ends.');
    expect((await calls()).sage).toBe(before.sage);
    // Nothing was written; the replay's run says it stopped.
    expect(recorded()).toEqual({ events: stored.events, runs: stored.runs + 1 });
    clock.offset = 0;
  });

  it('the service answers a replay inside a window at once, with the window and its end', async () => {
    // The service's engine runs on the real clock: a window open now.
    const now = Date.now();
    await env.service.impl['connections:setBlackouts']({ id: env.erp.id, blackouts: { timeZone: 'UTC', windows: [{ kind: 'weekly', name: 'Backup', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: hhmm(now - 5 * MINUTE), end: hhmm(now + 30 * MINUTE) }] } });
    const [event] = (await env.service.impl['audit:query']({ flowId: flowId('contacts'), actions: ['created'], limit: 1 })).events;
    const before = await calls();
    const refused = await refusalOf(env.service.impl['audit:replay']({ ids: [event!.id], mode: 'reread' }));
    expect(refused).toMatchObject({ code: 'BLACKOUT', data: { window: 'Backup', connection: env.erp.name } });
    expect(Date.parse(String(refused!.data!['resumeAt']))).toBeGreaterThan(now);
    expect(refused!.message).toMatch(new RegExp(String.raw`^Sage 300 \(sandbox\) is in its blackout window "Backup" until ${END}: ml-connector does not call it then\.$`));
    expect(await calls()).toEqual(before);
    await env.service.impl['connections:setBlackouts']({ id: env.erp.id, blackouts: null });
  });
});
