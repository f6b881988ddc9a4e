// Filters of readByQuery (a string, spec §5.1) and query (XML, §5.3) share one condition tree and one
// evaluator, which compares by the field's type: numbers as numbers, dates and timestamps as instants
// (never as text), enums by stored character (readByQuery) or display value (query).
import { parseDay, parseTimestamp } from '../dates.ts';
import { queryFailed } from './errors.ts';
import { fieldDef, type ObjectDef } from './objects.ts';
import type { Row, Store, Value } from './store.ts';

export type Comparison = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'like' | 'notlike' | 'in' | 'notin' | 'isnull' | 'isnotnull' | 'between';
export type Condition =
  | { op: 'and' | 'or'; items: Condition[] }
  | { op: 'not'; item: Condition }
  | { op: 'cmp'; field: string; cmp: Comparison; values: string[] };

export interface EvalContext {
  def: ObjectDef;
  store: Store;
  /** readByQuery compares enums and booleans with stored characters ('T', 'A'); query with display values. */
  enums: 'stored' | 'display';
  caseInsensitive: boolean;
  timeZone: string;
}

/** Fails the function when the condition names a field the object does not have. */
export function checkFields(cond: Condition | undefined, def: ObjectDef): void {
  if (!cond) return;
  if (cond.op === 'and' || cond.op === 'or') return cond.items.forEach((c) => checkFields(c, def));
  if (cond.op === 'not') return checkFields(cond.item, def);
  if (cond.op !== 'cmp') return;
  if (!fieldDef(def, cond.field)) throw queryFailed(`Invalid field name ${cond.field} in the query for object ${def.name}.`);
}

function likeRegex(pattern: string, ci: boolean): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, ci ? 'is' : 's');
}

/** Both sides as comparable values of the field's type. */
function normalise(ctx: EvalContext, field: string, value: Value, operand: string): [number | string, number | string] | undefined {
  const def = fieldDef(ctx.def, field)!;
  const bad = () => queryFailed(`Invalid value '${operand}' for field ${field} of type ${def.type} in the query for object ${ctx.def.name}.`);
  switch (def.type) {
    case 'int':
    case 'decimal': {
      const n = Number(operand);
      if (operand.trim() === '' || !Number.isFinite(n)) throw bad();
      return [Number(value), n];
    }
    case 'timestamp': {
      const t = parseTimestamp(operand, ctx.timeZone);
      if (t === undefined) throw bad();
      return [Number(value), t];
    }
    case 'date': {
      const d = parseDay(operand);
      if (d === undefined) throw bad();
      return [String(value), d];
    }
    case 'boolean': {
      const v = String(value) === 'true';
      const o = ctx.enums === 'stored' ? operand === 'T' || operand === 'true' : operand.toLowerCase() === 'true';
      return [v ? 1 : 0, o ? 1 : 0];
    }
    case 'enum': {
      const shown = String(value);
      const left = ctx.enums === 'stored' ? (def.stored?.[shown] ?? shown) : shown;
      return ctx.caseInsensitive ? [left.toLowerCase(), operand.toLowerCase()] : [left, operand];
    }
    default:
      return ctx.caseInsensitive ? [String(value).toLowerCase(), operand.toLowerCase()] : [String(value), operand];
  }
}

function compare(ctx: EvalContext, field: string, value: Value, cmp: Comparison, operand: string): boolean {
  if (value === null) return false;
  if (cmp === 'like' || cmp === 'notlike') {
    const hit = likeRegex(operand, ctx.caseInsensitive).test(String(value));
    return cmp === 'like' ? hit : !hit;
  }
  const pair = normalise(ctx, field, value, operand);
  if (!pair) return false;
  const [a, b] = pair;
  switch (cmp) {
    case '=': case 'in': return a === b;
    case '!=': case 'notin': return a !== b;
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '>=': return a >= b;
    default: return false;
  }
}

export function matches(ctx: EvalContext, row: Row, cond: Condition | undefined): boolean {
  if (!cond) return true;
  switch (cond.op) {
    case 'and': return cond.items.every((c) => matches(ctx, row, c));
    case 'or': return cond.items.some((c) => matches(ctx, row, c));
    case 'not': return !matches(ctx, row, cond.item);
    case 'cmp': {
      const value = ctx.store.valueOf(ctx.def, row, cond.field);
      const empty = value === null || value === '';
      switch (cond.cmp) {
        case 'isnull': return empty;
        case 'isnotnull': return !empty;
        case 'in': return cond.values.some((v) => compare(ctx, cond.field, value, '=', v));
        case 'notin': return value !== null && cond.values.every((v) => compare(ctx, cond.field, value, '!=', v));
        case 'between': return compare(ctx, cond.field, value, '>=', cond.values[0]!) && compare(ctx, cond.field, value, '<=', cond.values[1]!);
        default: return compare(ctx, cond.field, value, cond.cmp, cond.values[0]!);
      }
    }
  }
}
