// The Service Layer's `$filter` (spec §4.1, §4.2): eq ne gt ge lt le, and/or/not, parentheses,
// startswith/endswith/contains/substringof. Literals are bound to the property they are compared with:
// dates accept '2014-04-23', '20140423', datetime'…', '2014-04-23T12:21:21', '20140423000000' (time part
// ignored); times accept '18:38:00', '18:38', '183800', '1838', '2014-06-18T18:38:00Z' and compare at
// MINUTE precision (seconds of both sides ignored); enums accept the name or the DB value. v2 clients send
// unquoted date/time literals (`UpdateDate ge 2025-05-01`, `UpdateTime ge 08:00:00`); v1 does not parse them.
import { enumMember, type EntitySet, type PropKind } from './entities.ts';
import { badQuery, invalidProperty, type ApiVersion } from './errors.ts';
import { compareValues, type Row } from '../../kit/sandbox/table.ts';

type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
const OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCS = new Set(['startswith', 'endswith', 'contains', 'substringof']);

type Lit = { k: 'lit'; form: 'string' | 'number' | 'bare-date' | 'bare-time' | 'datetime' | 'null' | 'bool'; value: string | number | boolean | null };
type Prop = { k: 'prop'; name: string; kind: PropKind };
type Node =
  | Lit
  | Prop
  | { k: 'cmp'; op: CmpOp; prop: Prop; value: unknown; flipped: boolean }
  | { k: 'and' | 'or'; left: Node; right: Node }
  | { k: 'not'; expr: Node }
  | { k: 'call'; fn: string; prop: Prop; text: string };

type Token = { t: 'punct' | 'string' | 'number' | 'date' | 'time' | 'word' | 'typed'; v: string; pos: number };

export interface FilterContext {
  set: EntitySet;
  version: ApiVersion;
  caseInsensitive: boolean;
  v2QuotedLiterals: boolean;
}

function tokenize(text: string, version: ApiVersion): Token[] {
  const tokens: Token[] = [];
  let p = 0;
  while (p < text.length) {
    const c = text[p]!;
    if (/\s/.test(c)) { p++; continue; }
    if (c === '(' || c === ')' || c === ',') { tokens.push({ t: 'punct', v: c, pos: p++ }); continue; }
    const rest = text.slice(p);
    const quoted = (start: number): [string, number] => {
      let v = '';
      let q = start + 1;
      for (;;) {
        if (q >= text.length) throw badQuery(`Unterminated string literal at position ${start} in $filter '${text}'`);
        if (text[q] === "'") {
          if (text[q + 1] === "'") { v += "'"; q += 2; continue; }
          return [v, q + 1];
        }
        v += text[q++];
      }
    };
    if (c === "'") {
      const [v, next] = quoted(p);
      tokens.push({ t: 'string', v, pos: p });
      p = next;
      continue;
    }
    const typed = /^(datetime|datetimeoffset|time)'/.exec(rest);
    if (typed) {
      const [v, next] = quoted(p + typed[1]!.length);
      tokens.push({ t: 'typed', v, pos: p });
      p = next;
      continue;
    }
    const bare = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/.exec(rest) ?? /^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?/.exec(rest);
    if (bare) {
      if (version === 'v1') throw badQuery(`Syntax error at position ${p} in $filter '${text}': date and time literals are quoted on /b1s/v1 ('${bare[0]}')`);
      tokens.push({ t: bare[0].includes('-') ? 'date' : 'time', v: bare[0], pos: p });
      p += bare[0].length;
      continue;
    }
    const num = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDlL]?/.exec(rest);
    if (num) { tokens.push({ t: 'number', v: num[0].replace(/[mMdDlL]$/, ''), pos: p }); p += num[0].length; continue; }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (word) { tokens.push({ t: 'word', v: word[0], pos: p }); p += word[0].length; continue; }
    throw badQuery(`Syntax error at position ${p} in $filter '${text}'`);
  }
  return tokens;
}

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

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly text: string, private readonly ctx: FilterContext) {}

  parse(): Node {
    if (this.tokens.length === 0) throw badQuery('The $filter query option is empty');
    const node = this.or();
    if (this.i < this.tokens.length) throw this.syntax();
    if (node.k === 'lit' || node.k === 'prop') throw badQuery(`$filter '${this.text}' is not a boolean expression`);
    return node;
  }

  private syntax(): Error {
    return badQuery(`Syntax error at position ${this.tokens[this.i]?.pos ?? this.text.length} in $filter '${this.text}'`);
  }

  private word(...words: string[]): boolean {
    const t = this.tokens[this.i];
    return t?.t === 'word' && words.includes(t.v);
  }

  private expect(v: string): void {
    const t = this.tokens[this.i];
    if (t?.t !== 'punct' || t.v !== v) throw this.syntax();
    this.i++;
  }

  private or(): Node {
    let left = this.and();
    while (this.word('or')) { this.i++; left = { k: 'or', left, right: this.and() }; }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.word('and')) { this.i++; left = { k: 'and', left, right: this.not() }; }
    return left;
  }

  private not(): Node {
    if (this.word('not')) { this.i++; return { k: 'not', expr: this.not() }; }
    const left = this.primary();
    const t = this.tokens[this.i];
    if (t?.t === 'word' && OPS.has(t.v)) {
      this.i++;
      return this.bind(t.v as CmpOp, left, this.primary());
    }
    return left;
  }

  private primary(): Node {
    const t = this.tokens[this.i];
    if (!t) throw this.syntax();
    this.i++;
    if (t.t === 'punct' && t.v === '(') {
      const e = this.or();
      this.expect(')');
      return e;
    }
    if (t.t === 'string') return { k: 'lit', form: 'string', value: t.v };
    if (t.t === 'typed') return { k: 'lit', form: 'datetime', value: t.v };
    if (t.t === 'number') return { k: 'lit', form: 'number', value: Number(t.v) };
    if (t.t === 'date') return { k: 'lit', form: 'bare-date', value: t.v };
    if (t.t === 'time') return { k: 'lit', form: 'bare-time', value: t.v };
    if (t.t === 'word') {
      if (t.v === 'null') return { k: 'lit', form: 'null', value: null };
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', form: 'bool', value: t.v === 'true' };
      const next = this.tokens[this.i];
      if (FUNCS.has(t.v) && next?.t === 'punct' && next.v === '(') return this.call(t.v);
      return this.prop(t.v);
    }
    throw this.syntax();
  }

  private prop(name: string): Prop {
    const kind = this.ctx.set.props[name];
    if (!kind || kind === 'collection') throw invalidProperty(name, this.ctx.set.type);
    return { k: 'prop', name, kind };
  }

  private call(fn: string): Node {
    this.expect('(');
    const a = this.primary();
    this.expect(',');
    const b = this.primary();
    this.expect(')');
    // substringof('needle', Prop) has the arguments the other way round.
    const [propNode, litNode] = fn === 'substringof' ? [b, a] : [a, b];
    if (propNode.k !== 'prop' || litNode.k !== 'lit' || litNode.form !== 'string' || propNode.kind !== 'string') {
      throw badQuery(`Function '${fn}' takes a string property and a string literal in $filter '${this.text}'`);
    }
    return { k: 'call', fn, prop: propNode, text: String(litNode.value) };
  }

  private bind(op: CmpOp, left: Node, right: Node): Node {
    const flipped = left.k !== 'prop';
    const prop = flipped ? right : left;
    const lit = flipped ? left : right;
    if (prop.k !== 'prop' || lit.k !== 'lit') throw badQuery(`Comparisons need a property and a literal in $filter '${this.text}'`);
    return { k: 'cmp', op, prop, value: this.coerce(prop, lit), flipped };
  }

  private coerce(prop: Prop, lit: Lit): unknown {
    if (lit.form === 'null') return null;
    const bad = () => badQuery(`The literal ${typeof lit.value === 'string' ? `'${lit.value}'` : String(lit.value)} does not fit property '${prop.name}' of '${this.ctx.set.type}'`);
    const quotedTemporal = lit.form === 'string' || lit.form === 'datetime';
    if (this.ctx.version === 'v2' && quotedTemporal && (prop.kind === 'date' || prop.kind === 'time') && !this.ctx.v2QuotedLiterals) throw bad();
    switch (prop.kind) {
      case 'date': {
        if (!quotedTemporal && lit.form !== 'bare-date') throw bad();
        return dateOf(String(lit.value)) ?? (() => { throw bad(); })();
      }
      case 'time': {
        if (!quotedTemporal && lit.form !== 'bare-time' && lit.form !== 'bare-date') throw bad();
        return minuteOf(String(lit.value)) ?? (() => { throw bad(); })();
      }
      case 'int':
      case 'number':
        if (lit.form !== 'number') throw bad();
        return lit.value;
      case 'string':
        if (lit.form !== 'string') throw bad();
        return lit.value;
      default: {
        if (typeof prop.kind === 'object' && lit.form === 'string') {
          const member = enumMember(prop.kind.enum, String(lit.value));
          if (member === undefined) throw badQuery(`Enum value '${String(lit.value)}' is invalid for property '${prop.name}'`);
          return member;
        }
        throw bad();
      }
    }
  }
}

function evaluate(n: Node, row: Row, ci: boolean): boolean {
  switch (n.k) {
    case 'and': return evaluate(n.left, row, ci) && evaluate(n.right, row, ci);
    case 'or': return evaluate(n.left, row, ci) || evaluate(n.right, row, ci);
    case 'not': return !evaluate(n.expr, row, ci);
    case 'call': {
      const raw = row[n.prop.name];
      if (raw === null || raw === undefined) return false;
      const v = ci ? String(raw).toLowerCase() : String(raw);
      const t = ci ? n.text.toLowerCase() : n.text;
      return n.fn === 'startswith' ? v.startsWith(t) : n.fn === 'endswith' ? v.endsWith(t) : v.includes(t);
    }
    case 'cmp': {
      let l = row[n.prop.name] ?? null;
      let r = n.value;
      if (l === null || r === null) {
        if (n.op === 'eq') return l === r;
        if (n.op === 'ne') return l !== r;
        return false;
      }
      if (n.prop.kind === 'time') l = String(l).slice(0, 5);
      if (n.prop.kind === 'date') l = String(l).slice(0, 10);
      if (ci && typeof l === 'string' && typeof r === 'string') { l = l.toLowerCase(); r = r.toLowerCase(); }
      let c = compareValues(l, r);
      if (n.flipped) c = -c;
      switch (n.op) {
        case 'eq': return c === 0;
        case 'ne': return c !== 0;
        case 'gt': return c > 0;
        case 'ge': return c >= 0;
        case 'lt': return c < 0;
        default: return c <= 0;
      }
    }
    default:
      return false;
  }
}

export type RowTest = (row: Row) => boolean;

export function compileFilter(text: string, ctx: FilterContext): RowTest {
  const ast = new Parser(tokenize(text, ctx.version), text, ctx).parse();
  return (row) => evaluate(ast, row, ctx.caseInsensitive);
}
