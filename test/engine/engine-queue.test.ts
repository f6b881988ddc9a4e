// The engine's queue: a run queued right after the previous one finished — while the queue is still
// winding down (indexing the finished run’s audit events) — must start. It once waited forever: the
// queue's "draining" promise was cleared a few microtasks after its last look at the queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/demo/environment.ts';
import { makeTempDir } from '../support/tmp-dir.ts';

describe('engine queue', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let env: DemoEnvironment;

  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ systems: ['sage300', 'hubspot'], dataDir: tmp.dir, sage300: { records: 40, seed: 3 } });
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });

  it('starts a run queued the moment the previous one finished', async () => {
    // The admin's sequence that hit it: Sync now, change a connection's settings, Sync now again.
    // (A few awaits between the two land the second Sync now in the old gap.)
    const { impl } = env.service;
    for (let i = 0; i < 3; i++) {
      const first = await env.service.engine.runNow(undefined);
      expect(first.every((r) => r.status === 'succeeded' || r.status === 'partial')).toBe(true);
      await impl['connections:update']({ id: env.crm.id, patch: { name: `HubSpot ${i}` } });
      await impl['connections:update']({ id: env.erp.id, patch: { name: `Sage 300 ${i}` } });
      const stuck = new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), 15_000).unref());
      const second = await Promise.race([env.service.engine.runNow(undefined, { full: true }), stuck]);
      expect(second, `round ${i}`).not.toBe('stuck');
      expect((second as { status: string }[]).length).toBe(first.length);
    }
  });
});
