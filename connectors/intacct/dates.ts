// Intacct's date formats, for the client and the sandbox (spec §5.5): dates `mm/dd/yyyy`, timestamps `mm/dd/yyyy HH:MM:SS` in a zone the
// docs do not name (the `timeZone` switch). Instants are kept as epoch milliseconds, days as `YYYY-MM-DD`.

import { wallClockParts } from '../kit/time-zone.ts';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function wallParts(ms: number, timeZone: string) {
  const w = wallClockParts(ms, timeZone);
  return { y: w.year, mo: w.month, d: w.day, h: w.hour, mi: w.minute, s: w.second };
}

/** An instant as the gateway writes a timestamp. */
export function formatTimestamp(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  return `${pad(p.mo)}/${pad(p.d)}/${p.y} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
}

/** `YYYY-MM-DD` as the gateway writes a date. */
export function formatDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${m}/${d}/${y}`;
}

/** An instant as `2024-06-01T10:00:00-07:00`, the session block's format. */
export function formatIsoWithOffset(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  const offsetMin = Math.round((Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000) / 60000);
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

const DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function validDay(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** `mm/dd/yyyy` (time ignored) → `YYYY-MM-DD`, or undefined when it is not a real date. */
export function parseDay(text: string): string | undefined {
  const m = DATE_RE.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[3]), Number(m[1]), Number(m[2])];
  if (!validDay(y, mo, d)) return undefined;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** `mm/dd/yyyy[ HH:MM[:SS]]` read as wall time in the zone → epoch ms, or undefined. */
export function parseTimestamp(text: string, timeZone: string): number | undefined {
  const m = DATE_RE.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[3]), Number(m[1]), Number(m[2])];
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (!validDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  // The zone's offset at that wall time: guess with the offset at `wall`, then correct once (DST edges).
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = wallParts(guess, timeZone);
    guess = wall - (Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - guess);
  }
  return guess;
}

/** The calendar day of an instant in the zone. */
export function dayOf(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}`;
}
