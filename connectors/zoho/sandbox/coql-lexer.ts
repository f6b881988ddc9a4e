// COQL's tokens (Zoho's Query API, `POST /crm/v8/coql`): names, quoted text ('…' or "…", a quote
// doubled inside is one quote, as Zoho's COQL FAQ says), numbers and the comparison symbols. Every token
// keeps its line and column, because a SYNTAX_ERROR names where the query went wrong ({near, line, column},
// the official SDK's ParseErrorDetails).
import { ZohoError } from './errors.ts';

export type TokenKind = 'name' | 'text' | 'number' | 'symbol' | 'end';

export interface Token {
  kind: TokenKind;
  /** A name or symbol as written; text without its quotes and with doubled quotes undone. */
  value: string;
  /** Where the token starts (0-based offset) and its 1-based line and column. */
  at: number;
  line: number;
  column: number;
}

const SYMBOLS = ['!=', '<>', '<=', '>=', '=', '<', '>', '(', ')', ',', '.', '*'];
// Names: API names (letters, digits, `_`), a custom view (`Leads#4876876000000091501`) and a
// multi-module lookup's arrow (`What_Id->Leads`) are one name each.
const NAME = /[A-Za-z0-9_$#]|->/y;

export function syntaxError(message: string, t: Pick<Token, 'value' | 'line' | 'column'>): ZohoError {
  return new ZohoError(400, 'SYNTAX_ERROR', message, { near: t.value, line: t.line, column: t.column });
}

export function tokenize(query: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const here = (at: number) => ({ at, line, column: at - lineStart + 1 });
  while (i < query.length) {
    const c = query[i] as string;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const start = here(i);
      let value = '';
      i++;
      for (;;) {
        if (i >= query.length) throw syntaxError('the query has an unterminated quoted value', { value: query.slice(start.at, start.at + 20), line: start.line, column: start.column });
        if (query[i] === c && query[i + 1] === c) {
          value += c;
          i += 2;
        } else if (query[i] === c) {
          i++;
          break;
        } else value += query[i++];
      }
      out.push({ kind: 'text', value, ...start });
      continue;
    }
    const number = /-?\d+(?:\.\d+)?(?![A-Za-z_#])/y;
    number.lastIndex = i;
    const n = number.exec(query);
    if (n && (c !== '-' || /[\s(,=<>]/.test(query[i - 1] ?? ' '))) {
      out.push({ kind: 'number', value: n[0], ...here(i) });
      i += n[0].length;
      continue;
    }
    NAME.lastIndex = i;
    if (NAME.test(query)) {
      const start = here(i);
      let value = '';
      for (;;) {
        NAME.lastIndex = i;
        const m = NAME.exec(query);
        if (!m) break;
        value += m[0];
        i += m[0].length;
      }
      out.push({ kind: 'name', value, ...start });
      continue;
    }
    const symbol = SYMBOLS.find((s) => query.startsWith(s, i));
    if (!symbol) throw syntaxError(`unexpected character ${c}`, { value: query.slice(i, i + 20), ...here(i) });
    out.push({ kind: 'symbol', value: symbol, ...here(i) });
    i += symbol.length;
  }
  out.push({ kind: 'end', value: '', ...here(i) });
  return out;
}
