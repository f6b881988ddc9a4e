// Chaos for Sage 300 ↔ Zoho CRM (issue #17): both sandboxes inject faults (Zoho 429/500/resets and
// expiring tokens, Sage 300 503/resets/Day End and dropped order responses), the `ml-connector sync` child
// is killed with SIGKILL at random moments and restarted until it converges. Afterwards, checked from the
// sandboxes with plain code: every Sage 300 vendor is one Zoho account and its contact one contact, every
// Closed Won deal one Sage 300 order, every customer one keyed account — nothing lost, nothing twice — and
// a last sync writes nothing.
import { describe, expect, it } from 'vitest';
import { startDemoEnvironment } from '../../main/demo/environment.ts';
import { runCli } from '../../bench/lib/children.ts';
import { makeTempDir } from '../support/tmp-dir.ts';
import { sageApi, type SageLine } from '../support/sandboxes.ts';
import { seededRandom } from '../../connectors/kit/sandbox/random.ts';

type Row = Record<string, unknown>;

describe('Sage 300 ↔ Zoho CRM chaos', () => {
  it('kill -9 and faults on both sides: nothing lost, nothing duplicated, a last sync writes nothing', async () => {
    const tmp = makeTempDir('mlc-zoho-chaos-');
    const env = await startDemoEnvironment({ dataDir: tmp.dir, systems: ['sage300', 'zoho'], sage300: { records: 120, seed: 13 }, zoho: { records: 30, seed: 5 } });
    const zohoLine = env.sandboxes.zoho!.line as { admin: string };
    const sageLine = env.sandboxes.sage300!.line as unknown as SageLine;
    const post = (url: string, body: unknown, method = 'POST') => fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const zohoAll = async (module: string): Promise<Row[]> => {
      const out: Row[] = [];
      let after = '';
      for (;;) {
        const page = (await (await fetch(`${zohoLine.admin}/records/${module}?limit=500${after ? `&after=${after}` : ''}`)).json()) as { results: Row[]; next?: string };
        out.push(...page.results);
        if (!page.next) return out;
        after = page.next;
      }
    };
    const rnd = seededRandom(17);
    let kills = 0;
    const statuses: string[] = [];
    try {
      await env.service.close(); // the sync children own the data folder now
      await post(`${zohoLine.admin}/faults`, { spec: '429=0.1,500=0.08,reset=0.06,expire=0.06' });
      await post(`${sageLine.admin}/faults`, { spec: '503=0.04,reset=0.03,dayend=0.15,dropresponse=0.1' });
      await post(`${sageLine.admin}/switches`, { slowMs: 50 });
      // Killed mid-run three times, then restarted until a run ends cleanly.
      for (let i = 0; i < 3; i++) {
        const after = 1 + Math.floor(rnd() * 4);
        let lines = 0;
        const r = await runCli(tmp.dir, ['sync'], { timeoutMs: 120_000, onLine: (_l, kill) => { if (++lines >= after) setTimeout(kill, Math.floor(rnd() * 300)); } });
        if (r.signal === 'SIGKILL') kills++;
      }
      for (let i = 0; i < 8; i++) {
        const r = await runCli(tmp.dir, ['sync'], { timeoutMs: 120_000 });
        const summary = JSON.parse(r.stdout) as { runs: { status: string; counts: { failed: number; waiting: number } }[] };
        statuses.push(summary.runs.map((x) => x.status).join(','));
        if (i >= 1 && summary.runs.every((x) => x.status === 'succeeded' && x.counts.failed === 0 && x.counts.waiting === 0)) break;
      }
      const injected = async (admin: string) => {
        const c = (await (await fetch(`${admin}/requests`)).json()) as { byStatus: Record<string, number> };
        return Object.entries(c.byStatus).filter(([k]) => !/^(2\d\d|304)$/.test(k)).reduce((n, [, v]) => n + v, 0);
      };
      const faults = { zoho: await injected(zohoLine.admin), sage300: await injected(sageLine.admin) };
      process.stderr.write(`zoho chaos: kills=${kills} faults=${JSON.stringify(faults)} runs=${statuses.join(' | ')}\n`);
      expect(faults.zoho).toBeGreaterThan(0);
      expect(faults.sage300).toBeGreaterThan(0);
      await post(`${zohoLine.admin}/faults`, { clear: true });
      await post(`${sageLine.admin}/faults`, { clear: true });
      const settle = await runCli(tmp.dir, ['sync'], { timeoutMs: 120_000 });
      const last = await runCli(tmp.dir, ['sync'], { timeoutMs: 120_000 });
      const lastSummary = JSON.parse(last.stdout) as { totals: Record<string, number> };
      expect(JSON.parse(settle.stdout).runs.every((x: { status: string }) => x.status === 'succeeded')).toBe(true);

      const sage = sageApi(sageLine);
      const vendors = await sage.all<Row>('AP/APVendors');
      const customers = await sage.all<Row>('AR/ARCustomers');
      const orders = await sage.all<Row>('OE/OEOrders');
      const accounts = await zohoAll('Accounts');
      const contacts = await zohoAll('Contacts');
      const deals = await zohoAll('Deals');
      const keyed = (prefix: string, list: Row[]) => list.map((r) => String(r.External_Id ?? '')).filter((k) => k.startsWith(prefix));
      const problems: string[] = [];
      const sameSet = (what: string, got: string[], want: string[]) => {
        const g = [...got].sort();
        const w = [...new Set(want)].sort();
        if (g.length !== new Set(g).size) problems.push(`${what}: duplicates`);
        if (JSON.stringify(g) !== JSON.stringify(w)) problems.push(`${what}: ${g.length} in Zoho, ${w.length} expected`);
      };
      sameSet('vendor accounts', keyed('VEND-', accounts), vendors.map((v) => `VEND-${String(v.VendorNumber)}`));
      sameSet('customer accounts', keyed('CUST-', accounts), customers.map((c) => `CUST-${String(c.CustomerNumber)}`));
      const withContact = vendors.filter((v) => String(v.ContactName ?? '').trim() || String(v.ContactsEmail ?? '').trim());
      sameSet('vendor contacts', keyed('VEND-', contacts), withContact.map((v) => `VEND-${String(v.VendorNumber)}`));
      const won = deals.filter((d) => d.Stage === 'Closed Won' && d.Account_Name);
      for (const d of won) {
        const n = orders.filter((o) => o.OrderReference === `ML-${String(d.id)}`).length;
        if (n !== 1) problems.push(`deal ${String(d.id)}: ${n} orders`);
      }
      expect(problems).toEqual([]);
      expect(won.length).toBeGreaterThan(0);
      expect(kills).toBe(3);
      expect(lastSummary.totals.created! + lastSummary.totals.updated! + lastSummary.totals.failed!).toBe(0);
    } finally {
      await env.close().catch(() => undefined);
      tmp.cleanup();
    }
  }, 300_000);
});
