// Blackout windows of an ERP connection: times ml-connector must not call that ERP
// (Sage's Day End, a nightly backup, month-end close). Wall-clock times in the connection's blackout
// zone; a window is open whenever that zone's clock shows a time inside it (main/engine/blackout).
import { z } from 'zod';
import { idSchema } from './define.ts';

export const BLACKOUT_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const blackoutDaySchema = z.enum(BLACKOUT_DAYS);

const startTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a start time is HH:MM between 00:00 and 23:59, e.g. 22:00');
const endTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'an end time is HH:MM between 00:00 and 24:00, e.g. 23:30');

function realDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
const calendarDate = z.string().refine(realDate, { message: 'a date is YYYY-MM-DD and must exist, e.g. 2026-12-31' });

const common = {
  name: z.string().trim().min(1, 'give the window a name, e.g. Day End').max(60),
  /** Wall-clock start in the blackout zone. */
  start: startTime,
  /** Wall-clock end; at or before `start` means the window runs past midnight into the next day. */
  end: endTime,
};

export const blackoutWindowSchema = z
  .discriminatedUnion('kind', [
    /** On these weekdays (all seven: every day). */
    z.object({ kind: z.literal('weekly'), days: z.array(blackoutDaySchema).min(1, 'pick at least one day').max(7), ...common }),
    /** On these dates (a closing day, a migration weekend). */
    z.object({ kind: z.literal('dates'), dates: z.array(calendarDate).min(1, 'give at least one date').max(366), ...common }),
    /** Every month: on its last day, or its last business day (Monday to Friday; public holidays are not known). */
    z.object({ kind: z.literal('monthEnd'), day: z.enum(['lastDay', 'lastBusinessDay']), ...common }),
  ])
  .superRefine((w, ctx) => {
    if (w.start === w.end) ctx.addIssue({ code: 'custom', path: ['end'], message: 'the window ends when it starts; for a whole day use 00:00 to 24:00' });
    if (w.kind === 'weekly' && new Set(w.days).size !== w.days.length) ctx.addIssue({ code: 'custom', path: ['days'], message: 'a day is listed twice' });
  });
export type BlackoutWindow = z.infer<typeof blackoutWindowSchema>;

export const blackoutZoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'an IANA time zone, e.g. Europe/Zurich or America/New_York' },
);

export const blackoutsSchema = z
  .object({
    /** The zone the windows' times are in: the admin's (the connection's zone where it has one). */
    timeZone: blackoutZoneSchema,
    windows: z.array(blackoutWindowSchema).max(20, 'at most 20 windows per connection'),
  })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.windows.forEach((w, i) => {
      const key = w.name.trim().toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['windows', i, 'name'], message: `two windows are named "${w.name}"` });
      seen.add(key);
    });
  });
export type Blackouts = z.infer<typeof blackoutsSchema>;

/** Where a connection stands now: the window open (and until when), and the next one to come. */
export const blackoutStatusSchema = z.object({
  open: z.object({ name: z.string(), until: z.string() }).nullable(),
  next: z.object({ name: z.string(), start: z.string(), end: z.string() }).nullable(),
});
export type BlackoutStatus = z.infer<typeof blackoutStatusSchema>;

/** A flow held back by a blackout of one of its connections. */
export const blackoutWaitSchema = z.object({ connectionId: idSchema, connectionName: z.string(), window: z.string(), until: z.string() });
export type BlackoutWait = z.infer<typeof blackoutWaitSchema>;
