import { describe, expect, it } from 'vitest';
import { sinceForRead, watermarkToStore } from './watermark.ts';

// A source as SAP B1 and Sage 100 are: it stamps changes on the server's wall clock, without a zone, and
// reads "changed at or after" a wall-clock time.
const ZONE = 'America/New_York';
const clock = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const wallClock = (at: Date) => clock.format(at).replace(' ', 'T');
const serverLocalSource = {
  watermarkFor: (signpost: Date) => wallClock(signpost),
  changedSince: (stamps: Date[], since: string | null) => stamps.filter((t) => since === null || wallClock(t) >= since),
};

describe('watermarks of a source that stamps server-local times', () => {
  it('does not miss a record changed in the hour repeated when clocks fall back', () => {
    // New York falls back on 2026-11-01 at 06:00Z: 01:00–02:00 local happens twice.
    const signpost = new Date('2026-11-01T05:50:00Z'); // run 1 has read everything up to 01:50 EDT
    const change = new Date('2026-11-01T06:10:00Z'); // changed afterwards, stamped 01:10 EST
    const stored = watermarkToStore(serverLocalSource, signpost, ZONE);
    expect(stored).toBe('2026-11-01T05:50:00.000Z'); // an instant: unambiguous

    const since = sinceForRead(serverLocalSource, stored, ZONE);
    expect(serverLocalSource.changedSince([change], since)).toEqual([change]);

    // What a wall-clock watermark, read as such, would have done: lose the change for good.
    expect(serverLocalSource.changedSince([change], serverLocalSource.watermarkFor(signpost))).toEqual([]);
  });

  it('reads from the watermark itself on an ordinary day, in the source’s own form', () => {
    const stored = watermarkToStore(serverLocalSource, new Date('2026-06-15T14:00:00Z'), ZONE);
    expect(sinceForRead(serverLocalSource, stored, ZONE)).toBe('2026-06-15T10:00:00');
  });

  it('passes on a watermark stored in the source’s own form by an older version, and null (a full read)', () => {
    expect(sinceForRead(serverLocalSource, '2026-06-15T10:00:00', ZONE)).toBe('2026-06-15T10:00:00');
    expect(sinceForRead(serverLocalSource, null, ZONE)).toBeNull();
  });

  it('leaves sources that stamp UTC to their own watermarks', () => {
    const utcSource = { watermarkFor: (d: Date) => String(d.getTime()) };
    expect(watermarkToStore(utcSource, new Date(1_000), null)).toBe('1000');
    expect(sinceForRead(utcSource, '2026-11-01T05:50:00.000Z', null)).toBe('2026-11-01T05:50:00.000Z');
  });
});
