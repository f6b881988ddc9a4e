// The Query API (COQL) as an independent client reads Zoho's docs ("Get Records through a COQL Query",
// "Query API - Limitations", v7/v8; Kaizen #171), over real sockets: `POST /crm/v8/coql` {"select_query"}.
import { afterEach, describe, expect, it } from 'vitest';
import { startRaw, tokenRequest, type RawClient } from './test-support.ts';

let raw: RawClient | undefined;
afterEach(async () => {
  await raw?.close();
  raw = undefined;
});

type Rows = { data: Record<string, unknown>[]; info: { count: number; more_records: boolean } };
type ApiError = { code: string; status: string; message: string; details: Record<string, unknown> };

const coql = (select_query: string, extra: Record<string, unknown> = {}) => raw!.api('POST', '/crm/v8/coql', { body: { select_query, ...extra } });

async function created(module: string, data: Record<string, unknown>[]): Promise<string[]> {
  const r = await raw!.api('POST', `/crm/v8/${module}`, { body: { data, trigger: [] } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (r.body as { data: { details: { id: string } }[] }).data.map((d) => d.details.id);
}

/** Two accounts (one the parent of the other) and four contacts, some of them at an account. */
async function org(): Promise<{ zylker: string; parent: string; contacts: string[] }> {
  raw = await startRaw({ records: 0 });
  const [parent] = await created('Accounts', [{ Account_Name: 'King Holdings', Employees: 5000 }]);
  const [zylker] = await created('Accounts', [{ Account_Name: 'Zylker', Employees: 40, Parent_Account: { id: parent }, Industry: 'Technology' }]);
  const contacts = await created('Contacts', [
    { First_Name: 'Patricia', Last_Name: 'Boyle', Email: 'p.boyle@zylker.example', Account_Name: { id: zylker } },
    { First_Name: 'Steve', Last_Name: 'Boyle', Account_Name: { id: zylker } },
    { Last_Name: "O'Hara", Title: 'Buyer' },
    { First_Name: 'Kris', Last_Name: 'Marrier', Email: 'kris@king.example', Account_Name: { id: parent as string } },
  ]);
  return { zylker: zylker as string, parent: parent as string, contacts };
}

describe('Zoho sandbox: COQL', () => {
  it('selects fields, follows lookups (name, .id, two relations) and answers data with info {count, more_records}', async () => {
    const { zylker, parent } = await org();
    const r = await coql("select Last_Name, First_Name, Account_Name, Account_Name.id, Account_Name.Account_Name, Account_Name.Parent_Account.Account_Name from Contacts where (Last_Name = 'Boyle') and (Account_Name.Account_Name = 'Zylker') limit 2");
    expect(r.status).toBe(200);
    const body = r.body as Rows;
    expect(body.info).toEqual({ count: 2, more_records: false });
    expect(body.data[0]).toEqual({
      Last_Name: 'Boyle', First_Name: 'Patricia', Account_Name: { name: 'Zylker', id: zylker }, 'Account_Name.id': zylker,
      'Account_Name.Account_Name': 'Zylker', 'Account_Name.Parent_Account.Account_Name': 'King Holdings', id: expect.stringMatching(/^\d{18,19}$/),
    });
    const byId = (await coql(`select Last_Name from Contacts where Account_Name.id = '${parent}'`)).body as Rows;
    expect(byId.data.map((d) => d.Last_Name)).toEqual(['Marrier']);
    const none = await coql("select Last_Name from Contacts where Last_Name = 'Nobody'");
    expect(none.status).toBe(204);
  });

  it('comparators: like, in, not in, is (not) null, between, != and numbers; and/or with parentheses; quotes doubled inside values', async () => {
    await org();
    const names = async (where: string, module = 'Contacts', field = 'Last_Name') => {
      const r = await coql(`select ${field} from ${module} where ${where}`);
      expect([200, 204], JSON.stringify(r.body)).toContain(r.status);
      return r.status === 204 ? [] : (r.body as Rows).data.map((d) => d[field]).sort();
    };
    expect(await names("Last_Name like 'Bo%'")).toEqual(['Boyle', 'Boyle']);
    expect(await names("Email like '%king.example'")).toEqual(['Marrier']);
    expect(await names("Email not like '%zylker%'")).toEqual(['Marrier']);
    expect(await names("Last_Name in ('Marrier', 'O''Hara')")).toEqual(['Marrier', "O'Hara"]);
    expect(await names("Last_Name not in ('Boyle')")).toEqual(['Marrier', "O'Hara"]);
    expect(await names('Account_Name is null')).toEqual(["O'Hara"]);
    expect(await names('((Account_Name is not null and Email is not null) and First_Name != \'Kris\')')).toEqual(['Boyle']);
    expect(await names("(Last_Name = 'Marrier' or Title = 'Buyer')")).toEqual(['Marrier', "O'Hara"]);
    expect(await names('Employees between 10 and 100', 'Accounts', 'Account_Name')).toEqual(['Zylker']);
    expect(await names('Employees >= 100', 'Accounts', 'Account_Name')).toEqual(['King Holdings']);
    await created('Products', [{ Product_Name: 'Widget', Product_Active: true }, { Product_Name: 'Gadget' }]);
    expect(await names("(Product_Active = false and Product_Name in ('Widget', 'Gadget'))", 'Products', 'Product_Name')).toEqual(['Gadget']);
    expect(await names("(Product_Active = 'true' and Product_Name in ('Widget', 'Gadget'))", 'Products', 'Product_Name')).toEqual(['Widget']);
    const since = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    expect(await names(`Created_Time >= '${since}'`, 'Accounts', 'Account_Name')).toEqual(['King Holdings', 'Zylker']);
  });

  it('orders, pages with LIMIT offset, count (and LIMIT n OFFSET m) and says more_records', async () => {
    raw = await startRaw({ records: 0 });
    for (let i = 0; i < 3; i++) await created('Vendors', Array.from({ length: 100 }, (_, j) => ({ Vendor_Name: `Vendor ${String(i * 100 + j).padStart(3, '0')}` })));
    const page = async (q: string) => (await coql(q)).body as Rows;
    const first = await page('select Vendor_Name from Vendors where Vendor_Name is not null order by Vendor_Name desc limit 0, 200');
    expect(first.info).toEqual({ count: 200, more_records: true });
    expect(first.data[0]?.Vendor_Name).toBe('Vendor 299');
    const rest = await page('select Vendor_Name from Vendors where Vendor_Name is not null order by Vendor_Name desc limit 200, 200');
    expect(rest.info).toEqual({ count: 100, more_records: false });
    expect(rest.data.at(-1)?.Vendor_Name).toBe('Vendor 000');
    const same = await page('select Vendor_Name from Vendors where Vendor_Name is not null order by Vendor_Name desc limit 200 offset 200');
    expect(same.data).toEqual(rest.data);
    const byDefault = await page("select Vendor_Name from Vendors where Vendor_Name like 'Vendor%'");
    expect(byDefault.info.count).toBe(200);
    const ids = byDefault.data.map((d) => BigInt(String(d.id)));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
  });

  it('limits: LIMIT over 2,000, OFFSET past 100,000, over 50 columns, over 100 in-values → LIMIT_EXCEEDED; a LIMIT over 200 costs more credits', async () => {
    await org();
    for (const q of [
      'select Last_Name from Contacts where Last_Name is not null limit 2001',
      'select Last_Name from Contacts where Last_Name is not null limit 99900, 200',
      `select Last_Name from Contacts where Last_Name in (${Array.from({ length: 101 }, (_, i) => `'n${i}'`).join(',')})`,
      `select ${Array.from({ length: 51 }, () => 'Last_Name').map((f, i) => `${f} as 'c${i}'`).join(', ')} from Contacts where Last_Name is not null`,
    ]) {
      const r = await coql(q);
      expect(r.status, q.slice(0, 80)).toBe(400);
      expect((r.body as ApiError).code, q.slice(0, 80)).toBe('LIMIT_EXCEEDED');
    }
    const used = async () => (await raw!.admin<{ credits: { used: number } }>('GET', 'info')).credits.used;
    const before = await used();
    expect((await coql('select Last_Name from Contacts where Last_Name is not null limit 1000')).status).toBe(200);
    expect((await used()) - before).toBe(2);
    await coql('select Last_Name from Contacts where Last_Name is not null limit 2000');
    expect((await used()) - before).toBe(5);
  });

  it('errors: SYNTAX_ERROR with where it happened, a missing FROM or WHERE clause, three criteria without parentheses, non-SELECT; INVALID_QUERY for columns, operators and values; DUPLICATE_DATA', async () => {
    await org();
    const fails = async (q: string | undefined, status: number, code: string, details?: Record<string, unknown>) => {
      const r = await raw!.api('POST', '/crm/v8/coql', { body: q === undefined ? {} : { select_query: q } });
      expect(r.status, q).toBe(status);
      expect(r.body, q).toMatchObject({ code, status: 'error', ...(details && { details }) });
    };
    await fails('select Last_Name from Contacts where Last_Name = ', 400, 'SYNTAX_ERROR', { line: 1, column: expect.any(Number) });
    await fails('select Last_Name\nfrom Contacts\nwhere Last_Name == \'x\'', 400, 'SYNTAX_ERROR', { line: 3, column: 18, near: '=' });
    await fails('select Last_Name Contacts where id is not null', 400, 'SYNTAX_ERROR');
    await fails('select Last_Name from Contacts', 400, 'SYNTAX_ERROR', { clause: 'where' });
    await fails('select id from Contacts where id is not null and Account_Name is not null and Vendor_Name is not null', 400, 'SYNTAX_ERROR');
    await fails("update Contacts set Last_Name = 'x' where id = 1", 400, 'SYNTAX_ERROR');
    await fails('select Last_Name, Testing from Contacts where Last_Name is not null', 400, 'INVALID_QUERY', { column_name: 'Testing' });
    await fails('select Last_Name from Contacts where Last_Name >= \'B\'', 400, 'INVALID_QUERY');
    await fails('select Account_Name from Accounts where Employees = \'many\'', 400, 'INVALID_QUERY');
    await fails('select Last_Name from Contacts where Description is null', 400, 'INVALID_QUERY');
    await fails('select Last_Name, Last_Name from Contacts where id is not null', 400, 'DUPLICATE_DATA');
    await fails('select Last_Name from Widgets where id is not null', 400, 'INVALID_QUERY');
    await fails(undefined, 400, 'MANDATORY_NOT_FOUND', { api_name: 'select_query' });
    await raw!.admin('PUT', 'switches', { coqlWhereRequired: false });
    expect((await coql('select Last_Name from Contacts')).status).toBe(200);
  });

  it('aggregates: SUM, AVG, MIN, MAX, COUNT with GROUP BY (keys as written, no id), one row without it; their limits and type rules', async () => {
    raw = await startRaw({ records: 0 });
    await created('Accounts', [
      { Account_Name: 'A1', Industry: 'Retail', Annual_Revenue: 100, Employees: 10 },
      { Account_Name: 'A2', Industry: 'Retail', Annual_Revenue: 300, Employees: 30 },
      { Account_Name: 'A3', Industry: 'Technology', Annual_Revenue: 1000 },
      { Account_Name: 'A4', Annual_Revenue: 50 },
    ]);
    const r = await coql('select SUM(Annual_Revenue), AVG(Annual_Revenue), COUNT(Employees), MAX(Annual_Revenue), Industry from Accounts where Annual_Revenue >= 100 group by Industry');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      data: [
        { 'SUM(Annual_Revenue)': 400, 'AVG(Annual_Revenue)': 200, 'COUNT(Employees)': 2, 'MAX(Annual_Revenue)': 300, Industry: 'Retail' },
        { 'SUM(Annual_Revenue)': 1000, 'AVG(Annual_Revenue)': 1000, 'COUNT(Employees)': 0, 'MAX(Annual_Revenue)': 1000, Industry: 'Technology' },
      ],
      info: { count: 2, more_records: false },
    });
    const all = (await coql('select MIN(Annual_Revenue), COUNT(id) from Accounts where Annual_Revenue != 0')).body as Rows;
    expect(all.data).toEqual([{ 'MIN(Annual_Revenue)': 50, 'COUNT(id)': 4 }]);
    for (const [q, code] of [
      ['select SUM(Annual_Revenue), Account_Name from Accounts where id is not null', 'INVALID_QUERY'],
      ['select SUM(Account_Name) from Accounts where id is not null', 'INVALID_QUERY'],
      ['select COUNT(id) from Accounts where SUM(Employees) > 1', 'INVALID_QUERY'],
      ['select COUNT(id), Industry from Accounts where id is not null group by Industry, Industry', 'DUPLICATE_DATA'],
      ['select COUNT(Employees), COUNT(Employees) from Accounts where id is not null', 'DUPLICATE_DATA'],
      ['select SUM(Employees), AVG(Employees), MIN(Employees), MAX(Employees), COUNT(Employees), SUM(Annual_Revenue) from Accounts where id is not null', 'LIMIT_EXCEEDED'],
    ] as const) {
      const bad = await coql(q);
      expect(bad.status, q).toBe(400);
      expect((bad.body as ApiError).code, q).toBe(code);
    }
  });

  it('needs ZohoCRM.coql.READ and the module’s read scope (401 OAUTH_SCOPE_MISMATCH)', async () => {
    await org();
    const sb = raw!.sandbox;
    const tokenFor = async (scopes: string[]) => {
      const { refreshToken } = await raw!.admin<{ refreshToken: string }>('POST', 'refresh-tokens', { scopes });
      const answer = await tokenRequest(sb, { grant_type: 'refresh_token', client_id: sb.clientId, client_secret: sb.clientSecret, refresh_token: refreshToken });
      return String(answer.access_token);
    };
    const q = { select_query: 'select Last_Name from Contacts where id is not null' };
    const noCoql = await raw!.api('POST', '/crm/v8/coql', { body: q, token: await tokenFor(['ZohoCRM.modules.ALL']) });
    expect(noCoql.status).toBe(401);
    expect(noCoql.body).toMatchObject({ code: 'OAUTH_SCOPE_MISMATCH' });
    const otherModule = await raw!.api('POST', '/crm/v8/coql', { body: q, token: await tokenFor(['ZohoCRM.coql.READ', 'ZohoCRM.modules.accounts.READ']) });
    expect(otherModule.status).toBe(401);
    const ok = await raw!.api('POST', '/crm/v8/coql', { body: q, token: await tokenFor(['ZohoCRM.coql.READ', 'ZohoCRM.modules.contacts.READ']) });
    expect(ok.status).toBe(200);
  });
});
