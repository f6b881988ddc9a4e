// The sandbox against spec §11, over raw HTTP: what any client of a real Sage 300 Web API would see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../kit/sandbox/types.ts';
import { startSandbox } from './index.ts';

let sb: RunningSandbox;
let line: { url: string; user: string; password: string; admin: string; company: string };
const auth = () => `Basic ${Buffer.from(`${line.user}:${line.password}`).toString('base64')}`;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(path.startsWith('http') ? path : `${line.url}/${path}`, {
    method,
    headers: { authorization: auth(), 'content-type': 'application/json', ...headers },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
const admin = async (route: string, body: unknown = {}) => (await fetch(`${line.admin}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
const errorOf = (r: { json?: Record<string, unknown> }) => (r.json?.error as { code: string; message: { lang: string; value: string } } | undefined);

beforeAll(async () => {
  sb = await startSandbox({ port: 0, records: 40, seed: 2, switches: { today: '2024-05-01' } });
  line = sb.line as typeof line;
});
afterAll(() => sb.close());

describe('the JSON line', () => {
  it('names the base through the company, the company and the credentials', () => {
    expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/Sage300WebApi\/v1\.0\/-\/SAMINC$/);
    expect(line).toMatchObject({ company: 'SAMINC', user: 'WEBAPI' });
    expect(line.password).toBeTruthy();
  });
});

describe('routing and auth', () => {
  it('routes case-insensitively and 404s unknown resources with ResourceNotFound', async () => {
    expect((await call('GET', line.url.replace('/Sage300WebApi/v1.0/', '/sage300webapi/V1.0/') + '/ar/arcustomers?$top=1')).status).toBe(200);
    const r = await call('GET', 'AR/ARCustomerContacts');
    expect(r.status).toBe(404);
    expect(errorOf(r)!.code).toBe('ResourceNotFound');
  });

  it('401 Unauthorized with the Basic challenge for missing or wrong credentials, including a lower-case user ID', async () => {
    for (const authorization of ['', `Basic ${Buffer.from(`webapi:${line.password}`).toString('base64')}`, `Basic ${Buffer.from(`WEBAPI:${line.password.toUpperCase()}`).toString('base64')}`]) {
      const r = await call('GET', 'AR/ARCustomers', undefined, { authorization });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Basic realm="Sage300WebApi"');
      expect(errorOf(r)).toMatchObject({ code: 'Unauthorized', message: { lang: 'en-US' } });
    }
  });

  it('500 InternalServerError without Content-Type: application/json, even on GET', async () => {
    const res = await fetch(`${line.url}/AR/ARCustomers`, { headers: { authorization: auth() } });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('InternalServerError');
  });
});

describe('collections', () => {
  it('pages of 100 with @odata.context, @odata.count and a nextLink carrying the options plus $skip', async () => {
    await admin('seed', { records: 250, seed: 2 });
    const r = await call('GET', `AR/ARCustomers?$count=true&$select=CustomerNumber&$filter=${encodeURIComponent("CustomerNumber ge 'C000001'")}`);
    expect(r.json!['@odata.context']).toBe(`${line.url}/AR/$metadata#ARCustomers(CustomerNumber)`);
    expect(r.json!['@odata.count']).toBe(250);
    expect((r.json!.value as unknown[]).length).toBe(100);
    const next = String(r.json!['@odata.nextLink']);
    expect(next).toContain('$skip=100');
    expect(next).toContain('$select=CustomerNumber');
    const page2 = await call('GET', next);
    expect((page2.json!.value as { CustomerNumber: string }[])[0]!.CustomerNumber).toBe('C000101');
    expect((await call('GET', 'AR/ARCustomers?$top=5')).json!['@odata.nextLink']).toBeUndefined();
    const big = await call('GET', 'AR/ARCustomers?$top=150&$select=CustomerNumber');
    expect(big.json!['@odata.nextLink']).toMatch(/\$top=50&\$skip=100$/);
    await admin('reset');
  });

  it('$filter: the grammar in use, and the stack’s errors for bare words, quoted dates and v3 literals', async () => {
    const q = (f: string) => call('GET', `AR/ARCustomers?$select=CustomerNumber,CustomerName&$filter=${encodeURIComponent(f)}`);
    expect(((await q("startswith(CustomerNumber,'C00001') and (Status eq 'Active' or Status eq 'Inactive')")).json!.value as unknown[]).length).toBeGreaterThan(0);
    expect(((await q("CustomerName eq 'O''Neil''s Pub & Grill'")).json!.value as unknown[]).length).toBe(1);
    expect((await q('DateLastMaintained ge 2020-01-01T00:00:00Z and CreditLimitCustomerCurrency ge 0m')).status).toBe(200);
    expect((await q("contains(CustomerName,'Café') or substringof('Café', CustomerName) or length(CustomerName) gt 55")).status).toBe(200);

    const bare = await q('CustomerNumber eq L010746552');
    expect(bare.status).toBe(400);
    expect(errorOf(bare)).toMatchObject({ code: 'InvalidParameters', message: { value: "Could not find a property named 'L010746552' on type 'Sage.CA.SBS.ERP.Sage300.AR.WebApi.Models.Customer'." } });
    const quoted = await q("DateLastMaintained ge '2024-01-01'");
    expect(errorOf(quoted)!.message.value).toMatch(/incompatible types.*'Edm.DateTimeOffset' and 'Edm.String'/);
    expect((await q("DateLastMaintained le datetime'2015-12-31T12:00'")).status).toBe(400);
    expect(errorOf(await q("OnHold eq 'Maybe'"))!.message.value).toMatch(/not a valid enumeration/);
  });

  it('$select of unknown properties and unsupported options are 400 InvalidParameters', async () => {
    expect(errorOf(await call('GET', 'AR/ARCustomers?$select=Nope'))!.code).toBe('InvalidParameters');
    expect(errorOf(await call('GET', 'AR/ARCustomers?$expand=Invoices'))!.code).toBe('InvalidParameters');
  });
});

describe('keys and entries', () => {
  it.each([["ARCustomers('C000003')"], ['ARCustomers(C000003)'], ["ARCustomers(CustomerNumber = 'C000003')"]])('%s returns the entry without a feed wrapper', async (path) => {
    const r = await call('GET', `AR/${path}`);
    expect(r.status).toBe(200);
    expect(r.json!['@odata.context']).toMatch(/#ARCustomers\/\$entity$/);
    expect(r.json!.CustomerNumber).toBe('C000003');
    expect(r.json!.value).toBeUndefined();
  });

  it('numeric and composite keys; bad keys 400 InvalidEntityKey; missing 404 RecordNotFound with Sage’s message', async () => {
    expect((await call('GET', 'AR/ARInvoiceBatches(1)')).json!.BatchNumber).toBe(1);
    const doc = ((await call('GET', 'AR/ARPostedDocuments?$top=1')).json!.value as { CustomerNumber: string; DocumentNumber: string }[])[0]!;
    expect((await call('GET', `AR/ARPostedDocuments(DocumentNumber = '${doc.DocumentNumber}', CustomerNumber = '${doc.CustomerNumber}')`)).status).toBe(200);
    expect(errorOf(await call('GET', "AR/ARInvoiceBatches('abc')"))!.code).toBe('InvalidEntityKey');
    const missing = await call('GET', "AR/ARCustomers('NOPE')");
    expect(missing.status).toBe(404);
    expect(errorOf(missing)!.message.value).toBe('A Record cannot be found for the specified entity key');
  });
});

describe('writes', () => {
  it('POST 201 with the stored entity and DateLastMaintained today; duplicate 409; unknown property 400', async () => {
    const r = await call('POST', 'AR/ARCustomers', { CustomerNumber: 'Z_POSTMAN', GroupCode: 'RTL', TaxGroup: 'CALIF', ShortName: 'Old Name' });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ CustomerNumber: 'Z_POSTMAN', Terms: 'N30', DateLastMaintained: '2024-05-01T00:00:00Z', InactiveDate: null });
    expect(errorOf(await call('POST', 'AR/ARCustomers', { CustomerNumber: 'Z_POSTMAN', GroupCode: 'RTL' }))!.code).toBe('RecordDuplicate');
    const bad = await call('PATCH', "AR/ARCustomers('Z_POSTMAN')", { InvalidProperty: 'Some Value' });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: 'InvalidPayload', message: { value: "The property 'InvalidProperty' does not exist on type 'Sage.CA.SBS.ERP.Sage300.AR.WebApi.Models.Customer'." } });
  });

  it('PATCH keeps details, PUT purges the ones not sent, both 204 and bump DateLastMaintained; DELETE 204', async () => {
    await admin('today', { date: '2024-05-02' });
    await call('PATCH', "AR/ARCustomers('Z_POSTMAN')", { CustomerOptionalFieldValues: [{ OptionalField: 'UPSZONE', Value: 'RED' }] });
    const patched = await call('PATCH', "AR/ARCustomers('Z_POSTMAN')", { ShortName: 'New Name' });
    expect(patched.status).toBe(204);
    let row = (await call('GET', "AR/ARCustomers('Z_POSTMAN')")).json!;
    expect(row).toMatchObject({ ShortName: 'New Name', DateLastMaintained: '2024-05-02T00:00:00Z' });
    expect(row.CustomerOptionalFieldValues).toHaveLength(1);
    expect((await call('PUT', "AR/ARCustomers('Z_POSTMAN')", { ShortName: 'Put Name' })).status).toBe(204);
    row = (await call('GET', "AR/ARCustomers('Z_POSTMAN')")).json!;
    expect(row.CustomerOptionalFieldValues).toEqual([]);
    expect((await call('DELETE', "AR/ARCustomers('Z_POSTMAN')")).status).toBe(204);
    expect((await call('GET', "AR/ARCustomers('Z_POSTMAN')")).status).toBe(404);
    await admin('today', { date: '2024-05-01' });
  });

  it('verbs a resource lacks are 405; POST with a key other than $template/$process is InvalidAction', async () => {
    expect(errorOf(await call('PATCH', 'OE/OEOrders(10000)', { OrderDescription: 'x' }))!.code).toBe('MethodNotAllowed');
    expect(errorOf(await call('DELETE', 'AR/ARPostedDocuments(a,b)'))!.code).toBe('MethodNotAllowed');
    expect(errorOf(await call('POST', "AR/ARCustomers('X')", {}))!.code).toBe('InvalidAction');
    expect((await call('POST', "AR/ARCustomers('$template')", {})).json!.CustomerNumber).toBe('');
  });

  it('orders get OrderUniquifier, OrderNumber and line numbers in steps of 32; batches entries and lines in steps of 20', async () => {
    const o = await call('POST', 'OE/OEOrders', { CustomerNumber: 'C000001', OrderDetails: [{ LineType: 'Item', Item: 'A1-105/0', QuantityOrdered: 8, PricingUnitPrice: 10 }, { LineType: 'Miscellaneous', MiscellaneousChargesCode: 'HC', ExtendedAmount: 20.25 }] });
    expect(o.status).toBe(201);
    expect(o.json!.OrderNumber).toMatch(/^ORD\d+$/);
    expect((o.json!.OrderDetails as { LineNumber: number }[]).map((d) => d.LineNumber)).toEqual([32, 64]);
    const b = await call('POST', 'AR/ARInvoiceBatches', { BatchDate: '2024-05-01', Invoices: [{ CustomerNumber: 'C000002', InvoiceDetails: [{ ExtendedAmountWithTIP: 100 }, { ExtendedAmountWithTIP: 50 }] }] });
    const inv = (b.json!.Invoices as { EntryNumber: number; InvoiceDetails: { LineNumber: number }[] }[])[0]!;
    expect([inv.EntryNumber, inv.InvoiceDetails.map((l) => l.LineNumber)]).toEqual([1, [20, 40]]);
  });

  it('posting ($process) creates posted documents and moves balances without touching DateLastMaintained', async () => {
    const b = await call('POST', 'AR/ARInvoiceBatches', { BatchStatus: 'ReadyToPost', Invoices: [{ CustomerNumber: 'C000005', InvoiceDetails: [{ ExtendedAmountWithTIP: 1000 }] }] });
    const customerBefore = (await call('GET', "AR/ARCustomers('C000005')")).json!;
    await admin('today', { date: '2024-05-03' });
    const p = await call('POST', "AR/ARPostInvoices('$process')", {});
    expect(p.json!.BatchesPosted).toBeGreaterThanOrEqual(1);
    const after = (await call('GET', "AR/ARCustomers('C000005')")).json!;
    expect(after.DateLastMaintained).toBe(customerBefore.DateLastMaintained);
    expect(Number(after.BalanceDueInCustomerCurrency) - Number(customerBefore.BalanceDueInCustomerCurrency)).toBeCloseTo(1080, 2);
    expect((await call('GET', `AR/ARInvoiceBatches(${String(b.json!.BatchNumber)})`)).json!.BatchStatus).toBe('Posted');
    const docNo = (b.json!.Invoices as { DocumentNumber: string }[])[0]!.DocumentNumber;
    expect((await call('GET', `AR/ARPostedDocuments('C000005','${docNo}')`)).json).toMatchObject({ FullyPaid: 'No', CurrentBalanceInCustomerCurrency: 1080 });
    await admin('today', { date: '2024-05-01' });
  });
});

describe('metadata and seed files', () => {
  it('serves EDMX 4.0 $metadata per module with keys and detail collections as complex types', async () => {
    const r = await call('GET', 'OE/$metadata');
    expect(r.status).toBe(200);
    expect(r.text).toContain('<edmx:Edmx Version="4.0"');
    expect(r.text).toContain('<EntityType Name="Order">');
    expect(r.text).toContain('<PropertyRef Name="OrderUniquifier"/>');
    expect(r.text).toContain('<ComplexType Name="OrderDetail">');
    expect(r.text).toContain('<EntitySet Name="OEOrders"');
  });

  it('starts from a seed file of partial records, filling every other property', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'sage300-seed-'));
    const file = join(dir, 'seed.json');
    await writeFile(file, JSON.stringify({ customers: [{ CustomerNumber: '1200', CustomerName: 'Mr. Ronald Black', GroupCode: 'RTL', DateLastMaintained: '2024-05-01T00:00:00Z' }], terms: [{ TermsCode: 'N30' }] }));
    const seeded = await startSandbox({ port: 0, seedFile: file });
    try {
      const res = await fetch(`${seeded.url}/AR/ARCustomers('1200')`, { headers: { authorization: auth(), 'content-type': 'application/json' } });
      const row = (await res.json()) as Record<string, unknown>;
      expect(row).toMatchObject({ CustomerNumber: '1200', CustomerName: 'Mr. Ronald Black', AddressLine1: '', InactiveDate: null, CustomerOptionalFieldValues: [] });
      expect((seeded.line as { records: Record<string, number> }).records).toMatchObject({ ARCustomers: 1, ARTerms: 1, OEOrders: 0 });
    } finally {
      await seeded.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('faults', () => {
  it('503 HTML app pool page, 429 TooManyRequests, Day End 409 on transaction inserts', async () => {
    await admin('faults', { once: [{ fault: '503' }] });
    const r503 = await call('GET', 'AR/ARTerms');
    expect(r503.status).toBe(503);
    expect(r503.headers.get('content-type')).toMatch(/text\/html/);
    expect(r503.text).toContain('HTTP Error 503. The service is unavailable.');
    await admin('faults', { once: [{ fault: '429' }] });
    expect(errorOf(await call('GET', 'AR/ARTerms'))!.code).toBe('TooManyRequests');
    await admin('faults', { once: [{ fault: 'dayend', method: 'POST' }] });
    const dayEnd = await call('POST', 'OE/OEOrders', { CustomerNumber: 'C000001' });
    expect(dayEnd.status).toBe(409);
    expect(errorOf(dayEnd)).toMatchObject({ code: 'RecordDuplicate', message: { value: expect.stringContaining('Day End Processing') } });
  });

  it('oversized pages get ASP.NET’s "Request timed out" 500 page', async () => {
    await admin('switches', { maxPageRecords: 10 });
    const r = await call('GET', 'AR/ARCustomers?$top=20');
    expect(r.status).toBe(500);
    expect(r.text).toContain('Request timed out.');
    expect((await call('GET', 'AR/ARCustomers?$top=10')).status).toBe(200);
    await admin('reset');
  });

  it('counts requests by endpoint and outcome; reset restores data, clock and counters', async () => {
    await admin('requests/reset');
    await call('GET', 'AR/ARTerms');
    await call('GET', "AR/ARTerms('N30')");
    await call('GET', "AR/ARTerms('NOPE')");
    const counts = (await (await fetch(`${line.admin}/requests`)).json()) as { total: number; byEndpointStatus: Record<string, Record<string, number>> };
    expect(counts.byEndpointStatus).toEqual({ 'GET AR/ARTerms': { '200': 1 }, 'GET AR/ARTerms(key)': { '200': 1, '404': 1 } });
    await admin('today', { date: '2030-01-01' });
    const reset = (await admin('reset')) as { today: string; counts: Record<string, number> };
    expect(reset.today).toBe('2024-05-01');
    expect(reset.counts.ARCustomers).toBe(40);
  });

  it('generated data is deterministic for a seed', async () => {
    const other = await startSandbox({ port: 0, records: 40, seed: 2, switches: { today: '2024-05-01' } });
    try {
      const mine = (await call('GET', 'AR/ARCustomers?$select=CustomerName,DateLastMaintained,ContactName')).json!.value;
      const res = await fetch(`${other.url}/AR/ARCustomers?$select=CustomerName,DateLastMaintained,ContactName`, { headers: { authorization: auth(), 'content-type': 'application/json' } });
      expect(((await res.json()) as { value: unknown }).value).toEqual(mine);
    } finally {
      await other.close();
    }
  });
});
