import { describe, expect, it } from 'vitest';
import { watermarkTime } from './cursors-service.ts';

describe('a stored watermark on the connection’s clock', () => {
  it('shows a UTC instant in the zone', () => {
    expect(watermarkTime('2026-12-07T10:13:00.000Z', 'Europe/Berlin')).toEqual({ at: '2026-12-07T10:13:00.000Z', local: '2026-12-07 11:13:00' });
  });
  it('shows a Sage 300 day as the day, with or without its extra state', () => {
    expect(watermarkTime('2026-12-07', 'UTC')).toEqual({ at: '2026-12-07T00:00:00.000Z', local: '2026-12-07' });
    expect(watermarkTime('2026-12-07|1234', 'UTC')).toEqual({ at: '2026-12-07T00:00:00.000Z', local: '2026-12-07' });
  });
  it('reads an older server-local wall-clock watermark in the zone', () => {
    expect(watermarkTime('2026-12-07T11:13', 'Europe/Berlin')).toEqual({ at: '2026-12-07T10:13:00.000Z', local: '2026-12-07 11:13' });
  });
  it('has nothing to show before the first complete read', () => {
    expect(watermarkTime(null, 'UTC')).toEqual({ at: null, local: null });
  });
});
