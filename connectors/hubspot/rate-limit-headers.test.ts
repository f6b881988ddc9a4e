import { describe, expect, it } from 'vitest';
import { RollingWindowLimiter } from '../kit/rate-limit.ts';
import { hubspotDailyHeaders, hubspotRateLimitHeaders } from './rate-limit-headers.ts';

describe('hubspotRateLimitHeaders', () => {
  it('reads the window and remaining slots for the limiter, and the daily allowance for the budget', () => {
    const h = new Headers({
      'X-HubSpot-RateLimit-Max': '190',
      'X-HubSpot-RateLimit-Remaining': '0',
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      'X-HubSpot-RateLimit-Daily': '650000',
      'X-HubSpot-RateLimit-Daily-Remaining': '649000',
    });
    expect(hubspotRateLimitHeaders(h)).toEqual({ max: 190, remaining: 0, intervalMs: 10_000 });
    expect(hubspotDailyHeaders(h)).toEqual({ limit: 650_000, remaining: 649_000 });
    expect(hubspotDailyHeaders(new Headers())).toBeUndefined();
    expect(hubspotRateLimitHeaders(new Headers({ 'X-HubSpot-RateLimit-Max': '' }))).toBeUndefined();
  });

  // A 429 without Retry-After blocks the limiter for its interval: the one HubSpot announced.
  it('gives the limiter the interval HubSpot announces', () => {
    const now = 1_000;
    const limiter = new RollingWindowLimiter({ max: 10, intervalMs: 60_000, headroom: 0, readHeaders: hubspotRateLimitHeaders, now: () => now });
    limiter.observe(new Headers({ 'X-HubSpot-RateLimit-Remaining': '0', 'X-HubSpot-RateLimit-Interval-Milliseconds': '2000' }), 429, now);
    expect(limiter.stats().intervalMs).toBe(2_000);
  });
});
