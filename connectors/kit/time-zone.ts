// Server-local time stamps (SAP B1, Sage 100, Intacct stamp changes in the server's wall clock, with no
// zone) and daylight saving time. When clocks fall back, an hour of wall-clock times happens twice: a
// record changed at 01:10 in the second pass is stamped earlier than a watermark taken at 01:50 in the
// first, and a read "changed since 01:50" would miss it for good. These helpers place an instant on a
// zone's wall clock so that nothing changed after it can fall below the bound.

// Building a formatter costs far more than using one; a process sees a handful of zones.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The last answer per zone, by whole second: an API budget asks for every request, many a second. */
const lastAnswer = new Map<string, { second: number; wall: WallClock }>();

/** What a clock on the wall in `timeZone` shows at an instant (every system's "server-local" stamps). */
export function wallClockParts(at: Date | number, timeZone: string): WallClock {
  const ms = typeof at === 'number' ? at : at.getTime();
  // The answer has whole seconds and every zone's offset is whole seconds: one second, one answer.
  const second = Math.floor(ms / 1000);
  const last = lastAnswer.get(timeZone);
  if (last?.second === second) return { ...last.wall };
  const p: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) p[part.type] = part.value;
  const wall = { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second) };
  lastAnswer.set(timeZone, { second, wall });
  return { ...wall };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An instant as an admin reads it in a message: "8 Dec 2026, 00:00 (US/Eastern)" — never raw ISO UTC. */
export function describeWallClock(at: Date | number, timeZone: string): string {
  const w = wallClockParts(at, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.day} ${MONTHS[w.month - 1]} ${w.year}, ${two(w.hour)}:${two(w.minute)} (${timeZone})`;
}

/** Minutes the zone's wall clock is ahead of UTC at `at` (New York in winter: −300). */
export function utcOffsetMinutes(at: Date, timeZone: string): number {
  const w = wallClockParts(at, timeZone);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const utc = Math.floor(at.getTime() / 1000) * 1000;
  return Math.round((wall - utc) / 60_000);
}

/** Offset drops larger than this have never been used by any zone (the largest is one hour; 2 in 1945). */
const MAX_FALL_BACK_MS = 3 * 3_600_000;
const STEP_MS = 15 * 60_000;

/**
 * The instant to read a server-local source from when its watermark is `watermark` (a UTC instant): the
 * watermark itself, or earlier by the hour the clock falls back when it falls back soon after it. Every
 * change made at or after `watermark` carries a wall-clock stamp at or after this instant's wall clock.
 * (A change at t is stamped t + offset(t); only a fall-back within MAX_FALL_BACK_MS can take that below
 * the watermark's own wall clock, and offsets change at quarter hours at the finest.)
 */
export function localReadFrom(watermark: Date, timeZone: string): Date {
  const at = watermark.getTime();
  const offset = utcOffsetMinutes(watermark, timeZone);
  let lowest = offset;
  for (let t = at + STEP_MS; t <= at + MAX_FALL_BACK_MS; t += STEP_MS) lowest = Math.min(lowest, utcOffsetMinutes(new Date(t), timeZone));
  return new Date(at - (offset - lowest) * 60_000);
}
