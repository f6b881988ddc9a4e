// Fault injection and convergence: `npm run chaos` (and a small run in npm test,
// test/chaos). The Sage 300 and HubSpot sandboxes run as child processes with faults switched on — HubSpot
// 429 (with and without Retry-After), 500/502/503, resets, timeouts, whole batches refused (the client
// bisects them) and records refused inside 207 batches; Sage 300 500/503 (the IIS app-pool page), resets,
// timeouts, Day End 409 on order inserts and dropped responses (committed, never answered). The sync
// process (`ml-connector sync`, a child) is killed with SIGKILL at random moments of the initial load and
// restarted, then runs until it converges. Three records are bad on purpose (an invalid email, an email a
// salesperson already used in HubSpot, a customer without a name): their failures must be in the audit
// log with HubSpot's or the mapping's reason; after fixing the causes, a sync and a replay succeed.
// Finally HubSpot (and the Sage 300 orders written from HubSpot deals) must equal the state computed here
// from the seed data with plain code: nothing lost, nothing duplicated. The last line of output is
// `chaos: runs=N faults=N kills=N lost=0 duplicates=0`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSeed, writeSeed } from './lib/seed.ts';
import { adminCall, runCli, startSandboxChild, type CliResult, type SandboxChild } from './lib/children.ts';
import { setupWorkspace } from './lib/workspace.ts';
import { seededRandom } from '../connectors/kit/sandbox/random.ts';
import { contactOf } from '../connectors/sage300/entities.ts';
import type { Customer } from '../connectors/sage300/schema.ts';
import { createAppService } from '../main/service/index.ts';
import { hubspotAdmin, sageApi, type HubRecord, type SageLine } from '../test/support/sandboxes.ts';

export interface ChaosOptions {
  customers: number;
  invoices: number;
  lines: number;
  /** HubSpot deals written back to Sage 300 as OE orders (exercises Day End and dropped responses). */
  deals: number;
  kills: number;
  /** Multiplies every fault probability. */
  faultLevel: number;
  /** HubSpot rate-limit time scale (Professional tier). */
  timeScale: number;
  seed: number;
  /** Restarts allowed to converge after the kills (each is one `ml-connector sync`). */
  maxRestarts: number;
  /** A kill lands after 1..killLines progress lines (plus up to 400 ms). */
  killLines: number;
  /**
   * Deals last modified a day ago (as existing CRM data is). Off, they are modified at setup time, so the
   * 60 s safety overlap re-reads them on every run of the short chaos test.
   */
  oldDeals: number;
  log?: (line: string) => void;
}

export interface ChaosResult {
  runs: number;
  faults: number;
  kills: number;
  lost: number;
  duplicates: number;
  problems: string[];
  line: string;
  faultsBySystem: { hubspot: Record<string, number>; sage300: Record<string, number> };
  seconds: number;
}

export const DEFAULT_CHAOS: ChaosOptions = { customers: 3000, invoices: 1200, lines: 6000, deals: 40, kills: 5, faultLevel: 1, timeScale: 2, seed: 8, maxRestarts: 25, killLines: 6, oldDeals: 1 };

const hubspotFaults = (x: number) => `429=${0.02 * x},500=${0.01 * x},502=${0.01 * x},503=${0.01 * x},reset=${0.01 * x},timeout=${0.003 * x},slow=${0.05 * x}`;
const sageFaults = (x: number) => `500=${0.01 * x},503=${0.01 * x},reset=${0.01 * x},timeout=${0.002 * x},dropresponse=${0.01 * x},dayend=${0.1 * x}`;
const norm = (s: unknown) => String(s ?? '').trim().replace(/\s{2,}/g, ' ');

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'mlc-chaos-'));
  const rnd = seededRandom(o.seed * 31 + 7);
  const today = new Date().toISOString().slice(0, 10);
  const children: SandboxChild[] = [];
  const problems: string[] = [];
  let runs = 0;
  let kills = 0;
  try {
    // Seed: three customers bad on purpose.
    const seed = buildSeed({ customers: o.customers, invoices: o.invoices, lines: o.lines, seed: o.seed, today });
    const customers = seed.data.customers!;
    const [badEmail, clash, noName] = [customers[3]!, customers[5]!, customers[7]!];
    Object.assign(badEmail, { ContactName: 'Ronald Black', ContactsEmail: 'accounts at example dot com' });
    const clashEmail = `ap.clash.${o.seed}@clash.example.com`;
    Object.assign(clash, { ContactName: 'Zoë Müller', ContactsEmail: clashEmail });
    Object.assign(noName, { CustomerName: '', ContactName: 'Søren Kowalski', ContactsEmail: `s.k.${o.seed}@noname.example.com` });
    writeSeed(join(dir, 'seed.json'), seed);

    const [sage, hub] = await Promise.all([
      startSandboxChild('sage300', ['--seed', join(dir, 'seed.json'), '--random-seed', String(o.seed)]),
      startSandboxChild('hubspot', ['--tier', 'professional', '--time-scale', String(o.timeScale), '--random-seed', String(o.seed)]),
    ]);
    children.push(sage, hub);
    const sageLine = sage.line as unknown as SageLine;
    const hubLine = hub.line as unknown as { url: string; admin: string; token: string };
    const hubspot = hubspotAdmin(hubLine.url);
    const sageHttp = sageApi(sageLine);

    // Workspace: three template flows plus HubSpot deals → Sage 300 OE orders; short timeouts so a hung request costs seconds.
    const data = join(dir, 'data');
    await setupWorkspace(data, { sage300: sageLine, hubspot: hubLine }, ['customers', 'contacts', 'invoices']);
    const auth = { Authorization: `Bearer ${hubLine.token}`, 'Content-Type': 'application/json' };
    const prop = await fetch(`${hubLine.url}/crm/v3/properties/deals`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'ml_sage300_customer_number', label: 'Sage 300 customer', type: 'string', fieldType: 'text', groupName: 'dealinformation' }) });
    if (!prop.ok) throw new Error(`creating the deals property failed: ${prop.status} ${await prop.text()}`);
    const good = customers.filter((c) => c !== badEmail && c !== clash && c !== noName);
    const modified = o.oldDeals ? { hs_lastmodifieddate: new Date(Date.now() - 86_400_000).toISOString() } : {};
    const deals = Array.from({ length: o.deals }, (_, i) => ({ dealname: `Deal ${i + 1} — ${norm(good[i % good.length]!.CustomerName)}`.slice(0, 80), amount: String(100 + i), pipeline: 'default', dealstage: 'closedwon', ml_sage300_customer_number: String(good[(i * 7) % good.length]!.CustomerNumber), ...modified }));
    await adminCall(`${hubLine.admin}/seed`, 'POST', { deals, contacts: [{ email: clashEmail, firstname: 'Entered', lastname: 'By Sales' }] });
    const service = createAppService({ dataDir: data, mode: 'headless', schedule: false });
    try {
      const conns = await service.impl['connections:list'](undefined);
      const erp = conns.find((c) => c.system === 'sage300')!;
      const crm = conns.find((c) => c.system === 'hubspot')!;
      await service.impl['connections:update']({ id: crm.id, patch: { settings: { ...crm.settings, timeouts: { readMs: 4000, connectMs: 2000 } } } });
      await service.impl['connections:update']({ id: erp.id, patch: { settings: { ...erp.settings, requestTimeoutSeconds: 5 } } });
      await service.impl['flows:create']({
        name: 'Deals → OE orders',
        template: null,
        schedule: { kind: 'interval', minutes: 15 },
        enabled: true,
        dependsOn: [],
        sourceConnectionId: crm.id,
        sourceEntity: 'deals',
        destConnectionId: erp.id,
        destObject: 'oeOrders',
        mapping: {
          tables: {},
          authority: {},
          associations: [],
          key: { from: 'id', to: 'OrderReference' },
          fields: [
            { to: 'CustomerNumber', from: 'ml_sage300_customer_number', transform: [{ fn: 'trim' }, { fn: 'required', message: 'the deal names no Sage 300 customer' }] },
            { to: 'OrderDescription', from: 'dealname', transform: [{ fn: 'truncate', max: 60 }] },
          ],
        },
      });
    } finally {
      await service.close();
    }

    // Faults on.
    await adminCall(`${hubLine.admin}/faults`, 'PUT', { spec: hubspotFaults(o.faultLevel) });
    await adminCall(`${sageLine.admin}/faults`, 'POST', { spec: sageFaults(o.faultLevel) });
    // Plus one of each Sage 300 fault for certain (random draws on a small run may miss some).
    const once = (fault: string, method: string, resource: string) => ({ fault, method, resource });
    await adminCall(`${sageLine.admin}/faults`, 'POST', {
      once: [once('503', 'GET', 'ARCustomers'), once('reset', 'GET', 'ARCustomers'), once('timeout', 'GET', 'ARCustomers'), once('500', 'GET', 'ARInvoiceBatches'), once('dropresponse', 'GET', 'ARInvoiceBatches'), once('dayend', 'POST', 'OEOrders'), once('dropresponse', 'POST', 'OEOrders')],
    });
    let lastProgress = '';
    const sync = async (args: string[], kill?: { afterLines: number; delayMs: number }): Promise<CliResult> => {
      runs++;
      let lines = 0;
      lastProgress = '';
      const r = await runCli(data, ['sync', ...args], {
        timeoutMs: 600_000,
        onLine: (line, killNow) => {
          if (!/ read \d+/.test(line)) return;
          lastProgress = line;
          if (kill && ++lines === kill.afterLines) setTimeout(killNow, kill.delayMs);
        },
      });
      return r;
    };
    const converged = (r: CliResult): boolean => {
      if (r.code === null) return false;
      try {
        const s = JSON.parse(r.stdout) as { runs: { status: string; error: unknown }[] };
        return s.runs.length > 0 && s.runs.every((x) => (x.status === 'succeeded' || x.status === 'partial') && !x.error);
      } catch {
        return false;
      }
    };

    // 1. Kill -9 at random moments of the initial load.
    for (let attempt = 0; kills < o.kills && attempt < o.kills * 4; attempt++) {
      // Alternate 429 answers with and without Retry-After, and partial vs whole-batch refusals.
      await adminCall(`${hubLine.admin}/switches`, 'PUT', { retryAfterOn429: attempt % 2 === 0, upsertPartial: attempt % 3 !== 1 });
      const kill = { afterLines: 1 + Math.floor(rnd() * o.killLines), delayMs: Math.floor(rnd() * 400) };
      const r = await sync([], kill);
      if (r.killed && r.signal === 'SIGKILL') kills++;
      log(`chaos: run ${runs} ${r.killed ? `killed after ${kill.afterLines} progress lines + ${kill.delayMs} ms (last: ${lastProgress || 'none'})` : `ended by itself (${r.code})`}`);
      if (!r.killed && converged(r)) break; // the load finished before the next kill could land
    }
    // 2. Restart until a sync converges (still under faults).
    let done = false;
    for (let i = 0; i < o.maxRestarts && !done; i++) {
      const r = await sync([]);
      done = converged(r);
      log(`chaos: run ${runs} after the kills: ${done ? 'converged' : `not yet (${r.code}${r.stdout ? '' : ', no summary'})`}`);
    }
    if (!done) problems.push(`no convergence within ${o.maxRestarts} restarts under faults`);
    if (kills < o.kills) problems.push(`only ${kills} of ${o.kills} kills landed during the load (it finished too soon)`);

    // 3. Faults off; what they cost.
    const hubCounters = await adminCall<{ faults: Record<string, number>; rateLimited: number }>(`${hubLine.admin}/counters`);
    const sageRequests = await adminCall<{ byEndpoint: Record<string, Record<string, number>> }>(`${sageLine.admin}/requests`);
    await adminCall(`${hubLine.admin}/faults`, 'PUT', { spec: '' });
    await adminCall(`${sageLine.admin}/faults`, 'POST', { clear: true, spec: '' });
    const sageFaultCounts: Record<string, number> = {};
    for (const outcomes of Object.values(sageRequests.byEndpoint)) {
      for (const [outcome, n] of Object.entries(outcomes)) {
        const s = Number(outcome);
        const fault = outcome === 'reset' || outcome === 'dropped' || outcome === 'timeout' || s >= 500 || s === 429 || s === 409 ? outcome : null;
        if (fault) sageFaultCounts[fault] = (sageFaultCounts[fault] ?? 0) + n;
      }
    }
    const hubFaults = Object.fromEntries(Object.entries(hubCounters.faults).filter(([k]) => k !== 'slow'));
    const faults = Object.values(hubFaults).reduce((a, b) => a + b, 0) + Object.values(sageFaultCounts).reduce((a, b) => a + b, 0);
    log(`chaos: faults injected — HubSpot ${JSON.stringify(hubCounters.faults)}, Sage 300 ${JSON.stringify(sageFaultCounts)}`);
    const settle = await sync([]);
    if (!converged(settle)) problems.push(`the sync after the faults stopped did not finish cleanly: ${settle.stderr.slice(-400)}`);

    // 4. Every permanent failure is in the audit log with its reason.
    const failures = JSON.parse((await runCli(data, ['audit', '--status', 'failed', '--limit', '1000', '--json'])).stdout) as { sourceId: string; resolved: boolean; error: { message: string } | null; flowId: string }[];
    const open = failures.filter((f) => !f.resolved);
    const expectFailure = (who: string, key: string, reason: RegExp) => {
      const hit = open.find((f) => f.sourceId === key && reason.test(f.error?.message ?? ''));
      if (!hit) problems.push(`no open failure for ${who} (${key}) matching ${reason} in the audit log (open: ${open.map((f) => `${f.sourceId}: ${f.error?.message.slice(0, 80)}`).join(' | ') || 'none'})`);
    };
    expectFailure('the invalid email', String(badEmail.CustomerNumber), /email.*invalid|invalid.*email/i);
    expectFailure('the email already in HubSpot', String(clash.CustomerNumber), /already exists/i);
    expectFailure('the customer without a name', String(noName.CustomerNumber), /no name/i);
    const unexpected = open.filter((f) => ![badEmail, clash, noName].some((c) => String(c.CustomerNumber) === f.sourceId));
    if (unexpected.length) problems.push(`unexpected open failures: ${unexpected.map((f) => `${f.sourceId}: ${f.error?.message}`).join(' | ').slice(0, 600)}`);

    // 5. Fix the causes: two in Sage 300 (picked up by the next sync), one in HubSpot (replayed).
    await sageHttp.admin('edit', { resource: 'ARCustomers', key: String(badEmail.CustomerNumber), changes: { ContactsEmail: `ronald.black.${o.seed}@fixed.example.com` } });
    await sageHttp.admin('edit', { resource: 'ARCustomers', key: String(noName.CustomerNumber), changes: { CustomerName: 'Named At Last Ltd' } });
    const salesContact = (await hubspot.records('contacts')).find((c) => c.properties.email === clashEmail && !c.properties.ml_sage300_contact_key);
    if (salesContact) await hubspot.edit('contacts', salesContact.id, { email: `old-${clashEmail}` });
    else problems.push('the salesperson contact holding the clashing email is gone');
    const afterFix = await sync([]);
    if (!converged(afterFix)) problems.push(`the sync after the fixes did not converge: ${afterFix.stderr.slice(-300)}`);
    const replay = await runCli(data, ['replay', '--failed']);
    const replayed = (JSON.parse(replay.stdout || '{"results":[]}') as { results: { action: string }[] }).results;
    if (replay.code !== 0 || !replayed.length || replayed.some((r) => r.action !== 'created' && r.action !== 'updated')) problems.push(`replay after the fix did not succeed (${replay.code}): ${replay.stdout.slice(0, 300)}`);
    const last = await sync([]);
    if (last.code !== 0) problems.push(`the final sync exited ${last.code}: ${last.stderr.slice(-300)}`);

    // 6. HubSpot (and Sage 300 orders) against the state the seed implies.
    const { lost, duplicates, issues } = await verify(hubspot, sageHttp, seed.data.customers!, seed.data.batches!, { noName: String(noName.CustomerNumber), fixedName: 'Named At Last Ltd', deals: o.deals });
    problems.push(...issues);
    const line = `chaos: runs=${runs} faults=${faults} kills=${kills} lost=${lost} duplicates=${duplicates}`;
    return { runs, faults, kills, lost, duplicates, problems, line, faultsBySystem: { hubspot: hubCounters.faults, sage300: sageFaultCounts }, seconds: (performance.now() - started) / 1000 };
  } finally {
    await Promise.allSettled(children.map((c) => c.stop()));
    if (process.env.MLC_CHAOS_KEEP) log(`chaos: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

type Row = Record<string, unknown>;

/** Lost = expected records missing; duplicates = extra records sharing a key (companies, contacts, invoices, lines, orders). */
async function verify(hubspot: ReturnType<typeof hubspotAdmin>, sage: ReturnType<typeof sageApi>, customers: Row[], batches: Row[], o: { noName: string; fixedName: string; deals: number }): Promise<{ lost: number; duplicates: number; issues: string[] }> {
  const issues: string[] = [];
  let lost = 0;
  let duplicates = 0;
  const byKey = (records: HubRecord[], prop: string) => {
    const m = new Map<string, HubRecord[]>();
    for (const r of records) {
      const k = r.properties[prop];
      if (!k) continue;
      m.set(k, [...(m.get(k) ?? []), r]);
    }
    for (const list of m.values()) duplicates += list.length - 1;
    return m;
  };
  const expectKeys = (what: string, expected: string[], got: Map<string, HubRecord[]>) => {
    const missing = expected.filter((k) => !got.has(k));
    lost += missing.length;
    if (missing.length) issues.push(`${missing.length} ${what} missing in HubSpot, e.g. ${missing.slice(0, 5).join(', ')}`);
    const extra = [...got.keys()].filter((k) => !expected.includes(k));
    if (extra.length) issues.push(`${extra.length} unexpected ${what} in HubSpot, e.g. ${extra.slice(0, 5).join(', ')}`);
  };

  const companies = byKey(await hubspot.records('companies'), 'ml_sage300_customer_number');
  expectKeys('companies', customers.map((c) => String(c.CustomerNumber)), companies);
  for (const c of customers) {
    const want = String(c.CustomerNumber) === o.noName ? o.fixedName : norm(c.CustomerName);
    const got = companies.get(String(c.CustomerNumber))?.[0];
    if (got && got.properties.name !== want) issues.push(`company ${String(c.CustomerNumber)} is named "${got.properties.name}", expected "${want}"`);
  }
  const contactsList = await hubspot.records('contacts');
  const contacts = byKey(contactsList, 'ml_sage300_contact_key');
  const withContact = customers.filter((c) => contactOf(c as unknown as Customer) !== null).map((c) => String(c.CustomerNumber));
  expectKeys('contacts', withContact, contacts);
  for (const [key, [contact]] of contacts) {
    const company = companies.get(key)?.[0];
    if (company && !contact!.associations.companies?.some((a) => a.id === company.id)) issues.push(`contact ${key} is not associated to its company`);
  }
  const invoiceRows = batches.flatMap((b) => (b.Invoices as Row[]) ?? []);
  const invoices = byKey(await hubspot.records('invoices'), 'ml_sage300_invoice_number');
  expectKeys('invoices', invoiceRows.map((i) => String(i.DocumentNumber)), invoices);
  const lineItems = await hubspot.records('line_items');
  const lineKeys = byKey(lineItems, 'ml_line_key');
  const expectedLines = invoiceRows.reduce((n, i) => n + ((i.InvoiceDetails as Row[]) ?? []).length, 0);
  if (lineKeys.size !== expectedLines) {
    lost += Math.max(0, expectedLines - lineKeys.size);
    issues.push(`${lineKeys.size} distinct line items in HubSpot, expected ${expectedLines}`);
  }
  for (const i of invoiceRows) {
    const inv = invoices.get(String(i.DocumentNumber))?.[0];
    if (!inv) continue;
    const want = ((i.InvoiceDetails as Row[]) ?? []).length;
    const got = inv.associations.line_items?.length ?? 0;
    if (got !== want) issues.push(`invoice ${String(i.DocumentNumber)} has ${got} line items, expected ${want}`);
    const company = companies.get(String(i.CustomerNumber))?.[0];
    if (company && !inv.associations.companies?.some((a) => a.id === company.id)) issues.push(`invoice ${String(i.DocumentNumber)} is not associated to its company`);
  }
  // Deals written back as OE orders: exactly one order per deal (a dropped answer must not post a second).
  const deals = (await hubspot.records('deals')).filter((d) => d.properties.ml_sage300_customer_number);
  const orders = await sage.all<{ OrderReference: string }>('OE/OEOrders?$select=OrderUniquifier,OrderReference');
  const refs = new Map<string, number>();
  for (const ord of orders) refs.set(ord.OrderReference, (refs.get(ord.OrderReference) ?? 0) + 1);
  for (const n of refs.values()) duplicates += n - 1;
  const missingOrders = deals.filter((d) => !refs.has(`ML-${d.id}`));
  lost += missingOrders.length;
  if (missingOrders.length) issues.push(`${missingOrders.length} of ${deals.length} deals have no Sage 300 order`);
  if (deals.length !== o.deals) issues.push(`${deals.length} seeded deals found in HubSpot, expected ${o.deals}`);
  return { lost, duplicates, issues };
}

function parseArgs(argv: string[]): ChaosOptions {
  const o = { ...DEFAULT_CHAOS };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)$/.exec(argv[i]!);
    if (!m) continue;
    const key = m[1]!.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof ChaosOptions;
    if (key in o && key !== 'log') (o as unknown as Record<string, number>)[key] = Number(argv[++i]);
  }
  return o;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const options = parseArgs(process.argv.slice(2));
  process.stderr.write(`chaos: ${JSON.stringify(options)}\n`);
  const r = await runChaos(options);
  for (const p of r.problems) process.stderr.write(`chaos: PROBLEM ${p}\n`);
  process.stderr.write(`chaos: ${r.seconds.toFixed(0)} s\n`);
  process.stdout.write(`${r.line}\n`);
  process.exit(r.problems.length || r.lost || r.duplicates ? 1 : 0);
}
