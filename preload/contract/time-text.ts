// How every screen and message says a time: on a 24-hour clock, as the README and the blackout windows
// write them ("every day 22:00–23:30"), whatever the browser's or the machine's locale — "23:30",
// "Tue 8 Dec 23:30", "8 Dec 2026, 23:30". One place, so the dashboard's budget and blackout waits, the
// audit log, the service's messages and the CLI agree. Shared with the renderer: no Node, no locale.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone ('' = this machine's); Intl builds them slowly, a list may ask for hundreds of times. */
function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      ...(timeZone && { timeZone }),
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  return f;
}

export interface WallParts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
  second: string;
}

/** The instant on the zone's wall clock (this machine's zone when none is given), as text parts. */
export function wallParts(at: number | string | Date, timeZone?: string): WallParts {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(ms).map((p) => [p.type, p.value])) as Record<string, string>;
  // Assembled from parts, not the locale's pattern (its commas differ between ICU versions).
  return { weekday: parts['weekday']!, day: parts['day']!, month: parts['month']!, year: parts['year']!, hour: parts['hour']!, minute: parts['minute']!, second: parts['second']! };
}

export interface TimeTextOptions {
  /** The clock to read it on (an IANA zone); this machine's when left out. */
  timeZone?: string;
  withSeconds?: boolean;
}

const clock = (p: WallParts, withSeconds = false) => `${p.hour}:${p.minute}${withSeconds ? `:${p.second}` : ''}`;
const dayOf = (p: WallParts) => `${p.weekday} ${p.day} ${p.month}`;
const sameDay = (a: WallParts, b: WallParts) => a.year === b.year && a.month === b.month && a.day === b.day;

/** Not a time (an unparsable string): shown as given rather than as "Invalid Date". */
const invalid = (at: number | string | Date) => Number.isNaN(typeof at === 'string' ? Date.parse(at) : +at);

/** `23:30`: the time of day alone. */
export function formatTimeOfDay(at: number | string | Date, options: TimeTextOptions = {}): string {
  return invalid(at) ? String(at) : clock(wallParts(at, options.timeZone), options.withSeconds);
}

/** `23:30` when it falls on `now`'s day on that clock, else `Tue 8 Dec 23:30`: for waits and resets. */
export function formatClockTime(at: number | string | Date, options: TimeTextOptions & { now?: number } = {}): string {
  if (invalid(at)) return String(at);
  const p = wallParts(at, options.timeZone);
  return sameDay(p, wallParts(options.now ?? Date.now(), options.timeZone)) ? clock(p, options.withSeconds) : `${dayOf(p)} ${clock(p, options.withSeconds)}`;
}

/** `8 Dec 2026, 23:30`: a date and time, for logs and history. */
export function formatDateTime(at: number | string | Date, options: TimeTextOptions = {}): string {
  if (invalid(at)) return String(at);
  const p = wallParts(at, options.timeZone);
  return `${p.day} ${p.month} ${p.year}, ${clock(p, options.withSeconds)}`;
}

/** `8 Dec 16:19:05`: compact, for dense lists (the audit log's rows). */
export function formatShortDateTime(at: number | string | Date, options: TimeTextOptions = {}): string {
  if (invalid(at)) return String(at);
  const p = wallParts(at, options.timeZone);
  return `${p.day} ${p.month} ${clock(p, options.withSeconds)}`;
}

/** `Tue 8 Dec 22:00–23:30`: the end's day only when it differs from the start's. */
export function formatTimeRange(start: number | string | Date, end: number | string | Date, options: TimeTextOptions = {}): string {
  const s = wallParts(start, options.timeZone);
  const e = wallParts(end, options.timeZone);
  return `${dayOf(s)} ${clock(s)}–${sameDay(e, s) ? clock(e) : `${dayOf(e)} ${clock(e)}`}`;
}
