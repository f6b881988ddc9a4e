// How many times a schedule starts a flow in a period (the budget planner's "runs per day"): an interval
// runs every N minutes of the period's real length (92 quarter hours on a 23-hour spring-forward day,
// 100 on a 25-hour fall-back day), a cron expression as often as croner fires it in the period — the
// engine's scheduler uses croner too, in the process's time zone unless one is given (tests name one).
import { Cron } from 'croner';
import type { Schedule } from '../../../preload/contract/index.ts';

/** Fires counted before giving up on a cron expression (one every second for two days). */
const MAX_FIRES = 2 * 86_400;

/** Runs the schedule starts in [from, to) — fractional for an interval that does not divide the period. */
export function runsInPeriod(schedule: Schedule, from: Date, to: Date, cronTimeZone?: string): number {
  const ms = to.getTime() - from.getTime();
  if (ms <= 0) return 0;
  switch (schedule.kind) {
    case 'manual':
      return 0;
    case 'interval':
      return ms / (schedule.minutes * 60_000);
    case 'cron': {
      const job = new Cron(schedule.expression, { paused: true, ...(cronTimeZone && { timezone: cronTimeZone }) });
      try {
        let n = 0;
        // nextRun(d) is the first fire strictly after d: start just before `from` so a fire at `from` counts.
        for (let at = job.nextRun(new Date(from.getTime() - 1)); at && at < to && n < MAX_FIRES; at = job.nextRun(at)) n++;
        return n;
      } finally {
        job.stop();
      }
    }
  }
}
