import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FatalError } from '../errors.ts';
import { createHttpClient } from '../http.ts';
import { sendJson, startLocalServer, type LocalServer } from '../testing/local-server.ts';
import { ODATA_V4, SAPB1_V1, SAPB1_V2, odataFilter, odataPages, odataQuery, rebaseNextLink } from './odata.ts';

describe('OData $filter literals per dialect', () => {
  it('quotes strings the same way everywhere and writes days as each server wants them', () => {
    for (const d of [ODATA_V4, SAPB1_V1, SAPB1_V2]) expect(odataFilter(d).eq('CardName', "O'Neil's")).toBe("CardName eq 'O''Neil''s'");
    expect(odataFilter(ODATA_V4).ge('DocDate', { day: '2024-05-01' })).toBe('DocDate ge 2024-05-01T00:00:00Z');
    expect(odataFilter(SAPB1_V1).ge('DocDate', { day: '2024-05-01' })).toBe("DocDate ge '2024-05-01'");
    expect(odataFilter(SAPB1_V2).ge('DocDate', { day: '2024-05-01' })).toBe('DocDate ge 2024-05-01');
  });

  it('refuses what cannot be a literal or a property name', () => {
    const f = odataFilter(SAPB1_V1);
    expect(() => f.eq('Card Name', 'x')).toThrow(/property name/);
    expect(() => f.eq("A eq 'x') or (B", 'x')).toThrow(/property name/);
    expect(() => f.eq('A', Number.POSITIVE_INFINITY)).toThrow(/finite/);
    expect(() => f.day('2024-02-30x')).toThrow(/calendar date/);
    expect(f.eq('U_Region', null)).toBe('U_Region eq null');
    expect(f.not(f.startsWith('CardCode', "C'"))).toBe("not (startswith(CardCode,'C'''))");
  });

  it('builds key-set conditions over composite keys', () => {
    const f = odataFilter(ODATA_V4);
    expect(f.keyAfter(['A', 'B'], ['x', 2])).toBe("(A gt 'x') or ((A eq 'x') and (B gt 2))");
  });
});

describe('OData system query options', () => {
  it('spells counts per version and checks names and numbers', () => {
    expect(odataQuery({ select: ['CardCode', 'CardName'], orderby: ['CardCode', { property: 'DocEntry', desc: true }], top: 50, skip: 100, count: true }, SAPB1_V1)).toEqual({
      $select: 'CardCode,CardName',
      $orderby: 'CardCode,DocEntry desc',
      $top: 50,
      $skip: 100,
      $inlinecount: 'allpages',
    });
    expect(odataQuery({ count: true, select: ['*'] }, SAPB1_V2)).toEqual({ $select: '*', $count: 'true' });
    expect(() => odataQuery({ top: -1 })).toThrow(/\$top/);
    expect(() => odataQuery({ select: ['a,b'] })).toThrow(/property name/);
  });
});

describe('rebaseNextLink', () => {
  const root = 'https://b1.example:50000/b1s/v1';
  it('keeps path and query of any link form, relative to our service root', () => {
    expect(rebaseNextLink('/b1s/v1/Orders?$skip=20', root)).toBe('Orders?$skip=20');
    expect(rebaseNextLink('BusinessPartners?$filter=CardType%20eq%20%27cCustomer%27&$skip=20', 'https://b1/b1s/v2')).toBe('BusinessPartners?$filter=CardType%20eq%20%27cCustomer%27&$skip=20');
    expect(rebaseNextLink('https://elsewhere:1/b1s/v1/Orders?$skip=40', root)).toBe('Orders?$skip=40');
    // our proxy adds a prefix the server does not know; the server's proxy adds one we do not use
    expect(rebaseNextLink('/b1s/v1/Orders?$skip=20', 'https://x.sb1.cloud/ServiceLayer/b1s/v1')).toBe('Orders?$skip=20');
    expect(rebaseNextLink('http://localhost/iis/Sage300WebApi/v1.0/-/SAMINC/AR/ARCustomers?$skip=7', 'https://erp/Sage300WebApi/v1.0/-/SAMINC')).toBe('AR/ARCustomers?$skip=7');
  });
  it('refuses a link outside the service root', () => {
    expect(() => rebaseNextLink('/other/api/Orders', root)).toThrow(FatalError);
  });
});

describe('odataPages over a real socket', () => {
  let server: LocalServer;
  const rows = Array.from({ length: 7 }, (_, i) => ({ CardCode: `C${i}` }));
  let seen: { url: string; prefer: string | undefined; host: string | undefined }[] = [];
  let style: 'v1' | 'v2' | 'absolute' = 'v1';

  beforeAll(async () => {
    server = await startLocalServer((req, _body, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ url: req.url ?? '', prefer: req.headers.prefer as string | undefined, host: req.headers.host });
      const skip = Number(url.searchParams.get('$skip') ?? 0);
      const page = rows.slice(skip, skip + 3);
      const next = skip + 3 < rows.length ? `BusinessPartners?$select=CardCode&$skip=${skip + 3}` : undefined;
      if (style === 'v1') return sendJson(res, 200, { 'odata.metadata': 'x', value: page, 'odata.count': String(rows.length), ...(next && { 'odata.nextLink': `/b1s/v1/${next}` }) });
      if (style === 'v2') return sendJson(res, 200, { value: page, '@odata.count': rows.length, ...(next && { '@odata.nextLink': next }) });
      return sendJson(res, 200, { value: page, ...(next && { '@odata.nextLink': `https://sl.internal:50000/b1s/v1/${next}` }) });
    });
  });
  afterAll(() => server.close());

  for (const s of ['v1', 'v2', 'absolute'] as const) {
    it(`follows ${s} next links to the end, only to the configured host, repeating headers`, async () => {
      style = s;
      seen = [];
      const http = createHttpClient({ system: 'sapb1', baseUrl: `${server.origin}/b1s/v1` });
      const got: string[] = [];
      let count: number | null = null;
      for await (const page of odataPages(http, { path: 'BusinessPartners', query: odataQuery({ select: ['CardCode'], count: true }, SAPB1_V1), headers: { prefer: 'odata.maxpagesize=3' } }, z.object({ CardCode: z.string() }))) {
        got.push(...page.value.map((r) => r.CardCode));
        count ??= page.count;
      }
      await http.close();
      expect(got).toEqual(rows.map((r) => r.CardCode));
      expect(count).toBe(s === 'absolute' ? null : 7);
      expect(seen.map((r) => decodeURIComponent(r.url))).toEqual([
        '/b1s/v1/BusinessPartners?$select=CardCode&$inlinecount=allpages',
        '/b1s/v1/BusinessPartners?$select=CardCode&$skip=3',
        '/b1s/v1/BusinessPartners?$select=CardCode&$skip=6',
      ]);
      expect(seen.every((r) => r.prefer === 'odata.maxpagesize=3' && r.host === new URL(server.origin).host)).toBe(true);
    });
  }
});
