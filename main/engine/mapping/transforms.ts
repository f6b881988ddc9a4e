// The transform library. Each transform is a pure function of (value, params, tables) that returns
// the new value or throws TransformFailure with a reason the admin can act on. null/undefined pass
// through untouched except where a transform exists to handle them (default, required, constant).
export class TransformFailure extends Error {}

export type TransformParams = Record<string, unknown>;
export interface TransformContext {
  tables: Record<string, Record<string, string>>;
}
export type TransformFn = (value: unknown, params: TransformParams, ctx: TransformContext) => unknown;

export interface TransformParamSpec {
  required: boolean;
  type: 'string' | 'number' | 'boolean' | 'any' | 'fields' | 'choice';
  help: string;
  choices?: string[];
}

export interface TransformSpec {
  fn: TransformFn;
  /** Short name for the mapping editor's picker. */
  label: string;
  /** Parameter names and whether each is required, for validation and the mapping editor. */
  params: Record<string, TransformParamSpec>;
  help: string;
}

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
const passNull = (f: (v: unknown, p: TransformParams, c: TransformContext) => unknown): TransformFn => (v, p, c) => (v === null || v === undefined ? v : f(v, p, c));

function titleCase(s: string): string {
  return s.toLocaleLowerCase().replace(/(^|[\s\-'’(/])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toLocaleUpperCase());
}

/** "Smith, John" → John / Smith; "Dr. Mary Ann O'Neil" → Mary Ann / O'Neil; one word → first name. */
export function splitName(full: string): { first: string; last: string } {
  const s = full.trim().replace(/\s+/g, ' ');
  if (!s) return { first: '', last: '' };
  if (s.includes(',')) {
    const [last, first] = s.split(',', 2).map((x) => x.trim());
    return { first: first ?? '', last: last ?? '' };
  }
  const words = s.split(' ').filter((w) => !/^(mr|mrs|ms|miss|dr|prof)\.?$/i.test(w));
  if (words.length <= 1) return { first: words[0] ?? '', last: '' };
  return { first: words.slice(0, -1).join(' '), last: words[words.length - 1]! };
}

/** A calendar date that exists (no 2023-02-30 rolling over into March). */
function utcDate(y: number, m: number, d: number, original: unknown): Date {
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) throw new TransformFailure(`"${text(original)}" is not a real date`);
  return date;
}

const MIN_DATE_MS = -62135596800000; // 0001-01-01T00:00:00Z
const MAX_DATE_MS = 253402300799999; // 9999-12-31T23:59:59.999Z

/** Parses ISO date/datetime, YYYYMMDD (Sage's numeric dates), epoch ms, and Date — strictly. */
export function parseDate(v: unknown): Date {
  const d = parseDateLoose(v);
  const t = d.getTime();
  if (Number.isNaN(t) || t < MIN_DATE_MS || t > MAX_DATE_MS) throw new TransformFailure(`"${text(v)}" is not a date between year 1 and 9999`);
  return d;
}

function parseDateLoose(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'number' || (typeof v === 'string' && /^\d{8}$/.test(v.trim()))) {
    const s = String(v).trim();
    if (/^\d{8}$/.test(s)) {
      if (s === '00000000') throw new TransformFailure('date 00000000 means "no date"');
      return utcDate(+s.slice(0, 4), +s.slice(4, 6), +s.slice(6, 8), v);
    }
    return new Date(Number(v));
  }
  if (typeof v === 'string') {
    const s = v.trim();
    const m = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(s);
    if (m) return new Date(Number(m[1]));
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (day) return utcDate(+day[1]!, +day[2]!, +day[3]!, v);
    // Full ISO date-times only: the lenient Date parser reads "1" or "12" as a year or a month.
    const iso = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
    if (iso) {
      utcDate(+iso[1]!, +iso[2]!, +iso[3]!, v);
      const d = new Date(s);
      if (!Number.isNaN(d.getTime())) return d;
    }
  }
  throw new TransformFailure(`"${text(v)}" is not a date`);
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TransformFailure(`${v} is not a finite number`);
    return v;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = text(v).trim().replace(/[\s,]/g, '').replace(/^\((.*)\)$/, '-$1');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) throw new TransformFailure(`"${text(v)}" is not a number`);
  const n = Number(s);
  if (!Number.isFinite(n)) throw new TransformFailure(`"${text(v)}" is too large a number`);
  return n;
}

export const transforms: Record<string, TransformSpec> = {
  trim: { label: 'Trim spaces', help: 'Remove leading and trailing spaces (and collapse inner runs).', params: {}, fn: passNull((v) => text(v).trim().replace(/\s{2,}/g, ' ')) },
  upper: { label: 'UPPER CASE', help: 'UPPER CASE.', params: {}, fn: passNull((v) => text(v).toLocaleUpperCase()) },
  lower: { label: 'lower case', help: 'lower case.', params: {}, fn: passNull((v) => text(v).toLocaleLowerCase()) },
  titleCase: { label: 'Title Case', help: 'Title Case Each Word.', params: {}, fn: passNull((v) => titleCase(text(v))) },
  splitName: {
    label: 'Split name',
    help: 'Take the first or last name out of a full name.',
    params: { part: { required: true, type: 'choice', choices: ['first', 'last'], help: 'which part' } },
    fn: passNull((v, p) => {
      if (p.part !== 'first' && p.part !== 'last') throw new TransformFailure('splitName needs part "first" or "last"');
      return splitName(text(v))[p.part];
    }),
  },
  number: { label: 'To number', help: 'Convert to a number ("1,234.50" → 1234.5); blank stays empty.', params: {}, fn: passNull((v) => (isBlank(v) ? null : toNumber(v))) },
  round: {
    label: 'Round',
    help: 'Round to a number of decimals (half away from zero).',
    params: { digits: { required: false, type: 'number', help: 'decimals, default 2' } },
    fn: passNull((v, p) => {
      if (isBlank(v)) return null;
      const digits = p.digits === undefined ? 2 : Number(p.digits);
      if (!Number.isInteger(digits) || digits < 0 || digits > 10) throw new TransformFailure('round needs digits between 0 and 10');
      const n = toNumber(v);
      const f = 10 ** digits;
      const scaled = Math.abs(n) * f;
      // Beyond 2^53 there are no decimals left to round; scaling further would overflow to Infinity.
      if (!Number.isFinite(scaled) || scaled > Number.MAX_SAFE_INTEGER) return n;
      return (Math.sign(n) * Math.round(scaled + Number.EPSILON)) / f;
    }),
  },
  date: {
    label: 'Date format',
    help: 'Reformat a date: "date" (YYYY-MM-DD), "datetime" (ISO), "epoch-ms" (midnight UTC for date-only values).',
    params: { format: { required: true, type: 'choice', choices: ['date', 'datetime', 'epoch-ms'], help: 'date (YYYY-MM-DD), datetime (ISO) or epoch-ms' } },
    fn: passNull((v, p) => {
      if (isBlank(v)) return null;
      const d = parseDate(v);
      if (Number.isNaN(d.getTime())) throw new TransformFailure(`"${text(v)}" is not a date`);
      switch (p.format) {
        case 'date':
          return d.toISOString().slice(0, 10);
        case 'datetime':
          return d.toISOString();
        case 'epoch-ms':
          return d.getTime();
        default:
          throw new TransformFailure('date needs format "date", "datetime" or "epoch-ms"');
      }
    }),
  },
  default: {
    label: 'Default when empty',
    help: 'Use this value when the field is empty.',
    params: { value: { required: true, type: 'any', help: 'the fallback value' } },
    fn: (v, p) => (isBlank(v) ? p.value : v),
  },
  constant: { label: 'Constant', help: 'Always this value.', params: { value: { required: true, type: 'any', help: 'the value' } }, fn: (_v, p) => p.value },
  lookup: {
    label: 'Lookup table',
    help: 'Translate a code through a table of the mapping (e.g. terms code → label).',
    params: {
      table: { required: true, type: 'string', help: 'name of a table in the mapping' },
      fallback: { required: false, type: 'any', help: 'value for codes not in the table; without it an unknown code fails the record' },
    },
    fn: passNull((v, p, c) => {
      const table = c.tables[String(p.table)];
      if (!table) throw new TransformFailure(`lookup table "${String(p.table)}" does not exist in this mapping`);
      const key = text(v).trim();
      if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
      if ('fallback' in p) return p.fallback === '$value' ? v : p.fallback;
      throw new TransformFailure(`"${key}" is not in lookup table "${String(p.table)}"; add it to the table or set a fallback`);
    }),
  },
  required: {
    label: 'Required',
    help: 'Fail the record when the value is empty.',
    params: { message: { required: false, type: 'string', help: 'reason shown in the audit log' } },
    fn: (v, p) => {
      if (isBlank(v)) throw new TransformFailure(typeof p.message === 'string' && p.message ? p.message : 'a required value is empty');
      return v;
    },
  },
  truncate: {
    label: 'Truncate',
    help: 'Cut text to a maximum length.',
    params: { max: { required: true, type: 'number', help: 'maximum characters' } },
    fn: passNull((v, p) => {
      const max = Number(p.max);
      if (!Number.isInteger(max) || max < 0) throw new TransformFailure(`truncate needs max as a whole number, got "${String(p.max)}"`);
      return Array.from(text(v)).slice(0, max).join('');
    }),
  },
  last: {
    label: 'Keep the end',
    help: 'Keep the last characters of a text (a long id → a short code).',
    params: { max: { required: true, type: 'number', help: 'characters to keep' } },
    fn: passNull((v, p) => {
      const max = Number(p.max);
      if (!Number.isInteger(max) || max < 1) throw new TransformFailure(`last needs max as a whole number above 0, got "${String(p.max)}"`);
      return Array.from(text(v)).slice(-max).join('');
    }),
  },
  prefix: {
    label: 'Add a prefix',
    help: 'Put text before a value ("624011" → "Z624011"); an empty value stays empty.',
    params: { value: { required: true, type: 'string', help: 'the prefix' } },
    fn: passNull((v, p) => {
      const s = text(v).trim();
      return s === '' ? null : `${String(p.value ?? '')}${s}`;
    }),
  },
  stripPrefix: {
    label: 'Remove a prefix',
    help: 'Take a prefix off ("CUST-1200" → "1200"); a value without it becomes empty (it is another origin\'s key).',
    params: { value: { required: true, type: 'string', help: 'the prefix' } },
    fn: passNull((v, p) => {
      const prefix = String(p.value ?? '');
      if (!prefix) throw new TransformFailure('stripPrefix needs the prefix as "value"');
      const s = text(v).trim();
      return s.startsWith(prefix) ? s.slice(prefix.length).trim() || null : null;
    }),
  },
  domain: {
    label: 'Website → domain',
    help: 'Website → bare domain ("https://www.Acme.com/about" → "acme.com").',
    params: {},
    fn: passNull((v) => {
      const s = text(v).trim().toLowerCase();
      if (!s) return null;
      const host = s.replace(/^[a-z]+:\/\//, '').split(/[/?#:]/)[0]!.replace(/^www\./, '');
      return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(host) ? host : null;
    }),
  },
  boolean: {
    label: 'Yes/No → boolean',
    help: 'Yes/No, 1/0, true/false → true or false.',
    params: {},
    fn: passNull((v) => {
      const s = text(v).trim().toLowerCase();
      if (['1', 'true', 'yes', 'y', 'on', 'active'].includes(s)) return true;
      if (['0', 'false', 'no', 'n', 'off', 'inactive', ''].includes(s)) return false;
      throw new TransformFailure(`"${text(v)}" is not yes or no`);
    }),
  },
  concat: {
    label: 'Append fields',
    help: 'Append other source fields with a separator (skips empty parts).',
    params: { fields: { required: true, type: 'fields', help: 'source fields to append' }, separator: { required: false, type: 'string', help: 'default " "' } },
    // Resolved in apply.ts, which has the record; here only the empty-skip join.
    fn: (v) => v,
  },
};

export const transformNames = Object.keys(transforms);
