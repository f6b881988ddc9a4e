import { describe, expect, it } from 'vitest';
import { runsInPeriod } from './runs-per-day.ts';
import { lastLocalMidnight } from '../../../connectors/kit/budget/budget-usage.ts';
import { nextLocalMidnight } from '../../../connectors/kit/budget/windows.ts';

const NY = 'America/New_York';
/** The local day of New York that contains the instant, as [midnight, next midnight). */
function nyDay(iso: string): [Date, Date] {
  const start = lastLocalMidnight(Date.parse(iso), NY);
  return [new Date(start), new Date(nextLocalMidnight(start, NY))];
}

describe('runs a schedule starts in a day', () => {
  it('counts an interval over the day’s real length: 96 quarter hours, 92 on the 23-hour day, 100 on the 25-hour day', () => {
    const q = { kind: 'interval', minutes: 15 } as const;
    expect(runsInPeriod(q, ...nyDay('2026-06-10T15:00:00Z'))).toBe(96);
    expect(runsInPeriod(q, ...nyDay('2026-03-08T15:00:00Z'))).toBe(92); // spring forward
    expect(runsInPeriod(q, ...nyDay('2026-11-01T15:00:00Z'))).toBe(100); // fall back
    expect(runsInPeriod({ kind: 'interval', minutes: 60 }, ...nyDay('2026-06-10T15:00:00Z'))).toBe(24);
    // 7 minutes does not divide a day: the expected number of starts, not a rounded one.
    expect(runsInPeriod({ kind: 'interval', minutes: 7 }, ...nyDay('2026-06-10T15:00:00Z'))).toBeCloseTo(1440 / 7, 6);
  });

  it('counts cron fires in the day as the scheduler fires them, in the cron’s zone, across DST changes', () => {
    // Wall-clock hours: 23 on the spring-forward day; on the fall-back day the repeated 01:00 hour fires
    // once (croner, like the cron daemon, and the engine's scheduler is croner), so 24, not 25.
    const hourly = { kind: 'cron', expression: '0 * * * *' } as const;
    expect(runsInPeriod(hourly, ...nyDay('2026-06-10T15:00:00Z'), NY)).toBe(24);
    expect(runsInPeriod(hourly, ...nyDay('2026-03-08T15:00:00Z'), NY)).toBe(23);
    expect(runsInPeriod(hourly, ...nyDay('2026-11-01T15:00:00Z'), NY)).toBe(24);
    const every15 = { kind: 'cron', expression: '*/15 * * * *' } as const;
    expect(runsInPeriod(every15, ...nyDay('2026-06-10T15:00:00Z'), NY)).toBe(96);
    expect(runsInPeriod(every15, ...nyDay('2026-03-08T15:00:00Z'), NY)).toBe(92);
    expect(runsInPeriod(every15, ...nyDay('2026-11-01T15:00:00Z'), NY)).toBe(96);
    // A daily run in the hour that does not exist on the spring-forward day still runs once (at 03:30).
    expect(runsInPeriod({ kind: 'cron', expression: '30 2 * * *' }, ...nyDay('2026-03-08T15:00:00Z'), NY)).toBe(1);
    // Weekdays at 06:00 and 18:00: twice on a Wednesday, never on a Sunday.
    const twiceWeekdays = { kind: 'cron', expression: '0 6,18 * * 1-5' } as const;
    expect(runsInPeriod(twiceWeekdays, ...nyDay('2026-06-10T15:00:00Z'), NY)).toBe(2);
    expect(runsInPeriod(twiceWeekdays, ...nyDay('2026-06-14T15:00:00Z'), NY)).toBe(0);
  });

  it('counts a fire at the start of the period and none at its end', () => {
    const daily = { kind: 'cron', expression: '0 0 * * *' } as const;
    const [from, to] = nyDay('2026-06-10T15:00:00Z');
    expect(runsInPeriod(daily, from, to, NY)).toBe(1);
    expect(runsInPeriod(daily, new Date(from.getTime() + 1), new Date(to.getTime() + 1), NY)).toBe(1);
  });

  it('a manual flow runs no times a day, and an empty period holds no run', () => {
    expect(runsInPeriod({ kind: 'manual' }, ...nyDay('2026-06-10T15:00:00Z'))).toBe(0);
    const [from] = nyDay('2026-06-10T15:00:00Z');
    expect(runsInPeriod({ kind: 'interval', minutes: 15 }, from, from)).toBe(0);
  });
});
