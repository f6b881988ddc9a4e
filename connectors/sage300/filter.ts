// Building `$filter` expressions (spec §4.2) without string-pasting mistakes: strings quoted with inner
// quotes doubled, dates as the unquoted OData v4 DateTimeOffset literal (`2024-05-01T00:00:00Z` — a quoted
// date is a type error and the v3 `datetime'…'` form fails on some installs), property names checked.

export type Filter = string & { readonly __filter: unique symbol };

/** A calendar date, `YYYY-MM-DD`, written as a midnight-Z literal. */
export interface Day {
  day: string;
}

export type Literal = string | number | boolean | null | Day;

const PROPERTY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function prop(name: string): string {
  if (!PROPERTY.test(name)) throw new Error(`Not an OData property name: ${JSON.stringify(name)}`);
  return name;
}

export function day(value: string): Day {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new Error(`Not a calendar date: ${JSON.stringify(value)}`);
  return { day: value };
}

export function literal(value: Literal): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'object') return `${day(value.day).day}T00:00:00Z`;
  return `'${value.replace(/'/g, "''")}'`;
}

const cmp = (op: string) => (name: string, value: Literal) => `${prop(name)} ${op} ${literal(value)}` as Filter;

export const eq = cmp('eq');
export const ne = cmp('ne');
export const gt = cmp('gt');
export const ge = cmp('ge');
export const lt = cmp('lt');
export const le = cmp('le');

function join(op: 'and' | 'or', parts: (Filter | undefined)[]): Filter | undefined {
  const present = parts.filter((p): p is Filter => p !== undefined && p !== '');
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return present.map((p) => `(${p})`).join(` ${op} `) as Filter;
}

export const and = (...parts: (Filter | undefined)[]) => join('and', parts);
export const or = (...parts: (Filter | undefined)[]) => join('or', parts);

export function startsWith(name: string, value: string): Filter {
  return `startswith(${prop(name)},${literal(value)})` as Filter;
}

/**
 * Rows strictly after `values` in key order, for key-set paging over single or composite keys:
 * `(A gt a) or (A eq a and B gt b)`.
 */
export function keyAfter(fields: readonly string[], values: readonly (string | number)[]): Filter {
  if (fields.length !== values.length || fields.length === 0) throw new Error('keyAfter needs one value per key field');
  const branches: Filter[] = [];
  for (let k = 0; k < fields.length; k++) {
    const equal = fields.slice(0, k).map((f, j) => eq(f, values[j]!));
    branches.push(and(...equal, gt(fields[k]!, values[k]!))!);
  }
  return or(...branches)!;
}
