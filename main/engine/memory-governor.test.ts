import { describe, expect, it } from 'vitest';
import { relieveMemory } from './memory-governor.ts';

describe('memory governor', () => {
  it('collects garbage once the process is past the limit, and at most once a second', () => {
    // Garbage only: nothing keeps these arrays, so a full collection frees them.
    const churn = () => {
      for (let i = 0; i < 40; i++) new Array(100_000).fill(i).map((x) => ({ x }));
    };
    churn();
    const before = process.memoryUsage().heapUsed;
    const t = Date.now() + 10_000;
    expect(relieveMemory(0, t)).toBe(true);
    expect(process.memoryUsage().heapUsed).toBeLessThan(before);
    expect(relieveMemory(0, t + 10)).toBe(false); // too soon after the last one
    expect(relieveMemory(Number.MAX_SAFE_INTEGER, t + 5_000)).toBe(false); // under the limit
    expect(relieveMemory(0, t + 5_000)).toBe(true);
  });
});
