// The sandbox's clock. Two things tests need without real waits:
// - "today" as the vendor's system sees it (Sage's session date, a posting day), pinned or moved by the
//   admin API;
// - durations that run faster: with `timeScale` 60, a 10-minute session lifetime or a 24-hour credit
//   window takes 10 s or 24 min of real time. `scaled(ms)` is what to wait or compare against.
// `now()` follows real time plus whatever the admin API advanced it by, so timestamps the sandbox
// stamps stay comparable with the client's own clock until a test moves it on purpose.

export interface ClockState {
  now: string;
  today: string;
  timeScale: number;
  offsetMs: number;
  pinnedToday: string | null;
}

export function utcDay(at: Date | number): string {
  return new Date(at).toISOString().slice(0, 10);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class SandboxClock {
  private offsetMs = 0;
  private pinned: string | null;
  private scale: number;
  /** Scaled vendor time accumulated before the last scale change, and the real time of that change. */
  private tickBase = 0;
  private tickRealAt = Date.now();

  constructor(options: { timeScale?: number; today?: string | undefined } = {}) {
    this.scale = SandboxClock.checkScale(options.timeScale ?? 1);
    this.pinned = options.today ? SandboxClock.checkDay(options.today) : null;
  }

  static checkScale(scale: number): number {
    if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`--time-scale must be a positive number, got ${scale}.`);
    return scale;
  }

  static checkDay(day: string): string {
    if (!DAY.test(day) || Number.isNaN(Date.parse(day))) throw new RangeError(`A sandbox day is YYYY-MM-DD, got "${day}".`);
    return day;
  }

  get timeScale(): number {
    return this.scale;
  }

  set timeScale(scale: number) {
    const checked = SandboxClock.checkScale(scale);
    this.tickBase = this.ticks();
    this.tickRealAt = Date.now();
    this.scale = checked;
  }

  /**
   * Vendor milliseconds since the clock started: real time multiplied by the time scale, plus every
   * advance(). Lifetimes (sessions, tokens, credit windows) are measured on this, never on now().
   */
  ticks(): number {
    return this.tickBase + (Date.now() - this.tickRealAt) * this.scale + this.offsetMs;
  }

  /** Milliseconds since the epoch as the sandbox sees them. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** A vendor duration (ms) in real milliseconds at the current time scale. */
  scaled(ms: number): number {
    return ms / this.scale;
  }

  /** The pinned day, or the UTC day of now(). */
  today(): string {
    return this.pinned ?? utcDay(this.now());
  }

  /** Pins "today" (null: follow now() again). */
  setToday(day: string | null): void {
    this.pinned = day === null ? null : SandboxClock.checkDay(day);
  }

  /** Moves now() forward (or back) by ms of vendor time; a pinned day moves with it by whole days. */
  advance(ms: number): void {
    this.offsetMs += ms;
    if (this.pinned) {
      const days = Math.trunc(ms / 86_400_000);
      if (days) this.pinned = utcDay(Date.parse(this.pinned) + days * 86_400_000);
    }
  }

  state(): ClockState {
    return { now: new Date(this.now()).toISOString(), today: this.today(), timeScale: this.scale, offsetMs: this.offsetMs, pinnedToday: this.pinned };
  }

  reset(options: { timeScale?: number; today?: string | undefined }): void {
    this.offsetMs = 0;
    this.tickBase = 0;
    this.tickRealAt = Date.now();
    this.scale = SandboxClock.checkScale(options.timeScale ?? 1);
    this.pinned = options.today ? SandboxClock.checkDay(options.today) : null;
  }
}
