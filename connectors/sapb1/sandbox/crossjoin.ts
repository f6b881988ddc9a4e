// `GET $crossjoin(A,B)` (spec §4.1: how the Service Layer joins sets instead of expanding a collection of a
// collection): `$filter` joins the sets with `A/P eq B/Q` terms and restricts each with terms that name
// only that set (`Invoices/DocTotal gt 100`), all joined by `and`; `$expand=A($select=…),B` says what each
// row carries of each set (a set not expanded carries its key only); `$orderby=A/P desc`; paged like any
// collection. A row is `{"A": {…}, "B": {…}}` in a `Collection(Edm.ComplexType)`.
import { compareValues, type Row } from '../../kit/sandbox/table.ts';
import { findEntitySet, type EntitySet } from './entities.ts';
import { badQuery, invalidProperty } from './errors.ts';
import { parseProjection, splitTop } from './expand.ts';
import { compileFilter } from './filter.ts';
import { caseInsensitiveRequest } from './http.ts';
import { sendPage } from './page.ts';
import { renderRow } from './render.ts';
import type { ApiRequest } from './routes.ts';

type Joined = Record<string, Row>;

interface JoinTerm {
  left: { set: string; prop: string };
  right: { set: string; prop: string };
}

const PREFIXED = /\b([A-Za-z]+)\/(\w+)/g;

/** The text with quoted literals blanked, so prefixes and `and` are only looked for outside them. */
function outsideQuotes(text: string): string {
  return text.replace(/'(?:[^']|'')*'/g, (q) => ' '.repeat(q.length));
}

/** Splits on `and` at the top level (outside parentheses and quotes), dropping parentheses around a whole term. */
function splitAnd(text: string): string[] {
  const bare = outsideQuotes(text);
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let k = 0; k < bare.length; k++) {
    if (bare[k] === '(') depth++;
    else if (bare[k] === ')') depth--;
    else if (depth === 0) {
      const m = /^\s+and\s+/i.exec(bare.slice(k));
      if (m && k > from) {
        out.push(text.slice(from, k).trim());
        from = k + m[0].length;
        k = from - 1;
      }
    }
  }
  out.push(text.slice(from).trim());
  return out.map((t) => (/^\((.*)\)$/s.test(t) && !/\)\s*(and|or)\s*\(/i.test(t) ? t.slice(1, -1).trim() : t));
}

function setIn(sets: EntitySet[], name: string): EntitySet {
  const set = sets.find((s) => s.name === name);
  if (!set) throw badQuery(`'${name}' is not one of the entity sets of this $crossjoin (${sets.map((s) => s.name).join(', ')})`);
  return set;
}

export function crossjoin(a: ApiRequest, list: string): void {
  const { core, version } = a;
  const names = list.split(',').map((n) => n.trim());
  const sets = names.map((n) => {
    const set = findEntitySet(n);
    if (!set) throw badQuery(`Resource not found for the segment '${n}' in $crossjoin`);
    return set;
  });
  if (sets.length < 2) throw badQuery('$crossjoin needs at least two entity sets');
  const params = new URL(`http://x/?${a.rawSearch}`).searchParams;
  const ctx = { version, caseInsensitive: caseInsensitiveRequest(a.ex, core.base.switches.caseSensitive), v2QuotedLiterals: core.base.switches.v2QuotedLiterals };

  // $filter: join terms, and each set's own terms compiled as that set's filter.
  const joins: JoinTerm[] = [];
  const own = new Map<string, string[]>();
  const filter = params.get('$filter');
  for (const term of filter ? splitAnd(filter) : []) {
    const join = /^([A-Za-z]+)\/(\w+)\s+eq\s+([A-Za-z]+)\/(\w+)$/.exec(term);
    if (join && join[1] !== join[3]) {
      const left = setIn(sets, join[1]!);
      const right = setIn(sets, join[3]!);
      if (!(join[2]! in left.props)) throw invalidProperty(join[2]!, left.type);
      if (!(join[4]! in right.props)) throw invalidProperty(join[4]!, right.type);
      joins.push({ left: { set: left.name, prop: join[2]! }, right: { set: right.name, prop: join[4]! } });
      continue;
    }
    const prefixes = new Set([...outsideQuotes(term).matchAll(PREFIXED)].map((m) => m[1]!));
    if (prefixes.size !== 1) throw badQuery(`In $crossjoin, each $filter term names one entity set (Set/Property) or joins two with eq: '${term}'`);
    const set = setIn(sets, [...prefixes][0]!);
    const bare = outsideQuotes(term);
    let stripped = '';
    let last = 0;
    for (const m of bare.matchAll(PREFIXED)) {
      stripped += term.slice(last, m.index) + m[2];
      last = m.index + m[0].length;
    }
    own.set(set.name, [...(own.get(set.name) ?? []), stripped + term.slice(last)]);
  }

  // Each set's rows, then the join, hashing on the join term that links a set to those before it.
  const rowsOf = (set: EntitySet) => {
    const terms = own.get(set.name);
    const test = terms ? compileFilter(terms.map((t) => `(${t})`).join(' and '), { set, ...ctx }) : undefined;
    return core.state.table(set.name).all().filter((r) => (test ? test(r) : true));
  };
  let joined: Joined[] = rowsOf(sets[0]!).map((r) => ({ [sets[0]!.name]: r }));
  const done = new Set([sets[0]!.name]);
  for (const set of sets.slice(1)) {
    const links = joins.filter((j) => (j.left.set === set.name && done.has(j.right.set)) || (j.right.set === set.name && done.has(j.left.set)));
    const rows = rowsOf(set);
    const next: Joined[] = [];
    for (const left of joined) {
      for (const row of rows) {
        const match = links.every((j) => {
          const [mine, theirs] = j.left.set === set.name ? [j.left, j.right] : [j.right, j.left];
          return compareValues(row[mine.prop], left[theirs.set]![theirs.prop]) === 0;
        });
        if (match) next.push({ ...left, [set.name]: row });
      }
      if (next.length > 1_000_000) throw badQuery('$crossjoin without join terms gives too many rows; join the sets with Set/Property eq Set/Property');
    }
    joined = next;
    done.add(set.name);
  }

  const orderby = params.get('$orderby')?.split(',').map((part) => {
    const m = /^([A-Za-z]+)\/(\w+)(?:\s+(asc|desc))?$/.exec(part.trim());
    if (!m) throw badQuery(`Invalid $orderby '${part.trim()}' in $crossjoin: write Set/Property [asc|desc]`);
    const set = setIn(sets, m[1]!);
    if (!(m[2]! in set.props)) throw invalidProperty(m[2]!, set.type);
    return { set: set.name, prop: m[2]!, desc: m[3] === 'desc' };
  });
  if (orderby) {
    joined.sort((x, y) => {
      for (const o of orderby) {
        const c = compareValues(x[o.set]![o.prop], y[o.set]![o.prop]);
        if (c !== 0) return o.desc ? -c : c;
      }
      return 0;
    });
  }

  // $expand=Set($select=…): what each row carries of each set.
  const expanded = new Map<string, string[] | undefined>();
  for (const part of splitTop(params.get('$expand') ?? '', ',')) {
    const m = /^([A-Za-z]+)(?:\((.*)\))?$/s.exec(part);
    if (!m) throw badQuery(`Invalid $expand '${part}' in $crossjoin`);
    const set = setIn(sets, m[1]!);
    const inner = new URLSearchParams(m[2] ? m[2].replace(/;/g, '&') : '');
    expanded.set(set.name, parseProjection(set, inner).select);
  }
  // Each part is a complex value of the row, so it carries no entity annotations (no etag).
  const part = (set: EntitySet, row: Row): Row => {
    const out = renderRow(set, row, version, core.base.switches, expanded.has(set.name) ? expanded.get(set.name) : [set.key]);
    for (const k of Object.keys(out)) if (k.startsWith('odata.') || k.startsWith('@odata.')) delete out[k];
    return out;
  };
  const render = (row: Joined): Row => Object.fromEntries(sets.map((set) => [set.name, part(set, row[set.name]!)]));

  const top = params.get('$top');
  const skip = params.get('$skip');
  for (const [name, v] of [['$top', top], ['$skip', skip]] as const) if (v !== null && !/^\d+$/.test(v)) throw badQuery(`Invalid value '${v}' for query option '${name}'`);
  sendPage(a, {
    context: `${a.origin}/b1s/${version}/$metadata#Collection(Edm.ComplexType)`,
    rows: joined,
    skip: skip === null ? 0 : Number(skip),
    ...(top !== null && { top: Number(top) }),
    count: version === 'v1' ? params.get('$inlinecount') === 'allpages' : params.get('$count') === 'true',
    render,
    linkPath: `$crossjoin(${names.join(',')})`,
  });
}
