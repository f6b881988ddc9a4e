// The Sage 100 agent as an independent client sees it: raw undici over real HTTPS sockets against the
// sandbox (the real agent over unixODBC + the SQLite ODBC driver), never through our connector.
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimalHoursToSeconds } from '../agent/decimal-time.ts';
import { startSandbox } from './index.ts';

type Line = { url: string; apiKey: string; user: string; password: string; ca: string; admin: string; driver: string; fingerprint256: string; companyCode: string };
type Page = { data: Record<string, unknown>[]; page: { limit: number; count: number; hasMore: boolean; nextCursor: string | null }; companyCode: string; source: string };
type ErrorBody = { error: { code: string; message: string; retryable: boolean; requestId: string; details: Record<string, unknown> } };

let sb: Awaited<ReturnType<typeof startSandbox>> & { requestLog: unknown[] };
let line: Line;
let dispatcher: Agent;
const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

async function get<T = Page>(path: string, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Record<string, string | string[] | undefined> }> {
  const r = await request(line.url + path, {
    dispatcher,
    headers: headers ?? { 'x-agent-key': line.apiKey, authorization: basic(line.user, line.password) },
  });
  return { status: r.statusCode, body: (await r.body.json()) as T, headers: r.headers };
}

async function admin(verb: string, body: unknown) {
  const r = await request(`${line.admin}/${verb}`, { dispatcher, method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const json = (await r.body.json()) as Record<string, unknown>;
  if (r.statusCode !== 200) throw new Error(`admin ${verb}: ${JSON.stringify(json)}`);
  return json;
}

async function all(path: string, limit: number, between?: (i: number) => Promise<void>): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  for (let i = 0; ; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const r: { status: number; body: Page } = await get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    rows.push(...r.body.data);
    if (!r.body.page.hasMore) return rows;
    cursor = r.body.page.nextCursor;
    await between?.(i);
  }
}

beforeAll(async () => {
  sb = (await startSandbox({ port: 0, records: 120, seed: 7 })) as typeof sb;
  line = sb.line as unknown as Line;
  dispatcher = new Agent({ connect: { ca: line.ca } });
});
afterAll(async () => {
  await dispatcher?.close();
  await sb?.close();
});

describe('the sandbox line and transport', () => {
  it('prints what a client needs and reads through real ODBC', async () => {
    expect(Object.keys(line)).toEqual(expect.arrayContaining(['url', 'companyCode', 'apiKey', 'user', 'password', 'fingerprint256', 'ca', 'admin', 'driver']));
    expect(line.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(line.driver).toBe('odbc');
    const health = await get<{ status: string; companies: { CompanyCode: string; odbc: string }[] }>('/v1/health');
    expect(health.body.status).toBe('ok');
    expect(health.body.companies).toEqual([expect.objectContaining({ CompanyCode: 'ABC', odbc: 'ok' })]);
  });

  it('refuses plain HTTP and an untrusted certificate', async () => {
    await expect(request(line.url.replace('https:', 'http:') + '/v1/health')).rejects.toThrow();
    await expect(request(line.url + '/v1/health', { dispatcher: new Agent() })).rejects.toThrow(/self[- ]signed|certificate/i);
  });
});

describe('authentication and routing errors (spec §7.6)', () => {
  const cases: { name: string; headers: (l: Line) => Record<string, string>; status: number; code: string }[] = [
    { name: 'no key', headers: () => ({}), status: 401, code: 'auth.invalid_agent_key' },
    { name: 'wrong key', headers: (l) => ({ 'x-agent-key': 'x'.repeat(43), authorization: basic(l.user, l.password) }), status: 401, code: 'auth.invalid_agent_key' },
    { name: 'key but no Basic credentials', headers: (l) => ({ 'x-agent-key': l.apiKey }), status: 401, code: 'auth.invalid_windows_credentials' },
    { name: 'wrong password', headers: (l) => ({ 'x-agent-key': l.apiKey, authorization: basic(l.user, 'nope') }), status: 401, code: 'auth.invalid_windows_credentials' },
    { name: 'an account limited to another company', headers: (l) => ({ 'x-agent-key': l.apiKey, authorization: basic('SAGESRV\\tst-only', l.password) }), status: 403, code: 'auth.forbidden' },
  ];
  it.each(cases)('$name → $status $code', async ({ headers, status, code }) => {
    const r = await get<ErrorBody>('/v1/companies/ABC/customers?limit=1', headers(line));
    expect(r.status).toBe(status);
    expect(r.body.error).toMatchObject({ code, retryable: false });
    expect(r.body.error.requestId).toBeTruthy();
  });

  it('echoes X-Request-Id and answers unknown routes, companies and parameters with the spec codes', async () => {
    const r = await request(line.url + '/v1/nothing', { dispatcher, headers: { 'x-agent-key': line.apiKey, authorization: basic(line.user, line.password), 'x-request-id': 'abc-123' } });
    expect(r.statusCode).toBe(404);
    expect(r.headers['x-request-id']).toBe('abc-123');
    expect(((await r.body.json()) as ErrorBody).error).toMatchObject({ code: 'route.not_found', requestId: 'abc-123' });
    expect((await get<ErrorBody>('/v1/companies/XYZ/customers')).body.error.code).toBe('company.not_found');
    expect((await get<ErrorBody>('/v1/companies/abc/customers')).body.error.code).toBe('request.invalid_parameter');
    expect((await get<ErrorBody>('/v1/companies/ABC/customers?limit=0')).body.error.code).toBe('request.invalid_parameter');
    expect((await get<ErrorBody>('/v1/companies/ABC/customers?limit=1001')).body.error.code).toBe('request.invalid_parameter');
    expect((await get<ErrorBody>('/v1/companies/ABC/customers?updatedSince=2024-06-01')).body.error.code).toBe('request.invalid_parameter');
    expect((await get<ErrorBody>('/v1/companies/ABC/vendors?CustomerNo=X')).body.error.code).toBe('request.invalid_parameter');
    const unknown = await get<ErrorBody>('/v1/companies/ABC/customers?fields=CustomerNo,Nope');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'request.unknown_field', details: { unknown: ['Nope'] } });
    expect((await get<ErrorBody>('/v1/companies/ABC/customers/00/NOBODY')).body.error.code).toBe('record.not_found');
  });
});

describe('rows exactly as Sage 100 stores them', () => {
  it('serves column names and values as stored, blank dates as null, the decimal-hour time raw and the derived _updatedAt', async () => {
    const rows = await all('/v1/companies/ABC/customers', 1000);
    expect(rows).toHaveLength(120);
    const c = rows[0]!;
    for (const col of ['ARDivisionNo', 'CustomerNo', 'CustomerName', 'TelephoneNo', 'EmailAddress', 'TermsCode', 'CreditLimit', 'AgingCategory4', 'DateUpdated', 'TimeUpdated', 'UDF_REGION']) expect(c).toHaveProperty(col);
    expect(typeof c.CreditLimit).toBe('number');
    for (const r of rows) {
      for (const d of ['DateEstablished', 'DateLastPayment', 'DateLastFinanceChrg', 'DateUpdated']) expect(r[d] === null || /^\d{4}-\d{2}-\d{2}$/.test(String(r[d]))).toBe(true);
      if (r.DateUpdated) {
        const s = decimalHoursToSeconds(String(r.TimeUpdated))!;
        const hms = `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
        expect(r._updatedAt).toBe(`${String(r.DateUpdated)}T${hms}`);
      } else expect(r._updatedAt).toBeNull();
    }
    expect(rows.some((r) => r.DateUpdated === null)).toBe(true);
    expect(rows.some((r) => r.DateEstablished === null)).toBe(true);
    expect(rows.some((r) => String(r.EmailAddress).includes(';'))).toBe(true);
    expect(new Set(rows.map((r) => r.ARDivisionNo))).toEqual(new Set(['00', '01', '02']));
  });

  it('selects fields, serves one customer with its contacts, and invoices with lines', async () => {
    const sel = await get('/v1/companies/ABC/customers?fields=CustomerNo,CustomerName&limit=2');
    expect(Object.keys(sel.body.data[0]!).filter((k) => !k.startsWith('_'))).toEqual(['CustomerNo', 'CustomerName']);
    const c = sel.body.data[0]!;
    const [div] = (await get('/v1/companies/ABC/customers?limit=1')).body.data.map((r) => r.ARDivisionNo);
    const one = await get<{ data: Record<string, unknown> }>(`/v1/companies/ABC/customers/${String(div)}/${String(c.CustomerNo)}`);
    expect(one.body.data.CustomerNo).toBe(c.CustomerNo);
    const contacts = await get(`/v1/companies/ABC/customers/${String(div)}/${String(c.CustomerNo)}/contacts`);
    expect(contacts.body.data.map((x) => x.ContactCode)).toContain('PRIMARY');
    const inv = await get('/v1/companies/ABC/invoice-history?include=lines&limit=5');
    const h = inv.body.data[0]! as Record<string, unknown> & { lines: Record<string, unknown>[] };
    expect(h.lines.length).toBeGreaterThan(0);
    expect(h.lines[0]).toMatchObject({ DetailSeqNo: '000001' });
    const single = await get<{ data: { lines: unknown[] } }>(`/v1/companies/ABC/invoice-history/${String(h.InvoiceNo)}/${String(h.HeaderSeqNo)}`);
    expect(single.body.data.lines).toEqual(h.lines);
  });

  it('reads the same invoice lines whether the page is in key order (range query) or update order (one query per header)', async () => {
    const byKey = await all('/v1/companies/ABC/invoice-history?include=lines', 37);
    const byStamp = await all('/v1/companies/ABC/invoice-history?include=lines&updatedSince=2000-01-01T00:00:00', 37);
    const lines = (rows: Record<string, unknown>[]) => new Map(rows.map((h) => [`${String(h.InvoiceNo)}|${String(h.HeaderSeqNo)}`, h.lines]));
    expect(byKey.length).toBeGreaterThan(100);
    const stamped = lines(byStamp);
    for (const [key, l] of lines(byKey)) if (stamped.has(key)) expect(stamped.get(key), key).toEqual(l);
    expect((byKey[0]!.lines as unknown[]).length).toBeGreaterThan(0);
  });

  it('marks each customer contact that is its customer\'s primary contact (_primary, an extension of §7)', async () => {
    const customers = await all('/v1/companies/ABC/customers', 1000);
    const primaryOf = new Map(customers.map((c) => [`${String(c.ARDivisionNo)}|${String(c.CustomerNo)}`, String(c.ContactCode ?? '').trim()]));
    for (const path of ['/v1/companies/ABC/customer-contacts', '/v1/companies/ABC/customer-contacts?updatedSince=2000-01-01T00:00:00']) {
      const contacts = await all(path, 53);
      expect(contacts.some((c) => c._primary === true) && contacts.some((c) => c._primary === false)).toBe(true);
      for (const c of contacts) expect(c._primary, path).toBe(primaryOf.get(`${String(c.ARDivisionNo)}|${String(c.CustomerNo)}`) === String(c.ContactCode).trim());
    }
  });

  it('computes AR aging from open invoices with buckets, credits and 12-month sales', async () => {
    const r = await get<{ data: { _computed: { buckets: { label: string; amount: number }[]; openCredits: number; total: number; sales12Months: number } }[] }>('/v1/companies/ABC/ar-aging?limit=50&buckets=30,60,90&basis=invoice');
    expect(r.status).toBe(200);
    const item = r.body.data[0]!._computed;
    expect(item.buckets.map((b) => b.label)).toEqual(['current', '1-30', '31-60', '61-90', 'over90']);
    for (const x of r.body.data) {
      const sum = x._computed.buckets.reduce((s, b) => s + b.amount, 0) + x._computed.openCredits;
      expect(Math.abs(sum - x._computed.total)).toBeLessThan(0.01);
    }
    expect(r.body.data.some((x) => x._computed.openCredits < 0)).toBe(true);
    expect(r.body.data.some((x) => x._computed.sales12Months > 0)).toBe(true);
  });
});

describe('keyset paging', () => {
  it('pages to the end in key order with no row twice while rows are inserted', async () => {
    const before = await all('/v1/companies/ABC/customers', 1000);
    let n = 0;
    const seen = await all('/v1/companies/ABC/customers?fields=ARDivisionNo,CustomerNo', 17, async () => {
      await admin('insert', { table: 'AR_Customer', row: { ARDivisionNo: '01', CustomerNo: `ZNEW${String(n++).padStart(3, '0')}`, CustomerName: 'Inserted while paging' } });
    });
    const keys = seen.map((r) => `${String(r.ARDivisionNo)}|${String(r.CustomerNo)}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of before) expect(keys).toContain(`${String(r.ARDivisionNo)}|${String(r.CustomerNo)}`);
    expect(n).toBeGreaterThan(3);
  });

  it('orders updatedSince pages by (DateUpdated, TimeUpdated as a number, key) although the time sorts wrongly as text', async () => {
    const rows = await all('/v1/companies/ABC/customers?updatedSince=2000-01-01T00:00:00&fields=ARDivisionNo,CustomerNo,DateUpdated,TimeUpdated', 13);
    const everything = await all('/v1/companies/ABC/customers', 1000);
    expect(rows).toHaveLength(everything.filter((r) => r.DateUpdated !== null).length);
    const keys = rows.map((r) => `${String(r.ARDivisionNo)}|${String(r.CustomerNo)}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1]!;
      const b = rows[i]!;
      expect(`${String(a._updatedAt)}|${keys[i - 1]}` <= `${String(b._updatedAt)}|${keys[i]}`).toBe(true);
    }
    // The trap is really there: on some day, text order of TimeUpdated disagrees with numeric order.
    const byDay = new Map<string, string[]>();
    for (const r of rows) byDay.set(String(r.DateUpdated), [...(byDay.get(String(r.DateUpdated)) ?? []), String(r.TimeUpdated)]);
    expect([...byDay.values()].some((times) => times.join() !== [...times].sort().join())).toBe(true);
  });

  it('treats updatedSince as inclusive to the second', async () => {
    const rows = await all('/v1/companies/ABC/customers?updatedSince=2000-01-01T00:00:00&fields=CustomerNo', 1000);
    const target = rows[Math.floor(rows.length / 2)]!;
    const at = String(target._updatedAt);
    const incl = await all(`/v1/companies/ABC/customers?updatedSince=${at}&fields=CustomerNo`, 1000);
    expect(incl.map((r) => r.CustomerNo)).toContain(target.CustomerNo);
    expect(incl.every((r) => String(r._updatedAt) >= at)).toBe(true);
    const next = new Date(Date.parse(`${at}Z`) + 1000).toISOString().slice(0, 19);
    const excl = await all(`/v1/companies/ABC/customers?updatedSince=${next}&fields=CustomerNo`, 1000);
    expect(excl.every((r) => String(r._updatedAt) >= next)).toBe(true);
    expect(excl.filter((r) => r._updatedAt === at)).toEqual([]);
  });

  it('refuses a cursor replayed with other filters', async () => {
    const first = await get('/v1/companies/ABC/customers?ARDivisionNo=00&limit=2');
    expect(first.body.page.nextCursor).toBeTruthy();
    const c = encodeURIComponent(first.body.page.nextCursor!);
    expect((await get(`/v1/companies/ABC/customers?ARDivisionNo=00&limit=5&cursor=${c}`)).status).toBe(200);
    const mismatch = await get<ErrorBody>(`/v1/companies/ABC/customers?ARDivisionNo=01&limit=2&cursor=${c}`);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.code).toBe('request.cursor_mismatch');
    expect((await get<ErrorBody>(`/v1/companies/ABC/open-invoices?ARDivisionNo=00&limit=2&cursor=${c}`)).body.error.code).toBe('request.cursor_mismatch');
    expect((await get<ErrorBody>('/v1/companies/ABC/customers?cursor=garbage')).body.error.code).toBe('request.invalid_parameter');
  });

  it('filters open invoices (openOnly, type, date range) in SQL', async () => {
    const open = await all('/v1/companies/ABC/open-invoices?openOnly=true', 200);
    expect(open.every((r) => r.Balance !== 0)).toBe(true);
    const py = await all('/v1/companies/ABC/open-invoices?InvoiceType=PY', 200);
    expect(py.length).toBeGreaterThan(0);
    expect(py.every((r) => r.InvoiceType === 'PY' && Number(r.Balance) < 0)).toBe(true);
    const ranged = await all('/v1/companies/ABC/invoice-history?invoiceDateFrom=2026-01-01&invoiceDateTo=2026-03-31', 100);
    expect(ranged.every((r) => String(r.InvoiceDate) >= '2026-01-01' && String(r.InvoiceDate) <= '2026-03-31')).toBe(true);
  });
});

describe('changes behind the agent', () => {
  it('a Sage user edit is stamped and seen by updatedSince; a bulk import is not, but /keys sees its hash change', async () => {
    const [c] = (await get('/v1/companies/ABC/customers?limit=1&ARDivisionNo=01')).body.data;
    const key = { ARDivisionNo: String(c!.ARDivisionNo), CustomerNo: String(c!.CustomerNo) };
    const keysBefore = await all('/v1/companies/ABC/customers/keys?ARDivisionNo=01', 1000);
    const hashBefore = keysBefore.find((k) => k.CustomerNo === key.CustomerNo)!._hash;
    const since = new Date(Date.now() - 2000);
    const sinceText = `${since.getFullYear()}-${String(since.getMonth() + 1).padStart(2, '0')}-${String(since.getDate()).padStart(2, '0')}T${String(since.getHours()).padStart(2, '0')}:${String(since.getMinutes()).padStart(2, '0')}:${String(since.getSeconds()).padStart(2, '0')}`;

    await admin('import', { table: 'AR_Customer', key, changes: { CustomerName: 'Imported By VI' } });
    const afterImport = await all(`/v1/companies/ABC/customers?updatedSince=${sinceText}`, 200);
    expect(afterImport.map((r) => r.CustomerNo)).not.toContain(key.CustomerNo);
    const keysAfter = await all('/v1/companies/ABC/customers/keys?ARDivisionNo=01', 1000);
    expect(keysAfter.find((k) => k.CustomerNo === key.CustomerNo)!._hash).not.toBe(hashBefore);

    await admin('edit', { table: 'AR_Customer', key, changes: { CustomerName: 'Edited In Sage' } });
    const afterEdit = await all(`/v1/companies/ABC/customers?updatedSince=${sinceText}`, 200);
    expect(afterEdit.find((r) => r.CustomerNo === key.CustomerNo)).toMatchObject({ CustomerName: 'Edited In Sage', UserUpdatedKey: '0000000002' });

    await admin('delete', { table: 'AR_Customer', key });
    const keysGone = await all('/v1/companies/ABC/customers/keys?ARDivisionNo=01', 1000);
    expect(keysGone.map((k) => k.CustomerNo)).not.toContain(key.CustomerNo);
  });

  it('posts an invoice and a payment as Sage would', async () => {
    const [c] = (await get('/v1/companies/ABC/customers?limit=1&ARDivisionNo=00')).body.data;
    const posted = await admin('post-invoice', { ARDivisionNo: '00', CustomerNo: c!.CustomerNo, lines: [{ ItemCode: 'D1000', QuantityShipped: 2, UnitPrice: 349 }] });
    const open = await all(`/v1/companies/ABC/open-invoices?ARDivisionNo=00&CustomerNo=${String(c!.CustomerNo)}&openOnly=true`, 100);
    expect(open.find((r) => r.InvoiceNo === posted.InvoiceNo)).toMatchObject({ Balance: 698 });
    await admin('pay', { ARDivisionNo: '00', CustomerNo: c!.CustomerNo, InvoiceNo: posted.InvoiceNo, amount: 200 });
    const after = await all(`/v1/companies/ABC/open-invoices?ARDivisionNo=00&CustomerNo=${String(c!.CustomerNo)}`, 100);
    expect(after.find((r) => r.InvoiceNo === posted.InvoiceNo)).toMatchObject({ Balance: 498 });
  });
});

describe('faults, answered by the agent itself', () => {
  it('locked file → 409 sage.locked, ODBC down → 503, busy → 429, each retryable with Retry-After', async () => {
    await admin('faults', { locked: 1 });
    const locked = await get<ErrorBody>('/v1/companies/ABC/customers?limit=1');
    expect(locked.status).toBe(409);
    expect(locked.body.error).toMatchObject({ code: 'sage.locked', retryable: true });
    expect(locked.headers['retry-after']).toBeTruthy();
    expect((await get('/v1/companies/ABC/customers?limit=1')).status).toBe(200);

    await admin('faults', { odbcDown: true });
    const down = await get<ErrorBody>('/v1/companies/ABC/customers?limit=1');
    expect(down.status).toBe(503);
    expect(down.body.error).toMatchObject({ code: 'sage.odbc_unavailable', retryable: true, details: { sqlState: '08001' } });
    expect(down.headers['retry-after']).toBeTruthy();
    expect((await get<{ status: string }>('/v1/health')).body.status).toBe('degraded');
    await admin('faults', { odbcDown: false });
    expect((await get('/v1/companies/ABC/customers?limit=1')).status).toBe(200);

    await admin('faults', { busyMs: 100 });
    const busy = await get<ErrorBody>('/v1/companies/ABC/customers?limit=1');
    expect(busy.status).toBe(429);
    expect(busy.body.error).toMatchObject({ code: 'agent.busy', retryable: true });
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100 * 10 + 200));
    expect((await get('/v1/companies/ABC/customers?limit=1')).status).toBe(200);
  });

  it("the kit's admin verbs: a queued one-shot fault for one collection, request counters, the Sage server's clock", async () => {
    const adminGet = async <T,>(verb: string) => (await (await request(`${line.admin}/${verb}`, { dispatcher })).body.json()) as T;
    await request(`${line.admin}/requests/reset`, { dispatcher, method: 'POST' });
    await admin('faults', { once: [{ fault: 'locked', resource: 'vendors' }] });
    expect((await get('/v1/companies/ABC/customers?limit=1')).status).toBe(200); // another collection: untouched
    const locked = await get<ErrorBody>('/v1/companies/ABC/vendors?limit=1');
    expect([locked.status, locked.body.error.code]).toEqual([409, 'sage.locked']);
    expect((await get('/v1/companies/ABC/vendors?limit=1')).status).toBe(200); // used up
    const counters = await adminGet<{ byEndpointStatus: Record<string, Record<string, number>>; faults: Record<string, number> }>('requests');
    expect(counters.byEndpointStatus).toEqual({ 'GET customers': { 200: 1 }, 'GET vendors': { 200: 1, 409: 1 } });
    expect(counters.faults).toEqual({ locked: 1 });
    // A fault the agent cannot produce is refused, not drawn idly.
    const refused = await request(`${line.admin}/faults`, { dispatcher, method: 'POST', body: JSON.stringify({ spec: '503=0.5' }), headers: { 'content-type': 'application/json' } });
    expect([refused.statusCode, ((await refused.body.json()) as { message: string }).message]).toEqual([400, expect.stringMatching(/locked, busy, odbcdown, slowquery; not 503/)]);

    // A day later on the Sage server: an edit is stamped with the moved clock.
    const before = (await adminGet<{ clock: { now: string } }>('info')).clock.now;
    await request(`${line.admin}/clock`, { dispatcher, method: 'POST', body: JSON.stringify({ advanceMs: 86_400_000 }), headers: { 'content-type': 'application/json' } });
    const [c] = (await get<Page>('/v1/companies/ABC/customers?limit=1')).body.data;
    const edited = (await admin('edit', { table: 'AR_Customer', key: { ARDivisionNo: String(c!.ARDivisionNo), CustomerNo: String(c!.CustomerNo) }, changes: { CustomerName: 'Edited Tomorrow' } })) as { row: { DateUpdated: string } };
    expect(edited.row.DateUpdated > before.slice(0, 10)).toBe(true);
    await request(`${line.admin}/clock`, { dispatcher, method: 'POST', body: JSON.stringify({ advanceMs: -86_400_000 }), headers: { 'content-type': 'application/json' } });
  });

  it('never logs the API key or the password', () => {
    const text = JSON.stringify(sb.requestLog);
    expect(sb.requestLog.length).toBeGreaterThan(20);
    expect(text).not.toContain(line.apiKey);
    expect(text).not.toContain(line.password);
    expect(text).not.toContain(Buffer.from(`${line.user}:${line.password}`).toString('base64'));
  });
});
