// The sandbox against spec §12, over raw HTTP (fetch over real sockets): what any Service Layer client —
// an official SDK included — would see. Nothing here goes through our connector.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, fetch as undiciFetch } from 'undici';
import { startSapB1Sandbox, type SapB1Sandbox } from './index.ts';

interface Line { url: string; urlV1: string; companyDB: string; user: string; password: string; admin: string }
let sb: SapB1Sandbox;
let line: Line;
let cookie = '';

type Json = Record<string, unknown>;
async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method, headers: { cookie, ...headers }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await res.text();
  let json: Json | undefined;
  try { json = text ? (JSON.parse(text) as Json) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}
const v2 = (path: string) => `${line.url}/${path}`;
const v1 = (path: string) => `${line.urlV1}/${path}`;
async function admin(route: string, body?: unknown, method = 'POST'): Promise<Json> {
  const res = await fetch(`${line.admin}/${route}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`admin ${route}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as Json;
}
/** Tests move the server clock by hours; only the idle-timeout test wants sessions to die of it. */
const LONG_SESSION = 10_000_000;
const err = (r: { json?: Json }) => r.json?.error as { code: unknown; message: unknown };
async function login(user = line.user, password = line.password, company = line.companyDB, base = line.url) {
  return call('POST', `${base}/Login`, { CompanyDB: company, UserName: user, Password: password });
}
const cookieOf = (headers: Headers) => headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

beforeAll(async () => {
  sb = await startSapB1Sandbox({ port: 0, records: 60, seed: 3, switches: { sessionTimeoutSeconds: LONG_SESSION } });
  line = sb.line as unknown as Line;
  cookie = cookieOf((await login()).headers);
});
afterAll(() => sb.close());

describe('the JSON line', () => {
  it('names both service roots, the company database and the credentials', () => {
    expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/b1s\/v2$/);
    expect(line.urlV1).toBe(line.url.replace('/v2', '/v1'));
    expect(line).toMatchObject({ companyDB: 'SBODEMOUS', user: 'manager' });
  });
});

describe('Login, sessions and Logout (spec §2)', () => {
  it('returns SessionId equal to the HttpOnly B1SESSION cookie, a ROUTEID cookie, Version and SessionTimeout in minutes', async () => {
    const r = await login();
    expect(r.status).toBe(200);
    const set = r.headers.getSetCookie();
    const b1 = set.find((c) => c.startsWith('B1SESSION='))!;
    expect(b1).toMatch(/HttpOnly/);
    expect(b1.split(';')[0]).toBe(`B1SESSION=${String(r.json!.SessionId)}`);
    expect(set.some((c) => /^ROUTEID=\.node\d; path=\/b1s/.test(c))).toBe(true);
    expect(r.json).toMatchObject({ '@odata.context': expect.stringContaining('/b1s/v2/$metadata#B1Sessions/$entity'), Version: expect.any(String), SessionTimeout: Math.ceil(LONG_SESSION / 60) });
    const r1 = await login(undefined, undefined, undefined, line.urlV1);
    expect(r1.json!['odata.metadata']).toContain('/b1s/v1/$metadata#B1Sessions/@Element');
  });

  it('refuses a wrong password (100000027), a locked user (100000055) and an unknown company (SLD message), in each version\'s envelope', async () => {
    const bad = await login(line.user, 'nope', undefined, line.urlV1);
    expect(bad.status).toBe(401);
    expect(err(bad)).toEqual({ code: 100000027, message: { lang: 'en-us', value: 'Login failed' } });
    expect(err(await login(line.user, 'nope'))).toEqual({ code: '100000027', message: 'Login failed' });
    expect(err(await login('locked')).code).toBe('100000055');
    const company = await login(undefined, undefined, 'NOSUCHDB');
    expect(String(err(company).message)).toContain('Fail to Get the Bound Database Instance from SLD');
  });

  it('answers a user without a licence as the switch says (undocumented, spec §2.7)', async () => {
    expect(String(err(await login('nolicense')).message)).toMatch(/licen[cs]e/i);
    await admin('switches', { unlicensedAnswer: 'loginFailed' });
    expect(err(await login('nolicense')).code).toBe('100000027');
    await admin('switches', { unlicensedAnswer: 'licenseMessage' });
  });

  it('401/301 without a session, in the guide shape on v1 and strings on v2; the observed v1 shape and -5002 by switch', async () => {
    const none = { cookie: '' };
    const r1 = await call('GET', v1('BusinessPartners'), undefined, none);
    expect(r1.status).toBe(401);
    expect(err(r1)).toEqual({ code: 301, message: { lang: 'en-us', value: 'Invalid session or session already timeout.' } });
    expect(err(await call('GET', v2('BusinessPartners'), undefined, none))).toEqual({ code: '301', message: 'Invalid session or session already timeout.' });
    await admin('switches', { sessionErrorShape: 'observed', sessionErrorCode: '-5002' });
    expect(err(await call('GET', v1('BusinessPartners'), undefined, none))).toEqual({ code: '-5002', message: 'Invalid session or session already timeout.' });
    await admin('switches', { sessionErrorShape: 'guide', sessionErrorCode: '301' });
  });

  it('treats /login (wrong case) as a protected resource', async () => {
    const r = await call('POST', v1('login'), { CompanyDB: line.companyDB, UserName: line.user, Password: line.password }, { cookie: '' });
    expect(r.status).toBe(401);
    expect(err(r).code).toBe(301);
  });

  it('expires a session after the idle timeout, each request restarting the clock; Logout 204 ends it', async () => {
    await admin('switches', { sessionTimeoutSeconds: 60 });
    await admin('clock/at', { now: '2026-03-02T09:00:00Z' });
    const mine = cookieOf((await login()).headers);
    const get = () => call('GET', v2('PaymentTermsTypes'), undefined, { cookie: mine });
    await admin('clock', { advanceMs: 45_000 });
    expect((await get()).status).toBe(200);
    await admin('clock', { advanceMs: 45_000 });
    expect((await get()).status).toBe(200);
    await admin('clock', { advanceMs: 61_000 });
    expect((await get()).status).toBe(401);
    const other = cookieOf((await login()).headers);
    expect((await call('POST', v2('Logout'), undefined, { cookie: other })).status).toBe(204);
    expect((await call('GET', v2('PaymentTermsTypes'), undefined, { cookie: other })).status).toBe(401);
    await admin('switches', { sessionTimeoutSeconds: LONG_SESSION });
    cookie = cookieOf((await login()).headers);
  });
});

describe('paging and counts (spec §5)', () => {
  it('pages 20 by default and follows Prefer: odata.maxpagesize with Preference-Applied on every page, to the last row and no further', async () => {
    expect((await call('GET', v2('BusinessPartners'))).json!.value).toHaveLength(20);
    const total = Number((await call('GET', v2('BusinessPartners/$count'))).text);
    const seen: string[] = [];
    let url: string | undefined = v2("BusinessPartners?$select=CardCode&$filter=CardType eq 'cCustomer'&$orderby=CardCode");
    let pages = 0;
    while (url) {
      const r = await call('GET', url, undefined, { prefer: 'odata.maxpagesize=15' });
      expect(r.headers.get('preference-applied')).toBe('odata.maxpagesize=15');
      const value = r.json!.value as Json[];
      expect(value.length).toBeGreaterThan(0);
      seen.push(...value.map((v) => String(v.CardCode)));
      const next = r.json!['@odata.nextLink'] as string | undefined;
      if (next) expect(next).toMatch(/^BusinessPartners\?\$select=CardCode&\$filter=.*&\$orderby=CardCode&\$skip=\d+$/);
      url = next && `${line.url}/${next}`;
      pages++;
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(pages).toBe(4);
    expect(total).toBe(66);
  });

  it('writes a host-relative odata.nextLink on v1, an odata.count string, and @odata.count as a number on v2', async () => {
    const r = await call('GET', v1('Invoices?$inlinecount=allpages&$select=DocEntry'), undefined, { 'B1S-PageSize': '10' });
    expect(r.json!['odata.nextLink']).toBe('/b1s/v1/Invoices?$inlinecount=allpages&$select=DocEntry&$skip=10');
    expect(typeof r.json!['odata.count']).toBe('string');
    const c = await call('GET', v2('Invoices?$count=true&$top=1'));
    expect(typeof c.json!['@odata.count']).toBe('number');
    expect(c.json!['@odata.count']).toBe(Number(r.json!['odata.count']));
  });

  it('applies $skip before $top, carries the remaining $top in the next link, and 0 disables paging', async () => {
    const r = await call('GET', v2('Invoices?$top=5&$skip=2&$select=DocEntry'), undefined, { prefer: 'odata.maxpagesize=3' });
    expect((r.json!.value as Json[]).map((v) => v.DocEntry)).toEqual([3, 4, 5]);
    expect(r.json!['@odata.nextLink']).toBe('Invoices?$select=DocEntry&$top=2&$skip=5');
    const all = await call('GET', v2('Invoices?$select=DocEntry'), undefined, { prefer: 'odata.maxpagesize=0' });
    expect(all.json!['@odata.nextLink']).toBeUndefined();
    expect((all.json!.value as Json[]).length).toBe(Number((await call('GET', v2('Invoices/$count'))).text));
  });
});

describe('$filter (spec §4)', () => {
  it('accepts enum names and values, quoted v1 date forms, and refuses unquoted dates on v1 and unknown properties', async () => {
    const byName = (await call('GET', v2("BusinessPartners/$count?$filter=CardType eq 'cCustomer'"))).text;
    expect((await call('GET', v2("BusinessPartners/$count?$filter=CardType eq 'C'"))).text).toBe(byName);
    const forms = ["'2026-01-01'", "'20260101'", "datetime'2026-01-01'", "'2026-01-01T12:21:21'"];
    const counts = await Promise.all(forms.map(async (f) => (await call('GET', v1(`Invoices/$count?$filter=DocDate ge ${f}`))).text));
    expect(new Set(counts).size).toBe(1);
    const bare = await call('GET', v1('Invoices?$filter=DocDate ge 2026-01-01'));
    expect(bare.status).toBe(400);
    expect(typeof err(bare).code).toBe('number');
    expect((await call('GET', v2('Invoices/$count?$filter=DocDate ge 2026-01-01'))).text).toBe(counts[0]);
    const unknown = await call('GET', v2("BusinessPartners?$filter=Nope eq 'x'"));
    expect(unknown.status).toBe(400);
    expect(err(unknown)).toEqual({ code: '-1000', message: "Property 'Nope' of 'BusinessPartner' is invalid" });
  });

  it('compares UpdateTime at minute precision: an edit at 10:15:40 matches `ge 10:15` but not `gt 10:15`', async () => {
    await admin('clock/at', { now: '2026-06-10T10:15:40Z' });
    await admin('records/BusinessPartners/C00007', { changes: { Phone2: '555-1234' } }, 'PATCH');
    const filter = (op: string) => `BusinessPartners?$select=CardCode,UpdateTime&$filter=UpdateDate eq '2026-06-10' and UpdateTime ${op} '10:15:59'`;
    const ge = await call('GET', v1(filter('ge')));
    expect(ge.json!.value).toEqual([{ 'odata.etag': expect.any(String), CardCode: 'C00007', UpdateTime: expect.stringMatching(/^10:15:4\d$/) }]);
    expect((await call('GET', v1(filter('gt')))).json!.value).toEqual([]);
    expect(((await call('GET', v2("BusinessPartners?$filter=UpdateDate eq 2026-06-10 and UpdateTime ge 10:15:00"))).json!.value as Json[]).length).toBe(1);
  });
});

describe('keys, create, update, delete (spec §3)', () => {
  it('addresses string and numeric keys both ways and 404s with -2028 in each envelope', async () => {
    expect((await call('GET', v2("BusinessPartners('C00001')"))).json!.CardCode).toBe('C00001');
    expect((await call('GET', v2("BusinessPartners(CardCode='C00001')"))).json!.CardCode).toBe('C00001');
    const inv = await call('GET', v1('Invoices(DocEntry=2)'));
    expect(inv.json).toMatchObject({ DocEntry: 2, 'odata.metadata': expect.stringContaining('#Invoices/@Element') });
    expect(inv.headers.get('etag')).toMatch(/^W\/"[0-9A-F]{40}"$/);
    expect(err(await call('GET', v1('Invoices(999999)')))).toEqual({ code: -2028, message: { lang: 'en-us', value: 'No matching records found (ODBC -2028)' } });
    const missing = await call('GET', v2("BusinessPartners('NOPE')"));
    expect(missing.status).toBe(404);
    expect(err(missing).code).toBe('-2028');
  });

  it('creates with 201 (value form of enums accepted, name returned), 204 + Location with return-no-content, and refuses a duplicate with -10', async () => {
    const r = await call('POST', v2('BusinessPartners'), { CardCode: 'CNEW1', CardName: 'New One', CardType: 'C' });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ CardCode: 'CNEW1', CardType: 'cCustomer' });
    const quiet = await call('POST', v2('BusinessPartners'), { CardCode: 'CNEW2', CardName: 'New Two', CardType: 'cCustomer' }, { prefer: 'return-no-content' });
    expect(quiet.status).toBe(204);
    expect(quiet.headers.get('location')).toMatch(/\/b1s\/v2\/BusinessPartners\('CNEW2'\)$/);
    expect(quiet.headers.get('preference-applied')).toBe('return-no-content');
    const dup = await call('POST', v1('BusinessPartners'), { CardCode: 'CNEW1', CardName: 'x', CardType: 'C' });
    expect(dup.status).toBe(400);
    expect(err(dup).code).toBe(-10);
  });

  it('PATCH answers 204 and moves UpdateDate/UpdateTime and the ETag; a stale If-Match is 412/-2039; documents cannot be deleted', async () => {
    await admin('clock/at', { now: '2026-07-01T08:30:05Z' });
    const before = await call('GET', v2("BusinessPartners('C00002')"));
    const etag = before.headers.get('etag')!;
    await admin('clock', { advanceMs: 3600_000 });
    expect((await call('PATCH', v2("BusinessPartners('C00002')"), { Phone1: '555-0000', CardCode: 'IGNORED' }, { 'if-match': etag })).status).toBe(204);
    const after = await call('GET', v2("BusinessPartners('C00002')"));
    expect(after.json).toMatchObject({ CardCode: 'C00002', Phone1: '555-0000', UpdateDate: '2026-07-01T00:00:00Z', UpdateTime: expect.stringMatching(/^09:30:0\d$/) });
    expect(after.headers.get('etag')).not.toBe(etag);
    const stale = await call('PATCH', v2("BusinessPartners('C00002')"), { Phone1: '1' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(err(stale).code).toBe('-2039');
    const del = await call('DELETE', v2('Invoices(1)'));
    expect(del.status).toBe(400);
    expect(err(del).code).toBe('-5006');
  });

  it('posting an incoming payment raises PaidToDate and closes the invoice when nothing is left; cancelling reopens it', async () => {
    const inv = (await call('POST', v2('Invoices'), { CardCode: 'C00003', DocumentLines: [{ ItemCode: 'A00001', Quantity: 2, UnitPrice: 100 }] })).json!;
    const entry = inv.DocEntry as number;
    const total = inv.DocTotal as number;
    expect(inv).toMatchObject({ DocumentStatus: 'bost_Open', PaidToDate: 0 });
    const pay = (sum: number) => call('POST', v2('IncomingPayments'), { CardCode: 'C00003', DocType: 'rCustomer', TransferAccount: '_SYS00000000089', TransferSum: sum, PaymentInvoices: [{ DocEntry: entry, SumApplied: sum, InvoiceType: 'it_Invoice' }] });
    expect((await pay(50)).status).toBe(201);
    expect((await call('GET', v2(`Invoices(${entry})`))).json).toMatchObject({ PaidToDate: 50, DocumentStatus: 'bost_Open' });
    const rest = await pay(total - 50);
    expect((await call('GET', v2(`Invoices(${entry})`))).json).toMatchObject({ PaidToDate: total, DocumentStatus: 'bost_Close' });
    expect((await pay(1)).status).toBe(400);
    expect((await call('POST', v2(`IncomingPayments(${String(rest.json!.DocEntry)})/Cancel`))).status).toBe(204);
    expect((await call('GET', v2(`Invoices(${entry})`))).json).toMatchObject({ PaidToDate: 50, DocumentStatus: 'bost_Open' });
    const unknown = await call('POST', v2('Invoices'), { CardCode: 'NOPE', DocumentLines: [{ ItemCode: 'A00001', Quantity: 1, UnitPrice: 1 }] });
    expect(err(unknown).code).toBe('-2028');
  });
});

describe('faults and TLS', () => {
  it('answers 503 from the balancer as an Apache page, and loses sessions with the expire fault', async () => {
    await admin('faults', { spec: '503=1' });
    const r = await call('GET', v2('BusinessPartners'));
    expect(r.status).toBe(503);
    expect(r.headers.get('content-type')).toContain('text/html');
    await admin('faults', { spec: 'expire=1' });
    expect((await call('GET', v2('BusinessPartners'))).status).toBe(401);
    await admin('faults', { spec: '' });
    cookie = cookieOf((await login()).headers);
    expect((await call('GET', v2('BusinessPartners?$top=1'))).status).toBe(200);
  });

  it('serves HTTPS with a self-signed certificate, trusted through the printed CA', async () => {
    const tls = await startSapB1Sandbox({ port: 0, records: 2, tls: true });
    try {
      const l = tls.line as unknown as Line & { fingerprint256: string; ca: string };
      expect(l.url).toMatch(/^https:/);
      expect(l.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      await expect(fetch(`${l.url}/Login`, { method: 'POST', body: '{}' })).rejects.toThrow();
      const dispatcher = new Agent({ connect: { ca: l.ca } });
      const r = await undiciFetch(`${l.url}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: l.companyDB, UserName: l.user, Password: l.password }), dispatcher });
      expect(r.status).toBe(200);
      await dispatcher.close();
    } finally {
      await tls.close();
    }
  });
});
