import { describe, expect, it } from 'vitest';
import { instantOfWallClock, resyncInstant, wallClockOf } from './wall-clock.ts';
import { parseResyncFrom } from '../../preload/contract/index.ts';

describe('wall clock ↔ instant', () => {
  it('shows an instant on the zone’s clock', () => {
    expect(wallClockOf(new Date('2026-12-07T10:14:05Z'), 'Europe/Berlin')).toBe('2026-12-07 11:14:05');
    expect(wallClockOf(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01 08:00:00');
  });

  it('reads a date as its midnight where the server is', () => {
    expect(resyncInstant('2026-12-01', 'Europe/Berlin').toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(resyncInstant('2026-12-01T08:30', 'America/New_York').toISOString()).toBe('2026-12-01T13:30:00.000Z');
    expect(resyncInstant('2026-12-01', 'UTC').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('takes an explicit zone over the connection’s', () => {
    expect(resyncInstant('2026-12-01T08:30Z', 'Europe/Berlin').toISOString()).toBe('2026-12-01T08:30:00.000Z');
    expect(resyncInstant('2026-12-01T08:30+05:30', 'UTC').toISOString()).toBe('2026-12-01T03:00:00.000Z');
  });

  it('never starts later than meant across daylight saving: the first pass of a repeated hour, the start of a skipped one', () => {
    // New York falls back on 2026-11-01 at 02:00 EDT: 01:30 happens at 05:30Z and again at 06:30Z.
    expect(instantOfWallClock(Date.UTC(2026, 10, 1, 1, 30), 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    // It springs forward on 2026-03-08 at 02:00 EST: 02:30 does not exist; it is read no later than 03:30 EDT.
    const gap = instantOfWallClock(Date.UTC(2026, 2, 8, 2, 30), 'America/New_York');
    expect(gap.getTime()).toBeLessThanOrEqual(Date.parse('2026-03-08T07:30:00Z'));
    expect(gap.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-03-08T06:30:00Z'));
  });
});

describe('a re-sync date', () => {
  it.each(['2026-12-01', '2026-12-01T08:30', '2026-12-01 08:30:15', '2026-12-01T08:30Z', '2024-02-29'])('accepts %s', (t) => {
    expect(parseResyncFrom(t)).not.toBeNull();
  });
  it.each(['2026-02-30', '2026-13-01', '2026-12-01T24:00', '1.12.2026', 'yesterday', '2026-12-1', '2025-02-29', '2026-12-01T08:30+15:00'])('refuses %s', (t) => {
    expect(parseResyncFrom(t)).toBeNull();
  });
});
