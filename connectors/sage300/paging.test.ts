// Adaptive paging and transient failures, against the sandbox's IIS behaviour: pages above a size run
// past the request timeout (500 "Request timed out", or no answer at all), the app pool answers 503,
// and one request at a time reaches the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FatalError } from '../kit/errors.ts';
import { readAll, startHarness, testRegistry, type Harness } from './test-support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ records: 150, seed: 5 });
});
afterAll(() => h.close());

async function withSwitches<T>(switches: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  await h.admin('switches', switches);
  try {
    return await fn();
  } finally {
    await h.admin('reset');
  }
}

describe('adaptive paging', () => {
  it('halves $top after IIS timeouts (500 page) and still reads everything exactly once', () =>
    withSwitches({ maxPageRecords: 30 }, async () => {
      const c = h.connect({ pageSize: 100 });
      await h.admin('requests/reset');
      const { records } = await readAll(c.sources.arCustomers);
      expect(records).toHaveLength(150);
      expect(new Set(records.map((r) => r.CustomerNumber)).size).toBe(150);
      expect(c.pageSizer.current).toBe(25);
      const counts = (await h.requests()).byEndpointStatus['GET AR/ARCustomers']!;
      expect(counts['500']).toBe(2); // 100 and 50 failed; 25 worked from then on
      // The learned size sticks for the next read of this connector: no more timeouts.
      await h.admin('requests/reset');
      await readAll(c.sources.apVendors);
      expect((await h.requests()).byEndpointStatus['GET AP/APVendors']!['500']).toBeUndefined();
    }));

  it('halves after a page that never answers (client timeout)', () =>
    withSwitches({ maxPageRecords: 40, oversizedPageFault: 'timeout' }, async () => {
      const c = h.connect({ pageSize: 80, requestTimeoutSeconds: 5 });
      const started = Date.now();
      const { records } = await readAll(c.sources.arCustomers);
      expect(records).toHaveLength(150);
      expect(c.pageSizer.current).toBe(40);
      expect(Date.now() - started).toBeLessThan(15_000);
    }));

  it('stops the run with SAGE300_IIS_TIMEOUT and the IIS settings to change when even small pages fail', () =>
    withSwitches({ maxPageRecords: 3 }, async () => {
      const c = h.connect({ pageSize: 100 });
      const error = await readAll(c.sources.arCustomers).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FatalError);
      const f = error as FatalError;
      expect(f.code).toBe('SAGE300_IIS_TIMEOUT');
      expect(f.hint).toMatch(/Connection Time-out/);
      expect(f.hint).toMatch(/executionTimeout/);
      expect(f.hint).toMatch(/PageSize/);
      expect(c.pageSizer.current).toBe(10);
    }));
});

describe('transient failures', () => {
  it('rides out a stopped app pool (503 HTML) and 429s with backoff', async () => {
    const c = h.connect();
    await h.admin('faults', { once: [{ fault: '503', resource: 'ARCustomers', times: 2 }, { fault: '429', resource: 'ARCustomers' }] });
    const { records } = await readAll(c.sources.arCustomers);
    expect(records).toHaveLength(150);
  });

  it('a full read survives random resets, 503s, 429s and slow answers (seeded chaos)', async () => {
    await h.admin('switches', { slowMs: 5 });
    await h.admin('faults', { spec: 'reset=0.08,503=0.08,429=0.05,slow=0.1' });
    try {
      const c = h.connect({ pageSize: 20 });
      const { records } = await readAll(c.sources.arCustomers);
      expect(new Set(records.map((r) => r.CustomerNumber)).size).toBe(150);
      expect(records).toHaveLength(150);
      expect(c.pageSizer.current).toBe(20);
    } finally {
      await h.admin('reset');
    }
  });

  it('gives up with a retriable error naming the app pool when 503s persist', async () => {
    const c = h.connect();
    await h.admin('faults', { once: [{ fault: '503', resource: 'ARTerms', times: 10 }] });
    const error = (await readAll(c.sources.arTerms).catch((e: unknown) => e)) as { kind: string; code: string; hint: string };
    expect(error.kind).toBe('retriable');
    expect(error.code).toBe('SAGE300_APP_POOL_STOPPED');
    expect(error.hint).toMatch(/Sage 300 Pool/);
    await h.admin('faults', { clear: true });
  });

  it('waits out a slow cold start', () =>
    withSwitches({ coldStartMs: 600 }, async () => {
      await h.admin('coldstart');
      const c = h.connect();
      const started = Date.now();
      const { records } = await readAll(c.sources.arTerms);
      expect(records).toHaveLength(6);
      expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    }));
});

describe('one request at a time per server', () => {
  it('two connections to the same server never have two requests in flight at once', async () => {
    const registry = testRegistry();
    await h.admin('switches', { slowMs: 20 });
    await h.admin('faults', { spec: 'slow=1' });
    try {
      const a = h.connect({ pageSize: 50 }, {}, { registry });
      const b = h.connect({ pageSize: 50 }, {}, { registry });
      await h.admin('requests/reset');
      await Promise.all([readAll(a.sources.arCustomers), readAll(b.sources.apVendors), readAll(a.sources.arTerms)]);
      const reqs = await h.requests();
      expect(reqs.total).toBeGreaterThanOrEqual(5);
      expect(reqs.peakInFlight).toBe(1);
    } finally {
      await h.admin('reset');
    }
  });

  it('the maxConcurrentRequests setting lets up to that many through', async () => {
    const registry = testRegistry();
    await h.admin('switches', { slowMs: 20 });
    await h.admin('faults', { spec: 'slow=1' });
    try {
      const a = h.connect({ pageSize: 50, maxConcurrentRequests: 3 }, {}, { registry });
      await h.admin('requests/reset');
      await Promise.all([readAll(a.sources.arCustomers), readAll(a.sources.apVendors), readAll(a.sources.arTerms), readAll(a.sources.oeOrders)]);
      const peak = (await h.requests()).peakInFlight;
      expect(peak).toBeGreaterThan(1);
      expect(peak).toBeLessThanOrEqual(3);
    } finally {
      await h.admin('reset');
    }
  });
});
