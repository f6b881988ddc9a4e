// Sage 300 dates are calendar dates (spec §7): `2024-05-01T00:00:00Z` means "1 May 2024", whatever the
// time zone, so they are handled as `YYYY-MM-DD` strings and never converted to local time.

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` from a stored watermark (which may be a day, an ISO instant or `day|extra`). */
export function watermarkDay(since: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(since);
  return m ? m[1]! : null;
}

const SAGE_DATE = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?(?:Z|[+-]00:00)?$/;

/** Every Sage midnight date in a record (and its detail lines) as `YYYY-MM-DD`. */
export function normaliseDates<T>(value: T): T {
  if (typeof value === 'string') {
    const m = SAGE_DATE.exec(value);
    return (m ? m[1] : value) as T;
  }
  if (Array.isArray(value)) return value.map((v) => normaliseDates(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('@odata.') || k.startsWith('odata.')) continue;
      out[k] = normaliseDates(v);
    }
    return out as T;
  }
  return value;
}
