// The connector's reads against the sandbox over real sockets: paging by next link at our page size, a
// session that dies mid-read, the incremental filter at minute precision and across days, and the
// payment status as absolute values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, SourceEntity, SourceRecord } from '../kit/types.ts';
import { runSourceConformance } from '../kit/testing/conformance.ts';
import { startHarness, type Harness } from './test-support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ switches: { sessionTimeoutSeconds: 10_000_000 } });
});
afterAll(() => h.close());

async function readAll(source: SourceEntity, since: string | null, onPage?: (p: Page, n: number) => Promise<void>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  let n = 0;
  for await (const page of source.read({ since, signpost: new Date() })) {
    out.push(...page.records);
    await onPage?.(page, ++n);
  }
  return out;
}
const requests = async () => (await h.admin<{ byEndpoint: Record<string, number> }>('counters')).byEndpoint;

describe('paged reads', () => {
  it('reads every customer once, 25 per page by next link (never the default 20), with $select of the mapped fields', async () => {
    const c = h.connect();
    await h.admin('counters/reset', {});
    const records = await readAll(c.sources.businessPartners, null);
    expect(records).toHaveLength(60);
    expect(new Set(records.map((r) => r.CardCode)).size).toBe(60);
    expect((await requests())['GET BusinessPartners']).toBe(3);
    const first = records[0]!;
    expect(first).toMatchObject({ CardCode: 'C00001', PaymentTermsName: expect.any(String), EmailDomain: expect.stringMatching(/\.example$/) });
    expect(Object.keys(first)).not.toContain('ContactEmployees');
  });

  it('recovers a session that expires in the middle of a long read: one new login, no page lost or read twice', async () => {
    const c = h.connect();
    const before = (await h.admin<{ logins: number }>('info')).logins;
    const records = await readAll(c.sources.businessPartners, null, async (_p, n) => {
      if (n === 1) await h.admin('sessions/expire', {});
    });
    expect(records.map((r) => r.CardCode)).toEqual([...new Set(records.map((r) => r.CardCode))]);
    expect(records).toHaveLength(60);
    expect((await h.admin<{ logins: number }>('info')).logins - before).toBe(2);
  });

  it('resumes after a committed page with exactly the rest', async () => {
    const c = h.connect();
    const pages: Page[] = [];
    for await (const p of c.sources.invoices.read({ since: null, signpost: new Date() })) pages.push(p);
    expect(pages.at(-1)!.resume).toBeNull();
    const rest: SourceRecord[] = [];
    for await (const p of c.sources.invoices.read({ since: null, signpost: new Date(), resume: pages[0]!.resume })) rest.push(...p.records);
    expect(rest.map((r) => r.DocEntry)).toEqual(pages.slice(1).flatMap((p) => p.records.map((r) => r.DocEntry)));
  });

  it('passes the kit conformance suite for customers, contacts and invoices', async () => {
    const c = h.connect();
    await runSourceConformance(c.sources.businessPartners, { minRecords: 60 });
    await runSourceConformance(c.sources.contactEmployees, { minRecords: 60 });
    await runSourceConformance(c.sources.invoices, { minRecords: 20 });
  });
});

describe('incremental reads (spec §8.2)', () => {
  it('finds an edit at 10:15:40 after a poll whose watermark is 10:15, and a change on a later day at an earlier time', async () => {
    const c = h.connect({ overlapMinutes: 1 });
    await h.admin('clock/at', { now: '2030-06-10T10:15:40Z' });
    await h.admin('records/BusinessPartners/C00011', { changes: { Phone1: '555-7777' } }, 'PATCH');
    expect((await readAll(c.sources.businessPartners, '2030-06-10T10:15')).map((r) => r.CardCode)).toEqual(['C00011']);
    await h.admin('clock/at', { now: '2030-06-11T08:00:05Z' });
    await h.admin('records/BusinessPartners/C00012', { changes: { Phone1: '555-8888' } }, 'PATCH');
    expect((await readAll(c.sources.businessPartners, '2030-06-10T10:15')).map((r) => r.CardCode)).toEqual(['C00011', 'C00012']);
    expect((await readAll(c.sources.businessPartners, '2030-06-11T08:02')).map((r) => r.CardCode)).toEqual([]);
    expect(c.sources.businessPartners.watermarkFor(new Date('2030-06-11T08:02:59Z'))).toBe('2030-06-11T08:02');
  });

  it('uses each version\'s literals: v1 reads the same window', async () => {
    const c = h.connect({ url: h.line.urlV1, overlapMinutes: 1 });
    expect((await readAll(c.sources.businessPartners, '2030-06-10T10:15')).map((r) => r.CardCode)).toEqual(['C00011', 'C00012']);
  });
});

describe('payments → invoice status', () => {
  async function payAndRead(exposePaidToDate: boolean) {
    await h.admin('switches', { exposePaidToDate });
    await h.admin('clock/at', { now: exposePaidToDate ? '2030-07-01T09:00:00Z' : '2030-07-02T09:00:00Z' });
    const inv = await h.admin<{ DocEntry: number; DocTotal: number }>('records/Invoices', { CardCode: 'C00004', DocumentLines: [{ ItemCode: 'A00001', Quantity: 3, UnitPrice: 100 }] });
    const c = h.connect({ overlapMinutes: 1 });
    const pay = (sum: number) => h.admin('records/IncomingPayments', { CardCode: 'C00004', DocType: 'rCustomer', TransferSum: sum, PaymentInvoices: [{ DocEntry: inv.DocEntry, SumApplied: sum }] });
    const since = exposePaidToDate ? '2030-07-01T08:59' : '2030-07-02T08:59';
    await pay(100);
    const partial = (await readAll(c.sources.invoicePayments, since)).filter((r) => r.DocEntry === inv.DocEntry);
    expect(partial).toEqual([expect.objectContaining({ AmountPaid: 100, Balance: inv.DocTotal - 100, PaymentStatus: 'partially_paid' })]);
    await pay(inv.DocTotal - 100);
    const both = (await readAll(c.sources.invoicePayments, since)).filter((r) => r.DocEntry === inv.DocEntry);
    // Two payments touch the invoice: every record carries the same absolute state, never an increment.
    expect(both.length).toBeGreaterThanOrEqual(1);
    for (const r of both) expect(r).toMatchObject({ AmountPaid: inv.DocTotal, Balance: 0, PaymentStatus: 'paid' });
  }

  it('reads PaidToDate when the server exposes it', () => payAndRead(true));
  it('sums the non-cancelled payments when it does not (switch exposePaidToDate=false)', () => payAndRead(false));
});
