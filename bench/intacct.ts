// `npm run bench -- --only intacct`: Sage Intacct ↔ HubSpot. The Intacct and HubSpot sandboxes
// run as child processes.
//   - XML gateway read throughput: every AP bill with its lines, and every vendor, read through the real
//     connector (query pages of 1,000 bills, their lines by one RECORDKEY IN (…) query per page);
//     gateway calls per 1,000 bills against the minimum (one getAPISession, one call per full page of
//     bills, one per full page of 2,000 lines of each bill page);
//   - a whole `ml-connector sync` of the template into an empty HubSpot (enterprise tier, time-scale
//     1000, so HubSpot's limit is not what is measured): getAPISession calls in that run — every flow of
//     the process shares one session, so 1 is the goal — and gateway calls; then a second sync, which
//     must write nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intacctConfigSchema } from '../connectors/intacct/config.ts';
import { adminCall, runCli, startSandboxChild, type SandboxChild } from './lib/children.ts';
import { readThrough, setupTemplateWorkspace } from './lib/erp-bench.ts';

interface GatewayCounters { requests: number; byStatus: Record<string, number>; functions: Record<string, number>; sessionsOpened: number }
/** The query IN-list limit the bills source pages by (connectors/intacct/entities.ts). */
const BILL_PAGE = 1000;

const counters = (ia: SandboxChild) => adminCall<GatewayCounters>(`${ia.line.admin}/requests`);
const resetCounters = (ia: SandboxChild) => adminCall(`${ia.line.admin}/requests/reset`, 'POST');

/** The fewest gateway calls that read these bills (RECORDNO → its number of lines) at these page sizes. */
function minimumBillCalls(linesPerBill: Map<string, number>, linePage: number): number {
  const ordered = [...linesPerBill.keys()].sort((a, b) => Number(a) - Number(b));
  let calls = 1; // getAPISession
  for (let i = 0; i < ordered.length; i += BILL_PAGE) {
    const page = ordered.slice(i, i + BILL_PAGE);
    calls += 1 + Math.max(1, Math.ceil(page.reduce((n, k) => n + linesPerBill.get(k)!, 0) / linePage));
  }
  return calls;
}

async function sync(data: string): Promise<{ seconds: number; runs: { flow: string; status: string; counts: Record<string, number> }[]; totals: Record<string, number> }> {
  const t0 = performance.now();
  const r = await runCli(data, ['sync'], { timeoutMs: 20 * 60_000 });
  const seconds = (performance.now() - t0) / 1000;
  try {
    return { seconds, ...(JSON.parse(r.stdout) as { runs: { flow: string; status: string; counts: Record<string, number> }[]; totals: Record<string, number> }) };
  } catch {
    throw new Error(`the sync printed no summary (exit ${r.code}): ${r.stderr.slice(-800)}`);
  }
}

export async function benchIntacct(o: { vendors: number; log: (l: string) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-intacct-'));
  const children: SandboxChild[] = [];
  try {
    const [ia, hub] = await Promise.all([startSandboxChild('intacct', ['--records', String(o.vendors), '--random-seed', '3']), startSandboxChild('hubspot', ['--tier', 'enterprise', '--time-scale', '1000'])]);
    children.push(ia, hub);
    const linePage = intacctConfigSchema.parse({ senderId: 's', companyId: 'c', userId: 'u' }).pageSize;
    const info = await adminCall<{ counts: Record<string, number> }>(`${ia.line.admin}/info`);
    const [bills, lines] = [info.counts.APBILL ?? 0, info.counts.APBILLITEM ?? 0];

    await resetCounters(ia);
    const linesPerBill = new Map<string, number>();
    const read = await readThrough('intacct', ia.line, 'apBills', {}, (page) => {
      for (const b of page) linesPerBill.set(String(b.RECORDNO), (b.APBILLITEMS as unknown[]).length);
    });
    const readCalls = await counters(ia);
    const minimum = minimumBillCalls(linesPerBill, linePage);
    await resetCounters(ia);
    const vendors = await readThrough('intacct', ia.line, 'vendors');
    o.log(`intacct: ${read.records} bills (${lines} lines) in ${read.seconds.toFixed(1)} s (${read.recordsPerSecond.toFixed(0)}/s, ${readCalls.requests} gateway calls, minimum ${minimum}); ${vendors.records} vendors at ${vendors.recordsPerSecond.toFixed(0)}/s`);

    const data = join(dir, 'data');
    await setupTemplateWorkspace(data, { system: 'intacct', line: ia.line }, hub, 'intacct-hubspot');
    await resetCounters(ia);
    const first = await sync(data);
    const firstCalls = await counters(ia);
    await resetCounters(ia);
    const second = await sync(data);
    const secondCalls = await counters(ia);
    const written = (s: typeof second) => (s.totals.created ?? 0) + (s.totals.updated ?? 0);
    o.log(`intacct: sync ${first.seconds.toFixed(1)} s, ${firstCalls.sessionsOpened} getAPISession, ${firstCalls.requests} gateway calls, ${written(first)} written, ${first.totals.failed ?? 0} failed; second sync ${secondCalls.sessionsOpened} getAPISession, ${secondCalls.requests} calls, ${written(second)} written`);
    return {
      data: { vendors: vendors.records, bills, lines },
      read: {
        bills: { ...read, gatewayCalls: readCalls.requests, minimumCalls: minimum, callsPer1000: (readCalls.requests / read.records) * 1000, minimumPer1000: (minimum / read.records) * 1000, sessionsOpened: readCalls.sessionsOpened },
        vendors,
      },
      sync: {
        first: { seconds: first.seconds, sessionsOpened: firstCalls.sessionsOpened, gatewayCalls: firstCalls.requests, written: written(first), failed: first.totals.failed ?? 0, runs: first.runs },
        second: { seconds: second.seconds, sessionsOpened: secondCalls.sessionsOpened, gatewayCalls: secondCalls.requests, written: written(second), failed: second.totals.failed ?? 0 },
      },
    };
  } finally {
    await Promise.allSettled(children.map((c) => c.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lines `npm run bench` prints for this case. */
export function intacctSummary(r: Awaited<ReturnType<typeof benchIntacct>>): string[] {
  const b = r.read.bills;
  return [
    `intacct: gateway read of ${r.data.bills} bills with ${r.data.lines} lines: ${b.recordsPerSecond.toFixed(0)} bills/s (${b.seconds.toFixed(1)} s), vendors ${r.read.vendors.recordsPerSecond.toFixed(0)}/s; ${b.callsPer1000.toFixed(2)} gateway calls per 1,000 bills (minimum ${b.minimumPer1000.toFixed(2)})`,
    `intacct: template sync: ${r.sync.first.sessionsOpened} session(s) opened per run (goal 1), ${r.sync.first.gatewayCalls} gateway calls, ${r.sync.first.written} written, ${r.sync.first.failed} failed in ${r.sync.first.seconds.toFixed(1)} s; second sync ${r.sync.second.sessionsOpened} session(s), ${r.sync.second.gatewayCalls} calls, ${r.sync.second.written} written`,
  ];
}
