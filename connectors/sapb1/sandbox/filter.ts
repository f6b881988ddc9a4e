// The Service Layer's `$filter` (spec §4.1, §4.2) as the kit's OData filter dialect
// (kit/sandbox/odata-filter.ts: one grammar for every sandbox): eq ne gt ge lt le, and/or/not,
// parentheses, startswith/endswith/contains/substringof on a string property and a string literal.
// What is SAP's own: literals are bound to the property they are compared with — dates accept
// '2014-04-23', '20140423', datetime'…', '2014-04-23T12:21:21', '20140423000000' (time part ignored);
// times accept '18:38:00', '18:38', '183800', '1838', '2014-06-18T18:38:00Z' and compare at MINUTE
// precision (seconds of both sides ignored); enums accept the name or the DB value. v2 clients send
// unquoted date/time literals (`UpdateDate ge 2025-05-01`, `UpdateTime ge 08:00:00`); v1 refuses them
// (and v2 refuses quoted ones unless the `v2QuotedLiterals` switch says otherwise). Errors are SAP's
// envelopes (-1000).
import { parseFilter, quotedAt, type FilterDialect, type FilterNode, type Lit } from '../../kit/sandbox/odata-filter.ts';
import type { Row } from '../../kit/sandbox/table.ts';
import { enumMember, type EntitySet, type PropKind } from './entities.ts';
import { badQuery, invalidProperty, type ApiVersion } from './errors.ts';

export interface FilterContext {
  set: EntitySet;
  version: ApiVersion;
  caseInsensitive: boolean;
  v2QuotedLiterals: boolean;
}

const FUNCS = new Set(['startswith', 'endswith', 'contains', 'substringof']);
const TYPED = /^(datetime|datetimeoffset|time)'/;
const BARE_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/;
const BARE_TIME = /^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?/;

/** `YYYY-MM-DD` of a date literal in any accepted form, or undefined. */
export function dateOf(raw: string): string | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(raw);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})(?:\d{6})?$/.exec(raw);
  if (!m) return undefined;
  const d = `${m[1]}-${m[2]}-${m[3]}`;
  return Number.isNaN(Date.parse(`${d}T00:00:00Z`)) ? undefined : d;
}

/** `HH:MM` of a time literal in any accepted form (seconds and any date part dropped), or undefined. */
export function minuteOf(raw: string): string | undefined {
  const m = /^(?:\d{4}-?\d{2}-?\d{2}T)?(\d{2}):?(\d{2})(?::?\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$/.exec(raw);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return `${m[1]}:${m[2]}`;
}

export function serviceLayerDialect(ctx: FilterContext, text: string): FilterDialect<PropKind> {
  /** The literal as the property's type holds it (a date's day, a time's minute, an enum's name). */
  const coerce = (prop: Extract<FilterNode<PropKind>, { k: 'prop' }>, lit: Lit): string | number | boolean | null => {
    if (lit.form === 'null') return null;
    const bad = () => badQuery(`The literal ${typeof lit.value === 'string' ? `'${lit.value}'` : String(lit.value)} does not fit property '${prop.name}' of '${ctx.set.type}'`);
    const quotedTemporal = lit.form === 'string' || lit.form === 'datetime';
    if (ctx.version === 'v2' && quotedTemporal && (prop.type === 'date' || prop.type === 'time') && !ctx.v2QuotedLiterals) throw bad();
    switch (prop.type) {
      case 'date':
        if (!quotedTemporal && lit.form !== 'bare-date') throw bad();
        return dateOf(String(lit.value)) ?? (() => { throw bad(); })();
      case 'time':
        if (!quotedTemporal && lit.form !== 'bare-time' && lit.form !== 'bare-date') throw bad();
        return minuteOf(String(lit.value)) ?? (() => { throw bad(); })();
      case 'int':
      case 'number':
        if (lit.form !== 'number') throw bad();
        return lit.value;
      case 'string':
        if (lit.form !== 'string') throw bad();
        return lit.value;
      default: {
        if (typeof prop.type === 'object' && lit.form === 'string') {
          const member = enumMember(prop.type.enum, String(lit.value));
          if (member === undefined) throw badQuery(`Enum value '${String(lit.value)}' is invalid for property '${prop.name}'`);
          return member;
        }
        throw bad();
      }
    }
  };
  return {
    literal(rest, pos) {
      const typed = TYPED.exec(rest);
      if (typed) {
        const start = pos + typed[1]!.length;
        const q = quotedAt(text, start);
        if (!q) throw badQuery(`Unterminated string literal at position ${start} in $filter '${text}'`);
        return { form: 'datetime', value: q.value, length: q.end - pos };
      }
      const bare = BARE_DATE.exec(rest) ?? BARE_TIME.exec(rest);
      if (!bare) return undefined;
      if (ctx.version === 'v1') throw badQuery(`Syntax error at position ${pos} in $filter '${text}': date and time literals are quoted on /b1s/v1 ('${bare[0]}')`);
      return { form: bare[0].includes('-') ? 'bare-date' : 'bare-time', value: bare[0], length: bare[0].length };
    },
    functions: FUNCS,
    property(name) {
      const kind = ctx.set.props[name];
      if (!kind || kind === 'collection') throw invalidProperty(name, ctx.set.type);
      return kind;
    },
    call(fn, args) {
      // substringof('needle', Prop) has the arguments the other way round.
      const [prop, lit] = fn === 'substringof' ? [args[1], args[0]] : [args[0], args[1]];
      if (args.length !== 2 || prop?.k !== 'prop' || lit?.k !== 'lit' || lit.form !== 'string' || prop.type !== 'string') {
        throw badQuery(`Function '${fn}' takes a string property and a string literal in $filter '${text}'`);
      }
      return { k: 'call', fn, args };
    },
    compare(op, left, right) {
      const [prop, lit] = left.k === 'prop' ? [left, right] : [right, left];
      if (prop.k !== 'prop' || lit.k !== 'lit') throw badQuery(`Comparisons need a property and a literal in $filter '${text}'`);
      lit.value = coerce(prop, lit);
      return { k: 'cmp', op, left, right };
    },
    read(prop, row: Row) {
      const v = row[prop.name] ?? null;
      if (v === null) return null;
      // Stored `HH:MM:SS` and `YYYY-MM-DDT…` compare with the literal's minute and day.
      if (prop.type === 'time') return String(v).slice(0, 5);
      if (prop.type === 'date') return String(v).slice(0, 10);
      return v;
    },
    caseInsensitive: ctx.caseInsensitive,
    error(kind, pos) {
      if (kind === 'empty') return badQuery('The $filter query option is empty');
      if (kind === 'unterminated') return badQuery(`Unterminated string literal at position ${pos} in $filter '${text}'`);
      if (kind === 'notBoolean') return badQuery(`$filter '${text}' is not a boolean expression`);
      return badQuery(`Syntax error at position ${pos} in $filter '${text}'`);
    },
  };
}

export type RowTest = (row: Row) => boolean;

export function compileFilter(text: string, ctx: FilterContext): RowTest {
  return parseFilter(text, serviceLayerDialect(ctx, text)).test;
}
