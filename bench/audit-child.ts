// Runs the audit-store benchmark (bench/audit.ts) in its own process, so its peak RSS is its own, and
// prints one JSON line: the result plus peakRssMb. Usage: node --import tsx bench/audit-child.ts [events].
import { runAuditBench } from './audit.ts';

const events = Number(process.argv[2] ?? 1_000_000);
const result = await runAuditBench({ events, log: (l) => process.stderr.write(`${l}\n`) });
const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({ ...result, peakRssMb: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`);
