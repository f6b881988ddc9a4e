// Runs the `ml-connector` CLI in this process and, when it exits, writes the process's own peak RSS and
// CPU time to $MLC_BENCH_USAGE_FILE. The benchmarks measure the engine this way, apart from the
// sandboxes (which run in their own processes). Usage: node --import tsx bench/sync-child.ts <cli args>.
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';

const started = performance.now();
const usageFile = process.env.MLC_BENCH_USAGE_FILE;
if (usageFile) {
  // What the peak RSS is made of: the largest V8 heap and off-heap (buffers, SQLite) seen, sampled.
  const peak = { heapTotalMb: 0, heapUsedMb: 0, externalMb: 0, liveAfterMajorGcMb: 0, majorGcs: 0 };
  // What is really alive: the heap right after each full (mark-compact) collection.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      peak.majorGcs++;
      peak.liveAfterMajorGcMb = Math.max(peak.liveAfterMajorGcMb, process.memoryUsage().heapUsed / 2 ** 20);
    }
  }).observe({ entryTypes: ['gc'] });
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peak.heapTotalMb = Math.max(peak.heapTotalMb, m.heapTotal / 2 ** 20);
    peak.heapUsedMb = Math.max(peak.heapUsedMb, m.heapUsed / 2 ** 20);
    peak.externalMb = Math.max(peak.externalMb, (m.external + m.arrayBuffers) / 2 ** 20);
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
process.argv = [process.argv[0]!, 'ml-connector', ...process.argv.slice(2)];
await import('../main/cli.ts');
