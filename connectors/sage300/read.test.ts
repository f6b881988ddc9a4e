// Reads over real sockets against the sandbox: every entity in full, incremental windows across days,
// resume after an interruption, server-driven paging, v3 annotations, balance refresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll, sageCall, startHarness, type Harness } from './test-support.ts';

const TODAY = '2025-03-12';
const at = (day: string, time = '12:00:00') => new Date(`${day}T${time}Z`);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ records: 120, seed: 11, switches: { today: TODAY } });
});
afterAll(() => h.close());

describe('full reads', () => {
  it('reads every entity, each record once, with its lines and derived fields', async () => {
    const c = h.connect();
    const info = await h.admin<{ counts: Record<string, number> }>('info');
    const ids = async (name: keyof typeof c.sources) => {
      const { records } = await readAll(c.sources[name]);
      const list = records.map((r) => c.sources[name].idOf(r));
      expect(new Set(list).size).toBe(list.length);
      return { records, list };
    };

    const customers = await ids('arCustomers');
    expect(customers.list).toHaveLength(info.counts.ARCustomers!);
    const first = customers.records[0]!;
    expect(first).toMatchObject({ CustomerNumber: 'C000001', CustomerName: 'Black & Sons Hardware' });
    expect(first.DateLastMaintained).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Contact fields live on the customer record.
    expect(first).toHaveProperty('ContactName');
    expect(first).toHaveProperty('ContactsEmail');
    expect(customers.records.some((r) => String(r.CustomerName).includes('株式会社'))).toBe(true);

    const contacts = await ids('arCustomerContacts');
    expect(contacts.list.length).toBeGreaterThan(0);
    expect(contacts.list.length).toBeLessThanOrEqual(customers.list.length);
    const withName = contacts.records.find((r) => String(r.ContactName).includes(' '))!;
    expect(`${String(withName.FirstName)} ${String(withName.LastName)}`).toBe(withName.ContactName);

    const terms = await ids('arTerms');
    expect(terms.list).toEqual(['2N31', 'COD', 'DUETBL', 'N15', 'N30', 'N60']);
    expect(terms.records.find((t) => t.TermsCode === 'N30')).toMatchObject({ DueNumberOfDays: 30 });

    const invoices = await ids('arInvoices');
    const batchInvoiceCount = (await fetchAll(h, 'AR/ARInvoiceBatches?$select=BatchNumber,Invoices')).reduce((a, b) => a + (b.Invoices as unknown[]).length, 0);
    expect(invoices.list).toHaveLength(batchInvoiceCount);
    const inv = invoices.records[0]!;
    expect(inv.InvoiceId).toBe(`${String(inv.BatchNumber)}-${String(inv.EntryNumber)}`);
    expect((inv.InvoiceDetails as unknown[]).length).toBeGreaterThan(0);
    expect(invoices.records.some((r) => r.Posted === true)).toBe(true);

    const docs = await ids('arPostedDocuments');
    expect(docs.list).toHaveLength(info.counts.ARPostedDocuments!);
    expect(new Set(docs.records.map((d) => d.PaymentStatus))).toEqual(new Set(['paid', 'partially_paid', 'open']));

    const vendors = await ids('apVendors');
    expect(vendors.list).toHaveLength(info.counts.APVendors!);

    const orders = await ids('oeOrders');
    expect(orders.list).toHaveLength(info.counts.OEOrders!);
    expect((orders.records[0]!.OrderDetails as { LineNumber: number }[])[0]!.LineNumber).toBe(32);
  });

  it('a key-only scan lists every key and nothing else', async () => {
    const c = h.connect();
    const keys: string[] = [];
    for await (const batch of c.sources.arCustomers.keys()) keys.push(...batch);
    const info = await h.admin<{ counts: Record<string, number> }>('info');
    expect(keys).toHaveLength(info.counts.ARCustomers!);
    const reqs = await h.requests();
    expect(Object.keys(reqs.byEndpointStatus)).toContain('GET AR/ARCustomers');
  });

  it('follows @odata.nextLink when the server page is smaller than $top, even when it names another host', async () => {
    await h.admin('switches', { pageSize: 7, nextLinkBase: 'http://localhost' });
    try {
      const c = h.connect({ pageSize: 25 });
      await h.admin('requests/reset');
      const { records } = await readAll(c.sources.arCustomers);
      expect(new Set(records.map((r) => r.CustomerNumber)).size).toBe(120);
      // 120 rows / 7 per server page → at least 18 requests, all to 127.0.0.1 (the sandbox counted them).
      expect((await h.requests()).byEndpointStatus['GET AR/ARCustomers']!['200']).toBeGreaterThanOrEqual(18);
    } finally {
      await h.admin('switches', { pageSize: 100, nextLinkBase: '' });
    }
  });

  it('accepts the v3 annotation spellings and a server without $orderby', async () => {
    await h.admin('switches', { v3Annotations: true, orderbySupported: false, pageSize: 10 });
    try {
      const c = h.connect({ pageSize: 10 });
      const { records } = await readAll(c.sources.apVendors);
      expect(records.length).toBe((await h.admin<{ counts: Record<string, number> }>('info')).counts.APVendors);
    } finally {
      await h.admin('switches', { v3Annotations: false, orderbySupported: true, pageSize: 100 });
    }
  });

  it('resumes an interrupted read after the last committed page without losing or repeating records', async () => {
    expect((await sageCall(h, 'POST', 'AR/ARCustomers', { CustomerNumber: 'C000003Z', GroupCode: 'RTL', CustomerName: 'Short-lived' })).status).toBe(201);
    const c = h.connect({ pageSize: 20 });
    const seen: string[] = [];
    let resume: string | null = null;
    for await (const page of c.sources.arCustomers.read({ since: null, signpost: new Date() })) {
      seen.push(...page.records.map((r) => String(r.CustomerNumber)));
      resume = page.resume;
      if (seen.length >= 41) break; // the run crashes here
    }
    expect(resume).not.toBeNull();
    // Meanwhile a customer before the resume point is deleted and one is added after it.
    await h.admin('delete', { resource: 'ARCustomers', key: 'C000003Z' });
    expect((await sageCall(h, 'POST', 'AR/ARCustomers', { CustomerNumber: 'C000001A', GroupCode: 'WHL', CustomerName: 'Inserted behind the reader' })).status).toBe(201);
    const again = h.connect({ pageSize: 20 });
    const rest: string[] = [];
    for await (const page of again.sources.arCustomers.read({ since: null, signpost: new Date(), resume })) rest.push(...page.records.map((r) => String(r.CustomerNumber)));
    // It continues right after the last committed key: the deletion behind it shifts nothing.
    expect(rest[0]! > seen.at(-1)!).toBe(true);
    expect(rest[0]).toBe(`C${String(Number(seen.at(-1)!.slice(1)) + 1).padStart(6, '0')}`);
    const all = new Set([...seen, ...rest]);
    expect(all.size).toBe(seen.length + rest.length);
    // Everyone now in the ledger was read, except the one inserted behind the reader (next incremental run).
    const count = (await h.admin<{ counts: Record<string, number> }>('info')).counts.ARCustomers!;
    expect(all.size).toBe(count);
    expect(all.has('C000001A')).toBe(false);
  });
});

describe('incremental reads', () => {
  it('re-reads the watermark day: an edit made later that day is not missed, and nothing older comes back', async () => {
    const c = h.connect();
    await h.admin('today', { date: TODAY });
    const full = await readAll(c.sources.arCustomers, { signpost: at(TODAY, '09:00:00') });
    const watermark = c.sources.arCustomers.watermarkFor(at(TODAY, '09:00:00'));
    expect(watermark).toBe(TODAY);

    // Later on the watermark's day a Sage user edits a customer; the next day another.
    await h.admin('edit', { resource: 'ARCustomers', key: 'C000010', changes: { CustomerName: 'Renamed at 16:00' } });
    await h.admin('today', { date: '2025-03-13' });
    await h.admin('edit', { resource: 'ARCustomers', key: 'C000020', changes: { PhoneNumber: '4155550199' } });

    const inc = await readAll(c.sources.arCustomers, { since: watermark, signpost: at('2025-03-13', '09:00:00') });
    const got = new Set(inc.records.map((r) => String(r.CustomerNumber)));
    expect(got.has('C000010')).toBe(true);
    expect(got.has('C000020')).toBe(true);
    expect(inc.records.find((r) => r.CustomerNumber === 'C000010')!.CustomerName).toBe('Renamed at 16:00');
    // Only the overlap: records maintained on the day before the watermark or later.
    const expected = new Set(full.records.filter((r) => String(r.DateLastMaintained) >= '2025-03-11').map((r) => String(r.CustomerNumber)));
    for (const id of got) if (id !== 'C000010' && id !== 'C000020') expect(expected.has(id)).toBe(true);
    expect(got.size).toBeLessThan(full.records.length / 4);
    await h.admin('today', { date: TODAY });
  });

  it('never reports a watermark above the signpost', () => {
    const c = h.connect();
    const signpost = at('2025-03-12', '00:30:00');
    for (const s of Object.values(c.sources)) {
      const day = s.watermarkFor(signpost).slice(0, 10);
      expect(new Date(`${day}T00:00:00Z`).getTime()).toBeLessThanOrEqual(signpost.getTime());
    }
  });

  it('posting moves balances without DateLastMaintained: the balance refresh and open-document refresh see it', async () => {
    const c = h.connect();
    await h.admin('today', { date: '2025-03-14' });
    const created = await sageCall(h, 'POST', 'AR/ARInvoiceBatches', {
      BatchDate: '2025-03-14', Description: 'Sync test',
      Invoices: [{ CustomerNumber: 'C000007', DocumentType: 'Invoice', InvoiceDetails: [{ ItemNumber: 'A1-105/0', Quantity: 2, Price: 149.5 }] }],
    });
    expect(created.status).toBe(201);
    const batch = created.json as { BatchNumber: number; Invoices: { CustomerNumber: string; DocumentNumber: string }[] };
    const inv = batch.Invoices[0]!;
    const before = await h.admin<Record<string, unknown>>('record', { resource: 'ARCustomers', key: inv.CustomerNumber });
    await h.admin('post-batch', { batchNumber: batch.BatchNumber });

    const customerInc = await readAll(c.sources.arCustomers, { since: '2025-03-14', signpost: at('2025-03-14') });
    if (String(before.DateLastMaintained) < '2025-03-13') {
      expect(customerInc.records.some((r) => r.CustomerNumber === inv.CustomerNumber)).toBe(false);
    }
    const balances = await readAll(c.sources.arCustomerBalances, { since: '2025-03-14', signpost: at('2025-03-14') });
    const b = balances.records.find((r) => r.CustomerNumber === inv.CustomerNumber)!;
    expect(b.BalanceDueInCustomerCurrency).not.toBe(before.BalanceDueInCustomerCurrency);

    await h.admin('pay', { customerNumber: inv.CustomerNumber, documentNumber: inv.DocumentNumber });
    const open = await readAll(c.sources.arOpenDocuments, { since: '2025-03-14', signpost: at('2025-03-14') });
    const doc = open.records.find((r) => r.DocumentNumber === inv.DocumentNumber)!;
    expect(doc).toMatchObject({ PaymentStatus: 'paid', DatePaid: '2025-03-14' });
    expect(open.records.every((r) => r.PaymentStatus !== 'paid' || String(r.DatePaid) >= '2025-03-13')).toBe(true);
    await h.admin('today', { date: TODAY });
  });

  it('orders: new ones by uniquifier whatever their date', async () => {
    const c = h.connect();
    await readAll(c.sources.oeOrders, { signpost: at(TODAY) });
    const wm = c.sources.oeOrders.watermarkFor(at(TODAY));
    expect(wm).toMatch(/^2025-03-12\|\d+$/);
    const post = await fetch(`${h.config.url}/OE/OEOrders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`WEBAPI:${h.password}`).toString('base64')}` },
      body: JSON.stringify({ CustomerNumber: 'C000003', OrderDate: '2019-01-01', OrderDetails: [{ Item: 'A1-105/0', QuantityOrdered: 1, PricingUnitPrice: 10 }] }),
    });
    const created = (await post.json()) as { OrderUniquifier: number };
    const inc = await readAll(c.sources.oeOrders, { since: wm, signpost: at(TODAY) });
    expect(inc.records.map((r) => r.OrderUniquifier)).toContain(created.OrderUniquifier);
    expect(inc.records.length).toBeLessThan(10);
  });
});

async function fetchAll(harness: Harness, pathAndQuery: string): Promise<Record<string, unknown>[]> {
  const auth = `Basic ${Buffer.from(`WEBAPI:${harness.password}`).toString('base64')}`;
  const out: Record<string, unknown>[] = [];
  let url: string | undefined = `${harness.config.url}/${pathAndQuery}`;
  while (url) {
    const res = await fetch(url, { headers: { authorization: auth, 'content-type': 'application/json' } });
    const body = (await res.json()) as { value: Record<string, unknown>[]; '@odata.nextLink'?: string };
    out.push(...body.value);
    url = body['@odata.nextLink'];
  }
  return out;
}
