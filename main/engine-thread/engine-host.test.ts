// The engine in its own thread, over the Sage 300 and HubSpot sandboxes on real sockets: the
// service answers from the main thread while the thread syncs, the engine's events reach the service's
// bus, secrets are decrypted on the main thread and handed over, the engine's errors keep their codes
// across the boundary, cancel stops a run, and the thread's flow locks are freed if it dies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../demo/environment.ts';
import { dispatch } from '../service/dispatch.ts';
import type { AppEvent } from '../../preload/contract/index.ts';
import { makeTempDir } from '../../test/support/tmp-dir.ts';
import { until } from '../../test/support/until.ts';
import type { ThreadedEngine } from './engine-host.ts';
import { ENGINE_YOUNG_GENERATION_MB } from './young-generation.ts';

describe('engine thread', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  const events: AppEvent[] = [];

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 120, seed: 5 }, engine: 'thread' });
    env.service.events.subscribe((e) => events.push(e));
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  const flowId = (key: string) => env.flows.find((f) => f.template?.endsWith('/' + key))!.id;

  it('runs a sync in the thread while the main thread answers, and reports it on the service bus', async () => {
    const { impl } = env.service;
    const queued = await impl['runs:syncNow']({ flowIds: [flowId('customers')], full: false });
    expect(queued).toHaveLength(1);
    // The main thread keeps answering from its own read connection while the thread works.
    let answered = 0;
    let run = queued[0]!;
    while (run.status === 'queued' || run.status === 'running') {
      run = await impl['runs:get']({ id: run.id });
      answered++;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(answered).toBeGreaterThan(1);
    expect(run.status).toBe('succeeded');
    expect(run.counts.created).toBe(120);
    // The thread commits the run's row, then posts its end: the bus hears of it a moment after the row
    // reads finished, later still on a loaded machine.
    const ofRun = (e: AppEvent) => 'runId' in (e.payload as object) || (e.payload as { id?: string }).id === run.id;
    await until('run:finished on the service bus', async () => events.some((e) => e.name === 'run:finished' && ofRun(e)));
    const names = events.filter(ofRun).map((e) => e.name);
    expect(names).toContain('run:started');
    expect(events.some((e) => e.name === 'run:progress')).toBe(true);
    // Written where the thread wrote it, read where the service reads it.
    const page = await impl['audit:query']({ limit: 5, runId: run.id });
    expect(page.events).toHaveLength(5);
    const companies = (await (await fetch(`${env.sandboxes.hubspot!.line.admin}/records/companies?limit=500`)).json()) as { results?: unknown[] } | unknown[];
    expect(Array.isArray(companies) ? companies.length : companies.results?.length).toBe(120);
    // The secrets the thread used were decrypted here, on the main thread.
    const boundary = (env.service.engine as ThreadedEngine).boundary();
    expect(boundary.decrypts).toBeGreaterThanOrEqual(2);
    expect(boundary.messagesIn).toBeGreaterThan(3);
    // Started with the young generation the engine is tuned for, not V8's default (48 MB for a worker).
    expect((env.service.engine as ThreadedEngine).youngGenerationMb()).toBe(ENGINE_YOUNG_GENERATION_MB);
    expect(env.service.engine.isRunning(flowId('customers'))).toBe(false);
  });

  it('keeps the engine’s error codes across the boundary', async () => {
    const result = await dispatch(env.service.impl, 'runs:reconcile', { flowId: 'no-such-flow' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('NOT_FOUND');
  });

  it('cancels a run in the thread', async () => {
    const { impl } = env.service;
    const [run] = await impl['runs:syncNow']({ flowIds: [flowId('contacts')], full: true });
    const { cancelled } = await impl['runs:cancel']({ runId: run!.id });
    expect(cancelled).toBe(true);
    let now = run!;
    while (now.status === 'queued' || now.status === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      now = await impl['runs:get']({ id: run!.id });
    }
    expect(now.status, JSON.stringify(now.error)).toBe("cancelled");
  });
});

describe('engine thread crash', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 300, seed: 7 }, engine: 'thread' });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('frees the dead thread’s lock, marks its run interrupted, and the next run converges', async () => {
    const { impl } = env.service;
    const engine = env.service.engine as ThreadedEngine;
    const customers = env.flows.find((f) => f.template?.endsWith('/customers'))!.id;
    const faults = (body: unknown) => fetch(`${env.sandboxes.hubspot!.line.admin}/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    // A slow HubSpot keeps the run in flight long enough to die in it.
    await faults({ spec: 'slow=1' });
    const [run] = await impl['runs:syncNow']({ flowIds: [customers], full: false });
    const started = await until('the run to start', async () => {
      const now = await impl['runs:get']({ id: run!.id });
      return now.status === 'queued' ? null : now;
    });
    expect(started.status).toBe('running');
    await engine.killThread();
    expect(env.service.ctx.store.locks.holder(customers)).toBeUndefined();
    expect(engine.boundary().restarts).toBe(1);
    expect(engine.youngGenerationMb()).toBe(ENGINE_YOUNG_GENERATION_MB);
    // The new thread finds the dead one's run unfinished and without a lock: interrupted. It says so
    // once it has started, which takes seconds on a loaded machine (it loads the engine through tsx):
    // wait for that, not for a fixed time.
    const dead = await until('the new thread to mark the run interrupted', async () => {
      const now = await impl['runs:get']({ id: run!.id });
      return now.status === 'running' ? null : now;
    }, 50_000);
    expect(dead.error?.code).toBe('INTERRUPTED');
    await faults({ clear: true });
    const [again] = await engine.runNow([customers]);
    expect(again!.status).toBe('succeeded');
    expect(env.service.ctx.store.idMap.count(customers)).toBe(300);
  }, 120_000);
});
