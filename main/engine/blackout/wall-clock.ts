// A blackout time as the admin reads it: on the zone's wall clock, with the day when it is not today —
// the app's one 24-hour time format (preload/contract/time-text.ts), so messages and screens agree.
import { formatClockTime } from '../../../preload/contract/time-text.ts';

/** `23:30`, or `Tue 8 Dec 23:30` when `at` falls on another local day than `now`. */
export function formatWallClock(at: number, timeZone: string, now = Date.now()): string {
  return formatClockTime(at, { timeZone, now });
}
