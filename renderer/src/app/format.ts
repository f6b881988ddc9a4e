// How times, durations and schedules read on screen (one place, so every screen says them alike).
import type { Schedule } from '../../../preload/contract/index.ts';
import { formatClockTime as clockTimeText, formatDateTime as dateTimeText, formatShortDateTime as shortDateTimeText } from '../../../preload/contract/time-text.ts';

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

// Times on the browser's clock, always 24-hour (preload/contract/time-text.ts): the browser's locale
// would say "4:19 PM" beside blackout windows written "22:00–23:30".
export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  return iso ? dateTimeText(iso, { withSeconds }) : '—';
}

/** Compact, for dense lists: day, month and time to the second. */
export function formatShortDateTime(iso: string): string {
  return shortDateTimeText(iso, { withSeconds: true });
}

/** "14:05" when it is today (local), "Tue 8 Dec 00:00" when it is another day. */
export function formatClockTime(iso: string, now = new Date()): string {
  return clockTimeText(iso, { now: now.getTime() });
}

export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const diff = (new Date(iso).getTime() - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return diff < 0 ? 'just now' : 'in a moment';
  if (abs < 3600) return relative.format(Math.round(diff / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(diff / 3600), 'hour');
  return relative.format(Math.round(diff / 86_400), 'day');
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

export function formatSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'manual':
      return 'Manual only';
    case 'interval':
      return schedule.minutes % 60 === 0 ? `Every ${schedule.minutes / 60} h` : `Every ${schedule.minutes} min`;
    case 'cron':
      return `Cron ${schedule.expression}`;
  }
}

export const formatNumber = (n: number) => n.toLocaleString();
