// The readByQuery query language (spec §5.1): `FIELD op 'value'` joined by AND/OR, NOT prefix,
// parentheses, IN/NOT IN lists, LIKE, IS [NOT] NULL; single quotes escaped with a backslash; spaces
// around operators required. An empty query matches everything.
import { queryFailed } from './errors.ts';
import type { Comparison, Condition } from './conditions.ts';

type Token = { kind: 'word' | 'string' | 'op' | 'punct'; text: string };

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= q.length) throw queryFailed(`Unterminated string in query: ${q}`);
        const ch = q[i]!;
        if (ch === '\\' && i + 1 < q.length) { s += q[i + 1]; i += 2; continue; }
        if (ch === "'") { i++; break; }
        s += ch;
        i++;
      }
      tokens.push({ kind: 'string', text: s });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') { tokens.push({ kind: 'punct', text: c }); i++; continue; }
    const op = /^(<=|>=|<>|!=|=|<|>)/.exec(q.slice(i));
    if (op) {
      const next = q[i + op[0].length];
      const prev = q[i - 1];
      if ((next !== undefined && !/\s/.test(next)) || (prev !== undefined && !/\s/.test(prev))) {
        throw queryFailed(`Operators need spaces around them in the query: ${q}`);
      }
      tokens.push({ kind: 'op', text: op[0] });
      i += op[0].length;
      continue;
    }
    const word = /^[A-Za-z0-9_.\-+]+/.exec(q.slice(i));
    if (!word) throw queryFailed(`Unexpected character '${c}' in query: ${q}`);
    tokens.push({ kind: 'word', text: word[0] });
    i += word[0].length;
  }
  return tokens;
}

export function parseQueryString(q: string): Condition | undefined {
  const tokens = tokenize(q);
  if (tokens.length === 0) return undefined;
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, w: string) => t?.kind === 'word' && t.text.toUpperCase() === w;
  const fail = (what: string): never => { throw queryFailed(`${what} at position ${pos} in query: ${q}`); };
  const value = (): string => {
    const t = tokens[pos++];
    if (!t || (t.kind !== 'string' && t.kind !== 'word')) return fail('Expected a value');
    return t.text;
  };

  const comparison = (): Condition => {
    const fieldTok = tokens[pos++];
    if (!fieldTok || fieldTok.kind !== 'word') return fail('Expected a field name');
    const field = fieldTok.text;
    const t = peek();
    if (t?.kind === 'op') {
      pos++;
      const cmp = (t.text === '<>' ? '!=' : t.text) as Comparison;
      return { op: 'cmp', field, cmp, values: [value()] };
    }
    if (isWord(t, 'IS')) {
      pos++;
      const not = isWord(peek(), 'NOT');
      if (not) pos++;
      if (!isWord(tokens[pos++], 'NULL')) fail('Expected NULL');
      return { op: 'cmp', field, cmp: not ? 'isnotnull' : 'isnull', values: [] };
    }
    let negate = false;
    if (isWord(t, 'NOT')) { negate = true; pos++; }
    const kw = peek();
    if (isWord(kw, 'LIKE')) { pos++; return { op: 'cmp', field, cmp: negate ? 'notlike' : 'like', values: [value()] }; }
    if (isWord(kw, 'IN')) {
      pos++;
      if (tokens[pos++]?.text !== '(') fail('Expected (');
      const values = [value()];
      while (peek()?.text === ',') { pos++; values.push(value()); }
      if (tokens[pos++]?.text !== ')') fail('Expected )');
      return { op: 'cmp', field, cmp: negate ? 'notin' : 'in', values };
    }
    return fail('Expected an operator');
  };

  const unary = (): Condition => {
    if (isWord(peek(), 'NOT')) { pos++; return { op: 'not', item: unary() }; }
    if (peek()?.text === '(') {
      pos++;
      const inner = or();
      if (tokens[pos++]?.text !== ')') fail('Expected )');
      return inner;
    }
    return comparison();
  };
  const and = (): Condition => {
    const items = [unary()];
    while (isWord(peek(), 'AND')) { pos++; items.push(unary()); }
    return items.length === 1 ? items[0]! : { op: 'and', items };
  };
  const or = (): Condition => {
    const items = [and()];
    while (isWord(peek(), 'OR')) { pos++; items.push(and()); }
    return items.length === 1 ? items[0]! : { op: 'or', items };
  };
  const cond = or();
  if (pos !== tokens.length) fail('Unexpected text');
  return cond;
}
