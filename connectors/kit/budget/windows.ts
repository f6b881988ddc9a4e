// The two ways an API hands its allowance back. Daily: everything at midnight in the account's time
// zone (HubSpot: the portal's zone). Rolling: each unit 24 h (or windowMs) after it was spent (Zoho
// credits), no reset at all.

import { wallClockParts } from '../time-zone.ts';

/** A daily window's `note` says why its zone is a stand-in (HubSpot did not say the portal's: UTC). */
export type BudgetWindow = { kind: 'daily'; timeZone: string; note?: string } | { kind: 'rolling'; windowMs: number };

// The local day is asked on every request a daily budget counts: wallClockParts keeps one formatter per
// zone, since building one costs far more than using it.
function localParts(ms: number, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const w = wallClockParts(ms, timeZone);
  return { y: w.year, m: w.month, d: w.day, h: w.hour, min: w.minute, s: w.second };
}

/** `YYYY-MM-DD` of the instant in the zone: the period a daily budget counts in. */
export function localDay(ms: number, timeZone: string): string {
  const { y, m, d } = localParts(ms, timeZone);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The instant of the next local midnight after `ms` in the zone (DST-safe). */
export function nextLocalMidnight(ms: number, timeZone: string): number {
  const { y, m, d } = localParts(ms, timeZone);
  const wall = Date.UTC(y, m - 1, d + 1); // the wall-clock target, read as if it were UTC
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const p = localParts(guess, timeZone);
    const offset = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s) - guess; // zone offset at the guess
    const next = wall - offset;
    if (next === guess) break;
    guess = next;
  }
  // A zone that skips midnight (DST at 00:00) lands on the first instant of the new day.
  while (localDay(guess, timeZone) === localDay(ms, timeZone)) guess += 3_600_000;
  return guess;
}
