// (d) The audit store at a million events, through the real store module (openStore → events.insertMany
// in one transaction per 2,000 events, as the page processor commits a group of the engine's runner:
// up to 2,000 source records or 100,000 fields — 2,000 of these records; events.query / events.count as
// the audit browser calls them). Reports insert throughput and p50/p95 of every browser query: by flow,
// by action, by date range, by text, combined, each on the first page and on a deep keyset page, plus
// the capped count the toolbar shows next to them.
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { openStore, type EventFilter, type RecordEventInput } from '../main/store/index.ts';
import { seededRandom } from '../connectors/kit/sandbox/random.ts';
import { percentile } from './lib/percentile.ts';

export interface AuditBenchOptions {
  events: number;
  /** Repetitions of each query (different parameters each time). */
  repeats?: number;
  log?: (line: string) => void;
}

export interface QueryStat {
  name: string;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  rows: number;
}

export interface AuditBenchResult {
  events: number;
  insertSeconds: number;
  insertsPerSecond: number;
  /** Inserts per CPU-second of this process (what the machine's other load cannot take away). */
  insertsPerCpuSecond: number;
  /** The text index filled after commit (events.indexText in slices, as the engine does): events per second. */
  textIndexPerSecond: number;
  /** Inserts and the text indexing together, per second: the whole cost of an event. */
  insertsWithTextIndexPerSecond: number;
  dbMb: number;
  queries: QueryStat[];
  p95Ms: number;
  worstQuery: string;
}

const FLOWS = [
  { id: 'flow-customers', entity: 'arCustomers', object: 'companies', prefix: 'C', weight: 30 },
  { id: 'flow-contacts', entity: 'arCustomerContacts', object: 'contacts', prefix: 'C', weight: 25 },
  { id: 'flow-invoices', entity: 'arInvoices', object: 'invoices', prefix: 'IN', weight: 20 },
  { id: 'flow-orders', entity: 'oeOrders', object: 'deals', prefix: 'O', weight: 8 },
  { id: 'flow-payments', entity: 'arOpenDocuments', object: 'invoices', prefix: 'IN', weight: 8 },
  { id: 'flow-balances', entity: 'arCustomerBalances', object: 'companies', prefix: 'C', weight: 7 },
  { id: 'flow-company-edits', entity: 'companies', object: 'arCustomers', prefix: 'H', weight: 2 },
];
const NAMES = [
  'Black & Sons Hardware', 'Société Générale d’Électricité', 'Müller & Söhne GmbH', '株式会社山田商事', 'Łódź Trading Sp. z o.o.', "O'Neil's Pub & Grill",
  'Café ☕ Roasters Collective', 'Ångström Optics AB', 'Nuñez Distribuidora S.A. de C.V.', 'Bar Mart Wholesale', 'Δέλτα Εμπορική Α.Ε.', 'Ōsaka Precision Tools',
  'Northwind Traders', 'Contoso Pharmaceuticals', 'Fabrikam Residences', 'Tailspin Toys', 'Wide World Importers', 'Alpine Ski House', 'Coho Winery',
  'Proseware Inc.', 'Litware Learning', 'Adventure Works Cycles', 'Blue Yonder Airlines', 'Žilina Steel s.r.o.', 'Çelik Yapı A.Ş.', 'Hôtel du Lac Léman',
];
const ERRORS = [
  { kind: 'record', code: 'INVALID_EMAIL', message: 'HubSpot: Property values were not valid: Email address accounts at example dot com is invalid', hint: 'Fix the value in the source system, then replay.' },
  { kind: 'record', code: 'HUBSPOT_UNIQUE_VALUE', message: 'HubSpot: Contact already exists. Existing ID: 1203', hint: 'Another HubSpot record already holds this unique value.' },
  { kind: 'record', code: 'MAPPING', message: 'name: the customer has no name in Sage 300', hint: 'Fix the value in the source system or adjust the mapping, then replay.' },
];
const DAY = 86_400_000;
/** Events committed together: the engine commits a group of source pages at once (runner.ts GROUP_RECORDS). */
const GROUP_EVENTS = 2000;

/** A realistic audit trail: 90 days of runs, most events unchanged re-reads (no payloads, a reference to an earlier write), about 1 % failed; keys in order within a page. */
export function* generateAuditEvents(count: number, rnd: () => number, firstId = 1): Generator<RecordEventInput[]> {
  const totalWeight = FLOWS.reduce((a, f) => a + f.weight, 0);
  // The event that last wrote each record (flow + key): what an unchanged re-read of it points to.
  const lastWrite = new Map<string, number>();
  const start = Date.now() - 90 * DAY;
  const pageSize = 500;
  for (let base = 0; base < count; base += pageSize) {
    // One page = one flow run's page: same flow, same timestamp.
    let w = rnd() * totalWeight;
    const flow = FLOWS.find((f) => (w -= f.weight) < 0) ?? FLOWS[0]!;
    const at = new Date(start + Math.floor((base / count) * 90 * DAY)).toISOString();
    const runId = `run-${Math.floor(base / 5000)}`;
    const page: RecordEventInput[] = [];
    // Sources page by key (Sage 300 key-set windows, HubSpot id order), so a page's records come in key
    // order: a run of the page's size over a stretch of the 60,000 keys, with gaps.
    const size = Math.min(count, base + pageSize) - base;
    let key = Math.floor(rnd() * 60_000);
    const keys = Array.from({ length: size }, () => (key = (key + 1 + Math.floor(rnd() * 6)) % 60_000)).sort((a, b) => a - b);
    for (let i = base; i < base + size; i++) {
      const n = keys[i - base]!;
      const sourceId = flow.prefix === 'IN' ? `IN${1_000_000 + n}` : flow.prefix === 'O' ? `${10_000 + n}` : flow.prefix === 'H' ? `${9_000_000 + n}` : `C${String(n).padStart(6, '0')}`;
      const label = `${NAMES[n % NAMES.length]} ${n}`;
      const r = rnd();
      const action = r < 0.5 ? 'unchanged' : r < 0.8 ? 'updated' : r < 0.95 ? 'created' : r < 0.97 ? 'skipped' : r < 0.99 ? 'waiting' : 'failed';
      const withPayload = action !== 'unchanged' && action !== 'skipped';
      const source = withPayload
        ? { CustomerNumber: sourceId, CustomerName: label, AddressLine1: `${n % 9999} Königsallee`, City: 'Düsseldorf', ZipPostalCode: '40212', Country: 'Germany', PhoneNumber: `2125550${n % 1000}`, Email: `ap@firma${n}.example.com`, CreditLimitCustomerCurrency: 25000, Terms: 'N30', CurrencyCode: 'EUR', Status: 'Active', DateLastMaintained: at.slice(0, 10) }
        : null;
      const mapped = withPayload ? { sourceId, properties: { ml_sage300_customer_number: sourceId, name: label, city: 'Düsseldorf', zip: '40212', country: 'Germany', ml_credit_limit: 25000, ml_payment_terms: 'Net 30 days', ml_currency: 'EUR' } } : null;
      if (action === 'created' || action === 'updated') lastWrite.set(flow.id + sourceId, firstId + i);
      page.push({
        runId,
        flowId: flow.id,
        at,
        direction: flow.id === 'flow-company-edits' ? 'crm-to-erp' : 'erp-to-crm',
        sourceSystem: flow.id === 'flow-company-edits' ? 'hubspot' : 'sage300',
        sourceEntity: flow.entity,
        sourceId,
        sourceLabel: label,
        destObject: flow.object,
        destId: action === 'failed' || action === 'waiting' || action === 'skipped' ? null : String(20_000_000 + n),
        action,
        attempt: 1,
        error: action === 'failed' ? ERRORS[n % ERRORS.length]! : action === 'waiting' ? { kind: 'record', code: 'PARENT_MISSING', message: `Waiting: its companies parent "${sourceId}" has not been written yet.` } : null,
        sourcePayload: source,
        mappedPayload: mapped,
        replayOf: null,
        // Ids are firstId, firstId + 1, … : the record's last write (created or updated) in this trail, else
        // (its write came before the trail) some earlier event; no rnd() call, so the generated data stays
        // what it was before references.
        ...(action === 'unchanged' && i > 0 && { payloadOf: lastWrite.get(flow.id + sourceId) ?? firstId + ((n * 7919) % i) }),
      });
    }
    yield page;
  }
}

function dirMb(dir: string): number {
  return readdirSync(dir).reduce((a, f) => a + statSync(join(dir, f)).size, 0) / 1024 / 1024;
}

export async function runAuditBench(options: AuditBenchOptions): Promise<AuditBenchResult> {
  const log = options.log ?? (() => undefined);
  const repeats = options.repeats ?? 40;
  const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-audit-'));
  const store = openStore(dir);
  try {
    const rnd = seededRandom(2024);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let done = 0;
    let group: RecordEventInput[] = [];
    const commit = () => {
      const events = group;
      group = [];
      store.transaction(() => store.events.insertMany(events));
      done += events.length;
      if (done % 200_000 === 0) log(`audit: ${done} events inserted (${Math.round(done / ((performance.now() - t0) / 1000))}/s)`);
    };
    for (const page of generateAuditEvents(options.events, rnd)) {
      group.push(...page);
      if (group.length >= GROUP_EVENTS) commit();
    }
    if (group.length) commit();
    const insertSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const insertCpuSeconds = (cpu.user + cpu.system) / 1e6;
    log(`audit: ${options.events} events in ${insertSeconds.toFixed(1)} s`);
    const t1 = performance.now();
    while (store.events.indexText(5_000) > 0);
    const indexSeconds = (performance.now() - t1) / 1000;
    log(`audit: text index caught up in ${indexSeconds.toFixed(1)} s`);

    const maxId = (store.events.query({}, 1, null)[0]?.id ?? 0) as number;
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const q = rnd;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(q() * xs.length)]!;
    /** A keyset cursor deep in the log: somewhere in the oldest 10 % of ids. */
    const deep = () => 1 + Math.floor(q() * maxId * 0.1);
    const dayStart = () => now - Math.floor(1 + q() * 85) * DAY;

    const suites: { name: string; filter: () => EventFilter; cursor: () => number | null }[] = [
      { name: 'all, first page', filter: () => ({}), cursor: () => null },
      { name: 'all, deep page', filter: () => ({}), cursor: deep },
      { name: 'by flow, first page', filter: () => ({ flowId: pick(FLOWS).id }), cursor: () => null },
      { name: 'by flow, deep page', filter: () => ({ flowId: pick(FLOWS).id }), cursor: deep },
      { name: 'by action (failed), first page', filter: () => ({ actions: ['failed'] }), cursor: () => null },
      { name: 'by action (failed), deep page', filter: () => ({ actions: ['failed'] }), cursor: deep },
      { name: 'by action (created+updated), first page', filter: () => ({ actions: ['created', 'updated'] }), cursor: () => null },
      { name: 'by action (created+updated), deep page', filter: () => ({ actions: ['created', 'updated'] }), cursor: deep },
      { name: 'unresolved failures, first page', filter: () => ({ unresolvedOnly: true }), cursor: () => null },
      { name: 'by date range (1 day), first page', filter: () => { const s = dayStart(); return { from: iso(s), to: iso(s + DAY) }; }, cursor: () => null },
      { name: 'by date range (30 days), first page', filter: () => { const s = now - 60 * DAY - Math.floor(q() * 20) * DAY; return { from: iso(s), to: iso(s + 30 * DAY) }; }, cursor: () => null },
      { name: 'by date range (30 days), deep page', filter: () => ({ from: iso(now - 89 * DAY), to: iso(now - 59 * DAY) }), cursor: () => Math.floor(maxId * (0.05 + q() * 0.05)) },
      { name: 'by text (name, many hits), first page', filter: () => ({ text: pick(['GmbH', 'Trading', 'Winery', 'Hôtel', '山田商事', 'Toys']) }), cursor: () => null },
      { name: 'by text (name, many hits), deep page', filter: () => ({ text: pick(['GmbH', 'Trading', 'Winery', 'Hôtel', '山田商事', 'Toys']) }), cursor: deep },
      { name: 'by text (record id), first page', filter: () => ({ text: `C${String(Math.floor(q() * 60_000)).padStart(6, '0')}` }), cursor: () => null },
      { name: 'by text (short id), first page', filter: () => ({ text: String(Math.floor(q() * 90)) }), cursor: () => null },
      { name: 'by text (no hit), first page', filter: () => ({ text: `zzq${Math.floor(q() * 1000)}` }), cursor: () => null },
      { name: 'flow + failed + text, first page', filter: () => ({ flowId: pick(FLOWS).id, actions: ['failed'], text: pick(['GmbH', 'Trading', 'Toys']) }), cursor: () => null },
      { name: 'flow + date range (7 days), first page', filter: () => { const s = dayStart(); return { flowId: pick(FLOWS).id, from: iso(s - 7 * DAY), to: iso(s) }; }, cursor: () => null },
    ];
    const countSuites = [
      { name: 'count: all', filter: () => ({}) },
      { name: 'count: by flow', filter: () => ({ flowId: pick(FLOWS).id }) },
      { name: 'count: by action (failed)', filter: () => ({ actions: ['failed'] }) },
      { name: 'count: by date range (1 day)', filter: () => { const s = dayStart(); return { from: iso(s), to: iso(s + DAY) }; } },
      { name: 'count: by text (name)', filter: () => ({ text: pick(['GmbH', 'Trading', 'Winery', 'Hôtel', '山田商事', 'Toys']) }) },
    ];

    const queries: QueryStat[] = [];
    const measure = (name: string, fn: () => number) => {
      fn(); // warm the statement cache and the pages this query touches once
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < repeats; i++) {
        const s = performance.now();
        rows += fn();
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      queries.push({ name, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), maxMs: times[times.length - 1]!, rows: Math.round(rows / repeats) });
    };
    for (const s of suites) measure(s.name, () => store.events.query(s.filter() as EventFilter, 200, s.cursor()).length);
    for (const s of countSuites) measure(s.name, () => store.events.count(s.filter() as EventFilter, 100_000).count);
    // The worst moment for text search: during a long run, up to 20,000 new events are not indexed yet
    // (main/engine/text-indexer.ts) and are scanned.
    const tail = 20_000;
    for (const page of generateAuditEvents(tail, seededRandom(7), maxId + 1)) {
      const stamp = new Date().toISOString();
      store.transaction(() => store.events.insertMany(page.map((e) => ({ ...e, at: stamp }))));
    }
    for (const s of suites.filter((x) => x.name.startsWith('by text') || x.name.includes('+ text'))) {
      measure(`${s.name}, ${tail} events above the index mark`, () => store.events.query(s.filter() as EventFilter, 200, s.cursor()).length);
    }
    measure(`count: by text (name), ${tail} events above the index mark`, () => store.events.count(countSuites[4]!.filter() as EventFilter, 100_000).count);
    const worst = queries.reduce((a, b) => (b.p95Ms > a.p95Ms ? b : a));
    return {
      events: options.events,
      insertSeconds,
      insertsPerSecond: options.events / insertSeconds,
      insertsPerCpuSecond: options.events / insertCpuSeconds,
      textIndexPerSecond: options.events / indexSeconds,
      insertsWithTextIndexPerSecond: options.events / (insertSeconds + indexSeconds),
      dbMb: dirMb(dir),
      queries,
      p95Ms: worst.p95Ms,
      worstQuery: worst.name,
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
