// What a COQL column names (Query API docs, v7/v8): a field of the FROM module, `id`, or a path through
// lookups — `Account_Name.id`, `Account_Name.Account_Name`, `Account_Name.Parent_Account.Account_Name`
// (at most two relations) — or through the owner (`Owner.email`). API names match case-insensitively.
// Answers follow v7+: a lookup is `{name, id}`, a user lookup `{name: <last name>, id}`, a path's value
// is the target field's own value (a name as text, `.id` as the id string).
import { ZohoError } from './errors.ts';
import { MODULE_BY_NAME, type FieldDef, type ModuleDef } from './modules.ts';
import { fieldKind, storedValue, type Kind } from './criteria.ts';
import { presentValue } from './present.ts';
import type { OrgStore, StoredRecord, User } from './store.ts';
import type { Column } from './coql-parser.ts';

const MAX_RELATIONS = 2;
const USER_PROPS: Record<string, (u: User) => string> = {
  id: (u) => u.id,
  email: (u) => u.email,
  full_name: (u) => u.full_name,
  first_name: (u) => u.full_name.split(' ').slice(0, -1).join(' '),
  last_name: (u) => u.full_name.split(' ').slice(-1)[0] ?? '',
};

export interface Resolved {
  column: Column;
  kind: Kind;
  /** The last field on the path (undefined for `id` and user properties). */
  field?: FieldDef;
  /** The stored value at the end of the path, undefined when a hop is empty. */
  value(rec: StoredRecord): unknown;
  /** The value as the answer carries it. */
  present(rec: StoredRecord): unknown;
}

export const invalidColumn = (column: Column, reason: string): ZohoError =>
  new ZohoError(400, 'INVALID_QUERY', 'column given seems to be invalid', { column_name: column.key, reason, line: column.token.line, column: column.token.column });

const notSupported = (column: Column, dataType: string): ZohoError =>
  new ZohoError(400, 'INVALID_QUERY', 'data type not supported', { column_name: column.key, data_type: dataType });

export function findModule(name: string): ModuleDef | undefined {
  return MODULE_BY_NAME.get(name) ?? [...MODULE_BY_NAME.values()].find((m) => m.api_name.toLowerCase() === name.toLowerCase());
}

function findField(module: ModuleDef, name: string): FieldDef | undefined {
  return module.fields.find((f) => f.api_name.toLowerCase() === name.toLowerCase());
}

const userName = (store: OrgStore, id: unknown): User | undefined => store.users.find((u) => u.id === id);

export function resolveColumn(store: OrgStore, base: ModuleDef, column: Column, offset: number): Resolved {
  if (column.path.length - 1 > MAX_RELATIONS) {
    throw new ZohoError(400, 'LIMIT_EXCEEDED', 'a query may use at most two relations (joins)', { column_name: column.key, limit: MAX_RELATIONS });
  }
  // Each hop turns "the record we are on" into the looked-up record; the last part names the value.
  const hops: ((r: StoredRecord | undefined) => StoredRecord | undefined)[] = [];
  let module = base;
  for (const [i, part] of column.path.entries()) {
    const last = i === column.path.length - 1;
    const follow = (r: StoredRecord | undefined): StoredRecord | undefined => hops.reduce<StoredRecord | undefined>((at, hop) => hop(at), r);
    if (part.toLowerCase() === 'id') {
      if (!last) throw invalidColumn(column, 'id has no fields');
      return { column, kind: 'id', value: (r) => follow(r)?.id, present: (r) => follow(r)?.id ?? null };
    }
    const field = findField(module, part);
    if (!field) throw invalidColumn(column, `${part} is not a field of ${module.api_name}`);
    if (field.data_type === 'subform') throw notSupported(column, field.data_type);
    if (last) {
      const kind = fieldKind(field) ?? 'text';
      const value = (r: StoredRecord): unknown => {
        const at = follow(r);
        return at ? storedValue(at, field.api_name) : undefined;
      };
      const present = (r: StoredRecord): unknown => {
        const v = value(r);
        if (field.data_type === 'ownerlookup') {
          const u = userName(store, v);
          return v === undefined || v === null ? null : { name: u ? USER_PROPS.last_name?.(u) : null, id: String(v) };
        }
        return presentValue(store, field, v, offset);
      };
      return { column, kind, field, value, present };
    }
    if (field.data_type === 'ownerlookup') {
      const prop = column.path[i + 1]?.toLowerCase() ?? '';
      const read = USER_PROPS[prop];
      if (!read || i + 2 !== column.path.length) throw invalidColumn(column, `a user lookup offers ${Object.keys(USER_PROPS).join(', ')}`);
      const value = (r: StoredRecord): unknown => {
        const at = follow(r);
        const u = at ? userName(store, storedValue(at, field.api_name)) : undefined;
        return u ? read(u) : undefined;
      };
      return { column, kind: prop === 'id' ? 'id' : 'text', value, present: (r) => value(r) ?? null };
    }
    if (field.data_type !== 'lookup') throw invalidColumn(column, `${part} is not a lookup, so it has no fields`);
    const target = MODULE_BY_NAME.get(field.lookup ?? '');
    if (!target) throw invalidColumn(column, `${part} looks up no module`);
    hops.push((r) => {
      const id = r?.values[field.api_name];
      return id === undefined || id === null ? undefined : store.table(target.api_name).get(String(id));
    });
    module = target;
  }
  throw invalidColumn(column, 'empty column');
}
