// When blackout windows are open, safe across daylight-saving changes. The rule is one sentence: a window
// is open whenever the zone's wall clock shows a time inside it. So on the spring-forward night a window
// 01:30–02:30 lasts 30 real minutes (02:00–02:30 never happens: it ends when the clock jumps to 03:00);
// on the fall-back night a window 01:00–02:00 lasts two real hours (the hour happens twice, and the ERP's
// own local jobs may run in either pass). Pure: instants in, instants out (epoch ms).
import type { BlackoutWindow, Blackouts } from '../../../preload/contract/blackouts.ts';
import { BLACKOUT_DAYS } from '../../../preload/contract/blackouts.ts';
import { utcOffsetMinutes } from '../../../connectors/kit/time-zone.ts';

const MINUTE = 60_000;
const DAY_MIN = 1440;
const DAY_MS = 86_400_000;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
const dayOf = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;

/** Monday 0 … Sunday 6 (1970-01-01 was a Thursday). */
const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

function monthOf(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function isMonthEnd(day: number, which: 'lastDay' | 'lastBusinessDay'): boolean {
  if (which === 'lastDay') return monthOf(day + 1) !== monthOf(day);
  if (weekdayOf(day) > 4) return false;
  // The last Monday–Friday of its month: the next weekday is in the next month.
  const nextWeekday = weekdayOf(day) === 4 ? day + 3 : day + 1;
  return monthOf(nextWeekday) !== monthOf(day);
}

/** Whether a window starts on this local day. */
function startsOn(w: BlackoutWindow, day: number, dates: Map<BlackoutWindow, Set<number>>): boolean {
  switch (w.kind) {
    case 'weekly':
      return w.days.includes(BLACKOUT_DAYS[weekdayOf(day)]!);
    case 'dates':
      return dates.get(w)!.has(day);
    case 'monthEnd':
      return isMonthEnd(day, w.day);
  }
}

/** A window's occurrence on a local day, in wall minutes since the epoch: [start, end). */
function occurrence(w: BlackoutWindow, day: number): [number, number] {
  const s = minutesOf(w.start);
  const e = minutesOf(w.end);
  return [day * DAY_MIN + s, day * DAY_MIN + (e > s ? e : e + DAY_MIN)];
}

export interface OpenWindow {
  name: string;
  /** When the zone's clock leaves every window (windows back to back count as one wait). */
  until: number;
}

export interface NextWindow {
  name: string;
  start: number;
  end: number;
}

/** How far ahead the calendar looks: a year and a bit for the next window, a month for an open one's end. */
const NEXT_HORIZON_MS = 400 * DAY_MS;
const OPEN_HORIZON_MS = 31 * DAY_MS;

export class BlackoutCalendar {
  private readonly dates = new Map<BlackoutWindow, Set<number>>();

  constructor(private readonly blackouts: Blackouts) {
    for (const w of blackouts.windows) if (w.kind === 'dates') this.dates.set(w, new Set(w.dates.map(dayOf)));
  }

  get empty(): boolean {
    return this.blackouts.windows.length === 0;
  }

  private offset(at: number): number {
    return utcOffsetMinutes(new Date(at), this.blackouts.timeZone);
  }

  /** The zone's wall clock at `at`, in minutes since the epoch as if it were UTC. */
  private wall(at: number): number {
    return Math.floor(at / MINUTE) + this.offset(at);
  }

  /** The window the wall clock `wall` is inside (it may have started the day before), or null. */
  private windowAtWall(wall: number): BlackoutWindow | null {
    const today = Math.floor(wall / DAY_MIN);
    for (const day of [today, today - 1]) {
      for (const w of this.blackouts.windows) {
        if (!startsOn(w, day, this.dates)) continue;
        const [s, e] = occurrence(w, day);
        if (s <= wall && wall < e) return w;
      }
    }
    return null;
  }

  /** The window open at `at` (epoch ms), or null. */
  windowAt(at: number): BlackoutWindow | null {
    return this.empty ? null : this.windowAtWall(this.wall(at));
  }

  /** The first window boundary (a start or an end) on the wall clock after `wall`; at most two days on. */
  private nextBoundary(wall: number): number {
    const today = Math.floor(wall / DAY_MIN);
    let best = (today + 2) * DAY_MIN;
    for (let day = today - 1; day <= today + 1; day++) {
      for (const w of this.blackouts.windows) {
        if (!startsOn(w, day, this.dates)) continue;
        for (const b of occurrence(w, day)) if (b > wall && b < best) best = b;
      }
    }
    return best;
  }

  /** The next instant after `at` at which the zone's UTC offset changes, if within a day. */
  private nextOffsetChange(at: number): number | null {
    const o = this.offset(at);
    if (this.offset(at + DAY_MS) === o) return null; // zones change at most once a day
    let lo = Math.floor(at / MINUTE);
    let hi = Math.floor((at + DAY_MS) / MINUTE);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.offset(mid * MINUTE) === o) lo = mid;
      else hi = mid;
    }
    return hi * MINUTE;
  }

  /**
   * The first instant after `from` at which whether a window is open changes, within `horizon` ms; null
   * when it does not. Walks stretches of constant UTC offset, where the wall clock is the instant plus
   * that offset, jumping from one window boundary (or offset change) to the next.
   */
  private nextChange(from: number, horizon: number): number | null {
    const open = this.windowAt(from) !== null;
    let at = from;
    while (at < from + horizon) {
      const offset = this.offset(at);
      const boundary = (this.nextBoundary(Math.floor(at / MINUTE) + offset) - offset) * MINUTE;
      const shift = this.nextOffsetChange(at);
      at = shift !== null && shift < boundary ? shift : boundary;
      if ((this.windowAt(at) !== null) !== open) return at;
    }
    return null;
  }

  /** The window open at `at` and when the wait ends, or null. */
  openAt(at: number): OpenWindow | null {
    const w = this.windowAt(at);
    if (!w) return null;
    return { name: w.name, until: this.nextChange(at, OPEN_HORIZON_MS) ?? at + OPEN_HORIZON_MS };
  }

  /** The next window to open after `at` (not one open at `at`), or null within a year. */
  nextAfter(at: number): NextWindow | null {
    if (this.empty) return null;
    let from = at;
    const open = this.openAt(at);
    if (open) from = open.until;
    const start = this.windowAt(from) ? from : this.nextChange(from, NEXT_HORIZON_MS);
    if (start === null) return null;
    const w = this.windowAt(start)!;
    return { name: w.name, start, end: this.nextChange(start, OPEN_HORIZON_MS) ?? start + OPEN_HORIZON_MS };
  }

  /** When nothing may be sent until: `at` itself when no window is open. */
  clearFrom(at: number): number {
    return this.openAt(at)?.until ?? at;
  }
}
