import { describe, expect, it } from 'vitest';
import { BlackoutCalendar } from './calendar.ts';
import { blackoutsSchema, type BlackoutWindow } from '../../../preload/contract/blackouts.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const calendar = (timeZone: string, ...windows: BlackoutWindow[]) => new BlackoutCalendar(blackoutsSchema.parse({ timeZone, windows }));
const everyDay: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

describe('blackout calendar', () => {
  it('a daily window is open inside its local times only, and ends at its local end', () => {
    const c = calendar('Europe/Zurich', { kind: 'weekly', name: 'Day End', days: everyDay, start: '22:00', end: '23:30' });
    expect(c.openAt(at('2026-12-07T20:59:00Z'))).toBeNull(); // 21:59 in Zurich (UTC+1)
    expect(c.openAt(at('2026-12-07T21:15:00Z'))).toEqual({ name: 'Day End', until: at('2026-12-07T22:30:00Z') });
    expect(c.openAt(at('2026-12-07T22:30:00Z'))).toBeNull();
    // In summer Zurich is UTC+2: the same local window is an hour earlier in UTC.
    expect(c.openAt(at('2026-07-07T20:15:00Z'))?.until).toBe(at('2026-07-07T21:30:00Z'));
  });

  it('a weekly window on Fridays comes next on Friday', () => {
    const c = calendar('America/New_York', { kind: 'weekly', name: 'Backup', days: ['fri'], start: '18:00', end: '20:00' });
    // Monday 2026-12-07 noon in New York (UTC−5) → Friday 2026-12-11 18:00–20:00.
    expect(c.nextAfter(at('2026-12-07T17:00:00Z'))).toEqual({ name: 'Backup', start: at('2026-12-11T23:00:00Z'), end: at('2026-12-12T01:00:00Z') });
  });

  it('a window past midnight is open on the next morning until its end', () => {
    const c = calendar('Europe/Zurich', { kind: 'weekly', name: 'Night', days: ['mon'], start: '22:00', end: '02:00' });
    // Tuesday 01:00 in Zurich belongs to Monday's window.
    expect(c.openAt(at('2026-12-08T00:00:00Z'))).toEqual({ name: 'Night', until: at('2026-12-08T01:00:00Z') });
    // Monday 01:00 does not (Sunday has none).
    expect(c.openAt(at('2026-12-07T00:00:00Z'))).toBeNull();
  });

  it('spring forward: 01:30–02:30 ends when the clock jumps from 02:00 to 03:00 (30 real minutes)', () => {
    const c = calendar('America/New_York', { kind: 'dates', name: 'Backup', dates: ['2026-03-08'], start: '01:30', end: '02:30' });
    expect(c.nextAfter(at('2026-03-07T12:00:00Z'))).toEqual({ name: 'Backup', start: at('2026-03-08T06:30:00Z'), end: at('2026-03-08T07:00:00Z') });
    expect(c.openAt(at('2026-03-08T06:59:00Z'))?.until).toBe(at('2026-03-08T07:00:00Z')); // 01:59 EST
    expect(c.openAt(at('2026-03-08T07:00:00Z'))).toBeNull(); // 03:00 EDT
  });

  it('spring forward: a window starting inside the skipped hour opens when the clock jumps', () => {
    const c = calendar('America/New_York', { kind: 'dates', name: 'Gap', dates: ['2026-03-08'], start: '02:15', end: '03:30' });
    expect(c.nextAfter(at('2026-03-08T00:00:00Z'))).toEqual({ name: 'Gap', start: at('2026-03-08T07:00:00Z'), end: at('2026-03-08T07:30:00Z') });
  });

  it('fall back: 01:00–02:00 covers both passes of the repeated hour (two real hours)', () => {
    const c = calendar('America/New_York', { kind: 'dates', name: 'Backup', dates: ['2026-11-01'], start: '01:00', end: '02:00' });
    expect(c.nextAfter(at('2026-10-31T12:00:00Z'))).toEqual({ name: 'Backup', start: at('2026-11-01T05:00:00Z'), end: at('2026-11-01T07:00:00Z') });
    expect(c.openAt(at('2026-11-01T06:30:00Z'))?.until).toBe(at('2026-11-01T07:00:00Z')); // 01:30 EST, the second pass
  });

  it('fall back: a window inside the repeated hour is open in each pass, closed between them', () => {
    const c = calendar('America/New_York', { kind: 'dates', name: 'Short', dates: ['2026-11-01'], start: '01:15', end: '01:45' });
    expect(c.openAt(at('2026-11-01T05:20:00Z'))?.until).toBe(at('2026-11-01T05:45:00Z')); // 01:20 EDT
    expect(c.openAt(at('2026-11-01T05:50:00Z'))).toBeNull(); // 01:50 EDT
    expect(c.nextAfter(at('2026-11-01T05:50:00Z'))).toEqual({ name: 'Short', start: at('2026-11-01T06:15:00Z'), end: at('2026-11-01T06:45:00Z') }); // 01:15–01:45 EST
  });

  it('month-end close on the last business day skips a weekend month end', () => {
    const c = calendar('Europe/London', { kind: 'monthEnd', name: 'Close', day: 'lastBusinessDay', start: '00:00', end: '24:00' });
    // January 2026 ends on a Saturday: its last business day is Friday the 30th (London is on UTC in winter).
    expect(c.nextAfter(at('2026-01-10T00:00:00Z'))).toEqual({ name: 'Close', start: at('2026-01-30T00:00:00Z'), end: at('2026-01-31T00:00:00Z') });
    const last = calendar('Europe/London', { kind: 'monthEnd', name: 'Close', day: 'lastDay', start: '18:00', end: '20:00' });
    expect(iso(last.nextAfter(at('2026-02-01T00:00:00Z'))?.start)).toBe('2026-02-28T18:00:00.000Z');
  });

  it('windows back to back are one wait', () => {
    const c = calendar('UTC', { kind: 'weekly', name: 'A', days: everyDay, start: '22:00', end: '23:00' }, { kind: 'weekly', name: 'B', days: everyDay, start: '23:00', end: '24:00' });
    expect(c.openAt(at('2026-12-07T22:10:00Z'))).toEqual({ name: 'A', until: at('2026-12-08T00:00:00Z') });
  });

  it('no windows: never open, no next', () => {
    const c = calendar('UTC');
    expect(c.openAt(at('2026-12-07T22:10:00Z'))).toBeNull();
    expect(c.nextAfter(at('2026-12-07T22:10:00Z'))).toBeNull();
  });
});

describe('blackout windows input', () => {
  const errorOf = (input: unknown) => {
    const r = blackoutsSchema.safeParse(input);
    return r.success ? null : { path: r.error.issues[0]!.path.join('.'), message: r.error.issues[0]!.message };
  };
  const w = { kind: 'weekly', name: 'Day End', days: ['mon'], start: '22:00', end: '23:30' };

  it('refuses each mistake with the field and what is wrong', () => {
    expect(errorOf({ timeZone: 'Mars/Olympus', windows: [] })).toEqual({ path: 'timeZone', message: expect.stringContaining('IANA time zone') });
    expect(errorOf({ timeZone: 'UTC', windows: [{ ...w, end: '22:00' }] })).toEqual({ path: 'windows.0.end', message: expect.stringContaining('00:00 to 24:00') });
    expect(errorOf({ timeZone: 'UTC', windows: [{ ...w, start: '25:00' }] })).toEqual({ path: 'windows.0.start', message: expect.stringContaining('HH:MM') });
    expect(errorOf({ timeZone: 'UTC', windows: [{ kind: 'dates', name: 'x', dates: ['2026-02-30'], start: '01:00', end: '02:00' }] })).toEqual({ path: 'windows.0.dates.0', message: expect.stringContaining('must exist') });
    expect(errorOf({ timeZone: 'UTC', windows: [w, { ...w, name: 'day end' }] })).toEqual({ path: 'windows.1.name', message: 'two windows are named "day end"' });
    expect(errorOf({ timeZone: 'UTC', windows: [{ ...w, days: [] }] })).toEqual({ path: 'windows.0.days', message: 'pick at least one day' });
    expect(errorOf({ timeZone: 'UTC', windows: [w] })).toBeNull();
  });
});
