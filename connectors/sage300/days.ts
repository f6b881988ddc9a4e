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

function dateString(value: string): string {
  // Cheap pre-check (the 11th character of a Sage date is 'T') before the regex: this runs on every
  // string of every record, 50,000 customers × ~50 fields in a full read.
  if (value.length < 19 || value.charCodeAt(10) !== 84) return value;
  const m = SAGE_DATE.exec(value);
  return m ? m[1]! : value;
}

/**
 * Every Sage midnight date in a freshly parsed record (and its detail lines) as `YYYY-MM-DD`, in place;
 * OData annotations are dropped. Returns the same object.
 */
export function normaliseDates<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let k = 0; k < value.length; k++) {
      const v: unknown = value[k];
      if (typeof v === 'string') value[k] = dateString(v);
      else if (v && typeof v === 'object') normaliseDates(v);
    }
    return value;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const k of Object.keys(record)) {
      const v = record[k];
      if (k.charCodeAt(0) === 64 /* @ */ || k.startsWith('odata.')) delete record[k];
      else if (typeof v === 'string') {
        // Written back only when it changed: most strings are not dates.
        const d = dateString(v);
        if (d !== v) record[k] = d;
      }
      else if (v && typeof v === 'object') normaliseDates(v);
    }
  }
  return value;
}
