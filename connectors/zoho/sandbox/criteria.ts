// The search API's `criteria` (spec §4.6): `((Field:operator:value)and(Field:operator:value))`,
// nested groups joined by `and`/`or` (and binds tighter), at most 10 conditions. Inside a value,
// `\(`, `\)` and `\,` are literal; `in`/`not_in` list values and `between` its two bounds with
// unescaped commas. Each field type takes its own operators; datetimes compare as instants, so
// `Modified_Time:greater_than:2024-05-01T00:00:00+05:30` means what it says.
import { ZohoError } from './errors.ts';
import { fieldOf, type FieldDef, type ModuleDef } from './modules.ts';
import type { StoredRecord } from './store.ts';

type Node = { kind: 'cond'; field: string; op: string; values: string[] } | { kind: 'and' | 'or'; parts: Node[] };

const MAX_CONDITIONS = 10;
const TEXT_OPS = ['equals', 'not_equal', 'starts_with', 'in', 'not_in'];
const ORDERED_OPS = ['equals', 'not_equal', 'in', 'not_in', 'greater_than', 'greater_equal', 'less_than', 'less_equal', 'between'];
const ID_OPS = ['equals', 'not_equal', 'in', 'not_in'];

const invalidQuery = (details: Record<string, unknown>): ZohoError => new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', details);

/** Splits on unescaped commas and removes the escapes. */
function splitValues(raw: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\\' && i + 1 < raw.length) cur += raw[++i];
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const unescape = (raw: string): string => raw.replace(/\\(.)/g, '$1');

class Parser {
  private i = 0;
  conditions = 0;
  constructor(private readonly s: string) {}

  parse(): Node {
    const node = this.expr();
    if (this.i !== this.s.length) throw invalidQuery({ reason: `unexpected text at position ${this.i}: ${this.s.slice(this.i, this.i + 20)}` });
    return node;
  }

  private expr(): Node {
    const ors: Node[] = [];
    let ands: Node[] = [this.group()];
    for (;;) {
      const rest = this.s.slice(this.i).toLowerCase();
      if (rest.startsWith('and(')) {
        this.i += 3;
        ands.push(this.group());
      } else if (rest.startsWith('or(')) {
        this.i += 2;
        ors.push(ands.length === 1 ? (ands[0] as Node) : { kind: 'and', parts: ands });
        ands = [this.group()];
      } else break;
    }
    const last: Node = ands.length === 1 ? (ands[0] as Node) : { kind: 'and', parts: ands };
    return ors.length ? { kind: 'or', parts: [...ors, last] } : last;
  }

  /** `(` then a nested expression or one condition, then `)`. */
  private group(): Node {
    if (this.s[this.i] !== '(') throw invalidQuery({ reason: `expected "(" at position ${this.i}` });
    this.i++;
    if (this.s[this.i] === '(') {
      const inner = this.expr();
      if (this.s[this.i] !== ')') throw invalidQuery({ reason: `expected ")" at position ${this.i}` });
      this.i++;
      return inner;
    }
    let raw = '';
    while (this.i < this.s.length && this.s[this.i] !== ')') {
      if (this.s[this.i] === '\\' && this.i + 1 < this.s.length) raw += this.s[this.i++];
      raw += this.s[this.i++];
    }
    if (this.s[this.i] !== ')') throw invalidQuery({ reason: 'unbalanced parentheses' });
    this.i++;
    const m = /^([^:]+):([a-z_]+):([\s\S]*)$/i.exec(raw);
    if (!m) throw invalidQuery({ reason: `a condition is (field:operator:value), got (${raw})` });
    if (++this.conditions > MAX_CONDITIONS) throw invalidQuery({ reason: `at most ${MAX_CONDITIONS} conditions are allowed` });
    const op = (m[2] as string).toLowerCase();
    const value = m[3] as string;
    return { kind: 'cond', field: (m[1] as string).trim(), op, values: op === 'in' || op === 'not_in' || op === 'between' ? splitValues(value) : [unescape(value)] };
  }
}

/** How a field's values compare (shared with COQL, coql-query.ts). */
export type Kind = 'id' | 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'lookup';

/** The comparison kind of a field's data type; undefined for subforms, which neither API filters on. */
export function fieldKind(f: FieldDef): Kind | undefined {
  switch (f.data_type) {
    case 'integer': case 'bigint': case 'double': case 'currency': case 'percent': return 'number';
    case 'date': return 'date';
    case 'datetime': return 'datetime';
    case 'boolean': return 'boolean';
    case 'lookup': case 'ownerlookup': return 'lookup';
    case 'subform': return undefined;
    default: return 'text';
  }
}

function kindOf(module: ModuleDef, field: string): Kind {
  if (field === 'id') return 'id';
  const f = fieldOf(module, field);
  if (!f) throw invalidQuery({ api_name: field, reason: `${field} is not a field of ${module.api_name}` });
  const kind = fieldKind(f);
  if (!kind) throw invalidQuery({ api_name: field, reason: 'subform fields cannot be searched' });
  return kind;
}

function opsFor(kind: Kind): string[] {
  return kind === 'text' ? TEXT_OPS : kind === 'id' || kind === 'lookup' || kind === 'boolean' ? ID_OPS : ORDERED_OPS;
}

/** The comparable form of a stored or given value for this kind. */
export function comparable(kind: Kind, v: unknown): string | number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  switch (kind) {
    case 'number': {
      const n = Number(v);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'datetime': {
      // The official SDK puts criteria in the URL with encodeURI, which leaves `+` as is; read as a form
      // value it arrives as a space. An offset after a space is the `+` offset it was.
      const ms = typeof v === 'number' ? v : Date.parse(String(v).replace(/ (\d{2}:?\d{2})$/, '+$1'));
      return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
    }
    case 'lookup':
      return typeof v === 'object' ? String((v as { id?: unknown }).id ?? '') : String(v);
    case 'text':
      return String(v).toLowerCase();
    default:
      return String(v);
  }
}

/** A record's value of a field, the audit stamps and id included. */
export function storedValue(rec: StoredRecord, field: string): unknown {
  switch (field) {
    case 'id': return rec.id;
    case 'Created_Time': return rec.createdAt;
    case 'Modified_Time': return rec.modifiedAt;
    case 'Created_By': return rec.createdBy;
    case 'Modified_By': return rec.modifiedBy;
    default: return rec.values[field];
  }
}

function compile(module: ModuleDef, node: Node): (r: StoredRecord) => boolean {
  if (node.kind !== 'cond') {
    const parts = node.parts.map((p) => compile(module, p));
    return node.kind === 'and' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
  }
  const kind = kindOf(module, node.field);
  if (!opsFor(kind).includes(node.op)) throw invalidQuery({ api_name: node.field, operator: node.op, reason: `the operator ${node.op} is not supported for this field; use ${opsFor(kind).join(', ')}` });
  const wanted = node.values.map((v) => comparable(kind, v));
  if (wanted.some((w) => w === undefined) || (node.op === 'between' && wanted.length !== 2)) {
    throw invalidQuery({ api_name: node.field, operator: node.op, reason: `invalid value ${node.values.join(',')} for a ${kind} field` });
  }
  const [a, b] = wanted as (string | number)[];
  return (r) => {
    const v = comparable(kind, storedValue(r, node.field));
    switch (node.op) {
      case 'equals': return v === a;
      case 'not_equal': return v !== a;
      case 'in': return v !== undefined && wanted.includes(v);
      case 'not_in': return !wanted.includes(v);
      case 'starts_with': return typeof v === 'string' && v.startsWith(String(a));
      case 'greater_than': return v !== undefined && v > (a as string | number);
      case 'greater_equal': return v !== undefined && v >= (a as string | number);
      case 'less_than': return v !== undefined && v < (a as string | number);
      case 'less_equal': return v !== undefined && v <= (a as string | number);
      case 'between': return v !== undefined && v >= (a as string | number) && v <= (b as string | number);
      default: return false;
    }
  };
}

/** The record filter for a `criteria` string, or the INVALID_QUERY Zoho answers. */
export function criteriaFilter(module: ModuleDef, criteria: string): (r: StoredRecord) => boolean {
  return compile(module, new Parser(criteria.trim()).parse());
}
