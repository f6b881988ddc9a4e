// COQL's grammar as Zoho's Query API documents it (v7/v8 "Get Records through a COQL Query", "Query API -
// Limitations", Kaizen #171): SELECT columns FROM module [WHERE criteria] [ORDER BY column [asc|desc], …]
// [LIMIT [offset,] count | LIMIT count OFFSET offset]. Keywords are case-insensitive. A column is an API
// name, a lookup path (`Account_Name.id`, `Account_Name.Parent_Account.Account_Name`) or either one quoted
// (a reserved word such as 'External' must be), with an optional alias. One level of criteria holds at most
// two, joined by `and` or `or`; a third needs parentheses ("((A and B) and C)"), else SYNTAX_ERROR.
// This module knows the grammar only; what the names mean is checked in coql-query.ts.
import { ZohoError } from './errors.ts';
import { syntaxError, tokenize, type Token } from './coql-lexer.ts';

export type Aggregate = 'SUM' | 'MIN' | 'MAX' | 'AVG' | 'COUNT';
/** Aggregate functions are written in capitals (the docs: they are case-sensitive). */
const AGGREGATES = new Set<string>(['SUM', 'MIN', 'MAX', 'AVG', 'COUNT']);

export interface Column {
  /** The API names along the path (`['Account_Name', 'id']`). */
  path: string[];
  /** `SUM(Amount)`: the function over the path. */
  aggregate?: Aggregate;
  /** The key the answer uses: the alias, else the column as written. */
  key: string;
  token: Token;
}

export interface Value {
  kind: 'text' | 'number' | 'name';
  value: string;
  token: Token;
}

export type Operator = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type Condition =
  | { kind: 'compare'; column: Column; op: Operator; value: Value }
  | { kind: 'null'; column: Column; negated: boolean }
  | { kind: 'between'; column: Column; negated: boolean; low: Value; high: Value }
  | { kind: 'in'; column: Column; negated: boolean; values: Value[] }
  | { kind: 'like'; column: Column; negated: boolean; value: Value }
  | { kind: 'and' | 'or'; left: Condition; right: Condition };

export interface Query {
  columns: Column[];
  module: { name: string; cvid?: string; token: Token };
  where?: Condition;
  groupBy: Column[];
  orderBy: { column: Column; desc: boolean }[];
  limit?: { count: number; offset: number; token: Token };
}

const KEYWORDS = new Set(['select', 'from', 'where', 'and', 'or', 'not', 'is', 'null', 'in', 'like', 'between', 'order', 'group', 'by', 'asc', 'desc', 'limit', 'offset', 'as']);

const unsupported = (what: string, t: Token): ZohoError =>
  new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', { reason: `${what} is not modelled by the sandbox`, near: t.value, line: t.line, column: t.column });

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private get t(): Token {
    return this.tokens[this.i] as Token;
  }

  private next(): Token {
    const t = this.t;
    if (t.kind !== 'end') this.i++;
    return t;
  }

  private isWord(word: string, t = this.t): boolean {
    return t.kind === 'name' && t.value.toLowerCase() === word;
  }

  private isSymbol(s: string): boolean {
    return this.t.kind === 'symbol' && this.t.value === s;
  }

  private expectWord(word: string, message: string): Token {
    if (!this.isWord(word)) throw syntaxError(message, this.t);
    return this.next();
  }

  private expectSymbol(s: string, message: string): Token {
    if (!this.isSymbol(s)) throw syntaxError(message, this.t);
    return this.next();
  }

  parse(): Query {
    if (!this.isWord('select')) throw syntaxError('only SELECT queries are supported', this.t);
    this.next();
    const columns = this.columns();
    if (!this.isWord('from')) throw new ZohoError(400, 'SYNTAX_ERROR', 'the query has no FROM clause', { clause: 'from' });
    this.next();
    const moduleToken = this.next();
    if (moduleToken.kind !== 'name' || KEYWORDS.has(moduleToken.value.toLowerCase())) throw syntaxError('FROM must name a module', moduleToken);
    const [name, cvid] = moduleToken.value.split('#') as [string, string | undefined];
    const query: Query = { columns, module: { name, ...(cvid !== undefined && { cvid }), token: moduleToken }, groupBy: [], orderBy: [] };
    if (this.isWord('where')) {
      this.next();
      query.where = this.criteria();
    }
    if (this.isWord('group')) {
      this.next();
      this.expectWord('by', 'GROUP must be followed by BY');
      query.groupBy = [this.column()];
      while (this.isSymbol(',')) {
        this.next();
        query.groupBy.push(this.column());
      }
    }
    if (this.isWord('order')) {
      this.next();
      this.expectWord('by', 'ORDER must be followed by BY');
      query.orderBy = this.orderBy();
    }
    if (this.isWord('limit') || this.isWord('offset')) query.limit = this.limit();
    if (this.t.kind !== 'end') throw syntaxError('unexpected text after the query', this.t);
    return query;
  }

  private columns(): Column[] {
    const out: Column[] = [];
    do {
      if (out.length) this.next();
      if (this.isSymbol('*')) throw syntaxError('SELECT * is not supported; name the fields', this.t);
      const column = this.column();
      if (this.isWord('as')) {
        this.next();
        const alias = this.next();
        if (alias.kind !== 'text' && alias.kind !== 'name') throw syntaxError('AS must be followed by an alias', alias);
        if (!alias.value.trim()) throw new ZohoError(400, 'INVALID_ALIAS', 'the alias name cannot be empty', { near: alias.value, line: alias.line, column: alias.column });
        column.key = alias.value;
      }
      out.push(column);
    } while (this.isSymbol(','));
    return out;
  }

  /** A column reference: `Name`, `Name.Name…` or the same in quotes. */
  private column(): Column {
    const t = this.t;
    if (t.kind === 'text') {
      this.next();
      return { path: t.value.split('.'), key: t.value, token: t };
    }
    if (t.kind !== 'name' || KEYWORDS.has(t.value.toLowerCase())) throw syntaxError(`a field API name was expected (a reserved word used as a name must be quoted)`, t);
    this.next();
    if (this.isSymbol('(')) {
      if (!AGGREGATES.has(t.value)) throw unsupported(`the function ${t.value}()`, t);
      this.next();
      const inner = this.column();
      this.expectSymbol(')', `${t.value}( must be closed with )`);
      const key = `${t.value}(${inner.key})`;
      return { ...inner, aggregate: t.value as Aggregate, key, token: t };
    }
    const path = [t.value];
    while (this.isSymbol('.')) {
      this.next();
      const part = this.next();
      if (part.kind !== 'name') throw syntaxError('a field API name was expected after "."', part);
      path.push(part.value);
    }
    return { path, key: path.join('.'), token: t };
  }

  /** At most two criteria per level; a third without parentheses is ambiguous to Zoho, so refused. */
  private criteria(): Condition {
    const left = this.term();
    if (!this.isWord('and') && !this.isWord('or')) return left;
    const kind = this.next().value.toLowerCase() as 'and' | 'or';
    const right = this.term();
    if (this.isWord('and') || this.isWord('or')) throw syntaxError('more than two criteria must be grouped with parentheses, e.g. ((A and B) and C)', this.t);
    return { kind, left, right };
  }

  private term(): Condition {
    if (this.isSymbol('(')) {
      this.next();
      const inner = this.criteria();
      this.expectSymbol(')', 'unbalanced parentheses in the WHERE clause');
      return inner;
    }
    const column = this.column();
    if (this.isWord('is')) {
      this.next();
      const negated = this.isWord('not');
      if (negated) this.next();
      this.expectWord('null', 'IS must be followed by NULL or NOT NULL');
      return { kind: 'null', column, negated };
    }
    const negated = this.isWord('not');
    if (negated) this.next();
    if (this.isWord('between')) {
      this.next();
      const low = this.value();
      this.expectWord('and', 'BETWEEN needs two values joined by AND');
      return { kind: 'between', column, negated, low, high: this.value() };
    }
    if (this.isWord('in')) {
      this.next();
      this.expectSymbol('(', 'IN must be followed by a list in parentheses');
      const values = [this.value()];
      while (this.isSymbol(',')) {
        this.next();
        values.push(this.value());
      }
      this.expectSymbol(')', 'the IN list is not closed');
      return { kind: 'in', column, negated, values };
    }
    if (this.isWord('like')) {
      this.next();
      return { kind: 'like', column, negated, value: this.value() };
    }
    if (negated) throw syntaxError('NOT must be followed by IN, LIKE or BETWEEN', this.t);
    const op = this.t;
    if (op.kind !== 'symbol' || !['=', '!=', '<>', '<', '>', '<=', '>='].includes(op.value)) throw syntaxError('a comparison operator was expected', op);
    this.next();
    return { kind: 'compare', column, op: (op.value === '<>' ? '!=' : op.value) as Operator, value: this.value() };
  }

  private value(): Value {
    const t = this.next();
    if (t.kind === 'text' || t.kind === 'number') return { kind: t.kind, value: t.value, token: t };
    // A bare word is a value too (`Lead_Source = Advertisement`, `Email_Opt_Out = true`).
    if (t.kind === 'name' && !KEYWORDS.has(t.value.toLowerCase())) return { kind: 'name', value: t.value, token: t };
    throw syntaxError('a value was expected', t);
  }

  private orderBy(): { column: Column; desc: boolean }[] {
    const out: { column: Column; desc: boolean }[] = [];
    do {
      if (out.length) this.next();
      const column = this.column();
      let desc = false;
      if (this.isWord('asc') || this.isWord('desc')) desc = this.next().value.toLowerCase() === 'desc';
      out.push({ column, desc });
    } while (this.isSymbol(','));
    return out;
  }

  /** `LIMIT count`, `LIMIT offset, count`, `LIMIT count OFFSET offset` (or `OFFSET offset` alone). */
  private limit(): { count: number; offset: number; token: Token } {
    const token = this.t;
    let count: number | undefined;
    let offset = 0;
    if (this.isWord('limit')) {
      this.next();
      const first = this.integer();
      if (this.isSymbol(',')) {
        this.next();
        offset = first;
        count = this.integer();
      } else count = first;
    }
    if (this.isWord('offset')) {
      this.next();
      offset = this.integer();
    }
    return { count: count ?? -1, offset, token };
  }

  private integer(): number {
    const t = this.next();
    if (t.kind !== 'number' || !/^\d+$/.test(t.value)) throw syntaxError('LIMIT and OFFSET take whole numbers', t);
    return Number(t.value);
  }
}

/** The query's syntax tree, or the SYNTAX_ERROR Zoho answers. */
export function parseCoql(text: string): Query {
  return new Parser(tokenize(text)).parse();
}
