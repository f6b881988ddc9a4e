// Blackout times as the admin set them: on the windows' own zone's clock (the connection's), not the
// browser's, with the day when it is not today there — "23:30", "Fri 11 Dec 18:00" (24-hour, like every
// time in the app: preload/contract/time-text.ts).
import { formatClockTime, formatTimeRange } from '../../../../preload/contract/time-text.ts';

export function formatWindowTime(iso: string, timeZone: string, now = Date.now()): string {
  return formatClockTime(iso, { timeZone, now });
}

/** `Tue 8 Dec 22:00–23:30`: the end's day only when it differs from the start's. */
export function formatWindowRange(startIso: string, endIso: string, timeZone: string): string {
  return formatTimeRange(startIso, endIso, { timeZone });
}
