// `$crossjoin` (spec §4.1: what replaces expanding a collection of a collection), over raw HTTP:
// `GET $crossjoin(BusinessPartners,Invoices)?$expand=…($select=…)&$filter=BusinessPartners/CardCode eq Invoices/CardCode and …`,
// checked against the join computed from plain reads of both sets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapB1Sandbox, type SapB1Sandbox } from './index.ts';

interface Line { url: string; urlV1: string; companyDB: string; user: string; password: string }
let sb: SapB1Sandbox;
let line: Line;
let cookie = '';
type Json = Record<string, unknown>;
let partners: { CardCode: string; CardName: string; CardType: string }[] = [];
let invoices: { DocEntry: number; CardCode: string; DocTotal: number }[] = [];

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers: { cookie, ...headers } });
  return { status: res.status, json: (await res.json()) as Json };
}
const all = { Prefer: 'odata.maxpagesize=0' };

beforeAll(async () => {
  sb = await startSapB1Sandbox({ port: 0, records: 12, seed: 8 });
  line = sb.line as unknown as Line;
  const res = await fetch(`${line.url}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: line.companyDB, UserName: line.user, Password: line.password }) });
  cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  partners = (await get(`${line.url}/BusinessPartners?$select=CardCode,CardName,CardType`, all)).json.value as typeof partners;
  invoices = (await get(`${line.url}/Invoices?$select=DocEntry,CardCode,DocTotal`, all)).json.value as typeof invoices;
});
afterAll(() => sb.close());

describe('$crossjoin (spec §4.1)', () => {
  it('v1: joins partners to their invoices on CardCode, with a condition on one side, each side restricted by $expand($select)', async () => {
    const filter = 'BusinessPartners/CardCode eq Invoices/CardCode and Invoices/DocTotal gt 100';
    const r = await get(`${line.urlV1}/$crossjoin(BusinessPartners,Invoices)?$expand=${encodeURIComponent('BusinessPartners($select=CardCode,CardName),Invoices($select=DocEntry,DocTotal)')}&$filter=${encodeURIComponent(filter)}&$orderby=${encodeURIComponent('Invoices/DocEntry')}`, all);
    expect(r.status).toBe(200);
    expect(String(r.json['odata.metadata'])).toMatch(/\/b1s\/v1\/\$metadata#Collection\(Edm\.ComplexType\)$/);
    const expected = invoices.filter((i) => i.DocTotal > 100).sort((a, b) => a.DocEntry - b.DocEntry)
      .map((i) => ({ BusinessPartners: { CardCode: i.CardCode, CardName: partners.find((p) => p.CardCode === i.CardCode)!.CardName }, Invoices: { DocEntry: i.DocEntry, DocTotal: i.DocTotal } }));
    expect(expected.length).toBeGreaterThan(0);
    expect(r.json.value).toEqual(expected);
  });

  it('v2: pages the joined rows with a next link that repeats the request', async () => {
    const q = `$expand=${encodeURIComponent('BusinessPartners($select=CardCode),Invoices($select=DocEntry)')}&$filter=${encodeURIComponent('Invoices/CardCode eq BusinessPartners/CardCode')}`;
    const first = await get(`${line.url}/$crossjoin(BusinessPartners,Invoices)?${q}`, { Prefer: 'odata.maxpagesize=5' });
    expect(first.status).toBe(200);
    expect(first.json.value).toHaveLength(5);
    const next = String(first.json['@odata.nextLink']);
    expect(next).toMatch(/^\$crossjoin\(BusinessPartners,Invoices\)\?.*\$skip=5$/);
    let rows = [...(first.json.value as Json[])];
    let link: string | undefined = next;
    while (link) {
      const page = await get(`${line.url}/${link}`, { Prefer: 'odata.maxpagesize=5' });
      rows = rows.concat(page.json.value as Json[]);
      link = page.json['@odata.nextLink'] as string | undefined;
    }
    expect(rows).toHaveLength(invoices.length);
  });

  it('refuses an unknown set, a filter without a set prefix and a set not in the join, with -1000', async () => {
    for (const path of [
      '$crossjoin(BusinessPartners,Nope)',
      `$crossjoin(BusinessPartners,Invoices)?$filter=${encodeURIComponent('CardCode eq CardCode')}`,
      `$crossjoin(BusinessPartners,Invoices)?$filter=${encodeURIComponent('IncomingPayments/CardCode eq Invoices/CardCode')}`,
    ]) {
      const r = await get(`${line.url}/${path}`);
      expect(r.status, path).toBe(400);
      expect(r.json, path).toMatchObject({ error: { code: '-1000' } });
    }
  });
});
