import { describe, expect, it } from 'vitest';
import { describeWallClock, localReadFrom, utcOffsetMinutes } from './time-zone.ts';

/** The wall clock of an instant in a zone, `YYYY-MM-DD HH:MM`, as a server without zones stamps it. */
const clocks = new Map<string, Intl.DateTimeFormat>();
const wall = (at: Date, timeZone: string) => {
  if (!clocks.has(timeZone)) clocks.set(timeZone, new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
  return clocks.get(timeZone)!.format(at);
};

describe('server-local time stamps across daylight saving time', () => {
  it('knows the offset on both sides of a change', () => {
    expect(utcOffsetMinutes(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(utcOffsetMinutes(new Date('2026-12-01T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(utcOffsetMinutes(new Date('2026-12-01T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(utcOffsetMinutes(new Date('2026-12-01T12:00:00Z'), 'UTC')).toBe(0);
  });

  it('reads from early enough that a change in the repeated hour after a fall-back is not missed', () => {
    // New York falls back on 2026-11-01 at 06:00Z (02:00 EDT becomes 01:00 EST).
    const watermark = new Date('2026-11-01T05:50:00Z'); // 01:50 EDT, first pass through the hour
    const change = new Date('2026-11-01T06:10:00Z'); // 01:10 EST, twenty minutes later, second pass
    expect(wall(change, 'America/New_York') < wall(watermark, 'America/New_York')).toBe(true);
    const from = localReadFrom(watermark, 'America/New_York');
    expect(wall(from, 'America/New_York') <= wall(change, 'America/New_York')).toBe(true);
    expect(from.toISOString()).toBe('2026-11-01T04:50:00.000Z'); // one hour earlier: 00:50 EDT
  });

  it('keeps the watermark when no fall-back follows it: a spring-forward, an ordinary day, a zone without DST', () => {
    for (const [iso, tz] of [
      ['2026-03-08T06:50:00Z', 'America/New_York'], // 01:50 EST, clocks spring forward at 07:00Z
      ['2026-06-15T10:00:00Z', 'Europe/Paris'],
      ['2026-10-25T00:30:00Z', 'Asia/Tokyo'],
      ['2026-11-01T05:50:00Z', 'UTC'],
    ] as const) {
      expect(localReadFrom(new Date(iso), tz).toISOString()).toBe(new Date(iso).toISOString());
    }
  });

  it('after the repeated hour is over, reads from the watermark again', () => {
    const watermark = new Date('2026-11-01T06:30:00Z'); // 01:30 EST, second pass
    expect(localReadFrom(watermark, 'America/New_York').toISOString()).toBe(watermark.toISOString());
  });

  it('covers every change within a day of a watermark taken in the hour before Europe falls back', () => {
    // Europe/Paris falls back on 2026-10-25 at 01:00Z (03:00 CEST becomes 02:00 CET).
    for (let m = 0; m < 120; m += 5) {
      const watermark = new Date(Date.parse('2026-10-24T23:30:00Z') + m * 60_000);
      const from = wall(localReadFrom(watermark, 'Europe/Paris'), 'Europe/Paris');
      for (let c = 0; c <= 24 * 60; c += 10) {
        const change = new Date(watermark.getTime() + c * 60_000);
        expect(wall(change, 'Europe/Paris') >= from, `change ${change.toISOString()} after watermark ${watermark.toISOString()}`).toBe(true);
      }
    }
  });
});

describe('describeWallClock', () => {
  it('says an instant on the zone’s wall clock, with the zone, across a DST change', () => {
    expect(describeWallClock(Date.parse('2026-03-09T04:00:00Z'), 'US/Eastern')).toBe('9 Mar 2026, 00:00 (US/Eastern)');
    expect(describeWallClock(Date.parse('2026-12-08T05:00:00Z'), 'US/Eastern')).toBe('8 Dec 2026, 00:00 (US/Eastern)');
    expect(describeWallClock(Date.parse('2026-12-08T05:07:00Z'), 'UTC')).toBe('8 Dec 2026, 05:07 (UTC)');
  });
});
