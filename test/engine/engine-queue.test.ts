// The engine's queue: a run queued right after the previous one finished — while the queue is still
// winding down (indexing the finished run’s audit events) — must start. It once waited forever: the
// queue's "draining" promise was cleared a few microtasks after its last look at the queue.
import { describe, expect, it } from 'vitest';
import { withDemo } from '../support/demo.ts';

describe('engine queue', () => {
  const demo = withDemo({ systems: ['sage300', 'hubspot'], sage300: { records: 40, seed: 3 } });

  it('starts a run queued the moment the previous one finished', async () => {
    // The admin's sequence that hit it: Sync now, change a connection's settings, Sync now again.
    // (A few awaits between the two land the second Sync now in the old gap.)
    const { impl } = demo.env.service;
    for (let i = 0; i < 3; i++) {
      const first = await demo.env.service.engine.runNow(undefined);
      expect(first.every((r) => r.status === 'succeeded' || r.status === 'partial')).toBe(true);
      await impl['connections:update']({ id: demo.env.crm.id, patch: { name: `HubSpot ${i}` } });
      await impl['connections:update']({ id: demo.env.erp.id, patch: { name: `Sage 300 ${i}` } });
      const stuck = new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), 15_000).unref());
      const second = await Promise.race([demo.env.service.engine.runNow(undefined, { full: true }), stuck]);
      expect(second, `round ${i}`).not.toBe('stuck');
      expect((second as { status: string }[]).length).toBe(first.length);
    }
  });
});
