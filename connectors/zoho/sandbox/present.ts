// How stored records are answered (spec §3, §4.2): lookups as `{name, id}`, owners with e-mail,
// datetimes with the org offset and no millis, every requested field present (null when empty).
import { zohoDateTime } from './datetime.ts';
import { MODULE_BY_NAME, type FieldDef, type ModuleDef } from './modules.ts';
import type { OrgStore, StoredRecord } from './store.ts';

export function presentRecord(store: OrgStore, module: ModuleDef, rec: StoredRecord, fields: string[] | undefined, offset: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const wanted = fields ?? module.fields.map((f) => f.api_name);
  for (const name of wanted) {
    const f = module.fields.find((x) => x.api_name === name);
    if (!f) continue;
    out[name] = presentValue(store, f, fieldValue(rec, name), offset);
  }
  out.id = rec.id;
  return out;
}

function fieldValue(rec: StoredRecord, name: string): unknown {
  switch (name) {
    case 'Created_Time': return rec.createdAt;
    case 'Modified_Time': return rec.modifiedAt;
    case 'Created_By': return rec.createdBy;
    case 'Modified_By': return rec.modifiedBy;
    default: return rec.values[name];
  }
}

/** One stored value as the records API answers it (also COQL, coql-columns.ts). */
export function presentValue(store: OrgStore, f: FieldDef, v: unknown, offset: number): unknown {
  if (v === undefined || v === null) return f.data_type === 'boolean' ? false : null;
  switch (f.data_type) {
    case 'datetime':
      return typeof v === 'number' ? zohoDateTime(v, offset) : v;
    case 'ownerlookup': {
      const u = store.users.find((x) => x.id === v);
      return u ? { name: u.full_name, id: u.id, email: u.email } : { id: v };
    }
    case 'lookup': {
      const target = MODULE_BY_NAME.get(f.lookup ?? '');
      const rec = target ? store.table(target.api_name).get(String(v)) : undefined;
      return { name: rec && target ? store.displayName(target, rec) : null, id: String(v) };
    }
    case 'subform':
      return (v as Record<string, unknown>[]).map((row) => {
        const out: Record<string, unknown> = {};
        for (const sf of f.subform ?? []) out[sf.api_name] = presentValue(store, sf, row[sf.api_name], offset);
        out.id = row.id;
        return out;
      });
    default:
      return v;
  }
}
