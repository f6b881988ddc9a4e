// `Prefer: odata.maxpagesize` (spec §5.3: not documented for the Sage 300 Web API — unverified), over raw
// HTTP: by default the server keeps web.config's PageSize and ignores the preference; the
// `maxPageSizePreference` switch makes it honour a smaller one, as the ASP.NET OData stack can.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../kit/sandbox/types.ts';
import { startSandbox } from './index.ts';

let sb: RunningSandbox;
let line: { url: string; user: string; password: string; admin: string };
const headers = () => ({ authorization: `Basic ${Buffer.from(`${line.user}:${line.password}`).toString('base64')}`, 'content-type': 'application/json', prefer: 'odata.maxpagesize=10' });

beforeAll(async () => {
  sb = await startSandbox({ port: 0, records: 130, seed: 3, switches: { today: '2024-05-01' } });
  line = sb.line as typeof line;
});
afterAll(() => sb.close());

async function page(url: string) {
  const res = await fetch(url, { headers: headers() });
  return { applied: res.headers.get('preference-applied'), body: (await res.json()) as { value: unknown[]; '@odata.nextLink'?: string } };
}

describe('Prefer: odata.maxpagesize (spec §5.3, unverified)', () => {
  it('is ignored by default: pages of web.config PageSize, no Preference-Applied', async () => {
    const r = await page(`${line.url}/AR/ARCustomers?$select=CustomerNumber`);
    expect(r.body.value).toHaveLength(100);
    expect(r.applied).toBeNull();
  });

  it('is honoured below PageSize when the switch says so, on every page to the end', async () => {
    await fetch(`${line.admin}/switches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ maxPageSizePreference: 'honour' }) });
    try {
      let r = await page(`${line.url}/AR/ARCustomers?$select=CustomerNumber`);
      expect(r.applied).toBe('odata.maxpagesize=10');
      let rows = r.body.value.length;
      let pages = 1;
      while (r.body['@odata.nextLink']) {
        expect(r.body.value).toHaveLength(10);
        r = await page(r.body['@odata.nextLink']);
        rows += r.body.value.length;
        pages++;
      }
      expect(rows).toBe(130);
      expect(pages).toBe(13);
    } finally {
      await fetch(`${line.admin}/switches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ maxPageSizePreference: 'ignore' }) });
    }
  });
});
