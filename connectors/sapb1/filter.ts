// The incremental filter of spec §8.2, in each version's literal syntax: changed after the cursor's day,
// or on that day at or after its minute (the server compares times by the minute, so `ge` on the
// minute and never a separate `UpdateTime ge` that would miss a later day at an earlier time), or
// created since that day (creation did not always set UpdateDate, spec §8.1).
import { odataFilter, SAPB1_V1, SAPB1_V2, type Filter } from '../kit/formats/odata.ts';
import { wallClockParts } from '../kit/time-zone.ts';

/** A server-local minute, `YYYY-MM-DDTHH:MM` — the watermark's form. */
export interface LocalMinute {
  day: string;
  minute: string;
}

export function parseLocalMinute(text: string): LocalMinute | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(text);
  return m ? { day: m[1]!, minute: m[2]! } : undefined;
}

/** The wall-clock minute of an instant in a time zone. */
export function localMinute(at: Date, timeZone: string): LocalMinute {
  const w = wallClockParts(at, timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return { day: `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`, minute: `${pad(w.hour)}:${pad(w.minute)}` };
}

/** `m` moved back by `minutes` (across midnight and month ends), as wall-clock arithmetic. */
export function minusMinutes(m: LocalMinute, minutes: number): LocalMinute {
  const t = new Date(Date.parse(`${m.day}T${m.minute}:00Z`) - minutes * 60_000).toISOString();
  return { day: t.slice(0, 10), minute: t.slice(11, 16) };
}

export function builderFor(version: 'v1' | 'v2') {
  return odataFilter(version === 'v1' ? SAPB1_V1 : SAPB1_V2);
}

/** A time literal: v1 quoted `'10:15'`, v2 bare `10:15:00` (spec §4.2). */
function timeLiteral(minute: string, version: 'v1' | 'v2'): string {
  return version === 'v1' ? `'${minute}'` : `${minute}:00`;
}

export function changedSince(from: LocalMinute, createdField: string, version: 'v1' | 'v2'): Filter {
  const f = builderFor(version);
  const d = f.day(from.day);
  const sameDayLater = `UpdateDate eq ${f.literal(d)} and UpdateTime ge ${timeLiteral(from.minute, version)}` as Filter;
  return f.or(f.gt('UpdateDate', d), sameDayLater, f.ge(createdField, d))!;
}
