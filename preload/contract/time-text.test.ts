import { describe, expect, it } from 'vitest';
import { formatClockTime, formatDateTime, formatShortDateTime, formatTimeOfDay, formatTimeRange } from './time-text.ts';

// 8 Dec 2026 is a Tuesday. 05:00 UTC is midnight in New York (EST, UTC−5).
const at = Date.parse('2026-12-08T05:00:00Z');
const evening = Date.parse('2026-12-08T21:30:07Z');

describe('time text', () => {
  it('says times on a 24-hour clock on the zone it is given, never AM/PM', () => {
    expect(formatTimeOfDay(at, { timeZone: 'US/Eastern' })).toBe('00:00');
    expect(formatTimeOfDay(evening, { timeZone: 'UTC' })).toBe('21:30');
    expect(formatTimeOfDay(evening, { timeZone: 'UTC', withSeconds: true })).toBe('21:30:07');
    expect(formatTimeOfDay(evening, { timeZone: 'Asia/Kolkata' })).toBe('03:00');
  });

  it('gives the day only when the time falls on another day than now, on that clock', () => {
    expect(formatClockTime(evening, { timeZone: 'UTC', now: at })).toBe('21:30');
    // An hour before, New York's clock still shows the 7th: midnight is another day there.
    expect(formatClockTime(at, { timeZone: 'US/Eastern', now: at - 3_600_000 })).toBe('Tue 8 Dec 00:00');
    expect(formatClockTime(at, { timeZone: 'US/Eastern', now: at + 3_600_000 })).toBe('00:00');
    // The same weekday, day and month a year on is another day.
    expect(formatClockTime(at, { timeZone: 'UTC', now: Date.parse('2027-12-08T05:00:00Z') })).toBe('Tue 8 Dec 05:00');
  });

  it('dates read day, month and year, then the 24-hour time', () => {
    expect(formatDateTime(evening, { timeZone: 'UTC' })).toBe('8 Dec 2026, 21:30');
    expect(formatDateTime('2026-12-08T21:30:07Z', { timeZone: 'UTC', withSeconds: true })).toBe('8 Dec 2026, 21:30:07');
    expect(formatShortDateTime(evening, { timeZone: 'UTC', withSeconds: true })).toBe('8 Dec 21:30:07');
  });

  it('a range names the end day only when it differs', () => {
    expect(formatTimeRange('2026-12-08T22:00:00Z', '2026-12-08T23:30:00Z', { timeZone: 'UTC' })).toBe('Tue 8 Dec 22:00–23:30');
    expect(formatTimeRange('2026-12-11T22:00:00Z', '2026-12-12T01:00:00Z', { timeZone: 'UTC' })).toBe('Fri 11 Dec 22:00–Sat 12 Dec 01:00');
  });

  it('midnight is 00:00, not 24:00, and a time that does not parse is shown as given', () => {
    expect(formatTimeOfDay(Date.parse('2026-12-09T00:00:00Z'), { timeZone: 'UTC' })).toBe('00:00');
    expect(formatDateTime('soon')).toBe('soon');
    expect(formatClockTime('soon')).toBe('soon');
  });

  it('reads this machine’s clock when no zone is given (the browser’s, in the app)', () => {
    const local = new Date(evening);
    const two = (n: number) => String(n).padStart(2, '0');
    expect(formatTimeOfDay(evening)).toBe(`${two(local.getHours())}:${two(local.getMinutes())}`);
  });
});
