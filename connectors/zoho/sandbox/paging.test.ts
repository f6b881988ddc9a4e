// Paging of lists and searches as spec §4.2/§4.6 describe it, seen by an independent client: `info` carries
// `next_page_token` and `page_token_expiry`; `page` reaches only the first `pageLimit` records (2,000 on
// Zoho, partly unverified: a switch, set low here); `page` with `page_token` is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { startRaw, type RawClient } from './test-support.ts';

let raw: RawClient | undefined;
afterEach(async () => {
  await raw?.close();
  raw = undefined;
});

type Page = { data: { id: string }[]; info: { more_records: boolean; next_page_token: string | null; page_token_expiry: string | null; count: number; page: number } };

async function vendors(n: number, switches: Record<string, unknown> = {}): Promise<RawClient> {
  raw = await startRaw({ records: 0, switches: { pageLimit: 300, ...switches } });
  for (let i = 0; i < n; i += 100) {
    const data = Array.from({ length: Math.min(100, n - i) }, (_, j) => ({ Vendor_Name: `Vendor ${i + j}` }));
    expect((await raw.api('POST', '/crm/v8/Vendors', { body: { data } })).status).toBe(201);
  }
  return raw;
}

/** Follows next_page_token from the first page; returns the ids seen and the calls made. */
async function follow(path: string): Promise<{ ids: Set<string>; calls: number }> {
  const ids = new Set<string>();
  let token: string | null = null;
  let calls = 0;
  do {
    const r = await raw!.api('GET', `${path}${token ? `&page_token=${token}` : ''}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const body = r.body as Page;
    for (const d of body.data) ids.add(d.id);
    token = body.info.more_records ? body.info.next_page_token : null;
    calls++;
  } while (token);
  return { ids, calls };
}

const SEARCH = '/crm/v8/Vendors/search?criteria=(Vendor_Name:starts_with:Vendor)&fields=Vendor_Name&per_page=100';
const LIST = '/crm/v8/Vendors?fields=Vendor_Name&per_page=100';

describe('Zoho sandbox: page tokens', () => {
  it('lists: next_page_token with its expiry on every page with more; page refused past the limit, page_token goes on; not both', async () => {
    await vendors(450);
    const third = (await raw!.api('GET', `${LIST}&page=3`)).body as Page;
    expect(third.info).toMatchObject({ page: 3, count: 100, more_records: true, next_page_token: expect.any(String), page_token_expiry: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/) });
    const fourth = await raw!.api('GET', `${LIST}&page=4`);
    expect(fourth.status).toBe(400);
    expect(fourth.body).toMatchObject({ code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', status: 'error' });
    const { ids, calls } = await follow(LIST);
    expect(ids.size).toBe(450);
    expect(calls).toBe(5);
    const both = await raw!.api('GET', `${LIST}&page=2&page_token=${String(third.info.next_page_token)}`);
    expect(both.status).toBe(400);
    const last = (await raw!.api('GET', `${LIST}&page_token=${String(third.info.next_page_token)}`)).body as Page;
    expect(last.data).toHaveLength(100);
  });

  it('search answers the same info block and refuses page with page_token; by default nothing past the limit is reachable', async () => {
    await vendors(450);
    const first = (await raw!.api('GET', SEARCH)).body as Page;
    expect(first.info).toMatchObject({ page: 1, count: 100, more_records: true, next_page_token: expect.any(String), page_token_expiry: expect.any(String) });
    const second = (await raw!.api('GET', `${SEARCH}&page_token=${String(first.info.next_page_token)}`)).body as Page;
    expect(second.info).toMatchObject({ page: 2, count: 100 });
    expect(second.data[0]?.id).not.toBe(first.data[0]?.id);
    const both = await raw!.api('GET', `${SEARCH}&page=2&page_token=${String(first.info.next_page_token)}`);
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ code: 'INVALID_DATA', status: 'error' });
    const atLimit = (await raw!.api('GET', `${SEARCH}&page=3`)).body as Page;
    expect(atLimit.info).toMatchObject({ more_records: false, next_page_token: null, page_token_expiry: null });
    const past = await raw!.api('GET', `${SEARCH}&page=4`);
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ code: 'LIMIT_EXCEEDED' });
    expect((await follow(SEARCH)).ids.size).toBe(300);
  });

  it('search past the limit with page_token when the switch says so, as lists do', async () => {
    await vendors(450, { searchPastPageLimit: 'pageToken' });
    const { ids, calls } = await follow(SEARCH);
    expect(ids.size).toBe(450);
    expect(calls).toBe(5);
    const past = await raw!.api('GET', `${SEARCH}&page=4`);
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED' });
  });
});
