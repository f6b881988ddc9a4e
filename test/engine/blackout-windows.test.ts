// Blackout windows of an ERP connection, over the Sage 300 and HubSpot sandboxes with
// the engine on a clock the test moves (EngineContext.clock; the windows are judged on it). A proxy in
// front of Sage 300 counts what reaches it and moves the clock at an exact point of a run.
// - a run scheduled inside a window waits (its run stays queued, nothing reaches Sage 300) and starts
//   when the window ends;
// - a long run crossing into a window pauses after its last committed group and resumes from there
//   when the window ends: nothing lost, nothing written twice;
// - a dry run, its estimate and a reconcile asked for by hand are refused at once with the window's
//   end (the dry run's asker waits on its side; replays are refused the same way:
//   replay-blackout.test.ts); a webhook-triggered run waits queued;
// - Sync now inside a window is refused unless forced, and forced it calls Sage 300 at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { createEngine, type Engine } from '../../main/engine/engine.ts';
import { engineContextOf } from '../../main/service/engine-context.ts';
import type { Blackouts } from '../../preload/contract/index.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf, type SageLine } from '../support/sandboxes.ts';
import { startWatchingProxy, type WatchingProxy } from '../support/watching-proxy.ts';
import { until } from '../support/until.ts';

const MINUTE = 60_000;
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** A window's end as the messages give it: its time, and its day when that is not today ("Tue 8 Dec 00:21"). */
const END = String.raw`(?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d`;

describe('blackout windows', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let proxy: WatchingProxy;
  let engine: Engine;
  // The engine's clock: real time moved on by `offset`. The proxy moves it when `openAfterRecords` Sage
  // customers have been answered (before that answer reaches the engine).
  const clock = { offset: 0, now: () => new Date(Date.now() + clock.offset) };
  let customersAnswered = 0;
  let openAfterRecords: { records: number; offset: number } | null = null;
  const flowId = (key: string) => env.flows.find((f) => f.template === `sage300-hubspot/${key}`)!.id;

  /** A window every day (UTC) from `startMs` for `minutes`, and the clock offsets inside and after it. */
  function windowAt(startMs: number, minutes: number, name = 'Day End'): { blackouts: Blackouts; inside: number; after: number; end: number } {
    const start = Math.ceil(startMs / MINUTE) * MINUTE;
    const end = start + minutes * MINUTE;
    return {
      blackouts: { timeZone: 'UTC', windows: [{ kind: 'weekly', name, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: hhmm(start), end: hhmm(end) }] },
      inside: start + 5 * MINUTE - Date.now(),
      after: end + MINUTE - Date.now(),
      end,
    };
  }

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 2500, seed: 5 } });
    const sage = env.sandboxes.sage300!.line as unknown as SageLine;
    proxy = await startWatchingProxy(sage.url, (_req, body) => {
      const value = (body as { value?: unknown[] } | undefined)?.value;
      if (Array.isArray(value)) customersAnswered += value.length;
      if (openAfterRecords && customersAnswered >= openAfterRecords.records) {
        clock.offset = openAfterRecords.offset;
        openAfterRecords = null;
      }
    });
    const url = new URL(sage.url);
    await env.service.impl['connections:update']({ id: env.erp.id, patch: { settings: { ...env.erp.settings, url: `${proxy.origin}${url.pathname}` }, secrets: { password: sage.password } } });
    // Only the flow under test is scheduled (contacts joins in the second test).
    for (const f of env.flows) if (f.template !== 'sage300-hubspot/customers') await env.service.impl['flows:setEnabled']({ id: f.id, enabled: false });
    engine = createEngine({ ...engineContextOf(env.service.ctx), clock });
  });
  afterAll(async () => {
    await engine?.stop();
    await env?.close();
    await proxy?.close();
    tmp?.cleanup();
  });

  it('a long run crossing into a window pauses after its last committed group and resumes when the window ends', async () => {
    const customers = flowId('customers');
    const w = windowAt(Date.now() + 2 * 3_600_000, 30);
    await env.service.impl['connections:setBlackouts']({ id: env.erp.id, blackouts: w.blackouts });
    // The window opens once 2,000 customers (the first group: four pages of 500) have been read, before
    // the engine asks for the fifth page.
    openAfterRecords = { records: 2000, offset: w.inside };
    const [paused] = await engine.runNow([customers]);
    expect(paused!.status).toBe('paused');
    expect(paused!.error).toMatchObject({ code: 'BLACKOUT' });
    // The end with its day when it falls after midnight ("until Tue 8 Dec 00:12"), as the message rightly says late in the evening.
    expect(paused!.error!.message).toMatch(new RegExp(String.raw`^Sage 300 \(sandbox\) is in its blackout window "Day End" until (?:\w{3} \d{1,2} \w{3} )?${hhmm(w.end)}: ml-connector does not call it then\.$`));
    expect(paused!.counts.read).toBe(2000);
    expect(paused!.counts.created).toBe(2000);
    expect(engine.nextRunAt(customers)).toBe(new Date(w.end).toISOString());
    const requestsInWindow = proxy.requests();

    // While the window is open the scheduler starts nothing.
    engine.tick(clock.now());
    expect(engine.isRunning(customers)).toBe(false);
    expect(proxy.requests()).toBe(requestsInWindow);

    // When it ends the flow resumes where it stopped: the remaining 500, and every customer is written once.
    clock.offset = w.after;
    engine.tick(clock.now());
    const resumed = await until('the resumed run', async () => {
      const [r] = await env.service.impl['runs:list']({ flowId: customers, limit: 1 });
      return r && r.id !== paused!.id && r.finishedAt ? r : null;
    });
    expect(resumed.status).toBe('succeeded');
    expect(resumed.counts.read).toBe(500);
    expect(resumed.counts.created).toBe(500);
    const companies = await hubspotAdmin(hubspotSandboxOf(env).url).records('companies');
    expect(companies).toHaveLength(2500);
    expect(new Set(companies.map((c) => c.properties['ml_sage300_customer_number'])).size).toBe(2500);
  });

  it('a run scheduled inside a window waits, calling nothing, and starts when the window ends', async () => {
    const contacts = flowId('contacts');
    await env.service.impl['flows:setEnabled']({ id: contacts, enabled: true });
    const w = windowAt(Date.now() + clock.offset + 3_600_000, 30);
    await env.service.impl['connections:setBlackouts']({ id: env.erp.id, blackouts: w.blackouts });
    clock.offset = w.inside;
    const before = proxy.requests();

    // Contacts has never run, so it is due: the scheduler queues it and it waits for the window.
    engine.tick(clock.now());
    const queued = await until('the queued run', async () => (await env.service.impl['runs:list']({ flowId: contacts, limit: 1 }))[0]);
    expect(queued.status).toBe('queued');
    expect(engine.nextRunAt(contacts)).toBe(new Date(w.end).toISOString());
    engine.tick(new Date(clock.now().getTime() + 10 * MINUTE));
    expect((await env.service.impl['runs:list']({ flowId: contacts, limit: 10 })).length).toBe(1);
    expect(proxy.requests()).toBe(before);

    clock.offset = w.after;
    engine.tick(clock.now());
    const ran = await until('the run after the window', async () => {
      const r = await env.service.impl['runs:get']({ id: queued.id });
      return r.finishedAt ? r : null;
    });
    expect(ran.status).toBe('succeeded');
    expect(ran.counts.created).toBeGreaterThan(0);
    expect(Date.parse(ran.startedAt)).toBeGreaterThanOrEqual(w.end);
    expect(proxy.requests()).toBeGreaterThan(before);
  });

  it('a dry run, its estimate and a reconcile asked for by hand are refused at once, naming the end; the dry run runs after it', async () => {
    const customers = flowId('customers');
    const w = windowAt(Date.now() + clock.offset + 3_600_000, 30);
    await env.service.impl['connections:setBlackouts']({ id: env.erp.id, blackouts: w.blackouts });
    clock.offset = w.inside;
    const before = proxy.requests();

    // The dry run and its cost answer at once (nobody's request is held for the window), with its end.
    const refused = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; message: string; hint?: string; data?: Record<string, unknown> }) => e);
    // Asked one after the other, so a failed check leaves no refusal unawaited.
    for (const ask of [() => engine.dryRun({ flowId: customers, limit: 5, full: false }), () => engine.dryRunEstimate({ flowId: customers, full: true }), () => engine.reconcile({ flowId: customers })]) {
      const e = await refused(ask());
      expect(e).toMatchObject({ code: 'BLACKOUT', data: { resumeAt: new Date(w.end).toISOString(), window: 'Day End' } });
      expect(e!.message).toMatch(new RegExp(String.raw`^Sage 300 \(sandbox\) is in its blackout window "Day End" until ${END}: ml-connector does not call it then\.$`));
      expect(e!.hint).toMatch(new RegExp(String.raw`^Nothing was read or written\. Ask again at ${END}, when the window ends`));
    }
    expect(proxy.requests()).toBe(before);

    clock.offset = w.after;
    const report = await engine.dryRun({ flowId: customers, limit: 5, full: false });
    expect(report.counts.read).toBeGreaterThanOrEqual(0);
    expect(proxy.requests()).toBeGreaterThan(before);
  });

  it('a webhook-triggered run inside a window waits too, and starts when the window ends', async () => {
    const customers = flowId('customers');
    const w = windowAt(Date.now() + clock.offset + 3_600_000, 30);
    await env.service.impl['connections:setBlackouts']({ id: env.erp.id, blackouts: w.blackouts });
    clock.offset = w.inside;
    const before = proxy.requests();
    engine.enqueue([customers], 'webhook');
    const queued = await until('the queued webhook run', async () => (await env.service.impl['runs:list']({ flowId: customers, limit: 1 })).find((r) => r.trigger === 'webhook'));
    expect(queued.status).toBe('queued');
    expect(proxy.requests()).toBe(before);

    clock.offset = w.after;
    engine.tick(clock.now());
    const ran = await until('the webhook run after the window', async () => {
      const r = await env.service.impl['runs:get']({ id: queued.id });
      return r.finishedAt ? r : null;
    });
    expect(ran.status).toBe('succeeded');
    expect(Date.parse(ran.startedAt)).toBeGreaterThanOrEqual(w.end);
  });

  it('Sync now inside a window is refused unless forced; forced, it calls Sage 300 at once', async () => {
    const customers = flowId('customers');
    clock.offset = 0;
    // Through the service (its clock is the real one): a window open now.
    const now = Date.now();
    await env.service.impl['connections:setBlackouts']({ id: env.erp.id, blackouts: { timeZone: 'UTC', windows: [{ kind: 'weekly', name: 'Backup', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: hhmm(now - 5 * MINUTE), end: hhmm(now + 30 * MINUTE) }] } });
    const refused = await env.service.impl['runs:syncNow']({ flowIds: [customers], full: false }).then(
      () => null,
      (e: { code: string; message: string; hint: string }) => e,
    );
    expect(refused).toMatchObject({ code: 'BLACKOUT' });
    expect(refused!.message).toMatch(new RegExp(String.raw`^Sage 300 \(sandbox\) is in its blackout window "Backup" until ${END}: "Customers → Companies" would call it during the window\.$`));
    expect(refused!.hint).toMatch(/^Sync anyway \(force: true; in the CLI --force\) starts the run now and calls Sage 300 \(sandbox\) during the window, for this run only/);
    const flow = await env.service.impl['flows:get']({ id: customers });
    expect(flow.waitingFor).toMatchObject({ connectionId: env.erp.id, window: 'Backup' });

    const before = proxy.requests();
    const [forced] = await engine.runNow([customers], { force: true });
    expect(forced!.status).toBe('succeeded');
    expect(proxy.requests()).toBeGreaterThan(before);
  });
});
