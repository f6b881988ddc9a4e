// A zone's wall clock and instants, both ways, for showing a flow's cursor on the connection's clock and
// for reading the date an admin re-syncs from ("from 1 December" means midnight where the server is).
import { utcOffsetMinutes } from '../../connectors/kit/time-zone.ts';
import { parseResyncFrom } from '../../preload/contract/index.ts';

const HOUR_MS = 3_600_000;

/** `2026-12-07 11:14:05` on the zone's wall clock. */
export function wallClockOf(at: Date, timeZone: string): string {
  const shifted = new Date(at.getTime() + utcOffsetMinutes(at, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The earliest instant the zone's wall clock shows `wall` (ms of the wall time read as if UTC). In the hour
 * a fall-back repeats that is its first pass; a time a spring-forward skips maps to the gap's start, so a
 * re-sync from either never starts later than the admin meant.
 */
export function instantOfWallClock(wall: number, timeZone: string): Date {
  // Every offset the zone uses around that day: zones change offset at most twice a day.
  const offsets = new Set([-26, -13, -3, 0, 3, 13, 26].map((h) => utcOffsetMinutes(new Date(wall + h * HOUR_MS), timeZone)));
  const candidates = [...offsets].map((o) => wall - o * 60_000);
  const exact = candidates.filter((t) => utcOffsetMinutes(new Date(t), timeZone) * 60_000 === wall - t);
  return new Date(Math.min(...(exact.length ? exact : candidates)));
}

/** A re-sync's `from` (already validated by the contract) as an instant: its own zone, else `timeZone`'s wall clock. */
export function resyncInstant(from: string, timeZone: string): Date {
  const p = parseResyncFrom(from);
  if (!p) throw new RangeError(`not a date: ${from}`);
  const wall = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  if (p.zone === null) return instantOfWallClock(wall, timeZone);
  if (p.zone === 'Z') return new Date(wall);
  const sign = p.zone.startsWith('-') ? -1 : 1;
  return new Date(wall - sign * (Number(p.zone.slice(1, 3)) * 60 + Number(p.zone.slice(4))) * 60_000);
}
