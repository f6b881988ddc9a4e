// `$apply` (spec §4.1: aggregate with sum, average, min, max, countdistinct and $count; groupby), over raw
// HTTP, checked against totals computed by reading every row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapB1Sandbox, type SapB1Sandbox } from './index.ts';

interface Line { url: string; urlV1: string; companyDB: string; user: string; password: string }
let sb: SapB1Sandbox;
let line: Line;
let cookie = '';
type Json = Record<string, unknown>;
let invoices: { CardCode: string; DocTotal: number }[] = [];

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers: { cookie, ...headers } });
  return { status: res.status, json: (await res.json()) as Json };
}

beforeAll(async () => {
  sb = await startSapB1Sandbox({ port: 0, records: 15, seed: 6 });
  line = sb.line as unknown as Line;
  const res = await fetch(`${line.url}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: line.companyDB, UserName: line.user, Password: line.password }) });
  cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  invoices = (await get(`${line.url}/Invoices?$select=CardCode,DocTotal`, { Prefer: 'odata.maxpagesize=0' })).json.value as typeof invoices;
});
afterAll(() => sb.close());

const round2 = (n: number) => Math.round(n * 100) / 100;

describe('$apply (spec §4.1)', () => {
  it('v2: aggregate sums, averages and finds the extremes of the filtered rows', async () => {
    const r = await get(`${line.url}/Invoices?$apply=${encodeURIComponent('aggregate(DocTotal with sum as Total,DocTotal with average as Mean,DocTotal with min as Low,DocTotal with max as High,CardCode with countdistinct as Partners,$count as Documents)')}`);
    expect(r.status).toBe(200);
    const totals = invoices.map((i) => i.DocTotal);
    const [row] = r.json.value as Json[];
    expect(row!.Total).toBeCloseTo(totals.reduce((a, b) => a + b, 0), 2);
    expect(row!.Mean).toBeCloseTo(totals.reduce((a, b) => a + b, 0) / totals.length, 2);
    expect(row).toMatchObject({ Low: Math.min(...totals), High: Math.max(...totals), Partners: new Set(invoices.map((i) => i.CardCode)).size, Documents: invoices.length });
  });

  it('v1: groupby gives one row per partner, after $filter', async () => {
    const some = invoices[0]!.CardCode;
    const r = await get(`${line.urlV1}/Invoices?$filter=${encodeURIComponent(`CardCode ne '${some}'`)}&$apply=${encodeURIComponent('groupby((CardCode),aggregate(DocTotal with sum as Total))')}`, { Prefer: 'odata.maxpagesize=0' });
    expect(r.status).toBe(200);
    const expected = new Map<string, number>();
    for (const i of invoices) if (i.CardCode !== some) expected.set(i.CardCode, round2((expected.get(i.CardCode) ?? 0) + i.DocTotal));
    const rows = r.json.value as { CardCode: string; Total: number }[];
    expect(rows.map((x) => x.CardCode)).toEqual([...expected.keys()].sort());
    for (const x of rows) expect(x.Total).toBeCloseTo(expected.get(x.CardCode)!, 2);
  });

  it('refuses an unknown method or property with -1000', async () => {
    for (const apply of ['aggregate(DocTotal with median as M)', 'aggregate(Nope with sum as S)', 'groupby((Nope))', 'filter(DocTotal gt 1)']) {
      const r = await get(`${line.url}/Invoices?$apply=${encodeURIComponent(apply)}`);
      expect(r.status, apply).toBe(400);
      expect(r.json).toMatchObject({ error: { code: '-1000' } });
    }
  });
});
