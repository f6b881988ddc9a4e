// Runs the `ml-connector` CLI in this process and, when it exits, writes the process's own peak RSS and
// CPU time to $MLC_BENCH_USAGE_FILE. The benchmarks measure the engine this way, apart from the
// sandboxes (which run in their own processes). Usage: node --import tsx bench/sync-child.ts <cli args>.
import { writeFileSync } from 'node:fs';

const started = performance.now();
const usageFile = process.env.MLC_BENCH_USAGE_FILE;
if (usageFile) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(
      usageFile,
      JSON.stringify({ peakRssMb: u.maxRSS / 1024, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, wallSeconds: (performance.now() - started) / 1000 }),
    );
  });
}
process.argv = [process.argv[0]!, 'ml-connector', ...process.argv.slice(2)];
await import('../main/cli.ts');
