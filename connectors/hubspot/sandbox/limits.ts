// Rate limits as HubSpot applies them (spec §10): a rolling 10 s burst window per token, a daily
// counter per portal, and a separate per-second search bucket without headers. `timeScale`
// divides the windows so long benches stay short; the headers announce the scaled interval.
import { BURST_INTERVAL_MS, SEARCH_PER_SECOND, TIERS, type Tier } from './data.ts';

class RollingWindow {
  private readonly times: number[] = [];
  private head = 0;
  count(now: number, intervalMs: number): number {
    while (this.head < this.times.length && (this.times[this.head] as number) <= now - intervalMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }
  add(now: number): void {
    this.times.push(now);
  }
}

export type LimitVerdict =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; policy: 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY'; headers: Record<string, string> };

/**
 * The zone the portal's daily API count starts again at midnight in: the `portalTimeZone` switch, which
 * account-info reports as is. A name this runtime does not know (to test a client's fallback) is counted
 * in UTC days here, since the sandbox cannot place its midnight either.
 */
export function dayZoneOf(portalTimeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: portalTimeZone });
    return portalTimeZone;
  } catch {
    return 'UTC';
  }
}

/** Public (OAuth) apps: requests per 10 s per installed account, whatever the tier. */
export const OAUTH_BURST = 110;

export class SandboxLimits {
  private readonly burst = new Map<string, RollingWindow>();
  private readonly search = new Map<string, RollingWindow>();
  dailyUsed = 0;
  /** The portal's local day `dailyUsed` counts in. */
  private day: string | undefined;

  constructor(
    public tier: Tier,
    public timeScale: number,
    public apiLimitIncrease = false,
  ) {}

  get burstMax(): number {
    return this.apiLimitIncrease ? 250 : TIERS[this.tier].burst;
  }
  get daily(): number {
    return TIERS[this.tier].daily + (this.apiLimitIncrease ? 1_000_000 : 0);
  }
  get intervalMs(): number {
    return Math.max(1, Math.round(BURST_INTERVAL_MS / this.timeScale));
  }
  get searchIntervalMs(): number {
    return Math.max(1, Math.round(1000 / this.timeScale));
  }

  private window(map: Map<string, RollingWindow>, token: string): RollingWindow {
    let w = map.get(token);
    if (!w) map.set(token, (w = new RollingWindow()));
    return w;
  }

  /** HubSpot's daily limit resets at midnight in the portal's time zone: a new local day starts from zero. */
  rollDay(day: string): void {
    if (this.day !== undefined && this.day !== day) this.dailyUsed = 0;
    this.day = day;
  }

  /**
   * Counts one request (unless refused) and answers with the headers HubSpot would send. `key` is the
   * private-app token, or one key for every OAuth token of the installed public app: those calls
   * share 110 per 10 s, have no daily cap and carry no daily headers (spec §10).
   */
  take(key: string, kind: 'burst' | 'search', now: number, searchHeaders: boolean, oauth = false): LimitVerdict {
    if (!oauth && this.dailyUsed >= this.daily) return { ok: false, policy: 'DAILY', headers: this.headers(key, now, 0) };
    if (kind === 'search') {
      const w = this.window(this.search, key);
      if (w.count(now, this.searchIntervalMs) >= SEARCH_PER_SECOND) return { ok: false, policy: 'SECONDLY', headers: {} };
      w.add(now);
      if (!oauth) this.dailyUsed++;
      return { ok: true, headers: searchHeaders ? this.headers(key, now, undefined, oauth) : {} };
    }
    const w = this.window(this.burst, key);
    const used = w.count(now, this.intervalMs);
    if (used >= (oauth ? OAUTH_BURST : this.burstMax)) return { ok: false, policy: 'TEN_SECONDLY_ROLLING', headers: this.headers(key, now, undefined, oauth) };
    w.add(now);
    if (!oauth) this.dailyUsed++;
    return { ok: true, headers: this.headers(key, now, undefined, oauth) };
  }

  headers(key: string, now: number, remaining?: number, oauth = false): Record<string, string> {
    const used = this.window(this.burst, key).count(now, this.intervalMs);
    const max = oauth ? OAUTH_BURST : this.burstMax;
    return {
      'X-HubSpot-RateLimit-Max': String(max),
      'X-HubSpot-RateLimit-Remaining': String(remaining ?? Math.max(0, max - used)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(this.intervalMs),
      ...(!oauth && {
        'X-HubSpot-RateLimit-Daily': String(this.daily),
        'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, this.daily - this.dailyUsed)),
      }),
    };
  }

  reset(): void {
    this.burst.clear();
    this.search.clear();
    this.dailyUsed = 0;
  }
}

export const RATE_LIMIT_BODIES = {
  TEN_SECONDLY_ROLLING: { message: 'You have reached your ten_secondly_rolling limit.', policyName: 'TEN_SECONDLY_ROLLING' },
  DAILY: { message: 'You have reached your daily limit.', policyName: 'DAILY' },
  SECONDLY: { message: 'You have reached your secondly limit.', policyName: 'SECONDLY' },
} as const;
