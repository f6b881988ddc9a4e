// The OData `$filter` grammar a Web API accepts (Sage 300 spec §4.2; SAP B1's Service Layer), parsed and type-checked against the entity
// model the way the ASP.NET OData stack does it, with its error texts: an unquoted bare word is a
// property name ("Could not find a property named 'X' on type '…'"), a quoted string against a date is
// "A binary operator with incompatible types was detected…", the v3 `datetime'…'` literal is refused.
// The grammar is the OData stack's, shared by Sage 300 and SAP B1 sandboxes: errors are ODataFilterError
// with the stack's message, which each sandbox wraps in its own error envelope.
import { edmType, type Model, type PropType, qualified } from './odata-model.ts';
import { compareValues, type KeyValue, type Row } from './table.ts';

export class ODataFilterError extends Error {
  override name = 'ODataFilterError';
}

const invalidParameters = (message: string): ODataFilterError => new ODataFilterError(message);
const propertyNotFound = (prop: string, typeName: string): ODataFilterError =>
  new ODataFilterError(`Could not find a property named '${prop}' on type '${typeName}'.`);

type LitType = 'string' | 'number' | 'date' | 'bool' | 'null';
type Node =
  | { k: 'prop'; name: string; type: PropType }
  | { k: 'lit'; type: LitType; value: string | number | boolean | null; raw: string }
  | { k: 'cmp'; op: CmpOp; left: Node; right: Node }
  | { k: 'and' | 'or'; left: Node; right: Node }
  | { k: 'not'; expr: Node }
  | { k: 'call'; fn: string; args: Node[] };

type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
const CMP: Record<CmpOp, string> = {
  eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual',
};

export interface FilterOptions {
  substringFunction: 'contains' | 'substringof' | 'both';
}

export interface CompiledFilter {
  test(row: Row): boolean;
  /** A value the first key field is known to be ≥ for every match, to start a key-ordered scan there. */
  lowerBound(keyField: string): KeyValue | undefined;
}

type Token = { t: 'punct' | 'string' | 'number' | 'date' | 'word'; v: string; pos: number };

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\d:T])/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let p = 0;
  const syntax = () => invalidParameters(`Syntax error at position ${p} in '${text}'.`);
  while (p < text.length) {
    const rest = text.slice(p);
    const c = text[p]!;
    if (/\s/.test(c)) { p++; continue; }
    if (c === '(' || c === ')' || c === ',') { tokens.push({ t: 'punct', v: c, pos: p }); p++; continue; }
    if (c === "'") {
      let v = '';
      let q = p + 1;
      for (;;) {
        if (q >= text.length) throw invalidParameters(`There is an unterminated string literal at position ${p} in '${text}'.`);
        if (text[q] === "'") {
          if (text[q + 1] === "'") { v += "'"; q += 2; continue; }
          break;
        }
        v += text[q++];
      }
      tokens.push({ t: 'string', v, pos: p });
      p = q + 1;
      continue;
    }
    const dm = DATETIME.exec(rest) ?? DATE.exec(rest);
    if (dm) { tokens.push({ t: 'date', v: dm[0], pos: p }); p += dm[0].length; continue; }
    const nm = NUMBER.exec(rest);
    if (nm) { tokens.push({ t: 'number', v: nm[0], pos: p }); p += nm[0].length; continue; }
    const wm = WORD.exec(rest);
    if (wm) {
      if (text[p + wm[0].length] === "'") {
        // v3 typed literals such as datetime'2015-12-31T12:00' are not OData v4 syntax.
        throw invalidParameters(`Unrecognized '${wm[0]}' literal '${rest.replace(/\s.*$/, '')}' at '${p}' in '${text}'.`);
      }
      tokens.push({ t: 'word', v: wm[0], pos: p });
      p += wm[0].length;
      continue;
    }
    throw syntax();
  }
  return tokens;
}

const FUNCS = new Set(['startswith', 'endswith', 'contains', 'substringof', 'length', 'tolower', 'toupper', 'trim']);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly text: string, private readonly model: Model, private readonly options: FilterOptions) {}

  parse(): Node {
    if (this.tokens.length === 0) throw invalidParameters(`Syntax error: the $filter query option is empty.`);
    const node = this.or();
    if (this.i < this.tokens.length) throw this.syntax();
    return node;
  }

  private syntax(): Error {
    const pos = this.tokens[this.i]?.pos ?? this.text.length;
    return invalidParameters(`Syntax error at position ${pos} in '${this.text}'.`);
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

  private or(): Node {
    let left = this.and();
    while (this.peekWord('or')) { this.i++; left = { k: 'or', left, right: this.and() }; }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.peekWord('and')) { this.i++; left = { k: 'and', left, right: this.not() }; }
    return left;
  }

  private not(): Node {
    if (this.peekWord('not')) { this.i++; return { k: 'not', expr: this.not() }; }
    return this.comparison();
  }

  private comparison(): Node {
    const left = this.primary();
    const t = this.tokens[this.i];
    if (t?.t === 'word' && t.v in CMP) {
      this.i++;
      const right = this.primary();
      return this.bindComparison(t.v as CmpOp, left, right);
    }
    return left;
  }

  private primary(): Node {
    const t = this.tokens[this.i];
    if (!t) throw this.syntax();
    if (t.t === 'punct' && t.v === '(') {
      this.i++;
      const e = this.or();
      this.expect(')');
      return e;
    }
    this.i++;
    if (t.t === 'string') return { k: 'lit', type: 'string', value: t.v, raw: `'${t.v}'` };
    if (t.t === 'number') return { k: 'lit', type: 'number', value: Number(t.v.replace(/[mMdDfFlL]$/, '')), raw: t.v };
    if (t.t === 'date') return { k: 'lit', type: 'date', value: normaliseDate(t.v), raw: t.v };
    if (t.t === 'word') {
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', type: 'bool', value: t.v === 'true', raw: t.v };
      if (t.v === 'null') return { k: 'lit', type: 'null', value: null, raw: t.v };
      const next = this.tokens[this.i];
      if (FUNCS.has(t.v) && next?.t === 'punct' && next.v === '(') return this.call(t.v);
      const type = this.model.props[t.v];
      if (!type) throw propertyNotFound(t.v, qualified(this.model));
      return { k: 'prop', name: t.v, type };
    }
    throw this.syntax();
  }

  private call(fn: string): Node {
    const allowed =
      fn === 'contains' ? this.options.substringFunction !== 'substringof' : fn === 'substringof' ? this.options.substringFunction !== 'contains' : true;
    if (!allowed) throw invalidParameters(`An unknown function with name '${fn}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`);
    this.expect('(');
    const args: Node[] = [this.or()];
    while (this.tokens[this.i]?.t === 'punct' && this.tokens[this.i]!.v === ',') { this.i++; args.push(this.or()); }
    this.expect(')');
    const arity = fn === 'length' || fn === 'tolower' || fn === 'toupper' || fn === 'trim' ? 1 : 2;
    if (args.length !== arity) throw invalidParameters(`No function signature for the function with name '${fn}' matches the specified arguments.`);
    for (const a of args) {
      if (a.k === 'prop' && a.type !== 'string') throw invalidParameters(`No function signature for the function with name '${fn}' matches the specified arguments.`);
    }
    return { k: 'call', fn, args };
  }

  private bindComparison(op: CmpOp, left: Node, right: Node): Node {
    const lt = typeName(left, this.model);
    const rt = typeName(right, this.model);
    for (const side of [left, right]) {
      if (side.k === 'prop' && typeof side.type === 'object' && 'collection' in side.type) {
        throw invalidParameters(`The operand for a binary operator '${CMP[op]}' is not a single value. Binary operators require both operands to be single values.`);
      }
    }
    const prop = left.k === 'prop' ? left : right.k === 'prop' ? right : undefined;
    const other = prop === left ? right : left;
    if (prop && typeof prop.type === 'object' && 'enum' in prop.type && other.k === 'lit' && other.type === 'string') {
      const members = prop.type.enum;
      const v = String(other.value);
      const byName = members.find((m) => m.toLowerCase() === v.toLowerCase());
      const byNumber = /^\d+$/.test(v) ? members[Number(v)] : undefined;
      const member = byName ?? byNumber;
      if (!member) throw invalidParameters(`The string '${v}' is not a valid enumeration type constant.`);
      other.value = member;
      return { k: 'cmp', op, left, right };
    }
    if (!compatible(lt, rt)) {
      throw invalidParameters(
        `A binary operator with incompatible types was detected. Found operand types '${lt}' and '${rt}' for operator kind '${CMP[op]}'.`,
      );
    }
    return { k: 'cmp', op, left, right };
  }
}

function typeName(n: Node, model: Model): string {
  if (n.k === 'prop') return edmType(n.type, model);
  if (n.k === 'lit') {
    if (n.type === 'string') return 'Edm.String';
    if (n.type === 'number') return Number.isInteger(n.value) && !/[.eEmMdD]/.test(n.raw) ? 'Edm.Int32' : 'Edm.Decimal';
    if (n.type === 'date') return n.raw.includes('T') ? 'Edm.DateTimeOffset' : 'Edm.Date';
    if (n.type === 'bool') return 'Edm.Boolean';
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

/** Dates are stored as `YYYY-MM-DDT00:00:00Z`; literals are brought to the same form so strings compare. */
function normaliseDate(raw: string): string {
  const ms = Date.parse(raw.includes('T') ? raw : `${raw}T00:00:00Z`);
  if (Number.isNaN(ms)) throw invalidParameters(`The date literal '${raw}' is not valid.`);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function evaluate(n: Node, row: Row): unknown {
  switch (n.k) {
    case 'prop': return row[n.name] ?? null;
    case 'lit': return n.value;
    case 'and': return evaluate(n.left, row) === true && evaluate(n.right, row) === true;
    case 'or': return evaluate(n.left, row) === true || evaluate(n.right, row) === true;
    case 'not': return evaluate(n.expr, row) !== true;
    case 'call': {
      const a = evaluate(n.args[0]!, row);
      const b = n.args[1] ? evaluate(n.args[1], row) : undefined;
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
      const l = evaluate(n.left, row);
      const r = evaluate(n.right, row);
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

function lowerBoundOf(n: Node, field: string): KeyValue | undefined {
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

export function compileFilter(text: string, model: Model, options: FilterOptions): CompiledFilter {
  const ast = new Parser(tokenize(text), text, model, options).parse();
  if (typeName(ast, model) !== 'Edm.Boolean' || ast.k === 'prop' || ast.k === 'lit') {
    throw invalidParameters(`The $filter expression must evaluate to a single boolean value.`);
  }
  return {
    test: (row) => evaluate(ast, row) === true,
    lowerBound: (field) => lowerBoundOf(ast, field),
  };
}
