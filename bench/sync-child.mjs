// @ts-check
// Runs the `ml-connector` command in this process — the same launcher users run (scripts/ml-connector.mjs:
// the esbuild bundle in dist/cli; the TypeScript sources through tsx with ML_CONNECTOR_FROM_SOURCE=1) —
// and, when it exits, writes the process's own peak RSS and CPU time to $MLC_BENCH_USAGE_FILE. The
// benchmarks measure the engine this way, apart from the sandboxes (which run in their own processes).
// Plain JavaScript so that nothing but the command is loaded: under `--import tsx` the process would
// also carry tsx's module-hooks thread and compile every source at start (≈40 MB and ≈1 CPU-s that the
// command users run never spends). Usage: node bench/sync-child.mjs <cli args>.
// Started with an IPC channel (`serve`, bench/responsiveness.ts), it also measures its main thread's
// event-loop delay and answers 'reset' (start a window) and 'snapshot' (the window's figures).
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, constants, monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const started = performance.now();
const usageFile = process.env.MLC_BENCH_USAGE_FILE;
if (usageFile) {
  // What the peak RSS is made of: the largest V8 heap and off-heap (buffers, SQLite) seen, sampled.
  const peak = { newSpaceMb: 0, heapTotalMb: 0, heapUsedMb: 0, externalMb: 0, liveAfterMajorGcMb: 0, majorGcs: 0, minorGcs: 0, majorGcSeconds: 0, minorGcSeconds: 0 };
  // What is really alive: the heap right after each full (mark-compact) collection. Beside it, the time
  // the main thread spent in young-generation (scavenge) and full collections.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = /** @type {{ detail?: { kind?: number } }} */ (e).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        peak.minorGcs++;
        peak.minorGcSeconds += e.duration / 1000;
      }
      if (kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      peak.majorGcSeconds += e.duration / 1000;
      peak.majorGcs++;
      peak.liveAfterMajorGcMb = Math.max(peak.liveAfterMajorGcMb, process.memoryUsage().heapUsed / 2 ** 20);
    }
  }).observe({ entryTypes: ['gc'] });
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peak.heapTotalMb = Math.max(peak.heapTotalMb, m.heapTotal / 2 ** 20);
    peak.heapUsedMb = Math.max(peak.heapUsedMb, m.heapUsed / 2 ** 20);
    peak.externalMb = Math.max(peak.externalMb, (m.external + m.arrayBuffers) / 2 ** 20);
    // The young generation's two semi-spaces: how far the launcher's --max-semi-space-size let it grow.
    const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    peak.newSpaceMb = Math.max(peak.newSpaceMb, (young?.space_size ?? 0) / 2 ** 20);
  }, 200);
  sample.unref();
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(
      usageFile,
      JSON.stringify({ peakRssMb: u.maxRSS / 1024, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, wallSeconds: (performance.now() - started) / 1000, ...peak }),
    );
  });
}
if (process.send) {
  // The histogram records the time between two timer wakes every RESOLUTION_MS; the delay is what
  // exceeds the interval (as in @fastify/under-pressure).
  const RESOLUTION_MS = 10;
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  const ms = (/** @type {number} */ ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  process.on('message', (m) => {
    if (m === 'reset') {
      h.reset();
      process.send?.({ type: 'reset' });
    } else if (m === 'snapshot') {
      const u = process.resourceUsage();
      process.send?.({
        type: 'snapshot',
        eventLoopDelayMs: { p50: ms(h.percentile(50)), p95: ms(h.percentile(95)), p99: ms(h.percentile(99)), max: ms(h.max), samples: h.count },
        peakRssMb: u.maxRSS / 1024,
        cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6,
      });
    }
  });
  // The channel must not keep a process alive that would otherwise exit.
  process.channel?.unref();
}
process.argv = [process.argv[0] ?? 'node', 'ml-connector', ...process.argv.slice(2)];
await import('../scripts/ml-connector.mjs');
