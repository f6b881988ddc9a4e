// The HubSpot client over real sockets against the sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../kit/errors.ts';
import { HubSpotClient } from './client.ts';
import { batchCreate, batchUpsert, listAll } from './objects.ts';
import { ensureProperties } from './properties.ts';
import { searchAll } from './search.ts';
import { startHarness, type Harness } from './sandbox/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await ensureProperties(h.client, 'companies', [{ name: 'ml_erp_id', label: 'ERP id', unique: true }]);
});
afterAll(() => h.close());

describe('HubSpot client against the sandbox', () => {
  it('creates the unique external-id property once, then finds it', async () => {
    const again = await ensureProperties(h.client, 'companies', [{ name: 'ml_erp_id', label: 'ERP id', unique: true }]);
    expect(again).toEqual({ created: [], existing: ['ml_erp_id'] });
    const prop = await h.admin<{ results: unknown[] }>('GET', 'info');
    expect(prop).toBeTruthy();
  });

  it('pages a list to the end without duplicates', async () => {
    await h.admin('POST', 'seed', { companies: Array.from({ length: 250 }, (_, i) => ({ name: `Paged ${i}` })) });
    const ids: string[] = [];
    let pages = 0;
    for await (const page of listAll(h.client, 'companies', { properties: ['name'] })) {
      pages++;
      ids.push(...page.items.map((r) => r.id));
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(250);
    expect(pages).toBe(Math.ceil(ids.length / 100));
  });

  it('maps a 207 with 3 bad records out of 100 to 97 written and 3 failed with HubSpot’s reason', async () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ key: `P207-${i}`, properties: { name: `Co ${i}`, numberofemployees: i % 33 === 5 ? 'lots' : String(i) } }));
    const before = await h.counters();
    const results = await batchUpsert(h.client, 'companies', items, 'ml_erp_id');
    const after = await h.counters();
    const failed = results.map((r, i) => ({ r, i })).filter(({ r }) => r.status === 'failed');
    expect(failed.map(({ i }) => i)).toEqual([5, 38, 71]);
    for (const { r } of failed) {
      expect(r).toMatchObject({ status: 'failed', kind: 'record', retryable: false, code: 'INVALID_DECIMAL' });
      expect(r.status === 'failed' && r.message).toMatch(/not a valid number/);
      // A sentence naming the property and the value sent, not HubSpot's JSON list.
      expect(r.status === 'failed' && r.message).toMatch(/^HubSpot refused numberofemployees "lots": /);
      expect(r.status === 'failed' && r.message).not.toContain('{');
    }
    expect(results.filter((r) => r.status === 'created')).toHaveLength(97);
    expect((after.byEndpointStatus['POST /crm/v3/objects/companies/batch/upsert']?.['207'] ?? 0) - (before.byEndpointStatus['POST /crm/v3/objects/companies/batch/upsert']?.['207'] ?? 0)).toBe(1);
    // Second run: same keys → updated, no duplicates.
    const again = await batchUpsert(h.client, 'companies', items.filter((_, i) => i % 33 !== 5), 'ml_erp_id');
    expect(again.every((r) => r.status === 'updated')).toBe(true);
  });

  it('isolates bad records by bisection when the portal refuses the whole batch instead (switch upsertPartial=false)', async () => {
    await h.admin('PUT', 'switches', { upsertPartial: false });
    try {
      const items = Array.from({ length: 40 }, (_, i) => ({ key: `AON-${i}`, properties: { name: `A ${i}`, numberofemployees: i === 7 || i === 30 ? 'x' : '1' } }));
      const results = await batchUpsert(h.client, 'companies', items, 'ml_erp_id');
      expect(results.filter((r) => r.status === 'created')).toHaveLength(38);
      expect(results[7]).toMatchObject({ status: 'failed', kind: 'record' });
      expect(results[30]).toMatchObject({ status: 'failed', kind: 'record' });
      expect(results[7]!.status === 'failed' && results[7]!.message).toMatch(/^HubSpot refused numberofemployees "x": /);
    } finally {
      await h.admin('PUT', 'switches', { upsertPartial: true });
    }
  });

  it('batch create with trace ids fails only the duplicate', async () => {
    await h.admin('POST', 'seed', { contacts: [{ email: 'taken@acme.example', firstname: 'T' }] });
    const results = await batchCreate(h.client, 'contacts', [{ properties: { email: 'new1@acme.example' } }, { properties: { email: 'taken@acme.example' } }, { properties: { email: 'new2@acme.example' } }]);
    expect(results.map((r) => r.status)).toEqual(['created', 'failed', 'created']);
    expect(results[1]).toMatchObject({ code: 'HUBSPOT_UNIQUE_VALUE' });
  });

  it('loses nothing under 429s, 5xx and resets', async () => {
    await h.admin('PUT', 'faults', { spec: '429=0.3,500=0.1,503=0.05,reset=0.05' });
    const before = await h.counters();
    try {
      const items = Array.from({ length: 1500 }, (_, i) => ({ key: `F-${i}`, properties: { name: `Faulty ${i}` } }));
      const results = await batchUpsert(h.client, 'companies', items, 'ml_erp_id');
      expect(results.filter((r) => r.status === 'failed')).toEqual([]);
    } finally {
      await h.admin('PUT', 'faults', { spec: '' });
    }
    const after = await h.counters();
    expect(after.rateLimited - before.rateLimited).toBeGreaterThan(0);
    const stored = await h.admin<{ results: { properties: Record<string, string> }[] }>('GET', 'records/companies?limit=10000');
    const keys = new Set(stored.results.map((r) => r.properties.ml_erp_id).filter((k) => k?.startsWith('F-')));
    expect(keys.size).toBe(1500);
    expect(Object.keys(after.faults).sort()).toEqual(['429', '500', '503', 'reset']);
  });

  it('gives a rejected token an AuthError with a clear hint, and never echoes the token', async () => {
    const bad = new HubSpotClient({ accessToken: 'pat-na1-00000000-0000-0000-0000-000000000000', baseUrl: h.sandbox.url });
    const err = (await listAll(bad, 'companies').next().catch((e: unknown) => e)) as AuthError;
    await bad.close();
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe('AUTH_REJECTED');
    expect(err.hint).toMatch(/private app access token/);
    expect(JSON.stringify(err.toJSON())).not.toContain('pat-na1-00000000');
  });

  it('searches past the 10 000-result cap by restarting the time window, without duplicates', async () => {
    const base = Date.now() - 3_600_000;
    // 10 500 companies over 3 000 distinct timestamps, plus 150 sharing a single instant.
    const seed = Array.from({ length: 10_500 }, (_, i) => ({ name: `S${i}`, ml_erp_id: `SRCH-${i}`, hs_lastmodifieddate: String(base + Math.floor(i / 3.5)) }));
    await h.admin('POST', 'seed', { companies: seed });
    const ids = new Set<string>();
    let n = 0;
    for await (const page of searchAll(h.client, 'companies', { since: new Date(base), until: new Date(base + 10_000), properties: ['name'], filters: [{ propertyName: 'name', operator: 'CONTAINS_TOKEN', value: 'S*' }] })) {
      for (const r of page.items) {
        n++;
        ids.add(r.id);
      }
    }
    expect(ids.size).toBe(10_500);
    expect(n).toBe(10_500);
    const c = await h.counters();
    expect(c.byEndpointStatus['POST /crm/v3/objects/companies/search']?.['400'] ?? 0).toBe(0);
  });

  it('reads more than 10 000 records sharing one last-modified instant by keyset on hs_object_id', async () => {
    const instant = Date.now() - 7_200_000;
    await h.admin('POST', 'seed', { deals: Array.from({ length: 10_050 }, (_, i) => ({ dealname: `Same ${i}`, hs_lastmodifieddate: String(instant) })) });
    const ids = new Set<string>();
    let n = 0;
    for await (const page of searchAll(h.client, 'deals', { since: new Date(instant), until: new Date(instant + 1000), properties: ['dealname'] })) {
      for (const r of page.items) {
        n++;
        ids.add(r.id);
      }
    }
    expect(ids.size).toBe(10_050);
    expect(n).toBe(10_050);
  });
});
