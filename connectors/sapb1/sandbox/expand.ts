// `$select` and `$expand` of a GET (spec §4.1): `*` (alone or with more, `$select=*,BusinessPartner`), and
// navigation properties followed to their entity, with `$select` inside `$expand` (FP 2105+), e.g.
// `$expand=BusinessPartner($select=CardCode,CardName)`. Complex collections such as DocumentLines are
// returned inline anyway and cannot be expanded.
import { ENTITY_SETS, type EntitySet } from './entities.ts';
import { badQuery, invalidProperty, type ApiVersion } from './errors.ts';
import { renderRow } from './render.ts';
import type { CompanyState } from './state.ts';
import type { Switches } from './switches.ts';
import type { Row } from '../../kit/sandbox/table.ts';

export interface ExpandItem {
  name: string;
  target: EntitySet;
  via: string;
  select?: string[];
}

export interface Projection {
  /** Properties to write; undefined = all. */
  select?: string[];
  expand: ExpandItem[];
}

/** Splits on `separator` outside parentheses. */
export function splitTop(text: string, separator: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === separator && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out.filter(Boolean);
}

function parseSelect(set: EntitySet, raw: string | null): string[] | undefined {
  if (raw === null) return undefined;
  const parts = splitTop(raw, ',');
  for (const f of parts) if (f !== '*' && !(f in set.props) && !(f in (set.navigation ?? {}))) throw invalidProperty(f, set.type);
  return parts.includes('*') ? undefined : parts;
}

function parseExpand(set: EntitySet, raw: string | null): ExpandItem[] {
  if (raw === null) return [];
  return splitTop(raw, ',').map((part) => {
    const m = /^(\w+)(?:\((.*)\))?$/s.exec(part);
    if (!m) throw badQuery(`Invalid $expand '${part}'`);
    const name = m[1]!;
    const nav = set.navigation?.[name];
    if (!nav) {
      if (name in set.props) throw badQuery(`Property '${name}' of '${set.type}' is not a navigation property and cannot be expanded`);
      throw invalidProperty(name, set.type);
    }
    const target = ENTITY_SETS.find((s) => s.name === nav.set)!;
    const item: ExpandItem = { name, target, via: nav.via };
    for (const option of splitTop(m[2] ?? '', ';')) {
      const eq = option.indexOf('=');
      if (option.slice(0, eq) !== '$select') throw badQuery(`Query option '${option.slice(0, eq)}' is not supported inside $expand`);
      const select = parseSelect(target, option.slice(eq + 1));
      if (select) item.select = select;
    }
    return item;
  });
}

export function parseProjection(set: EntitySet, params: URLSearchParams): Projection {
  const select = parseSelect(set, params.get('$select'));
  return { ...(select && { select }), expand: parseExpand(set, params.get('$expand')) };
}

/** A row as written, with each expanded navigation property's entity (or null when it does not exist). */
export function renderExpanded(set: EntitySet, row: Row, p: Projection, state: CompanyState, version: ApiVersion, switches: Switches): Row {
  const out = renderRow(set, row, version, switches, p.select);
  for (const item of p.expand) {
    const target = state.table(item.target.name).get([row[item.via] as string]);
    out[item.name] = target ? renderRow(item.target, target, version, switches, item.select) : null;
  }
  return out;
}
