import { describe, expect, it } from 'vitest';
import { RollingWindowLimiter, createRegistry, sharedRateLimiter, type RateLimitHeaderReader } from './rate-limit.ts';

/** A server announcing its window in headers (HubSpot's reader lives in connectors/hubspot). */
const windowHeaders: RateLimitHeaderReader = (h) => {
  const n = (k: string) => (h.has(k) ? Number(h.get(k)) : undefined);
  const o = { max: n('x-ratelimit-max'), remaining: n('x-ratelimit-remaining'), intervalMs: n('x-ratelimit-interval-milliseconds') };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
};

const hs = (h: Record<string, string | number>): Headers => new Headers(Object.entries(h).map(([k, v]) => [k, String(v)]));

/** Starts requests as fast as the limiter allows for `ms`; records start and end times. */
async function hammer(limiter: RollingWindowLimiter, ms: number, requestMs = 5, concurrency = 6): Promise<{ starts: number[]; ends: number[] }> {
  const starts: number[] = [];
  const ends: number[] = [];
  const until = Date.now() + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const p = await limiter.acquire();
        starts.push(Date.now());
        await new Promise((r) => setTimeout(r, requestMs));
        ends.push(Date.now());
        p.release();
      }
    }),
  );
  return { starts, ends };
}

/** The most requests whose start fell within any window of `interval` ms. */
function maxInWindow(times: number[], interval: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while ((t[i] as number) - (t[j] as number) >= interval) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('RollingWindowLimiter', () => {
  it('never lets more than max − headroom requests start in any rolling window', async () => {
    const limiter = new RollingWindowLimiter({ max: 10, intervalMs: 200, headroom: 1 });
    const { starts } = await hammer(limiter, 700);
    // 190 ms: recorded start times may lag the limiter's own clock by timer jitter.
    expect(maxInWindow(starts, 190)).toBeLessThanOrEqual(9);
    // and it does not starve: roughly 9 per 200 ms over 700 ms (at least two windows' worth even when loaded)
    expect(starts.length).toBeGreaterThanOrEqual(18);
  });

  it('adapts to a shorter interval and a different max announced by the server', async () => {
    const limiter = new RollingWindowLimiter({ max: 10, intervalMs: 10_000, headroom: 0, readHeaders: windowHeaders });
    const p = await limiter.acquire();
    p.release({ status: 200, headers: hs({ 'X-RateLimit-Max': 20, 'X-RateLimit-Remaining': 19, 'X-RateLimit-Interval-Milliseconds': 100 }) });
    expect(limiter.stats()).toMatchObject({ max: 20, intervalMs: 100 });
    const { starts } = await hammer(limiter, 400);
    // With the old 10 s window no more than 20 could ever start; more proves the shorter interval took.
    expect(starts.length).toBeGreaterThan(25);
    // Timer jitter on a loaded machine can bunch recorded start times slightly.
    expect(maxInWindow(starts, 90)).toBeLessThanOrEqual(20);
  });

  it('counts requests the server saw from elsewhere (phantom slots)', async () => {
    const limiter = new RollingWindowLimiter({ max: 10, intervalMs: 300, headroom: 0, readHeaders: windowHeaders });
    const p = await limiter.acquire();
    p.release({ status: 200, headers: hs({ 'X-RateLimit-Max': 10, 'X-RateLimit-Remaining': 2 }) });
    expect(limiter.stats().inWindow).toBe(8);
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) (await limiter.acquire()).release();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('after a 429 every acquirer waits for the server hint', async () => {
    const limiter = new RollingWindowLimiter({ max: 100, intervalMs: 10_000 });
    const p = await limiter.acquire();
    p.release({ status: 429, headers: hs({ 'retry-after': '0.15' }) });
    const t0 = Date.now();
    (await limiter.acquire()).release();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('is abortable while waiting', async () => {
    const limiter = new RollingWindowLimiter({ max: 1, intervalMs: 60_000, headroom: 0 });
    (await limiter.acquire()).release();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    await expect(limiter.acquire(ac.signal)).rejects.toThrow(/abort/i);
  });

  it('is shared per key through the registry', () => {
    const registry = createRegistry();
    const a = sharedRateLimiter(registry, 'hubspot:1', { max: 10, intervalMs: 1000 });
    const b = sharedRateLimiter(registry, 'hubspot:1', { max: 99, intervalMs: 1 });
    const c = sharedRateLimiter(registry, 'hubspot:2', { max: 10, intervalMs: 1000 });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});
