import { describe, expect, it } from 'vitest';
import { Semaphore, serverSemaphore } from './concurrency.ts';
import type { SharedRegistry } from './types.ts';

function registry(): SharedRegistry {
  const map = new Map<string, unknown>();
  return {
    shared<T>(key: string, create: () => T): T {
      if (!map.has(key)) map.set(key, create());
      return map.get(key) as T;
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Semaphore', () => {
  it('never lets more than the limit run at once and runs everything', async () => {
    const s = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        s.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await tick();
          running--;
          done.push(i);
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.active).toBe(0);
  });

  it('serves waiters in arrival order', async () => {
    const s = new Semaphore(1);
    const order: number[] = [];
    const release = await s.acquire();
    const waits = [1, 2, 3].map((i) => s.acquire().then((r) => { order.push(i); r(); }));
    expect(s.queued).toBe(3);
    release();
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3]);
  });

  it('releases the slot when the task throws, and release is idempotent', async () => {
    const s = new Semaphore(1);
    await expect(s.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    const r = await s.acquire();
    r();
    r();
    expect(s.active).toBe(0);
  });

  it('an aborted waiter leaves the queue and does not take a slot', async () => {
    const s = new Semaphore(1);
    const release = await s.acquire();
    const ac = new AbortController();
    const waiting = s.acquire(ac.signal);
    ac.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    expect(s.queued).toBe(0);
    release();
    expect(s.active).toBe(0);
  });

  it('raising the limit lets queued callers through', async () => {
    const s = new Semaphore(1);
    await s.acquire();
    let through = 0;
    const waits = [s.acquire(), s.acquire()].map((p) => p.then(() => through++));
    await tick();
    expect(through).toBe(0);
    s.setLimit(3);
    await Promise.all(waits);
    expect(through).toBe(2);
  });

  it('rejects nonsense limits', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
  });
});

describe('serverSemaphore', () => {
  it('is shared per key through the registry, with the latest limit', () => {
    const reg = registry();
    const a = serverSemaphore(reg, 'sage300:https://erp:443', 1);
    const b = serverSemaphore(reg, 'sage300:https://erp:443', 4);
    const other = serverSemaphore(reg, 'sage300:https://other:443', 1);
    expect(a).toBe(b);
    expect(a.limit).toBe(4);
    expect(other).not.toBe(a);
  });
});
