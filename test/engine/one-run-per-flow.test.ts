// A CLI sync next to a running serve/desktop on the same data folder: one run of a flow at a time,
// across processes (the store's flow lock). Two services on one folder stand in for the two processes.
// A run the other process starts on its own (schedule, webhook) while the CLI holds the flow waits, queued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { createAppService, type FullAppService } from '../../main/service/index.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { until } from '../support/until.ts';

describe('one run of a flow at a time across processes', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;
  let other: FullAppService;

  beforeAll(async () => {
    tmp = makeTempDir();
    // Slow HubSpot answers and 2,500 customers keep the first run busy while the second one tries.
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 2500 }, hubspot: { faults: 'slow=1', timeScale: 20 } });
    other = createAppService({ dataDir: tmp.dir, mode: 'headless' });
  });
  afterAll(async () => {
    await other?.close();
    await env?.close();
    tmp?.cleanup();
  });

  it('refuses the second run of a flow while the first holds it, then runs it once it is free', async () => {
    const customers = env.flows.find((f) => f.template === 'sage300-hubspot/customers')!.id;
    const first = env.service.engine.runNow([customers]);
    await until('the first run to hold the flow', async () => env.service.ctx.store.locks.holder(customers));
    const [second] = await other.engine.runNow([customers]);
    expect(second!.status).toBe('failed');
    expect(second!.error?.code).toBe('ALREADY_RUNNING');
    expect(second!.error?.message).toMatch(/already running/);
    // The refusal is no run: nothing of it is kept (no failed manual run in the flow's history).
    expect(other.ctx.store.runs.get(second!.id)).toBeUndefined();
    const [done] = await first;
    expect(done!.status).toBe('succeeded');
    const [after] = await other.engine.runNow([customers]);
    expect(after!.status).toBe('succeeded');
    expect(after!.counts.created + after!.counts.updated).toBe(0);
  });

  it('a webhook or scheduled run meeting another process’s run waits for it (queued), then runs at a later tick — no failed run', async () => {
    const contacts = env.flows.find((f) => f.template === 'sage300-hubspot/contacts')!.id;
    const latest = async () => (await env.service.impl['runs:list']({ flowId: contacts, limit: 1 }))[0]!;
    // A CLI sync in another process holds the flow (its pid is alive: this one).
    expect(env.service.ctx.store.locks.acquire(contacts, 'cli-stand-in').ok).toBe(true);
    env.service.engine.enqueue([contacts], 'webhook');
    expect(await latest()).toMatchObject({ trigger: 'webhook', status: 'queued' });
    // A Sync now of another flow the CLI also holds, queued behind the webhook run, is refused at once (no
    // scheduler here): when it has been, the queue has met the contacts lock too (it runs in order).
    const balances = env.flows.find((f) => f.template === 'sage300-hubspot/balances')!.id;
    expect(env.service.ctx.store.locks.acquire(balances, 'cli-stand-in').ok).toBe(true);
    const [marker] = await env.service.engine.runNow([balances]);
    expect(marker!.error?.code).toBe('ALREADY_RUNNING');
    env.service.ctx.store.locks.release(balances, 'cli-stand-in');
    expect(await latest()).toMatchObject({ trigger: 'webhook', status: 'queued', error: null });
    env.service.ctx.store.locks.release(contacts, 'cli-stand-in');
    env.service.engine.tick();
    await until('the webhook run to finish', async () => !['queued', 'running'].includes((await latest()).status));
    expect(await latest()).toMatchObject({ trigger: 'webhook', status: 'succeeded' });
    expect((await env.service.impl['runs:list']({ flowId: contacts, limit: 20 })).filter((r) => r.status === 'failed')).toEqual([]);
  });
});

describe('Sync now where the scheduler ticks (serve, the desktop app) while another process runs the flow', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 12 }, schedule: true });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('waits for that run, queued, and then runs — the refusal is never recorded as a failed run', async () => {
    const customers = env.flows.find((f) => f.template === 'sage300-hubspot/customers')!.id;
    const manual = async () => (await env.service.impl['runs:list']({ flowId: customers, limit: 20 })).filter((r) => r.trigger === 'manual');
    // A CLI sync in another process holds the flow (its pid is alive: this one), once the scheduler's first
    // run of it has ended.
    await until('the flow free for the CLI stand-in', async () => env.service.ctx.store.locks.acquire(customers, 'cli-stand-in').ok);
    const [queued] = await env.service.impl['runs:syncNow']({ flowIds: [customers], full: false });
    // A run of another flow queued behind it has finished: the queue has met the customers lock by then (it
    // runs in order; this flow depends on customers, so it cannot go first).
    const balances = env.flows.find((f) => f.template === 'sage300-hubspot/balances')!.id;
    const [marker] = await env.service.engine.runNow([balances]);
    expect(marker!.finishedAt).toBeTruthy();
    expect(await manual()).toMatchObject([{ id: queued!.id, status: 'queued', error: null }]);
    env.service.ctx.store.locks.release(customers, 'cli-stand-in');
    env.service.engine.tick();
    await until('the Sync now run to finish', async () => !['queued', 'running'].includes((await manual())[0]!.status));
    expect(await manual()).toMatchObject([{ id: queued!.id, status: 'succeeded' }]);
    expect((await env.service.impl['runs:list']({ flowId: customers, limit: 20 })).filter((r) => r.status === 'failed')).toEqual([]);
  });
});
