// Issue 3 done-when: 20 000 companies through the client into a Professional-tier sandbox in at most
// 200 write requests and without a single 429 (the limiter paces under the limit; it does not
// provoke and retry). Time-scale 5 turns HubSpot's 10 s window into 2 s.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hubspotDestination } from './entities.ts';
import { ensureProperties } from './properties.ts';
import { startHarness, type Harness } from './sandbox/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ tier: 'professional', timeScale: 5 }, { retry: false });
  await ensureProperties(h.client, 'companies', [{ name: 'ml_sage300_customer_number', label: 'Sage 300 customer', unique: true }]);
  await h.admin('POST', 'counters/reset');
});
afterAll(() => h.close());

it('pushes 20 000 companies in ≤200 write requests with no 429', async () => {
  const companies = hubspotDestination(h.client, 'companies', { lineKeyProperty: 'ml_line_key', sourceProperties: {} });
  const records = Array.from({ length: 20_000 }, (_, i) => ({
    sourceId: `CUST-${i}`,
    properties: { ml_sage300_customer_number: `CUST-${i}`, name: `Customer ${i}`, city: 'London', phone: `+44 20 7946 ${String(i % 10_000).padStart(4, '0')}` },
  }));
  const started = Date.now();
  // The engine hands over one destination batch per page; several flows/pages run side by side.
  const pages = Array.from({ length: records.length / companies.maxBatch }, (_, p) => records.slice(p * companies.maxBatch, (p + 1) * companies.maxBatch));
  const results = (await Promise.all(pages.map((page) => companies.upsert(page, { idProperty: 'ml_sage300_customer_number' })))).flat();
  const seconds = (Date.now() - started) / 1000;
  const c = await h.counters();
  const writes = c.byEndpoint['POST /crm/v3/objects/companies/batch/upsert'] ?? 0;
  console.log(`20 000 companies: ${writes} write requests, ${c.rateLimited} × 429, ${seconds.toFixed(1)} s at time-scale 5 (rolling window 2 s instead of 10 s)`);
  expect(results.filter((r) => r.status === 'created')).toHaveLength(20_000);
  expect(writes).toBeLessThanOrEqual(200);
  expect(c.rateLimited).toBe(0);
  expect(c.byStatus['429'] ?? 0).toBe(0);
  const stored = await h.admin<{ records: Record<string, number> }>('GET', 'info');
  expect(stored.records.companies).toBe(20_000);
});
