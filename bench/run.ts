// `npm run bench`: the figures against their targets, printed as a table and written to
// bench/results.json. Every process is measured on its own: the Sage 300 and HubSpot sandboxes run as
// child processes (`ml-connector sandbox …`), the engine runs as `ml-connector sync` in a child that
// reports its own peak RSS and CPU time (bench/sync-child.mjs), the audit store in a child of its own.
//
//   (b) engine: the initial load with no rate limit (HubSpot Enterprise, rate-limit window scaled to
//       nothing): source records per second and CPU seconds per 1,000 records;
//   (c) resync: the same flows again with nothing changed: HubSpot write requests (must be 0);
//   (a) load: the initial load into a fresh HubSpot at the Professional tier (190 requests per 10 s,
//       the window divided by --time-scale): wall time against the lower bound (fewest requests that
//       can carry the data ÷ the allowed rate), requests per minimum, 429s;
//   (d) audit: the audit store at 1,000,000 events — insert throughput and p50/p95 of every
//       audit-browser query (bench/audit.ts);
//   (e) responsiveness: `ml-connector serve`, `runs:list` called every 100 ms, idle and during the same
//       initial load started by Sync now: call latency and the main thread's event-loop delay
//       (bench/responsiveness.ts);
//   (f) zoho: Sage 300 vendors and contacts into Zoho CRM — API credits and requests per 1,000 vendors
//       against the minimum, token refreshes, the resync's writes (bench/zoho.ts; --zoho-vendors, default 1,000);
//   (sapb1) SAP Business One → HubSpot: Service Layer read throughput, requests per 1,000 invoices, the
//       template's initial load against HubSpot's rate-limit bound (bench/sapb1.ts);
//   (sage100) Sage 100 → HubSpot: agent read throughput over ODBC, agent requests per 1,000 customers
//       (bench/sage100.ts). Both with --erp-customers (default 5,000) customers in their sandboxes.
//   (intacct) Sage Intacct ↔ HubSpot: XML gateway read throughput, gateway calls per 1,000 bills against
//       the minimum, sessions opened per sync run (bench/intacct.ts), with --intacct-vendors (default 2,000).
// Data: 50,000 Sage 300 customers (→ companies, ~45,000 contacts with their primary company
// association), 20,000 invoices with 100,000 lines (bench/lib/seed.ts). Options: --customers, --invoices,
// --lines, --time-scale (default 1.5), --audit-events (default 1,000,000), --erp-customers (default 5,000),
// --only a,b,c,d,e,f,sapb1,sage100,intacct.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { buildSeed, writeSeed, type BuiltSeed } from './lib/seed.ts';
import { adminCall, processCpuSeconds, runCli, startSandboxChild, startServeChild, type CliResult, type SandboxChild } from './lib/children.ts';
import { engineThreadBoundary, measureResponsiveness, type ResponsivenessResult } from './responsiveness.ts';
import { setupWorkspace } from './lib/workspace.ts';
import type { AuditBenchResult } from './audit.ts';
import { benchZoho, type ZohoBenchResult } from './zoho.ts';
import { benchSapB1, sapb1Summary } from './sapb1.ts';
import { benchSage100, sage100Summary } from './sage100.ts';
import { benchIntacct, intacctSummary } from './intacct.ts';

interface Options {
  customers: number;
  invoices: number;
  lines: number;
  timeScale: number;
  auditEvents: number;
  zohoVendors: number;
  only: Set<string>;
  erpCustomers: number;
  intacctVendors: number;
}

// Issue #19's targets (the initial load's bound ratio and the engine's CPU per 1,000 records among them).
const TARGETS = {
  boundRatio: 0.95,
  cpuSecondsPer1000: 0.15,
  requestsPerMinimum: 1.02,
  http429: 0,
  recordsPerSecond: 5000,
  writeRequests: 0,
  auditP95Ms: 50,
  auditInsertsPerSecond: 50_000,
  peakRssMb: 300,
  callP99Ms: 50,
  eventLoopDelayP99Ms: 20,
};
const BATCH = 100; // HubSpot batch and association batch limit (sandbox switches batchMax, associationBatchMax)
const PRO = { burst: 190, intervalMs: 10_000 };

function parseArgs(argv: string[]): Options {
  const o: Options = { customers: 50_000, invoices: 20_000, lines: 100_000, timeScale: 1.5, auditEvents: 1_000_000, zohoVendors: 1000, erpCustomers: 5000, intacctVendors: 2000, only: new Set(['a', 'b', 'c', 'd', 'e', 'f', 'sapb1', 'sage100', 'intacct']) };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--only' && value) o.only = new Set(value.split(','));
    else if (flag === '--customers') o.customers = Number(value);
    else if (flag === '--invoices') o.invoices = Number(value);
    else if (flag === '--lines') o.lines = Number(value);
    else if (flag === '--time-scale') o.timeScale = Number(value);
    else if (flag === '--audit-events') o.auditEvents = Number(value);
    else if (flag === '--zoho-vendors') o.zohoVendors = Number(value);
    else if (flag === '--erp-customers') o.erpCustomers = Number(value);
    else if (flag === '--intacct-vendors') o.intacctVendors = Number(value);
    else continue;
    i++;
  }
  return o;
}

const log = (l: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)} load ${loadavg()[0]!.toFixed(1)}] ${l}\n`);

/** The fewest HubSpot requests that can carry the data: every object and association in full batches of 100. */
function minimumRequests(seed: BuiltSeed): { total: number; parts: Record<string, number> } {
  const c = seed.counts;
  const b = (n: number) => Math.ceil(n / BATCH);
  const parts = {
    'companies upsert': b(c.customers),
    'contacts upsert': b(c.contacts),
    'contact → company (primary)': b(c.contacts),
    'invoices upsert': b(c.invoices),
    'line items upsert': b(c.lines),
    'invoice → line items': b(c.lines),
    'invoice → company': b(c.invoices),
    'invoice → contact': b(c.invoicesWithContact),
    'invoice status (draft → open)': b(c.invoicesWithContact),
  };
  return { total: Object.values(parts).reduce((a, n) => a + n, 0), parts };
}

interface Counters {
  total: number;
  byEndpoint: Record<string, number>;
  byStatus: Record<string, number>;
  rateLimited: number;
}

function writeRequests(byEndpoint: Record<string, number>): number {
  return Object.entries(byEndpoint)
    .filter(([e]) => /^(POST|PATCH|PUT|DELETE) /.test(e) && !/\/(search|batch\/read)$/.test(e) && !e.includes('/__sandbox'))
    .reduce((n, [, v]) => n + v, 0);
}

interface SyncSummary {
  runs: { flow: string; status: string; counts: Record<string, number>; error: unknown }[];
  totals: Record<string, number>;
}

async function measuredSync(dataDir: string, flows: string[], sandboxes: SandboxChild[], label: string): Promise<{ r: CliResult; summary: SyncSummary; wallSeconds: number; sandboxCpu: number[] }> {
  const cpu0 = sandboxes.map((s) => processCpuSeconds(s.pid) ?? 0);
  let lastProgress = 0;
  const t0 = performance.now();
  // Diagnostics: MLC_BENCH_CPU_PROF=<folder> writes a V8 CPU profile of the sync process there;
  // MLC_BENCH_NODE_ARGS adds node flags to it (e.g. --trace-gc).
  const profileDir = process.env.MLC_BENCH_CPU_PROF;
  const r = await runCli(dataDir, ['sync', ...flows], {
    timeoutMs: 15 * 60_000,
    nodeArgs: [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), ...(process.env.MLC_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    onLine: (line) => {
      if (/ read \d+/.test(line) && performance.now() - lastProgress > 15_000) {
        lastProgress = performance.now();
        log(`${label}: ${line}`);
      } else if (/succeeded|partial|failed|cancelled/.test(line) && !/ read \d+/.test(line)) log(`${label}: ${line}`);
    },
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  const sandboxCpu = sandboxes.map((s, i) => (processCpuSeconds(s.pid) ?? 0) - cpu0[i]!);
  let summary: SyncSummary;
  try {
    // --trace-gc (MLC_BENCH_NODE_ARGS) writes its lines to stdout too: `[pid:0x…] …`.
    summary = JSON.parse(r.stdout.replace(/^\[\d+:0x[0-9a-f]+\].*\n/gm, '')) as SyncSummary;
  } catch {
    throw new Error(`${label}: the sync printed no summary (exit ${r.code}): ${r.stderr.slice(-800)}`);
  }
  return { r, summary, wallSeconds, sandboxCpu };
}

function runAuditChild(events: number): Promise<AuditBenchResult & { peakRssMb: number; cpuSeconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'audit-child.ts'), String(events)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c: Buffer) => log(c.toString().trim()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15 * 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as AuditBenchResult & { peakRssMb: number; cpuSeconds: number });
      } catch {
        reject(new Error(`audit benchmark exited ${code} without a result`));
      }
    });
  });
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const results: Record<string, unknown> = {
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '?', node: process.version, loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))) },
    data: { customers: o.customers, invoices: o.invoices, lines: o.lines },
  };
  // The processes measured run the command users run, the bundle (bench/sync-child.mjs); built here
  // once, so that no measured process spends its CPU building it.
  if (process.env.ML_CONNECTOR_FROM_SOURCE !== '1') execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  const rss: number[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-'));
  const children: SandboxChild[] = [];
  const flows = ['customers', 'contacts', 'invoices'];
  try {
    if (['a', 'b', 'c', 'e'].some((k) => o.only.has(k))) {
      const today = new Date().toISOString().slice(0, 10);
      const seed = buildSeed({ customers: o.customers, invoices: o.invoices, lines: o.lines, seed: 3, today });
      writeSeed(join(dir, 'seed.json'), seed);
      const min = minimumRequests(seed);
      results.data = { ...seed.counts };
      log(`seed: ${JSON.stringify(seed.counts)}; minimum HubSpot requests ${min.total}`);
      const [sage, hub] = await Promise.all([
        startSandboxChild('sage300', ['--seed', join(dir, 'seed.json')]),
        startSandboxChild('hubspot', ['--tier', 'enterprise', '--time-scale', '1000']),
      ]);
      children.push(sage, hub);
      const lines = { sage300: sage.line as unknown as { url: string; user: string; password: string }, hubspot: hub.line as unknown as { url: string; token: string } };
      const records = (s: SyncSummary) => s.runs.reduce((n, r) => n + (r.counts.read ?? 0), 0);
      const objects = (s: SyncSummary) => s.totals.created! + s.totals.updated!;

      if (o.only.has('b') || o.only.has('c')) {
        // (b) no rate limit
        const data = join(dir, 'data-b');
        await setupWorkspace(data, lines, flows);
        await adminCall(`${hub.line.admin}/counters/reset`, 'POST');
        log('(b) initial load, no rate limit …');
        const b = await measuredSync(data, flows, [sage, hub], '(b)');
        const read = records(b.summary);
        const usage = b.r.usage!;
        rss.push(usage.peakRssMb);
        const hubObjects = objects(b.summary) + seed.counts.lines;
        results.engine = {
          recordsPerSecond: read / b.wallSeconds,
          cpuSecondsPer1000: usage.cpuSeconds / (read / 1000),
          sourceRecords: read,
          hubspotObjectsWritten: hubObjects,
          hubspotObjectsPerSecond: hubObjects / b.wallSeconds,
          wallSeconds: b.wallSeconds,
          engineCpuSeconds: usage.cpuSeconds,
          sandboxCpuSeconds: { sage300: b.sandboxCpu[0], hubspot: b.sandboxCpu[1] },
          peakRssMb: usage.peakRssMb,
          peakHeapMb: { total: usage.heapTotalMb, young: usage.newSpaceMb, used: usage.heapUsedMb, external: usage.externalMb, liveAfterMajorGc: usage.liveAfterMajorGcMb, majorGcs: usage.majorGcs },
          gc: { minor: usage.minorGcs, minorSeconds: usage.minorGcSeconds, major: usage.majorGcs, majorSeconds: usage.majorGcSeconds },
          runs: b.summary.runs.map((r) => ({ flow: r.flow, status: r.status, counts: r.counts })),
        };
        log(`(b) ${read} records in ${b.wallSeconds.toFixed(1)} s, engine CPU ${usage.cpuSeconds.toFixed(1)} s, peak RSS ${usage.peakRssMb.toFixed(0)} MB (V8 heap ${usage.heapTotalMb?.toFixed(0)} MB of which young ${usage.newSpaceMb?.toFixed(0)} MB, off-heap ${usage.externalMb?.toFixed(0)} MB, live after full GC ≤ ${usage.liveAfterMajorGcMb?.toFixed(0)} MB in ${usage.majorGcs} full GCs; main thread in GC: ${usage.minorGcs} scavenges ${usage.minorGcSeconds?.toFixed(1)} s, full ${usage.majorGcSeconds?.toFixed(1)} s)`);

        if (o.only.has('c')) {
          // (c) resync with nothing changed
          await adminCall(`${hub.line.admin}/counters/reset`, 'POST');
          log('(c) resync, nothing changed …');
          const c = await measuredSync(data, flows, [sage, hub], '(c)');
          const counters = await adminCall<Counters>(`${hub.line.admin}/counters`);
          rss.push(c.r.usage!.peakRssMb);
          results.resync = {
            writeRequests: writeRequests(counters.byEndpoint),
            hubspotRequests: counters.total,
            recordsReread: records(c.summary),
            written: objects(c.summary),
            wallSeconds: c.wallSeconds,
            peakRssMb: c.r.usage!.peakRssMb,
            byEndpoint: counters.byEndpoint,
          };
          log(`(c) ${records(c.summary)} records re-read, ${writeRequests(counters.byEndpoint)} HubSpot write requests`);
        }
        rmSync(data, { recursive: true, force: true });
      }

      if (o.only.has('e')) {
        // (e) the same initial load through `serve`, started by Sync now, the API polled meanwhile
        await adminCall(`${hub.line.admin}/reset`, 'POST');
        await adminCall(`${hub.line.admin}/tier`, 'PUT', { tier: 'enterprise', timeScale: 1000 });
        const data = join(dir, 'data-e');
        const ws = await setupWorkspace(data, lines, flows, { enabled: false });
        const serve = await startServeChild(data);
        try {
          log('(e) serve: idle, then the initial load started by Sync now, runs:list every 100 ms …');
          const e = await measureResponsiveness(serve, flows.map((f) => ws.flowIds[f]!), log);
          rss.push(e.peakRssMb);
          results.responsiveness = e;
        } finally {
          await serve.stop();
        }
        // What crossed between serve's main thread and its engine thread (logged when it stops).
        const boundary = engineThreadBoundary(data);
        if (boundary && results.responsiveness) (results.responsiveness as ResponsivenessResult).engineThread = boundary;
        rmSync(data, { recursive: true, force: true });
      }

      if (o.only.has('a')) {
        // (a) Professional tier, window scaled
        await adminCall(`${hub.line.admin}/reset`, 'POST');
        await adminCall(`${hub.line.admin}/tier`, 'PUT', { tier: 'professional', timeScale: o.timeScale });
        const data = join(dir, 'data-a');
        await setupWorkspace(data, lines, flows);
        await adminCall(`${hub.line.admin}/counters/reset`, 'POST');
        const intervalMs = PRO.intervalMs / o.timeScale;
        const boundSeconds = (min.total * intervalMs) / PRO.burst / 1000;
        log(`(a) initial load at Professional, window ${intervalMs} ms (time-scale ${o.timeScale}); lower bound ${boundSeconds.toFixed(1)} s …`);
        const a = await measuredSync(data, flows, [sage, hub], '(a)');
        const counters = await adminCall<Counters>(`${hub.line.admin}/counters`);
        rss.push(a.r.usage!.peakRssMb);
        const read = records(a.summary);
        results.load = {
          boundRatio: boundSeconds / a.wallSeconds,
          requestsPerMinimum: counters.total / min.total,
          http429: counters.byStatus['429'] ?? 0,
          wallSeconds: a.wallSeconds,
          lowerBoundSeconds: boundSeconds,
          timeScale: o.timeScale,
          allowedRate: `${PRO.burst} per ${intervalMs} ms`,
          requests: counters.total,
          minimumRequests: min.total,
          minimumByKind: min.parts,
          requestsByEndpoint: counters.byEndpoint,
          requestsPerSourceRecord: counters.total / read,
          sourceRecords: read,
          failed: a.summary.totals.failed,
          peakRssMb: a.r.usage!.peakRssMb,
          engineCpuSeconds: a.r.usage!.cpuSeconds,
          runs: a.summary.runs.map((r) => ({ flow: r.flow, status: r.status, counts: r.counts })),
        };
        log(`(a) ${a.wallSeconds.toFixed(1)} s vs bound ${boundSeconds.toFixed(1)} s; ${counters.total} requests (minimum ${min.total}); ${counters.byStatus['429'] ?? 0} × 429`);
        rmSync(data, { recursive: true, force: true });
      }
      await Promise.allSettled(children.splice(0).map((c) => c.stop()));
    }

    if (o.only.has('f')) {
      const f = await benchZoho({ vendors: o.zohoVendors, dir, log });
      results.zoho = f;
    }

    if (o.only.has('d')) {
      log(`(d) audit store at ${o.auditEvents} events …`);
      const d = await runAuditChild(o.auditEvents);
      rss.push(d.peakRssMb);
      results.audit = { ...d, p95Ms: d.p95Ms, insertsPerSecond: d.insertsPerSecond };
    }

    if (o.only.has('sapb1')) {
      log(`(sapb1) SAP Business One → HubSpot, ${o.erpCustomers} customers …`);
      results.sapb1 = await benchSapB1({ customers: o.erpCustomers, timeScale: o.timeScale, log });
    }
    if (o.only.has('sage100')) {
      log(`(sage100) Sage 100 → HubSpot, ${o.erpCustomers} customers …`);
      results.sage100 = await benchSage100({ customers: o.erpCustomers, log });
    }
    if (o.only.has('intacct')) {
      log(`(intacct) Sage Intacct ↔ HubSpot, ${o.intacctVendors} vendors …`);
      results.intacct = await benchIntacct({ vendors: o.intacctVendors, log });
    }
  } finally {
    await Promise.allSettled(children.map((c) => c.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
  if (rss.length) results.peakRssMb = Math.max(...rss); // the ERP cases measure no engine process of their own
  results.machine = { ...(results.machine as object), loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))) };
  results.benchSeconds = (performance.now() - started) / 1000;
  results.targets = TARGETS;
  writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
}

function printTable(r: Record<string, unknown>): void {
  type Figures = Record<string, number> & { wallSeconds: number; lowerBoundSeconds: number; requestsPerSourceRecord: number; hubspotObjectsPerSecond: number; engineCpuSeconds: number };
  const load = r.load as Figures | undefined;
  const engine = r.engine as Figures | undefined;
  const resync = r.resync as Record<string, number> | undefined;
  const audit = r.audit as (AuditBenchResult & { peakRssMb: number }) | undefined;
  const resp = r.responsiveness as ResponsivenessResult | undefined;
  const rows: [string, string, string, boolean | null][] = [];
  const add = (name: string, value: number | undefined, digits: number, target: string, ok: (v: number) => boolean) =>
    rows.push([name, value === undefined ? 'not run' : value.toFixed(digits), target, value === undefined ? null : ok(value)]);
  add('load.boundRatio', load?.boundRatio, 3, `≥ ${TARGETS.boundRatio}`, (v) => v >= TARGETS.boundRatio);
  add('load.requestsPerMinimum', load?.requestsPerMinimum, 3, `≤ ${TARGETS.requestsPerMinimum}`, (v) => v <= TARGETS.requestsPerMinimum);
  add('load.http429', load?.http429, 0, '= 0', (v) => v === 0);
  add('engine.recordsPerSecond', engine?.recordsPerSecond, 0, `≥ ${TARGETS.recordsPerSecond}`, (v) => v >= TARGETS.recordsPerSecond);
  add('engine.cpuSecondsPer1000', engine?.cpuSecondsPer1000, 3, `≤ ${TARGETS.cpuSecondsPer1000}`, (v) => v <= TARGETS.cpuSecondsPer1000);
  add('resync.writeRequests', resync?.writeRequests, 0, '= 0', (v) => v === 0);
  add('audit.p95Ms (worst query)', audit?.p95Ms, 1, `≤ ${TARGETS.auditP95Ms}`, (v) => v <= TARGETS.auditP95Ms);
  add('audit.insertsPerSecond', audit?.insertsPerSecond, 0, `≥ ${TARGETS.auditInsertsPerSecond}`, (v) => v >= TARGETS.auditInsertsPerSecond);
  add('responsiveness.load.callMs.p99', resp?.load.callMs.p99, 1, `≤ ${TARGETS.callP99Ms}`, (v) => v <= TARGETS.callP99Ms);
  add('responsiveness.load.eventLoopDelayMs.p99', resp?.load.eventLoopDelayMs.p99, 1, `≤ ${TARGETS.eventLoopDelayP99Ms}`, (v) => v <= TARGETS.eventLoopDelayP99Ms);
  const zoho = r.zoho as ZohoBenchResult | undefined;
  add('zoho.requestsPerMinimum', zoho?.initial.requestsPerMinimum, 3, '(1 is the minimum)', () => true);
  add('zoho.resync.writeRequests', zoho?.resync.writeRequests, 0, '= 0', (v) => v === 0);
  add('zoho.tokenRefreshesPerHour', zoho?.tokenRefreshesPerHour, 0, '≤ 1', (v) => v <= 1);
  add('peakRssMb', r.peakRssMb as number | undefined, 0, `≤ ${TARGETS.peakRssMb}`, (v) => v <= TARGETS.peakRssMb);
  const w = [Math.max(...rows.map((x) => x[0].length)), Math.max(...rows.map((x) => x[1].length)), Math.max(...rows.map((x) => x[2].length))];
  const out = [`${'figure'.padEnd(w[0]!)}  ${'value'.padStart(w[1]!)}  ${'target'.padEnd(w[2]!)}  met`];
  for (const [n, v, t, ok] of rows) out.push(`${n.padEnd(w[0]!)}  ${v.padStart(w[1]!)}  ${t.padEnd(w[2]!)}  ${ok === null ? '-' : ok ? 'yes' : 'NO'}`);
  if (load) out.push('', `load: ${load.wallSeconds.toFixed(1)} s for a ${load.lowerBoundSeconds.toFixed(1)} s bound (time-scale ${load.timeScale}); ${load.requests} requests, minimum ${load.minimumRequests}; ${load.requestsPerSourceRecord.toFixed(4)} requests per source record`);
  if (engine) out.push(`engine: ${engine.sourceRecords} source records in ${engine.wallSeconds.toFixed(1)} s; ${engine.hubspotObjectsWritten} HubSpot objects (${engine.hubspotObjectsPerSecond.toFixed(0)}/s); engine CPU ${engine.engineCpuSeconds.toFixed(1)} s`);
  if (zoho) {
    out.push(`zoho: ${zoho.vendors} vendors + ${zoho.contacts} contacts in ${zoho.initial.wallSeconds.toFixed(1)} s: ${zoho.initial.requests} requests, ${zoho.initial.credits} credits (${zoho.initial.creditsPer1000Vendors.toFixed(1)} per 1,000 vendors; minimum ${zoho.initial.minimumPer1000Vendors.toFixed(1)}); token refreshes ${zoho.initial.refreshes} + ${zoho.resync.refreshes} (second process); resync ${zoho.resync.requests} requests, ${zoho.resync.writeRequests} writes`);
  }
  if (resp) {
    const w = (name: string, x: ResponsivenessResult['idle']) =>
      `responsiveness ${name}: runs:list p50 ${x.callMs.p50.toFixed(1)} / p95 ${x.callMs.p95.toFixed(1)} / p99 ${x.callMs.p99.toFixed(1)} / max ${x.callMs.max.toFixed(1)} ms (${x.callMs.calls} calls); event-loop delay p50 ${x.eventLoopDelayMs.p50.toFixed(1)} / p95 ${x.eventLoopDelayMs.p95.toFixed(1)} / p99 ${x.eventLoopDelayMs.p99.toFixed(1)} / max ${x.eventLoopDelayMs.max.toFixed(1)} ms`;
    out.push(w('idle', resp.idle), w(`load (${resp.load.sourceRecords} records in ${resp.load.seconds.toFixed(1)} s)`, resp.load), `responsiveness: serve process peak RSS ${resp.peakRssMb.toFixed(0)} MB, CPU ${resp.cpuSeconds.toFixed(1)} s; engine thread boundary ${JSON.stringify(resp.engineThread ?? null)}`);
  }
  if (audit) {
    out.push(`audit: ${audit.events} events inserted in ${audit.insertSeconds.toFixed(1)} s (${audit.insertsPerCpuSecond.toFixed(0)} per CPU-second), ${audit.dbMb.toFixed(0)} MB; worst query: ${audit.worstQuery}`);
    out.push(`audit: text index filled after commit at ${audit.textIndexPerSecond.toFixed(0)} events/s; inserts and indexing together ${audit.insertsWithTextIndexPerSecond.toFixed(0)} events/s`);
    for (const q of audit.queries) out.push(`  ${q.name.padEnd(44)} p50 ${q.p50Ms.toFixed(2).padStart(8)} ms  p95 ${q.p95Ms.toFixed(2).padStart(8)} ms`);
  }
  if (r.sapb1) out.push(...sapb1Summary(r.sapb1 as Awaited<ReturnType<typeof benchSapB1>>));
  if (r.sage100) out.push(...sage100Summary(r.sage100 as Awaited<ReturnType<typeof benchSage100>>));
  if (r.intacct) out.push(...intacctSummary(r.intacct as Awaited<ReturnType<typeof benchIntacct>>));
  out.push(`machine: ${JSON.stringify(r.machine)}; bench ${(r.benchSeconds as number).toFixed(0)} s; results in bench/results.json`);
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
