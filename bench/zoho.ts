// (f) Sage 300 → Zoho CRM (issue #17): N Sage 300 vendors with their contacts into a fresh Zoho org
// (Enterprise edition) through the sage300-zoho template's vendor flows, each sync in its own
// `ml-connector sync` process on the same data folder, as a scheduler would start them.
//   - API credits and requests per 1,000 vendors against the minimum (every vendor and contact in full
//     upserts of 100; Zoho charges one credit per call whatever it carries, §6.1);
//   - token refreshes: the first process refreshes once; the second process (the same flows plus the
//     two that read Zoho back, so it does call Zoho) finds the sealed token in the data folder and
//     refreshes none — a continuous schedule refreshes once per token lifetime (an hour): 1 per hour;
//   - the resync writes nothing (our own writes read back from Zoho do not echo to Sage 300).
import { join } from 'node:path';
import { createAppService } from '../main/service/index.ts';
import { adminCall, runCli, startSandboxChild, type CliResult, type SandboxChild } from './lib/children.ts';

export interface ZohoBenchResult {
  vendors: number;
  contacts: number;
  initial: { wallSeconds: number; requests: number; credits: number; minimumRequests: number; requestsPerMinimum: number; creditsPer1000Vendors: number; minimumPer1000Vendors: number; refreshes: number; byEndpoint: Record<string, number>; failed: number };
  resync: { wallSeconds: number; requests: number; credits: number; writeRequests: number; refreshes: number; written: number; byEndpoint: Record<string, number> };
  tokenRefreshesPerHour: number;
}

interface Summary {
  runs: { flow: string; status: string; counts: Record<string, number> }[];
  totals: Record<string, number>;
}
interface Counters {
  total: number;
  byEndpoint: Record<string, number>;
}
interface Info {
  refreshes: number;
  credits: { spentTotal: number };
}

const VENDORS_PER_RECORD = 5; // the Sage 300 sandbox seeds max(5, records / 5) vendors

async function workspace(dataDir: string, sage: SandboxChild, zoho: SandboxChild): Promise<Record<string, string>> {
  const service = createAppService({ dataDir, mode: 'headless', schedule: false });
  try {
    const s = sage.line as unknown as { url: string; user: string; password: string };
    const z = zoho.line as unknown as { accountsUrl: string; apiDomain: string; clientId: string; clientSecret: string; refreshToken: string };
    const erp = await service.impl['connections:create']({ system: 'sage300', name: 'Sage 300 (sandbox)', settings: { url: s.url, user: s.user }, secrets: { password: s.password } });
    const crm = await service.impl['connections:create']({
      system: 'zoho',
      name: 'Zoho CRM (sandbox)',
      settings: { dataCentre: 'US', accountsUrl: z.accountsUrl, apiDomain: z.apiDomain, clientId: z.clientId, modules: ['Accounts', 'Contacts', 'Vendors', 'Deals', 'Products', 'Invoices'] },
      secrets: { clientSecret: z.clientSecret, refreshToken: z.refreshToken },
    });
    const flows = await service.impl['flows:fromTemplate']({ template: 'sage300-zoho', erpConnectionId: erp.id, crmConnectionId: crm.id, flows: ['vendors', 'vendor-contacts', 'vendor-edits', 'vendor-contact-edits'] });
    return Object.fromEntries(flows.map((f) => [f.template!.split('/')[1]!, f.id]));
  } finally {
    await service.close();
  }
}

async function sync(dataDir: string, flowIds: string[], log: (l: string) => void, label: string): Promise<{ r: CliResult; summary: Summary; wallSeconds: number }> {
  const t0 = performance.now();
  const r = await runCli(dataDir, ['sync', ...flowIds], { timeoutMs: 15 * 60_000, onLine: (l) => /succeeded|partial|failed/.test(l) && log(`${label}: ${l}`) });
  const wallSeconds = (performance.now() - t0) / 1000;
  try {
    return { r, summary: JSON.parse(r.stdout) as Summary, wallSeconds };
  } catch {
    throw new Error(`${label}: the sync printed no summary (exit ${r.code}): ${r.stderr.slice(-800)}`);
  }
}

const writes = (byEndpoint: Record<string, number>) =>
  Object.entries(byEndpoint)
    .filter(([e]) => /^(POST|PUT|PATCH|DELETE) /.test(e) && !e.includes('__sandbox'))
    .reduce((n, [, v]) => n + v, 0);

export async function benchZoho(o: { vendors: number; dir: string; log: (l: string) => void }): Promise<ZohoBenchResult> {
  const children: SandboxChild[] = [];
  try {
    const [sage, zoho] = await Promise.all([
      startSandboxChild('sage300', ['--records', String(o.vendors * VENDORS_PER_RECORD)]),
      startSandboxChild('zoho', ['--tier', 'enterprise', '--records', '0']),
    ]);
    children.push(sage, zoho);
    const data = join(o.dir, 'data-zoho');
    const ids = await workspace(data, sage, zoho);
    const forward = [ids.vendors!, ids['vendor-contacts']!];
    const all = Object.values(ids);
    const info = () => adminCall<Info>(`${zoho.line.admin}/info`);
    await adminCall(`${zoho.line.admin}/counters/reset`, 'POST');
    const before = await info();
    o.log(`(f) Sage 300 → Zoho CRM: ${o.vendors} vendors and their contacts …`);
    const first = await sync(data, forward, o.log, '(f)');
    const afterFirst = await info();
    const counters = await adminCall<Counters>(`${zoho.line.admin}/counters`);
    const created = (flow: string) => first.summary.runs.find((r) => r.flow === flow)?.counts.created ?? 0;
    const vendors = created('AP vendors → Accounts');
    const contacts = created('AP vendor contacts → Contacts');
    const minimum = Math.ceil(vendors / 100) + Math.ceil(contacts / 100);
    const credits = afterFirst.credits.spentTotal - before.credits.spentTotal;
    const per1000 = (n: number) => (n / Math.max(1, vendors)) * 1000;

    await adminCall(`${zoho.line.admin}/counters/reset`, 'POST');
    o.log('(f) resync in a second process, nothing changed, with the flows that read Zoho back …');
    const second = await sync(data, all, o.log, '(f) resync');
    const afterSecond = await info();
    const counters2 = await adminCall<Counters>(`${zoho.line.admin}/counters`);
    const refreshes = { first: afterFirst.refreshes - before.refreshes, second: afterSecond.refreshes - afterFirst.refreshes };
    const result: ZohoBenchResult = {
      vendors,
      contacts,
      initial: {
        wallSeconds: first.wallSeconds,
        requests: counters.total,
        credits,
        minimumRequests: minimum,
        requestsPerMinimum: counters.total / minimum,
        creditsPer1000Vendors: per1000(credits),
        minimumPer1000Vendors: per1000(minimum),
        refreshes: refreshes.first,
        byEndpoint: counters.byEndpoint,
        failed: first.summary.totals.failed ?? 0,
      },
      resync: {
        wallSeconds: second.wallSeconds,
        requests: counters2.total,
        credits: afterSecond.credits.spentTotal - afterFirst.credits.spentTotal,
        writeRequests: writes(counters2.byEndpoint),
        refreshes: refreshes.second,
        written: (second.summary.totals.created ?? 0) + (second.summary.totals.updated ?? 0),
        byEndpoint: counters2.byEndpoint,
      },
      // Both processes ran within one token lifetime (an hour): every refresh they made falls in that hour.
      tokenRefreshesPerHour: refreshes.first + refreshes.second,
    };
    o.log(`(f) ${vendors} vendors + ${contacts} contacts: ${counters.total} requests, ${credits} credits (minimum ${minimum}); ${refreshes.first} + ${refreshes.second} token refreshes; resync ${result.resync.writeRequests} writes`);
    return result;
  } finally {
    await Promise.allSettled(children.map((c) => c.stop()));
  }
}
