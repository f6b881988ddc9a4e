// Progress counts records as read when their page arrives: a run reading a slow source
// shows the records read so far, not "0 records" until the first group of pages is processed.
import { describe, expect, it } from 'vitest';
import { ProgressMeter } from './progress.ts';
import { zeroCounts } from './run-types.ts';
import type { RunProgress } from '../../preload/contract/index.ts';

describe('ProgressMeter', () => {
  it('reports records received from the source before they are processed, then the processed count', () => {
    const seen: RunProgress[] = [];
    const counts = zeroCounts();
    const meter = new ProgressMeter({ events: { progress: (p: RunProgress) => seen.push(p) } as never }, 'run', 'flow', counts);
    meter.phase('reading');
    expect(seen.at(-1)).toMatchObject({ phase: 'reading', read: 0 });
    meter.received(100);
    meter.phase('reading'); // emits at once (tick() is throttled to 250 ms)
    expect(seen.at(-1)).toMatchObject({ read: 100 });
    expect(seen.at(-1)!.recordsPerSecond).toBeGreaterThan(0);
    counts.read = 150; // the processed count overtakes what arrived (e.g. a replay's records)
    meter.phase('writing');
    expect(seen.at(-1)).toMatchObject({ phase: 'writing', read: 150 });
  });
});
