// API budgets, one mechanism for every system: an allowance per ACCOUNT (a HubSpot portal, a Zoho org)
// shared by every connection, flow and process using it, counted as requests are sent, persisted in
// the account's ConnectionState, and at the limit a BudgetExhaustedError whose `resumeAt` says when
// the allowance is back, so the engine pauses the run with an alert and resumes it then.
//
//   const budget = sharedBudget(ctx.registry, {
//     system: 'zoho', account: `zoho:${orgId}`, limit: 50_000, window: { kind: 'rolling', windowMs: 86_400_000 },
//     state: ctx.state?.account(`zoho:${orgId}`),
//   });
//   createHttpClient({ gate: [budget, limiter], ... })       // a RequestGate: one unit per request
//   budget.spend(499)                                         // extra cost of a costly call (bulk write)
//
// - A reserve (5 % by default) is never spent, so other apps on the account keep working.
// - Servers that report their own count (HubSpot's daily headers) correct ours through `readHeaders`.
// - Persistence: spending is counted in memory and added to the shared state every `flushEvery`
//   units or `flushMs`, and at once when the budget runs out; what other processes added is read back
//   on each flush. Between flushes two processes can overshoot by at most 2 × flushEvery units,
//   which the reserve absorbs.
import { FatalError } from '../errors.ts';
import type { GateOutcome, Permit, RequestGate } from '../gate.ts';
import { updateState, type ConnectionState } from '../state/connection-state.ts';
import type { SharedRegistry } from '../types.ts';
import { localDay, nextLocalMidnight, type BudgetWindow } from './windows.ts';
import { describeWallClock } from '../time-zone.ts';
import { formatCount } from './format-count.ts';
import { BUDGET_STATE_KEY, reserveOf, type PersistedBudget } from './budget-usage.ts';
import { tallySpend } from './spend-tally.ts';

export interface BudgetObservation {
  limit?: number;
  remaining?: number;
}

export interface ApiBudgetOptions {
  system: string;
  /** The account the allowance belongs to, e.g. `hubspot:<token hash>`, `zoho:org-123`. */
  account: string;
  /**
   * Units per period. With `readHeaders` it is a starting guess the server's own figure replaces; until
   * this process has heard it, the figure last saved for the account (by any process) is used instead.
   */
  limit: number;
  window: BudgetWindow;
  /**
   * The daily window's zone is a stand-in until useTimeZone() places it (HubSpot learns the portal's zone
   * after the budget is made). Until then the zone last saved for the account, by any process, is used: a
   * process that closes before it learns the zone (a sync whose flows sent nothing) would otherwise write
   * its stand-in over the account's and, in the hours the two days differ, start the count over at zero.
   */
  provisionalZone?: boolean;
  /** Share of the limit never spent (default 0.05). */
  reserveFraction?: number;
  /** For messages: 'This HubSpot account', 'The Zoho CRM organisation'. */
  label?: string;
  /** The account's state (ctx.state.account(account)); without it the count lives in this process only. */
  state?: ConnectionState;
  readHeaders?: (headers: Headers) => BudgetObservation | undefined;
  flushEvery?: number;
  flushMs?: number;
  now?: () => number;
}

/** The run must stop: the account's allowance is spent until `resumeAt`. */
export class BudgetExhaustedError extends FatalError {
  readonly resumeAt: Date;
  /** What follows the account's name in the message ('has used 250,000 of its …'), when it starts with one. */
  readonly predicate: string | undefined;
  constructor(message: string, details: ConstructorParameters<typeof FatalError>[1] & { resumeAt: Date; predicate?: string }) {
    const { predicate, ...rest } = details;
    super(message, { ...rest, data: { ...rest.data, resumeAt: rest.resumeAt.toISOString() } });
    this.resumeAt = rest.resumeAt;
    this.predicate = predicate;
  }

  /**
   * The same pause with the account named as the host names it (its connections: 'HubSpot account
   * "Portal"'), which a connector cannot know; a message that does not start with a name stays as it is.
   */
  named(name: string): BudgetExhaustedError {
    if (this.predicate === undefined) return this;
    return new BudgetExhaustedError(`${name} ${this.predicate}`, { code: this.code, system: this.system, hint: this.hint, data: this.data, resumeAt: this.resumeAt, predicate: this.predicate });
  }
}

/**
 * What is persisted (budget-usage.ts): a daily count with its local day, or spend per minute for a
 * rolling window, with the limit, reserve and window so the host can show the account's use.
 */
type Persisted = PersistedBudget;

const MINUTE = 60_000;
const STATE_KEY = BUDGET_STATE_KEY;

export class ApiBudget implements RequestGate {
  private limit: number;
  /** The server told us its limit (readHeaders): ours to save, rather than adopting the saved one. */
  private limitHeard = false;
  private day: string | undefined;
  /** Units known to be spent in the current period (shared part + ours not yet flushed). */
  private used = 0;
  private buckets: [number, number][] = [];
  private unflushed: [number, number][] = [];
  private unflushedCount = 0;
  private lastFlush = 0;
  private flushing: Promise<void> | undefined;
  private loaded: Promise<void> | undefined;
  /** The server's count at its last report, until saved. */
  private serverUsed: number | undefined;
  private readonly now: () => number;
  /** options.window, until useTimeZone() places a daily window in the account's zone. */
  private window: BudgetWindow;
  /** The window's zone is the account's (not options.provisionalZone's stand-in). */
  private zonePlaced: boolean;
  private retryWithinMs: number | undefined;

  constructor(private readonly options: ApiBudgetOptions) {
    this.limit = options.limit;
    this.now = options.now ?? Date.now;
    this.window = options.window;
    this.zonePlaced = !options.provisionalZone;
  }

  private get reserve(): number {
    return reserveOf(this.limit, this.options.reserveFraction ?? 0.05);
  }

  /** How the account describes itself in the persisted state (the dashboard reads it). */
  private describe(): Pick<Persisted, 'system' | 'label' | 'reserveFraction' | 'window'> {
    return { system: this.options.system, label: this.options.label ?? `The ${this.options.system} account`, reserveFraction: this.options.reserveFraction ?? 0.05, window: this.window };
  }

  /** Moves the period on: a new local day resets the count, a rolling window drops what came back. */
  private roll(now: number): void {
    const w = this.window;
    if (w.kind === 'daily') {
      const today = localDay(now, w.timeZone);
      if (this.day !== today) {
        this.day = today;
        this.used = 0;
        this.unflushed = [];
        this.unflushedCount = 0;
      }
      return;
    }
    const cutoff = now - w.windowMs;
    const keep = (b: [number, number][]) => b.filter(([at]) => at + MINUTE > cutoff);
    this.buckets = keep(this.buckets);
    this.unflushed = keep(this.unflushed);
    this.used = this.buckets.reduce((n, [, u]) => n + u, 0) + this.unflushed.reduce((n, [, u]) => n + u, 0);
  }

  /** Units left before the reserve. */
  available(): number {
    this.roll(this.now());
    return this.limit - this.reserve - this.used;
  }

  /**
   * The zone a daily window's day runs in, once the account has said it (HubSpot: the portal's, learned
   * after the budget was made); `note` says why a stand-in zone is used. Persisted with the next flush,
   * so the dashboard's reset time and the planner's day follow. A day that changes with the zone starts
   * from our count of zero, which the server's own count (readHeaders) corrects at its next answer.
   * `retryWithinMs`: the zone is a guess for now, so a pause ends that soon at the latest (to ask again).
   */
  useTimeZone(timeZone: string, options: { note?: string; retryWithinMs?: number } = {}): void {
    if (this.window.kind !== 'daily') throw new Error(`The ${this.options.account} budget counts a rolling window: it has no time zone.`);
    this.window = { kind: 'daily', timeZone, ...(options.note && { note: options.note }) };
    this.zonePlaced = true;
    this.retryWithinMs = options.retryWithinMs;
  }

  /** A stand-in zone gives way to the one saved for the account (options.provisionalZone). */
  private adoptSavedZone(saved: Persisted | undefined): void {
    if (this.zonePlaced || this.window.kind !== 'daily' || saved?.window?.kind !== 'daily') return;
    const { timeZone, note } = saved.window;
    this.window = { kind: 'daily', timeZone, ...(note && { note }) };
  }

  /** When spending can start again once the budget is out. */
  resumeAt(): Date {
    const now = this.now();
    const w = this.window;
    if (w.kind === 'daily') return new Date(Math.min(nextLocalMidnight(now, w.timeZone), now + (this.retryWithinMs ?? Infinity)));
    // Rolling: when enough of the oldest spending has come back to get under the reserve again.
    let excess = this.used - (this.limit - this.reserve) + 1;
    const all = [...this.buckets, ...this.unflushed].sort((a, b) => a[0] - b[0]);
    for (const [at, units] of all) {
      excess -= units;
      if (excess <= 0) return new Date(at + MINUTE + w.windowMs);
    }
    return new Date(now + MINUTE);
  }

  private exhausted(why = `the run pauses here to keep a reserve of ${formatCount(this.reserve)} for other apps`): BudgetExhaustedError {
    const resumeAt = this.resumeAt();
    const what = this.window.kind === 'daily' ? 'daily API calls' : 'API credits of the last 24 hours';
    const zone = this.window.kind === 'daily' ? this.window.timeZone : 'UTC';
    const predicate = `has used ${formatCount(this.used)} of its ${formatCount(this.limit)} ${what}; ${why}.`;
    return new BudgetExhaustedError(
      `${this.options.label ?? `The ${this.options.system} account`} ${predicate}`,
      {
        predicate,
        code: 'API_BUDGET',
        system: this.options.system,
        resumeAt,
        hint: `The run resumes where it stopped at ${describeWallClock(resumeAt, zone)}, when the allowance is back.`,
        data: { limit: this.limit, used: this.used, reserve: this.reserve, account: this.options.account },
      },
    );
  }

  /** The server refused for the allowance (HubSpot's DAILY 429): the same pause as at our reserve, until the period is over. */
  exhaustedByServer(): BudgetExhaustedError {
    this.roll(this.now());
    return this.exhausted('the server refuses more calls until the allowance is back (other apps spent it too), so the run pauses here');
  }

  /** Counts `units` as spent now; throws BudgetExhaustedError (after saving the count) when they do not fit. */
  async spend(units = 1): Promise<void> {
    await (this.loaded ??= this.flush());
    const now = this.now();
    this.roll(now);
    if (this.used + units > this.limit - this.reserve) {
      await this.flush();
      if (this.used + units > this.limit - this.reserve) throw this.exhausted();
    }
    this.used += units;
    this.unflushedCount += units;
    tallySpend(this.options.account, units, this.save);
    if (this.window.kind === 'rolling') {
      const minute = now - (now % MINUTE);
      const last = this.unflushed[this.unflushed.length - 1];
      if (last && last[0] === minute) last[1] += units;
      else this.unflushed.push([minute, units]);
    }
    if (this.unflushedCount >= (this.options.flushEvery ?? 50) || now - this.lastFlush >= (this.options.flushMs ?? 5000)) void this.flush().catch(() => undefined);
  }

  /** A server's own count replaces ours (it also sees other apps' calls). */
  observe(o: BudgetObservation): void {
    this.roll(this.now());
    const newLimit = o.limit !== undefined && o.limit > 0 && (o.limit !== this.limit || !this.limitHeard);
    if (o.limit !== undefined && o.limit > 0) {
      this.limit = o.limit;
      this.limitHeard = true;
    }
    if (o.remaining !== undefined) {
      const serverUsed = this.limit - o.remaining;
      if (this.window.kind === 'daily') {
        this.used = serverUsed;
        this.unflushedCount = 0;
        this.serverUsed = serverUsed;
      }
    }
    // A limit heard for the first time is saved at once, so other processes stop showing our first guess.
    if (newLimit && this.options.state) void this.flush().catch(() => undefined);
  }

  async acquire(): Promise<Permit> {
    await this.spend(1);
    return {
      release: (outcome?: GateOutcome) => {
        if (outcome?.headers && this.options.readHeaders) {
          const o = this.options.readHeaders(outcome.headers);
          if (o) this.observe(o);
        }
      },
    };
  }

  /** flush(), bound: what a run's tally calls when the run ends. */
  private readonly save = (): Promise<void> => this.flush();

  /** Adds our unsaved spending to the shared state and reads what other processes spent. */
  flush(): Promise<void> {
    const state = this.options.state;
    if (!state) return Promise.resolve();
    // A flush in flight took what was unsaved when it started: what was spent since goes in the next one
    // (the end of a run waits for its last units to be saved).
    if (this.flushing) return this.flushing.then(() => (this.unflushedCount > 0 || this.serverUsed !== undefined ? this.flush() : undefined));
    this.flushing = this.doFlush(state).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async doFlush(state: ConnectionState): Promise<void> {
    const now = this.now();
    this.roll(now);
    const mine = this.unflushedCount;
    const mineBuckets = this.unflushed;
    const server = this.serverUsed;
    this.unflushed = [];
    this.unflushedCount = 0;
    this.serverUsed = undefined;
    const saved = await updateState<Persisted>(state, STATE_KEY, (cur) => {
      // A server-reported limit saved by another process beats our starting guess (a new process).
      if (this.options.readHeaders && !this.limitHeard && cur?.limit !== undefined && cur.limit > 0) this.limit = cur.limit;
      this.adoptSavedZone(cur);
      const w = this.window;
      if (w.kind === 'daily') {
        const today = localDay(now, w.timeZone);
        const base = cur?.day === today ? (cur.used ?? 0) : 0;
        return { day: today, used: server !== undefined ? Math.max(server + mine, base) : base + mine, limit: this.limit, ...this.describe() };
      }
      const cutoff = now - w.windowMs;
      const merged = new Map<number, number>((cur?.buckets ?? []).filter(([at]) => at + MINUTE > cutoff));
      for (const [at, u] of mineBuckets) merged.set(at, (merged.get(at) ?? 0) + u);
      return { buckets: [...merged].sort((a, b) => a[0] - b[0]), limit: this.limit, ...this.describe() };
    });
    this.lastFlush = now;
    if (this.window.kind === 'daily') {
      this.day = saved.day;
      this.used = (saved.used ?? 0) + this.unflushedCount;
    } else {
      this.buckets = saved.buckets ?? [];
      this.roll(now);
    }
  }
}

/** The budget of `options.account`, created once per process and shared by every flow using the account. */
export function sharedBudget(registry: SharedRegistry, options: ApiBudgetOptions): ApiBudget {
  return registry.shared(`api-budget:${options.account}`, () => new ApiBudget(options));
}
