// `npm run bench -- --only sapb1`: SAP Business One → HubSpot. The SAP B1 and HubSpot sandboxes
// run as child processes.
//   - Service Layer read throughput: every A/R invoice (with lines, G/L and profit-center names) and every
//     customer read through the real connector at its configured page size (`Prefer: odata.maxpagesize`),
//     records/s, and Service Layer requests per 1,000 invoices against the minimum (one login plus one
//     request per full page);
//   - the initial load of the whole template (partners, contacts, invoices with lines, payments) into an
//     empty HubSpot at the Professional tier (window scaled by --time-scale): wall time against the lower
//     bound (fewest HubSpot requests that carry the data ÷ the allowed rate), requests per minimum, 429s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sapb1ConfigSchema } from '../connectors/sapb1/config.ts';
import { adminCall, startSandboxChild, type SandboxChild } from './lib/children.ts';
import { batches, initialLoad, readThrough, setupTemplateWorkspace, type HubCounters } from './lib/erp-bench.ts';

type Row = Record<string, unknown>;

async function allRecords(sap: SandboxChild, set: string): Promise<Row[]> {
  const out: Row[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await adminCall<{ results: Row[]; next?: string }>(`${sap.line.admin}/records/${set}?limit=1000${after ? `&after=${after}` : ''}`);
    out.push(...page.results);
    if (!page.next) return out;
    after = page.next;
  }
}

/** What the SAP data implies HubSpot must receive, in full batches of 100 (objects and associations). */
async function hubspotMinimum(sap: SandboxChild): Promise<{ total: number; parts: Record<string, number>; counts: Record<string, number> }> {
  const customers = (await allRecords(sap, 'BusinessPartners')).filter((p) => p.CardType === 'cCustomer');
  const invoices = (await allRecords(sap, 'Invoices')).filter((i) => i.Cancelled !== 'tYES' && (i.CancelStatus ?? 'csNo') === 'csNo');
  const counts = {
    customers: customers.length,
    contacts: customers.reduce((n, p) => n + ((p.ContactEmployees as unknown[] | undefined)?.length ?? 0), 0),
    invoices: invoices.length,
    lines: invoices.reduce((n, i) => n + ((i.DocumentLines as unknown[] | undefined)?.length ?? 0), 0),
    invoicesWithContact: invoices.filter((i) => i.ContactPersonCode !== null && i.ContactPersonCode !== undefined).length,
    invoicesWithPayments: invoices.filter((i) => Number(i.PaidToDate) > 0).length,
  };
  const parts = {
    'companies upsert': batches(counts.customers),
    'contacts upsert': batches(counts.contacts),
    'contact → company (primary)': batches(counts.contacts),
    'invoices upsert': batches(counts.invoices),
    'line items upsert': batches(counts.lines),
    'invoice → line items': batches(counts.lines),
    'invoice → company': batches(counts.invoices),
    'invoice → contact': batches(counts.invoicesWithContact),
    'invoice status (draft → open)': batches(counts.invoices),
    'payments → invoice amounts': batches(counts.invoicesWithPayments),
  };
  return { total: Object.values(parts).reduce((a, n) => a + n, 0), parts, counts };
}

export async function benchSapB1(o: { customers: number; timeScale: number; log: (l: string) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-sapb1-'));
  const children: SandboxChild[] = [];
  try {
    const [sap, hub] = await Promise.all([startSandboxChild('sapb1', ['--records', String(o.customers), '--random-seed', '3']), startSandboxChild('hubspot', ['--tier', 'enterprise', '--time-scale', '1000'])]);
    children.push(sap, hub);
    const pageSize = sapb1ConfigSchema.parse({ url: 'https://x/b1s/v2', companyDB: 'X', user: 'x' }).pageSize;

    // Service Layer reads through the connector.
    await adminCall(`${sap.line.admin}/counters/reset`, 'POST');
    const invoices = await readThrough('sapb1', sap.line, 'invoices');
    const afterInvoices = await adminCall<HubCounters>(`${sap.line.admin}/counters`);
    const minimumInvoiceRequests = 1 + Math.ceil(invoices.records / pageSize);
    await adminCall(`${sap.line.admin}/counters/reset`, 'POST');
    const partners = await readThrough('sapb1', sap.line, 'businessPartners');
    o.log(`sapb1: ${invoices.records} invoices in ${invoices.seconds.toFixed(1)} s (${invoices.recordsPerSecond.toFixed(0)}/s, ${afterInvoices.total} requests, minimum ${minimumInvoiceRequests}); ${partners.records} partners at ${partners.recordsPerSecond.toFixed(0)}/s`);

    // The initial load into HubSpot at Professional.
    const min = await hubspotMinimum(sap);
    const data = join(dir, 'data');
    await setupTemplateWorkspace(data, { system: 'sapb1', line: sap.line }, hub, 'sapb1-hubspot');
    o.log(`sapb1: initial load of ${JSON.stringify(min.counts)}; minimum HubSpot requests ${min.total} …`);
    const load = await initialLoad(data, hub, min.total, o.timeScale, (l) => o.log(`sapb1 load: ${l}`));
    o.log(`sapb1: load ${load.wallSeconds.toFixed(1)} s vs bound ${load.lowerBoundSeconds.toFixed(1)} s; ${load.requests} requests (minimum ${load.minimumRequests}); ${load.http429} × 429`);
    return {
      pageSize,
      read: {
        invoices: { ...invoices, serviceLayerRequests: afterInvoices.total, minimumRequests: minimumInvoiceRequests, requestsPer1000: (afterInvoices.total / invoices.records) * 1000, minimumPer1000: (minimumInvoiceRequests / invoices.records) * 1000, byEndpoint: afterInvoices.byEndpoint },
        businessPartners: partners,
      },
      data: min.counts,
      load: { ...load, minimumByKind: min.parts },
    };
  } finally {
    await Promise.allSettled(children.map((c) => c.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lines `npm run bench` prints for this case. */
export function sapb1Summary(r: Awaited<ReturnType<typeof benchSapB1>>): string[] {
  const i = r.read.invoices;
  const l = r.load;
  return [
    `sapb1: Service Layer read at page size ${r.pageSize}: invoices ${i.recordsPerSecond.toFixed(0)} records/s (${i.records} in ${i.seconds.toFixed(1)} s), partners ${r.read.businessPartners.recordsPerSecond.toFixed(0)} records/s; ${i.requestsPer1000.toFixed(1)} requests per 1,000 invoices (minimum ${i.minimumPer1000.toFixed(1)})`,
    `sapb1: initial load ${l.wallSeconds.toFixed(1)} s for a ${l.lowerBoundSeconds.toFixed(1)} s HubSpot bound (ratio ${l.boundRatio.toFixed(3)}, time-scale ${l.timeScale}); ${l.requests} HubSpot requests, minimum ${l.minimumRequests} (${l.requestsPerMinimum.toFixed(3)}×); ${l.http429} × 429; ${l.failed} failed`,
  ];
}
