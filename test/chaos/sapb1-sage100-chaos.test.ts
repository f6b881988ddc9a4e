// Chaos for SAP Business One → HubSpot and Sage 100 → HubSpot (issues #14, #16): all three sandboxes
// inject faults (the Service Layer's balancer 502/503, resets and lost sessions; the agent's locked
// files, busy queue and ODBC down; HubSpot's 429/5xx and resets) while the `ml-connector sync` child is
// killed with SIGKILL three times mid-run and restarted until a sync converges. Then, checked from the
// sandboxes with plain code: every SAP customer and invoice, every Sage 100 customer, primary contact
// and invoice is in HubSpot exactly once, every SAP invoice holds exactly its lines (no line item twice,
// none left without its invoice), paid invoices say so — nothing lost, nothing duplicated — and with the
// faults off a last sync writes nothing.
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startDemoEnvironment } from '../../main/demo/environment.ts';
import { runCli } from '../../bench/lib/children.ts';
import { seededRandom } from '../../connectors/kit/sandbox/random.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { hubspotAdmin, hubspotSandboxOf, sapAdmin, type HubRecord } from '../support/sandboxes.ts';

type Row = Record<string, unknown>;
type AgentLine = { url: string; apiKey: string; user: string; password: string; ca: string; admin: string; companyCode: string };
type SyncSummary = { runs: { status: string; counts: { failed: number; waiting: number } }[]; totals: Record<string, number> };

const SAP_FAULTS = '502=0.04,503=0.05,reset=0.03,expire=0.05';
const AGENT_FAULTS = 'locked=0.08,busy=0.06,odbcdown=0.03';
const HUBSPOT_FAULTS = '429=0.03,500=0.02,502=0.01,503=0.01,reset=0.02';

describe('SAP B1 and Sage 100 → HubSpot chaos', () => {
  it('three kill -9 and faults on every side: nothing lost, nothing duplicated, a last sync writes nothing', async () => {
    const tmp = makeTempDir('mlc-sap-sage100-chaos-');
    const env = await startDemoEnvironment({
      dataDir: tmp.dir,
      systems: ['sapb1', 'sage100', 'hubspot'],
      sapb1: { records: 60, seed: 23 },
      sage100: { records: 60, seed: 23 },
    });
    const sapAdminUrl = String(env.sandboxes.sapb1!.line.admin);
    const agent = env.sandboxes.sage100!.line as unknown as AgentLine;
    const hubUrl = hubspotSandboxOf(env).url;
    const dispatcher = new Agent({ connect: { ca: agent.ca } });
    const send = async (url: string, method: string, body: unknown) => {
      const r = await request(url, { dispatcher, method: method as 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      const text = await r.body.text();
      if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${text}`);
      return text ? (JSON.parse(text) as Row) : {};
    };
    const setFaults = async (on: boolean) => {
      await send(`${sapAdminUrl}/faults`, 'POST', on ? { spec: SAP_FAULTS } : { clear: true, spec: '' });
      await send(`${agent.admin}/faults`, 'POST', on ? { spec: AGENT_FAULTS } : { clear: true });
      await send(`${hubUrl}/__sandbox/faults`, 'PUT', { spec: on ? HUBSPOT_FAULTS : '' });
    };
    const agentAll = async (collection: string): Promise<Row[]> => {
      const out: Row[] = [];
      let cursor: string | null = null;
      const auth = 'Basic ' + Buffer.from(`${agent.user}:${agent.password}`).toString('base64');
      for (;;) {
        const url = `${agent.url}/v1/companies/${agent.companyCode}/${collection}?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const r = await request(url, { dispatcher, headers: { 'x-agent-key': agent.apiKey, authorization: auth } });
        const body = (await r.body.json()) as { data: Row[]; page: { hasMore: boolean; nextCursor: string | null } };
        if (r.statusCode !== 200) throw new Error(`agent ${collection}: ${r.statusCode} ${JSON.stringify(body)}`);
        out.push(...body.data);
        if (!body.page.hasMore) return out;
        cursor = body.page.nextCursor;
      }
    };
    const sync = async (kill?: { afterLines: number; delayMs: number }) => {
      let lines = 0;
      return runCli(tmp.dir, ['sync'], {
        timeoutMs: 150_000,
        ...(kill && { onLine: (_l: string, k: () => void) => void (++lines === kill.afterLines && setTimeout(k, kill.delayMs)) }),
      });
    };
    const rnd = seededRandom(29);
    try {
      await env.service.close(); // the sync children own the data folder now
      await setFaults(true);
      let kills = 0;
      for (let i = 0; i < 3; i++) {
        const r = await sync({ afterLines: 1 + Math.floor(rnd() * 4), delayMs: Math.floor(rnd() * 400) });
        if (r.signal === 'SIGKILL') kills++;
      }
      const statuses: string[] = [];
      for (let i = 0; i < 10; i++) {
        const r = await sync();
        const summary = JSON.parse(r.stdout) as SyncSummary;
        statuses.push(summary.runs.map((x) => x.status).join(','));
        if (summary.runs.every((x) => x.status === 'succeeded' && x.counts.failed === 0 && x.counts.waiting === 0)) break;
      }
      const sapCounts = (await (await fetch(`${sapAdminUrl}/counters`)).json()) as { byStatus?: Record<string, number> };
      const agentInfo = JSON.parse(await (await request(agent.admin, { dispatcher })).body.text()) as { faults: { drawn: Record<string, number> } };
      const hubCounts = (await (await fetch(`${hubUrl}/__sandbox/counters`)).json()) as { faults: Record<string, number> };
      process.stderr.write(`sap/sage100 chaos: kills=${kills} SAP ${JSON.stringify(sapCounts.byStatus)} agent ${JSON.stringify(agentInfo.faults.drawn)} HubSpot ${JSON.stringify(hubCounts.faults)} runs=${statuses.join(' | ')}\n`);
      expect(kills).toBe(3);
      expect(Object.entries(sapCounts.byStatus ?? {}).filter(([k]) => /^(401|502|503)$/.test(k)).reduce((n, [, v]) => n + v, 0)).toBeGreaterThan(0);
      expect(Object.values(agentInfo.faults.drawn).reduce((a, n) => a + n, 0)).toBeGreaterThan(0);
      expect(Object.values(hubCounts.faults).reduce((a, n) => a + n, 0)).toBeGreaterThan(0);

      await setFaults(false);
      const settle = JSON.parse((await sync()).stdout) as SyncSummary;
      expect(settle.runs.every((x) => x.status === 'succeeded')).toBe(true);
      const last = JSON.parse((await sync()).stdout) as SyncSummary;
      expect(last.totals.created! + last.totals.updated! + last.totals.failed!).toBe(0);

      // What HubSpot must hold, from the sources read as an independent client would.
      const hub = hubspotAdmin(hubUrl);
      const [companies, contacts, invoices, lineItems] = (await Promise.all(['companies', 'contacts', 'invoices', 'line_items'].map((t) => hub.records(t)))) as [HubRecord[], HubRecord[], HubRecord[], HubRecord[]];
      let lost = 0;
      let duplicates = 0;
      const problems: string[] = [];
      const compare = (what: string, list: HubRecord[], property: string, want: string[]) => {
        const got = list.map((r) => r.properties[property]).filter((k): k is string => !!k);
        const have = new Set(got);
        const missing = [...new Set(want)].filter((k) => !have.has(k));
        const extra = got.length - have.size;
        lost += missing.length;
        duplicates += extra;
        if (missing.length || extra) problems.push(`${what}: ${missing.length} missing (${missing.slice(0, 5).join(', ')}), ${extra} twice`);
      };
      const sap = sapAdmin(sapAdminUrl);
      const partners = (await sap.records('BusinessPartners')).filter((p) => p.CardType === 'cCustomer');
      const sapInvoices = (await sap.records('Invoices')).filter((i) => i.Cancelled !== 'tYES' && (i.CancelStatus ?? 'csNo') === 'csNo');
      compare('SAP customers', companies, 'ml_sapb1_card_code', partners.map((p) => String(p.CardCode)));
      compare('SAP invoices', invoices, 'ml_sapb1_doc_entry', sapInvoices.map((i) => String(i.DocEntry)));
      // Each SAP invoice: exactly its lines, each once, all associated to it.
      const byLineKey = new Map<string, HubRecord[]>();
      for (const l of lineItems) byLineKey.set(String(l.properties.ml_line_key), [...(byLineKey.get(String(l.properties.ml_line_key)) ?? []), l]);
      for (const inv of sapInvoices) {
        const h = invoices.find((x) => x.properties.ml_sapb1_doc_entry === String(inv.DocEntry));
        if (!h) continue;
        const want = ((inv.DocumentLines as Row[] | undefined) ?? []).map((l) => `${String(inv.DocEntry)}#${Number(l.LineNum) + 1}`);
        const keyed = lineItems.filter((l) => String(l.properties.ml_line_key ?? '').startsWith(`${String(inv.DocEntry)}#`));
        const associated = new Set((h.associations.line_items ?? []).map((a) => a.id));
        for (const k of want) {
          if (byLineKey.get(k)?.some((l) => associated.has(l.id))) continue;
          lost++;
          problems.push(`invoice ${String(inv.DocEntry)}: line ${k} missing`);
        }
        if (keyed.length !== want.length || associated.size !== want.length) {
          duplicates++;
          problems.push(`invoice ${String(inv.DocEntry)}: ${keyed.length} line items keyed, ${associated.size} associated, ${want.length} lines in SAP`);
        }
        const balance = Math.round((Number(inv.DocTotal) - Number(inv.PaidToDate)) * 100) / 100;
        if (Number(inv.PaidToDate) > 0 && balance === 0 && h.properties.ml_payment_status !== 'paid') problems.push(`invoice ${String(inv.DocEntry)}: paid in SAP, ${String(h.properties.ml_payment_status)} in HubSpot`);
      }
      const customerKey = (r: Row) => `${String(r.ARDivisionNo)}-${String(r.CustomerNo)}`;
      compare('Sage 100 customers', companies, 'ml_sage100_customer_key', (await agentAll('customers')).map(customerKey));
      const primaries = (await agentAll('customer-contacts')).filter((c) => c._primary === true);
      compare('Sage 100 primary contacts', contacts, 'ml_sage100_contact_key', primaries.map((c) => `${customerKey(c)}-${String(c.ContactCode)}`));
      compare('Sage 100 vendors', companies, 'ml_sage100_vendor_key', (await agentAll('vendors')).map((v) => `${String(v.APDivisionNo)}-${String(v.VendorNo)}`));
      const sageInvoiceKeys = invoices.map((i) => i.properties.ml_sage100_invoice_key).filter((k): k is string => !!k);
      expect(sageInvoiceKeys.length).toBeGreaterThan(0);
      duplicates += sageInvoiceKeys.length - new Set(sageInvoiceKeys).size;

      process.stderr.write(`sap/sage100 chaos: lost=${lost} duplicates=${duplicates}\n`);
      expect(problems).toEqual([]);
      expect({ lost, duplicates }).toEqual({ lost: 0, duplicates: 0 });
    } finally {
      await dispatcher.close();
      await env.close().catch(() => undefined);
      tmp.cleanup();
    }
  }, 420_000);
});
