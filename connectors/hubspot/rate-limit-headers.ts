// HubSpot's `X-HubSpot-RateLimit-*` response headers (absent on search responses), read for the kit's
// two pacing mechanisms: the 10-second burst window (kit/rate-limit.ts) and the daily allowance
// (kit/budget/api-budget.ts), which resets at midnight in the portal's time zone.
import type { BudgetObservation } from '../kit/budget/api-budget.ts';
import type { RateLimitHeaderReader, RateLimitObservation } from '../kit/rate-limit.ts';

function num(headers: Headers, name: string): number | undefined {
  const v = headers.get(name);
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function defined<T extends object>(o: T): T | undefined {
  const kept = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return Object.keys(kept).length ? kept : undefined;
}

/** The burst window: max, remaining and interval. */
export const hubspotRateLimitHeaders: RateLimitHeaderReader = (h) =>
  defined<RateLimitObservation>({
    max: num(h, 'x-hubspot-ratelimit-max'),
    remaining: num(h, 'x-hubspot-ratelimit-remaining'),
    intervalMs: num(h, 'x-hubspot-ratelimit-interval-milliseconds'),
  });

/** The daily allowance: HubSpot's own count, which also sees other apps' calls. */
export function hubspotDailyHeaders(h: Headers): BudgetObservation | undefined {
  return defined<BudgetObservation>({ limit: num(h, 'x-hubspot-ratelimit-daily'), remaining: num(h, 'x-hubspot-ratelimit-daily-remaining') });
}
