// HubSpot's `X-HubSpot-RateLimit-*` headers, read for the kit's rolling-window limiter (it adapts its
// window, max and daily budget to what HubSpot announces, and counts requests made from elsewhere).
import type { RateLimitHeaderReader, RateLimitObservation } from '../kit/rate-limit.ts';

function num(headers: Headers, name: string): number | undefined {
  const v = headers.get(name);
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Absent on search responses, which have their own fixed limit. */
export const hubspotRateLimitHeaders: RateLimitHeaderReader = (h) => {
  const o: RateLimitObservation = {};
  const max = num(h, 'x-hubspot-ratelimit-max');
  const remaining = num(h, 'x-hubspot-ratelimit-remaining');
  const intervalMs = num(h, 'x-hubspot-ratelimit-interval-milliseconds');
  const dailyLimit = num(h, 'x-hubspot-ratelimit-daily');
  const dailyRemaining = num(h, 'x-hubspot-ratelimit-daily-remaining');
  if (max !== undefined) o.max = max;
  if (remaining !== undefined) o.remaining = remaining;
  if (intervalMs !== undefined) o.intervalMs = intervalMs;
  if (dailyLimit !== undefined) o.dailyLimit = dailyLimit;
  if (dailyRemaining !== undefined) o.dailyRemaining = dailyRemaining;
  return Object.keys(o).length ? o : undefined;
};
