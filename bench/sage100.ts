// `npm run bench -- --only sage100`: Sage 100 → HubSpot. The Sage 100 agent sandbox (the real
// agent over unixODBC and the SQLite ODBC driver, or better-sqlite3 where unixODBC is missing — the result
// says which) and HubSpot run as child processes.
//   - agent read throughput: every AR customer, and every invoice with its lines, read through the real
//     connector at its configured page size and at the agent's largest (1,000): rows/s and agent requests
//     per 1,000 customers against the minimum (one request per 1,000 rows);
//   - the whole template's initial sync (no HubSpot rate limit): agent requests per 1,000 customers against
//     the minimum over every collection the flows read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sage100ConfigSchema } from '../connectors/sage100/config.ts';
import { Agent, request } from 'undici';
import { runCli, startSandboxChild, type SandboxChild } from './lib/children.ts';
import { readThrough, setupTemplateWorkspace, type ReadFigures } from './lib/erp-bench.ts';

const AGENT_MAX_PAGE = 1000;

/** Requests the agent has served (its admin API is on the agent's HTTPS port: trust its certificate). */
async function agentRequests(agent: SandboxChild): Promise<number> {
  const dispatcher = new Agent({ connect: { ca: String(agent.line.ca) } });
  try {
    const r = await request(String(agent.line.admin), { dispatcher });
    return ((await r.body.json()) as { requests: number }).requests;
  } finally {
    await dispatcher.close();
  }
}

async function measuredRead(agent: SandboxChild, entity: string, pageSize: number, customers: number): Promise<ReadFigures & { pageSize: number; agentRequests: number; minimumRequests: number; requestsPer1000Customers: number; minimumPer1000Customers: number }> {
  const before = await agentRequests(agent);
  const r = await readThrough('sage100', agent.line, entity, { pageSize });
  const used = (await agentRequests(agent)) - before;
  const minimum = Math.ceil(r.records / AGENT_MAX_PAGE);
  return { ...r, pageSize, agentRequests: used, minimumRequests: minimum, requestsPer1000Customers: (used / customers) * 1000, minimumPer1000Customers: (minimum / customers) * 1000 };
}

export async function benchSage100(o: { customers: number; log: (l: string) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-sage100-'));
  const children: SandboxChild[] = [];
  try {
    const [agent, hub] = await Promise.all([startSandboxChild('sage100', ['--records', String(o.customers), '--random-seed', '3']), startSandboxChild('hubspot', ['--tier', 'enterprise', '--time-scale', '1000'])]);
    children.push(agent, hub);
    const driver = String(agent.line.driver);
    const configured = sage100ConfigSchema.parse({ url: 'https://x:8443', companyCode: 'ABC', user: 'x' }).pageSize;
    const reads: Record<string, { customers: Awaited<ReturnType<typeof measuredRead>>; invoicesWithLines: Awaited<ReturnType<typeof measuredRead>> }> = {};
    for (const pageSize of [...new Set([configured, AGENT_MAX_PAGE])]) {
      const customers = await measuredRead(agent, 'arCustomers', pageSize, o.customers);
      const invoices = await measuredRead(agent, 'arInvoices', pageSize, o.customers);
      reads[`pageSize${pageSize}`] = { customers, invoicesWithLines: invoices };
      o.log(`sage100 (${driver}) page ${pageSize}: ${customers.records} customers at ${customers.recordsPerSecond.toFixed(0)} rows/s in ${customers.agentRequests} requests (minimum ${customers.minimumRequests}); ${invoices.records} invoices with lines at ${invoices.recordsPerSecond.toFixed(0)}/s in ${invoices.agentRequests} requests`);
    }

    // The whole template's initial sync: agent requests for every collection the flows read.
    const data = join(dir, 'data');
    await setupTemplateWorkspace(data, { system: 'sage100', line: agent.line }, hub, 'sage100-hubspot');
    const before = await agentRequests(agent);
    const t0 = performance.now();
    const r = await runCli(data, ['sync'], { timeoutMs: 20 * 60_000 });
    const wallSeconds = (performance.now() - t0) / 1000;
    const used = (await agentRequests(agent)) - before;
    const summary = JSON.parse(r.stdout) as { runs: { flow: string; status: string; counts: Record<string, number> }[]; totals: Record<string, number> };
    const rowsRead = summary.runs.reduce((n, x) => n + (x.counts.read ?? 0), 0);
    // Each flow's rows in pages of 1,000 (the aging flow reads one row per customer).
    const minimum = summary.runs.reduce((n, x) => n + Math.max(1, Math.ceil((x.counts.read ?? 0) / AGENT_MAX_PAGE)), 0);
    o.log(`sage100: initial sync ${rowsRead} rows in ${wallSeconds.toFixed(1)} s, ${used} agent requests (minimum ${minimum}), failed ${summary.totals.failed}`);
    return {
      driver,
      configuredPageSize: configured,
      read: reads,
      initialSync: {
        wallSeconds, rowsRead, agentRequests: used, minimumRequests: minimum,
        requestsPer1000Customers: (used / o.customers) * 1000, minimumPer1000Customers: (minimum / o.customers) * 1000,
        failed: summary.totals.failed, runs: summary.runs.map((x) => ({ flow: x.flow, status: x.status, counts: x.counts })),
      },
    };
  } finally {
    await Promise.allSettled(children.map((c) => c.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lines `npm run bench` prints for this case. */
export function sage100Summary(r: Awaited<ReturnType<typeof benchSage100>>): string[] {
  const out = Object.values(r.read).map(
    (x) => `sage100 (${r.driver}): page size ${x.customers.pageSize}: customers ${x.customers.recordsPerSecond.toFixed(0)} rows/s in ${x.customers.requestsPer1000Customers.toFixed(1)} requests per 1,000 (minimum ${x.customers.minimumPer1000Customers.toFixed(1)}); invoices with lines ${x.invoicesWithLines.recordsPerSecond.toFixed(0)} rows/s`,
  );
  const s = r.initialSync;
  out.push(`sage100: initial sync of the template ${s.rowsRead} rows in ${s.wallSeconds.toFixed(1)} s; ${s.requestsPer1000Customers.toFixed(1)} agent requests per 1,000 customers (minimum ${s.minimumPer1000Customers.toFixed(1)}); ${s.failed} failed`);
  return out;
}
