// Sage 100 stamps DateUpdated/TimeUpdated in the Sage server's wall clock, without a zone. The
// connector therefore speaks `YYYY-MM-DDTHH:MM:SS` in the connection's time zone.

import { wallClockParts } from '../kit/time-zone.ts';

/** The wall-clock time of `at` in `timeZone`, `YYYY-MM-DDTHH:MM:SS`. */
export function wallClock(at: Date, timeZone: string): string {
  const w = wallClockParts(at, timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** A wall-clock stamp moved by whole seconds (DST jumps are covered by the read overlap). */
export function shiftWallClock(stamp: string, seconds: number): string {
  return new Date(Date.parse(`${stamp}Z`) + seconds * 1000).toISOString().slice(0, 19);
}
