// Sage 100 stamps DateUpdated/TimeUpdated in the Sage server's wall clock, without a zone. The
// connector therefore speaks `YYYY-MM-DDTHH:MM:SS` in the connection's time zone.

/** The wall-clock time of `at` in `timeZone`, `YYYY-MM-DDTHH:MM:SS`. */
export function wallClock(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

/** A wall-clock stamp moved by whole seconds (DST jumps are covered by the read overlap). */
export function shiftWallClock(stamp: string, seconds: number): string {
  return new Date(Date.parse(`${stamp}Z`) + seconds * 1000).toISOString().slice(0, 19);
}
