// When is a flow due? Cron expressions through croner; intervals from the last run's start. Pure, so
// the scheduler's decisions are testable without waiting.
import { Cron } from 'croner';
import type { Schedule } from '../../preload/contract/index.ts';

export function nextRunAfter(schedule: Schedule, lastStart: Date | null, now: Date): Date | null {
  switch (schedule.kind) {
    case 'manual':
      return null;
    case 'interval':
      return lastStart ? new Date(Math.max(lastStart.getTime() + schedule.minutes * 60_000, now.getTime())) : now;
    case 'cron': {
      const job = new Cron(schedule.expression, { paused: true });
      const next = job.nextRun(lastStart ?? new Date(now.getTime() - 1));
      job.stop();
      return next ? (next < now ? now : next) : null;
    }
  }
}

export function cronError(expression: string): string | null {
  try {
    new Cron(expression, { paused: true }).stop();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
