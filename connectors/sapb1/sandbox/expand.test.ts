// `$expand` of navigation properties (spec §4.1: `/Orders(1)?$select=*,BusinessPartner&$expand=BusinessPartner`,
// `$select` inside `$expand` since FP 2105), over raw HTTP. Document lines and other complex collections are
// inline already and are not navigation properties, so expanding them is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapB1Sandbox, type SapB1Sandbox } from './index.ts';

interface Line { url: string; urlV1: string; companyDB: string; user: string; password: string }
let sb: SapB1Sandbox;
let line: Line;
let cookie = '';
type Json = Record<string, unknown>;

beforeAll(async () => {
  sb = await startSapB1Sandbox({ port: 0, records: 10, seed: 4 });
  line = sb.line as unknown as Line;
  const res = await fetch(`${line.url}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: line.companyDB, UserName: line.user, Password: line.password }) });
  cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
});
afterAll(() => sb.close());

async function get(url: string) {
  const res = await fetch(url, { headers: { cookie } });
  return { status: res.status, json: (await res.json()) as Json };
}

describe('$expand (spec §4.1)', () => {
  it("v1: an invoice with $select=*,BusinessPartner&$expand=BusinessPartner carries its partner inline", async () => {
    const r = await get(`${line.urlV1}/Invoices(1)?$select=*,BusinessPartner&$expand=BusinessPartner`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ DocEntry: 1, CardCode: expect.any(String), DocumentLines: expect.any(Array) });
    const bp = r.json.BusinessPartner as Json;
    expect(bp).toMatchObject({ CardCode: r.json.CardCode, CardName: expect.any(String), CardType: 'cCustomer' });
  });

  it('v2: a page of invoices, each with its partner restricted by a nested $select', async () => {
    const r = await get(`${line.url}/Invoices?$select=DocEntry,CardCode,BusinessPartner&$expand=BusinessPartner($select=CardCode,CardName)&$top=3`);
    expect(r.status).toBe(200);
    const rows = r.json.value as Json[];
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const bp = row.BusinessPartner as Json;
      expect(bp.CardCode).toBe(row.CardCode);
      expect(Object.keys(bp).filter((k) => !k.startsWith('@'))).toEqual(['CardCode', 'CardName']);
    }
    const payments = await get(`${line.url}/IncomingPayments?$select=DocEntry,CardCode,BusinessPartner&$expand=BusinessPartner($select=CardName)&$top=1`);
    expect(((payments.json.value as Json[])[0]!.BusinessPartner as Json).CardName).toEqual(expect.any(String));
  });

  it('refuses to expand a complex collection or an unknown property, in the version\'s envelope', async () => {
    const lines = await get(`${line.url}/Invoices(1)?$expand=DocumentLines`);
    expect(lines.status).toBe(400);
    expect(lines.json).toMatchObject({ error: { code: '-1000' } });
    const unknown = await get(`${line.urlV1}/Invoices?$expand=Nope`);
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: { code: -1000 } });
    const selectUnknown = await get(`${line.urlV1}/Invoices(1)?$select=*,Nope`);
    expect(selectUnknown.status).toBe(400);
  });
});
