// The OData `$filter` grammar of the sandboxes (Sage 300 spec §4.2; SAP B1's Service Layer, spec §4.1):
// one lexer, parser and evaluator — eq ne gt ge lt le, and/or/not, parentheses, string functions,
// `lowerBound` for key-ordered scans — and a dialect per stack for what differs: literal forms (dates,
// times, typed literals), property lookup, how a comparison or a function call is type-checked (and its
// literal bound to the property's type), how a row's value is read for comparing, and the error texts.
// `compileFilter` is the ASP.NET OData v4 stack's dialect (Sage 300): an unquoted bare word is a property
// name ("Could not find a property named 'X' on type '…'"), a quoted string against a date is "A binary
// operator with incompatible types was detected…", the v3 `datetime'…'` literal is refused. Its errors
// are ODataFilterError with the stack's message, which the sandbox wraps in its error envelope.
import { edmType, type Model, type PropType, qualified } from './odata-model.ts';
import { compareValues, type KeyValue, type Row } from './table.ts';

export class ODataFilterError extends Error {
  override name = 'ODataFilterError';
}

export type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
const CMP: Record<CmpOp, string> = {
  eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual',
};

/** A parsed `$filter`. `T` is the dialect's property type; a literal's `form` is 'string' | 'number' | 'bool' | 'null' or the dialect's own. */
export type FilterNode<T = unknown> =
  | { k: 'prop'; name: string; type: T }
  | { k: 'lit'; form: string; value: string | number | boolean | null; raw: string }
  | { k: 'cmp'; op: CmpOp; left: FilterNode<T>; right: FilterNode<T> }
  | { k: 'and' | 'or'; left: FilterNode<T>; right: FilterNode<T> }
  | { k: 'not'; expr: FilterNode<T> }
  | { k: 'call'; fn: string; args: FilterNode<T>[] };
export type Lit = Extract<FilterNode, { k: 'lit' }>;

export interface FilterDialect<T> {
  /**
   * A literal the shared lexer does not know (dates, times, typed literals) at the start of `rest`:
   * its form, value and length in `rest`; undefined when there is none. Throws to refuse one.
   */
  literal(rest: string, pos: number, text: string): { form: string; value: string; length: number } | undefined;
  /** The functions the stack knows (others are property names, or refused by `call`). */
  functions: ReadonlySet<string>;
  /** A property's type; throws the stack's error when the entity has no such property. */
  property(name: string): T;
  /** Type-checks a comparison (binding its literal to the property's type); returns the node to evaluate. */
  compare(op: CmpOp, left: FilterNode<T>, right: FilterNode<T>): FilterNode<T>;
  /** Type-checks a function call; returns the node to evaluate. */
  call(fn: string, args: FilterNode<T>[]): FilterNode<T>;
  /** A property's value as comparisons see it (e.g. a time cut to the minute); default: as stored. */
  read?(prop: Extract<FilterNode<T>, { k: 'prop' }>, row: Row): unknown;
  /** Strings compare and match without regard to case. */
  caseInsensitive?: boolean;
  /** The stack's error for a malformed filter. */
  error(kind: 'syntax' | 'empty' | 'unterminated' | 'notBoolean', pos: number, text: string): Error;
}

export interface CompiledFilter {
  test(row: Row): boolean;
  /** A value the first key field is known to be ≥ for every match, to start a key-ordered scan there. */
  lowerBound(keyField: string): KeyValue | undefined;
}

type Token = { t: 'punct' | 'string' | 'number' | 'word' | 'literal'; v: string; form?: string; pos: number };

const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;
const STRING_FUNCTIONS = new Set(['startswith', 'endswith', 'contains', 'substringof']);

/** The quoted string starting at `start` (`''` is one quote): its value and the position after it; null if unterminated. */
export function quotedAt(text: string, start: number): { value: string; end: number } | null {
  let v = '';
  let q = start + 1;
  for (;;) {
    if (q >= text.length) return null;
    if (text[q] === "'") {
      if (text[q + 1] === "'") { v += "'"; q += 2; continue; }
      return { value: v, end: q + 1 };
    }
    v += text[q++];
  }
}

function tokenize<T>(text: string, dialect: FilterDialect<T>): Token[] {
  const tokens: Token[] = [];
  let p = 0;
  while (p < text.length) {
    const rest = text.slice(p);
    const c = text[p]!;
    if (/\s/.test(c)) { p++; continue; }
    if (c === '(' || c === ')' || c === ',') { tokens.push({ t: 'punct', v: c, pos: p }); p++; continue; }
    if (c === "'") {
      const q = quotedAt(text, p);
      if (!q) throw dialect.error('unterminated', p, text);
      tokens.push({ t: 'string', v: q.value, pos: p });
      p = q.end;
      continue;
    }
    const lit = dialect.literal(rest, p, text);
    if (lit) { tokens.push({ t: 'literal', v: lit.value, form: lit.form, pos: p }); p += lit.length; continue; }
    const nm = NUMBER.exec(rest);
    if (nm) { tokens.push({ t: 'number', v: nm[0], pos: p }); p += nm[0].length; continue; }
    const wm = WORD.exec(rest);
    if (wm) { tokens.push({ t: 'word', v: wm[0], pos: p }); p += wm[0].length; continue; }
    throw dialect.error('syntax', p, text);
  }
  return tokens;
}

class Parser<T> {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly text: string, private readonly dialect: FilterDialect<T>) {}

  parse(): FilterNode<T> {
    if (this.tokens.length === 0) throw this.dialect.error('empty', 0, this.text);
    const node = this.or();
    if (this.i < this.tokens.length) throw this.syntax();
    const boolean = node.k === 'cmp' || node.k === 'and' || node.k === 'or' || node.k === 'not' || (node.k === 'call' && STRING_FUNCTIONS.has(node.fn));
    if (!boolean) throw this.dialect.error('notBoolean', 0, this.text);
    return node;
  }

  private syntax(): Error {
    return this.dialect.error('syntax', this.tokens[this.i]?.pos ?? this.text.length, this.text);
  }

  private peekWord(...words: string[]): boolean {
    const t = this.tokens[this.i];
    return t?.t === 'word' && words.includes(t.v);
  }

  private expect(v: string): void {
    const t = this.tokens[this.i];
    if (t?.t !== 'punct' || t.v !== v) throw this.syntax();
    this.i++;
  }

  private or(): FilterNode<T> {
    let left = this.and();
    while (this.peekWord('or')) { this.i++; left = { k: 'or', left, right: this.and() }; }
    return left;
  }

  private and(): FilterNode<T> {
    let left = this.not();
    while (this.peekWord('and')) { this.i++; left = { k: 'and', left, right: this.not() }; }
    return left;
  }

  private not(): FilterNode<T> {
    if (this.peekWord('not')) { this.i++; return { k: 'not', expr: this.not() }; }
    const left = this.primary();
    const t = this.tokens[this.i];
    if (t?.t === 'word' && t.v in CMP) {
      this.i++;
      return this.dialect.compare(t.v as CmpOp, left, this.primary());
    }
    return left;
  }

  private primary(): FilterNode<T> {
    const t = this.tokens[this.i];
    if (!t) throw this.syntax();
    if (t.t === 'punct' && t.v === '(') {
      this.i++;
      const e = this.or();
      this.expect(')');
      return e;
    }
    this.i++;
    if (t.t === 'string') return { k: 'lit', form: 'string', value: t.v, raw: `'${t.v}'` };
    if (t.t === 'number') return { k: 'lit', form: 'number', value: Number(t.v.replace(/[mMdDfFlL]$/, '')), raw: t.v };
    if (t.t === 'literal') return { k: 'lit', form: t.form!, value: t.v, raw: t.v };
    if (t.t === 'word') {
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', form: 'bool', value: t.v === 'true', raw: t.v };
      if (t.v === 'null') return { k: 'lit', form: 'null', value: null, raw: t.v };
      const next = this.tokens[this.i];
      if (next?.t === 'punct' && next.v === '(' && this.dialect.functions.has(t.v)) return this.call(t.v);
      return { k: 'prop', name: t.v, type: this.dialect.property(t.v) };
    }
    throw this.syntax();
  }

  private call(fn: string): FilterNode<T> {
    this.expect('(');
    const args: FilterNode<T>[] = [this.or()];
    while (this.tokens[this.i]?.t === 'punct' && this.tokens[this.i]!.v === ',') { this.i++; args.push(this.or()); }
    this.expect(')');
    return this.dialect.call(fn, args);
  }
}

function evaluate<T>(n: FilterNode<T>, row: Row, d: FilterDialect<T>): unknown {
  const fold = (v: unknown) => (d.caseInsensitive && typeof v === 'string' ? v.toLowerCase() : v);
  switch (n.k) {
    case 'prop': return fold((d.read ? d.read(n, row) : row[n.name]) ?? null);
    case 'lit': return fold(n.value);
    case 'and': return evaluate(n.left, row, d) === true && evaluate(n.right, row, d) === true;
    case 'or': return evaluate(n.left, row, d) === true || evaluate(n.right, row, d) === true;
    case 'not': return evaluate(n.expr, row, d) !== true;
    case 'call': {
      const a = evaluate(n.args[0]!, row, d);
      const b = n.args[1] ? evaluate(n.args[1], row, d) : undefined;
      // A null operand of a string test is no match (SQL's NULL LIKE '…').
      if (STRING_FUNCTIONS.has(n.fn) && (a === null || b === null)) return false;
      const sa = a === null ? '' : String(a);
      const sb = b === null || b === undefined ? '' : String(b);
      switch (n.fn) {
        case 'startswith': return sa.startsWith(sb);
        case 'endswith': return sa.endsWith(sb);
        case 'contains': return sa.includes(sb);
        case 'substringof': return sb.includes(sa);
        case 'length': return sa.length;
        case 'tolower': return sa.toLowerCase();
        case 'toupper': return sa.toUpperCase();
        default: return sa.trim();
      }
    }
    case 'cmp': {
      const l = evaluate(n.left, row, d);
      const r = evaluate(n.right, row, d);
      if (l === null || r === null) {
        if (n.op === 'eq') return l === r;
        if (n.op === 'ne') return l !== r;
        return false;
      }
      const c = compareValues(l, r);
      switch (n.op) {
        case 'eq': return c === 0;
        case 'ne': return c !== 0;
        case 'gt': return c > 0;
        case 'ge': return c >= 0;
        case 'lt': return c < 0;
        default: return c <= 0;
      }
    }
  }
}

function lowerBoundOf<T>(n: FilterNode<T>, field: string): KeyValue | undefined {
  if (n.k === 'and') {
    const a = lowerBoundOf(n.left, field);
    const b = lowerBoundOf(n.right, field);
    if (a === undefined) return b;
    if (b === undefined) return a;
    return compareValues(a, b) >= 0 ? a : b;
  }
  if (n.k === 'or') {
    const a = lowerBoundOf(n.left, field);
    const b = lowerBoundOf(n.right, field);
    if (a === undefined || b === undefined) return undefined;
    return compareValues(a, b) <= 0 ? a : b;
  }
  if (n.k === 'cmp' && n.left.k === 'prop' && n.left.name === field && n.right.k === 'lit' && n.right.value !== null) {
    if (n.op === 'gt' || n.op === 'ge' || n.op === 'eq') return n.right.value as KeyValue;
  }
  return undefined;
}

/** Parses and type-checks `text` in a stack's dialect. */
export function parseFilter<T>(text: string, dialect: FilterDialect<T>): CompiledFilter {
  const ast = new Parser(tokenize(text, dialect), text, dialect).parse();
  return {
    test: (row) => evaluate(ast, row, dialect) === true,
    lowerBound: (field) => lowerBoundOf(ast, field),
  };
}

// --- the ASP.NET OData v4 stack (Sage 300) ----------------------------------------------------------

export interface FilterOptions {
  substringFunction: 'contains' | 'substringof' | 'both';
}

const invalidParameters = (message: string): ODataFilterError => new ODataFilterError(message);
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\d:T])/;
const ASPNET_FUNCS = new Set(['startswith', 'endswith', 'contains', 'substringof', 'length', 'tolower', 'toupper', 'trim']);

/** Dates are stored as `YYYY-MM-DDT00:00:00Z`; literals are brought to the same form so strings compare. */
function normaliseDate(raw: string): string {
  const ms = Date.parse(raw.includes('T') ? raw : `${raw}T00:00:00Z`);
  if (Number.isNaN(ms)) throw invalidParameters(`The date literal '${raw}' is not valid.`);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function edmTypeOf(n: FilterNode<PropType>, model: Model): string {
  if (n.k === 'prop') return edmType(n.type, model);
  if (n.k === 'lit') {
    if (n.form === 'string') return 'Edm.String';
    if (n.form === 'number') return Number.isInteger(n.value) && !/[.eEmMdD]/.test(n.raw) ? 'Edm.Int32' : 'Edm.Decimal';
    if (n.form === 'date') return n.raw.includes('T') ? 'Edm.DateTimeOffset' : 'Edm.Date';
    if (n.form === 'bool') return 'Edm.Boolean';
    return 'null';
  }
  if (n.k === 'call') return n.fn === 'length' ? 'Edm.Int32' : n.fn === 'tolower' || n.fn === 'toupper' || n.fn === 'trim' ? 'Edm.String' : 'Edm.Boolean';
  return 'Edm.Boolean';
}

function compatible(a: string, b: string): boolean {
  if (a === 'null' || b === 'null' || a === b) return true;
  const numeric = (t: string) => t === 'Edm.Int32' || t === 'Edm.Decimal';
  if (numeric(a) && numeric(b)) return true;
  const dateLike = (t: string) => t === 'Edm.DateTimeOffset' || t === 'Edm.Date';
  return dateLike(a) && dateLike(b);
}

export function aspNetDialect(model: Model, options: FilterOptions): FilterDialect<PropType> {
  return {
    literal(rest, pos, text) {
      const dm = DATETIME.exec(rest) ?? DATE.exec(rest);
      if (dm) return { form: 'date', value: normaliseDate(dm[0]), length: dm[0].length };
      const typed = /^[A-Za-z_][A-Za-z0-9_]*(?=')/.exec(rest);
      // v3 typed literals such as datetime'2015-12-31T12:00' are not OData v4 syntax.
      if (typed) throw invalidParameters(`Unrecognized '${typed[0]}' literal '${rest.replace(/\s.*$/, '')}' at '${pos}' in '${text}'.`);
      return undefined;
    },
    functions: ASPNET_FUNCS,
    property(name) {
      const type = model.props[name];
      if (!type) throw new ODataFilterError(`Could not find a property named '${name}' on type '${qualified(model)}'.`);
      return type;
    },
    call(fn, args) {
      const allowed = fn === 'contains' ? options.substringFunction !== 'substringof' : fn === 'substringof' ? options.substringFunction !== 'contains' : true;
      if (!allowed) throw invalidParameters(`An unknown function with name '${fn}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`);
      const arity = fn === 'length' || fn === 'tolower' || fn === 'toupper' || fn === 'trim' ? 1 : 2;
      if (args.length !== arity || args.some((a) => a.k === 'prop' && a.type !== 'string')) {
        throw invalidParameters(`No function signature for the function with name '${fn}' matches the specified arguments.`);
      }
      return { k: 'call', fn, args };
    },
    compare(op, left, right) {
      for (const side of [left, right]) {
        if (side.k === 'prop' && typeof side.type === 'object' && 'collection' in side.type) {
          throw invalidParameters(`The operand for a binary operator '${CMP[op]}' is not a single value. Binary operators require both operands to be single values.`);
        }
      }
      const prop = left.k === 'prop' ? left : right.k === 'prop' ? right : undefined;
      const other = prop === left ? right : left;
      if (prop && typeof prop.type === 'object' && 'enum' in prop.type && other.k === 'lit' && other.form === 'string') {
        const members = prop.type.enum;
        const v = String(other.value);
        const member = members.find((m) => m.toLowerCase() === v.toLowerCase()) ?? (/^\d+$/.test(v) ? members[Number(v)] : undefined);
        if (!member) throw invalidParameters(`The string '${v}' is not a valid enumeration type constant.`);
        other.value = member;
        return { k: 'cmp', op, left, right };
      }
      const lt = edmTypeOf(left, model);
      const rt = edmTypeOf(right, model);
      if (!compatible(lt, rt)) throw invalidParameters(`A binary operator with incompatible types was detected. Found operand types '${lt}' and '${rt}' for operator kind '${CMP[op]}'.`);
      return { k: 'cmp', op, left, right };
    },
    error(kind, pos, text) {
      if (kind === 'empty') return invalidParameters('Syntax error: the $filter query option is empty.');
      if (kind === 'unterminated') return invalidParameters(`There is an unterminated string literal at position ${pos} in '${text}'.`);
      if (kind === 'notBoolean') return invalidParameters('The $filter expression must evaluate to a single boolean value.');
      return invalidParameters(`Syntax error at position ${pos} in '${text}'.`);
    },
  };
}

/** A `$filter` as the ASP.NET OData v4 stack (Sage 300's Web API) parses and checks it. */
export function compileFilter(text: string, model: Model, options: FilterOptions): CompiledFilter {
  return parseFilter(text, aspNetDialect(model, options));
}
