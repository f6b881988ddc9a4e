import { describe, expect, it } from 'vitest';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { HEAP_GROWTH_BYTES, RETAIN_MAPS_FOR_COLLECTIONS, relieveMemory, setHeapGrowthBudget } from './memory-governor.ts';

describe('memory governor', () => {
  it('collects once the heap has grown past what the last collection left, and not before it grows again', () => {
    // Garbage only: nothing keeps these arrays, so a full collection frees them.
    const churn = () => {
      for (let i = 0; i < 40; i++) new Array(100_000).fill(i).map((x) => ({ x }));
    };
    churn();
    const before = getHeapStatistics().used_heap_size;
    expect(relieveMemory(0)).toBe(true);
    expect(getHeapStatistics().used_heap_size).toBeLessThan(before);
    // Right after a collection the heap has not grown by 64 MB: nothing to do.
    expect(relieveMemory(64 * 2 ** 20)).toBe(false);
    // Garbage kept alive until measured: the heap grows past the collection's floor by more than 8 MB.
    const kept = new Array(200_000).fill(0).map((x, i) => ({ x, i, s: `record ${i}` }));
    expect(relieveMemory(8 * 2 ** 20)).toBe(true);
    expect(kept.length).toBe(200_000);
    expect(relieveMemory(8 * 2 ** 20)).toBe(false);
  });

  it('uses the growth budget its process set (the engine thread sets a smaller one) when called without one', () => {
    relieveMemory(0);
    const kept = new Array(200_000).fill(0).map((x, i) => ({ x, i, s: `record ${i}` }));
    expect(relieveMemory()).toBe(false); // well under the default 48 MB
    setHeapGrowthBudget(8 * 2 ** 20);
    try {
      expect(relieveMemory()).toBe(true);
    } finally {
      setHeapGrowthBudget(HEAP_GROWTH_BYTES);
    }
    expect(kept.length).toBe(200_000);
  });

  it('keeps code optimized for a shape through its collections while no object of that shape is alive', () => {
    // V8's intrinsics, compiled after the flag is set: optimize a reader of parsed records, drop every
    // record, collect as the governor does between groups, and ask V8 whether the code is still there.
    setFlagsFromString('--allow-natives-syntax');
    const probe = new Function(`
      function read(o) { return o.alpha + o.beta; }
      function warm() {
        const page = JSON.parse('[' + Array.from({ length: 100 }, (_, i) => '{"alpha":' + i + ',"beta":' + i + ',"gamma":"x"}').join(',') + ']');
        %PrepareFunctionForOptimization(read);
        for (const o of page) read(o);
        %OptimizeFunctionOnNextCall(read);
        read(page[0]);
      }
      warm();
      return { optimized: () => (%GetOptimizationStatus(read) & 16) !== 0 };
    `) as () => { optimized: () => boolean };
    const read = probe();
    expect(read.optimized()).toBe(true);
    // V8's default (2) drops the shape, and the code with it, at the third collection.
    for (let i = 0; i < Math.min(8, RETAIN_MAPS_FOR_COLLECTIONS - 1); i++) expect(relieveMemory(0)).toBe(true);
    expect(read.optimized()).toBe(true);
  });
});
