import { describe, expect, it } from 'vitest';
import { lockStillHeld, waitForFreeFlows, type FlowLockHolder } from './busy-flows.ts';

const at = (ms: number) => new Date(ms).toISOString();

describe('waiting for flows another process runs', () => {
  it('a lock stops a run only while its heartbeat is fresh and its process lives', () => {
    const holder: FlowLockHolder = { owner: 'headless:1', pid: 42, heartbeat_at: at(1_000) };
    expect(lockStillHeld(undefined, 2_000)).toBe(false);
    expect(lockStillHeld(holder, 2_000, () => true)).toBe(true);
    expect(lockStillHeld(holder, 2_000, () => false)).toBe(false);
    expect(lockStillHeld(holder, 1_000 + 60_000, () => true)).toBe(false);
  });

  it('returns each flow once its lock is released, and only the free ones when the time is up', async () => {
    let clock = 0;
    const locks = new Map<string, FlowLockHolder>([
      ['a', { owner: 'serve', pid: 7, heartbeat_at: at(0) }],
      ['b', { owner: 'serve', pid: 7, heartbeat_at: at(0) }],
    ]);
    const sleep = async (ms: number) => {
      clock += ms;
      if (clock >= 1_500) locks.delete('a'); // that run ends after 1.5 s; b's goes on
      const b = locks.get('b');
      if (b) b.heartbeat_at = at(clock);
    };
    const free = await waitForFreeFlows(['a', 'b'], { holder: (id) => locks.get(id), timeoutMs: 5_000, isAlive: () => true, now: () => clock, sleep });
    expect(free).toEqual(['a']);
    expect(clock).toBe(5_000);
  });

  it('does not wait when nothing is held', async () => {
    let slept = 0;
    const free = await waitForFreeFlows(['a'], { holder: () => undefined, timeoutMs: 5_000, sleep: async (ms) => void (slept += ms) });
    expect(free).toEqual(['a']);
    expect(slept).toBe(0);
  });
});
