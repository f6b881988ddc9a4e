// The sandbox against spec §13: raw HTTP, so what is asserted is exactly what goes over the wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FatalError } from '../../kit/errors.ts';
import type { BudgetExhaustedError } from '../../kit/budget/api-budget.ts';
import { listPage } from '../objects.ts';
import { adminCall, startHarness, type Harness } from './harness.ts';
import { nextLocalMidnight } from '../../kit/budget/windows.ts';
import { utcOffsetMinutes } from '../../kit/time-zone.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from './index.ts';

let sb: HubSpotSandbox;
beforeAll(async () => {
  sb = await startHubSpotSandbox({ tier: 'free', timeScale: 20, records: 5 });
});
afterAll(() => sb.close());

async function call(method: string, path: string, body?: unknown, token: string | null = sb.token): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('HubSpot sandbox wire behaviour', () => {
  it('answers a missing token with 401, X-HubSpot-Auth-Failure and the documented body', async () => {
    const r = await call('GET', '/crm/v3/objects/companies', undefined, null);
    expect(r.status).toBe(401);
    expect(r.headers.get('x-hubspot-auth-failure')).toBe('401 Unauthorized');
    expect(r.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(r.json).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION', correlationId: r.headers.get('x-hubspot-correlation-id') });
  });

  it('returns string ids, default properties, both properties= forms, and paging only when more exist', async () => {
    const plain = await call('GET', '/crm/v3/objects/companies?limit=2');
    const first = (plain.json.results as { id: unknown; properties: Record<string, unknown> }[])[0];
    expect(typeof first?.id).toBe('string');
    expect(Object.keys(first?.properties ?? {}).sort()).toEqual(['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name']);
    expect(plain.json.paging).toBeDefined();
    const comma = await call('GET', '/crm/v3/objects/companies?limit=100&properties=city,phone');
    const repeated = await call('GET', '/crm/v3/objects/companies?limit=100&properties=city&properties=phone');
    expect(comma.json).toEqual(repeated.json);
    expect(comma.json.paging).toBeUndefined();
    const dated = await call('GET', '/crm/objects/2026-03/companies?limit=100&properties=city,phone');
    expect(dated.json.results).toEqual(comma.json.results);
  });

  it('sends the tier’s rate-limit headers with the scaled interval, and none on search', async () => {
    const r = await call('GET', '/crm/v3/objects/contacts?limit=1');
    expect(r.headers.get('x-hubspot-ratelimit-max')).toBe('100');
    expect(r.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('500');
    expect(r.headers.get('x-hubspot-ratelimit-daily')).toBe('250000');
    const s = await call('POST', '/crm/v3/objects/contacts/search', { limit: 1 });
    expect(s.status).toBe(200);
    expect(s.headers.get('x-hubspot-ratelimit-max')).toBeNull();
  });

  it('refuses batches over 100 inputs and upserts by a non-unique property', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ properties: { name: `n${i}` } }));
    expect((await call('POST', '/crm/v3/objects/companies/batch/create', { inputs })).status).toBe(400);
    const r = await call('POST', '/crm/v3/objects/companies/batch/upsert', { inputs: [{ idProperty: 'name', id: 'x', properties: {} }] });
    expect(r.status).toBe(400);
    expect(r.json.category).toBe('VALIDATION_ERROR');
  });

  it('applies the 10-second window per tier with the TEN_SECONDLY_ROLLING body, and the search SECONDLY body', async () => {
    // Real-time windows for this test (and a token of its own), so a loaded machine cannot spread the burst out.
    const { token } = (await call('POST', '/__sandbox/tokens', {})).json as { token: string };
    await call('PUT', '/__sandbox/tier', { timeScale: 1 });
    try {
      const results = await Promise.all(Array.from({ length: 110 }, () => call('GET', '/crm/v3/objects/deals?limit=1', undefined, token)));
      const limited = results.filter((r) => r.status === 429);
      expect(limited).toHaveLength(10);
      expect(limited[0]?.json).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING', message: 'You have reached your ten_secondly_rolling limit.' });
      expect(limited[0]?.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
      const searches = await Promise.all(Array.from({ length: 8 }, () => call('POST', '/crm/v3/objects/deals/search', { limit: 1 }, token)));
      const sl = searches.filter((r) => r.status === 429);
      expect(sl.length).toBeGreaterThanOrEqual(3);
      expect(sl[0]?.json).toMatchObject({ policyName: 'SECONDLY', message: 'You have reached your secondly limit.' });
      expect(sl[0]?.headers.get('x-hubspot-ratelimit-max')).toBeNull();
    } finally {
      await call('PUT', '/__sandbox/tier', { timeScale: 20 });
    }
  });

  it('refuses invoices on a free portal with 403 (switch invoicesRequirePaidTier)', async () => {
    expect((await call('GET', '/crm/v3/objects/invoices')).status).toBe(403);
  });

  it('answers 403 MISSING_SCOPES naming the scope', async () => {
    const { token } = (await call('POST', '/__sandbox/tokens', { scopes: ['crm.objects.companies.read'] })).json as { token: string };
    const r = await call('POST', '/crm/v3/objects/companies/batch/upsert', { inputs: [] }, token);
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ category: 'MISSING_SCOPES', errors: [{ context: { requiredGranularScopes: ['crm.objects.companies.write'] } }] });
  });
});

describe('daily budget', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ tier: 'professional', timeScale: 20 });
  });
  afterAll(() => h.close());

  it('the client stops with API_BUDGET (resumeAt: the next midnight) before the cap, and HubSpot’s DAILY 429 stops it too', async () => {
    await listPage(h.client, 'companies'); // learn the headers
    await h.admin('PUT', 'daily', { used: 625_000 - 31_260 }); // 31 260 left; 5 % reserve is 31 250
    for (let i = 0; i < 5; i++) await listPage(h.client, 'companies');
    const err = (await (async () => {
      for (let i = 0; i < 20; i++) await listPage(h.client, 'companies');
    })().catch((e: unknown) => e)) as FatalError;
    expect(err).toBeInstanceOf(FatalError);
    expect(err.code).toBe('API_BUDGET');
    expect((err as BudgetExhaustedError).resumeAt.getTime()).toBeGreaterThan(Date.now());
    const c = await h.counters();
    expect(c.rateLimited).toBe(0);

    await h.admin('PUT', 'daily', { used: 625_000 });
    const raw = await fetch(`${h.sandbox.url}/crm/v3/objects/companies`, { headers: { authorization: `Bearer ${h.sandbox.token}` } });
    expect(raw.status).toBe(429);
    expect(await raw.json()).toMatchObject({ policyName: 'DAILY', message: 'You have reached your daily limit.' });
  });
});

describe('the portal time zone', () => {
  it('account-info names it as HubSpot does (US/Eastern unless the portalTimeZone switch says otherwise), with its UTC offset now', async () => {
    const r = await call('GET', '/account-info/v3/details');
    expect(r.status).toBe(200);
    const offset = utcOffsetMinutes(new Date(), 'US/Eastern');
    expect(r.json).toMatchObject({ portalId: 50_687_303, accountType: 'STANDARD', timeZone: 'US/Eastern', utcOffsetMilliseconds: offset * 60_000, utcOffset: offset === -240 ? '-04:00' : '-05:00' });
  });

  it("resets the daily count at midnight in the portal's zone, not at UTC midnight", async () => {
    const zone = 'America/Los_Angeles';
    const la = await startHubSpotSandbox({ tier: 'professional', timeScale: 20, switches: { portalTimeZone: zone } });
    try {
      const remaining = async () => {
        const res = await fetch(`${la.url}/crm/v3/objects/companies?limit=1`, { headers: { authorization: `Bearer ${la.token}` } });
        await res.arrayBuffer();
        return Number(res.headers.get('x-hubspot-ratelimit-daily-remaining'));
      };
      const moveTo = async (at: number) => {
        const { now } = await adminCall<{ now: string }>(la.url, 'GET', 'clock');
        await adminCall(la.url, 'POST', 'clock', { advanceMs: at - Date.parse(now) });
      };
      const { now } = await adminCall<{ now: string }>(la.url, 'GET', 'clock');
      const utcMidnight = nextLocalMidnight(Date.parse(now), 'UTC');
      const portalMidnight = nextLocalMidnight(utcMidnight, zone); // 07:00 or 08:00 UTC
      await moveTo(utcMidnight - 60_000);
      await adminCall(la.url, 'PUT', 'daily', { used: 1000 });
      expect(await remaining()).toBe(625_000 - 1001);
      await moveTo(utcMidnight + 60_000);
      expect(await remaining()).toBe(625_000 - 1002); // a new UTC day, the same portal day
      await moveTo(portalMidnight + 60_000);
      expect(await remaining()).toBe(625_000 - 1);
      expect((await (await fetch(`${la.url}/account-info/v3/details`, { headers: { authorization: `Bearer ${la.token}` } })).json()) as unknown).toMatchObject({ timeZone: zone });
    } finally {
      await la.close();
    }
  });
});

describe('invoice status rules', () => {
  it('refuses open without a contact and a line item, and a created-open invoice', async () => {
    const h = await startHarness({ tier: 'enterprise' });
    try {
      const inv = await h.client.request<{ id: string }>({ method: 'POST', path: '/crm/v3/objects/invoices', json: { properties: { hs_currency: 'USD' } } });
      const open = await h.client.request({ method: 'PATCH', path: `/crm/v3/objects/invoices/${inv.body.id}`, json: { properties: { hs_invoice_status: 'open' } }, accept: [400], retry: false });
      expect(open.status).toBe(400);
      expect(String((open.body as { message: string }).message)).toMatch(/contact/);
      const created = await h.client.request({ method: 'POST', path: '/crm/v3/objects/invoices', json: { properties: { hs_currency: 'USD', hs_invoice_status: 'open' } }, accept: [400], retry: false });
      expect(created.status).toBe(400);
    } finally {
      await h.close();
    }
  });
});
