// Validation of one record of a write against the module's field metadata (spec §4.3 per-record
// errors): data types, lengths, picklists, lookups that must exist, subform rows. Returns the
// normalised values to store (lookups as ids) or the per-record error Zoho would answer.
import { recordError, type RecordResult } from './errors.ts';
import type { FieldDef, ModuleDef } from './modules.ts';
import type { Switches } from './switches.ts';

export interface LookupResolver {
  exists(module: string, id: string): boolean;
  userExists(id: string): boolean;
}

export type Validated = { ok: true; values: Record<string, unknown> } | { ok: false; error: RecordResult };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function invalid(f: FieldDef, path: string, extra: Record<string, unknown>): RecordResult {
  return recordError('INVALID_DATA', 'invalid data', { ...extra, api_name: f.api_name, json_path: path });
}

const idOf = (v: unknown): string | undefined => {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const id = (v as { id?: unknown }).id;
    if (typeof id === 'string' && /^\d+$/.test(id)) return id;
    if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
    if (typeof id === 'bigint') return String(id);
  }
  return undefined;
};

/** One field value → stored value, or the error. `null` clears the field. */
function checkValue(f: FieldDef, value: unknown, path: string, switches: Switches, lookups: LookupResolver): { value: unknown } | { error: RecordResult } {
  if (value === null) return { value: null };
  const expect = (expected: string) => ({ error: invalid(f, path, { expected_data_type: expected }) });
  switch (f.data_type) {
    case 'text': case 'textarea': case 'phone': case 'website': case 'email': case 'picklist': {
      if (typeof value !== 'string') return expect(f.data_type === 'picklist' ? 'picklist' : 'string');
      if (f.length !== undefined && value.length > f.length) return { error: invalid(f, path, { maximum_length: f.length }) };
      if (f.data_type === 'email' && value !== '' && !EMAIL.test(value)) return expect('email');
      if (f.data_type === 'picklist' && switches.strictPicklists && value !== '' && !f.pick_list_values?.some((p) => p.display_value === value)) {
        return { error: invalid(f, path, { supported_values: (f.pick_list_values ?? []).map((p) => p.display_value) }) };
      }
      return { value };
    }
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? { value } : expect('integer');
    case 'bigint':
      return (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && /^-?\d+$/.test(value)) ? { value: String(value) } : expect('bigint');
    case 'double': case 'currency': case 'percent':
      return typeof value === 'number' && Number.isFinite(value) ? { value } : expect('double');
    case 'boolean':
      return typeof value === 'boolean' ? { value } : expect('boolean');
    case 'date':
      return typeof value === 'string' && validDate(value) ? { value } : expect('date');
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? { value } : expect('datetime');
    case 'lookup': {
      const id = idOf(value);
      if (!id) return expect('jsonobject');
      if (!lookups.exists(f.lookup ?? '', id)) return { error: recordError('INVALID_DATA', 'the id given seems to be invalid.', { api_name: f.api_name, json_path: `${path}.id`, id }) };
      return { value: id };
    }
    case 'ownerlookup': {
      const id = idOf(value);
      if (!id) return expect('jsonobject');
      if (!lookups.userExists(id)) return { error: recordError('INVALID_DATA', 'the id given seems to be invalid.', { api_name: f.api_name, json_path: `${path}.id`, id }) };
      return { value: id };
    }
    case 'subform': {
      if (!Array.isArray(value)) return expect('jsonarray');
      const rows: Record<string, unknown>[] = [];
      for (const [i, row] of value.entries()) {
        if (!row || typeof row !== 'object') return expect('jsonarray');
        const out = validateValues(f.subform ?? [], row as Record<string, unknown>, `${path}[${i}]`, true, switches, lookups);
        if (!out.ok) return { error: out.error };
        if (typeof (row as { id?: unknown }).id === 'string') out.values.id = (row as { id: string }).id;
        rows.push(out.values);
      }
      return { value: rows };
    }
    default:
      return { value };
  }
}

/** Checks the given values against `fields`; with `create`, mandatory fields must be present. */
export function validateValues(fields: FieldDef[], input: Record<string, unknown>, path: string, create: boolean, switches: Switches, lookups: LookupResolver): Validated {
  const values: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(input)) {
    if (key === 'id' || key.startsWith('$')) continue;
    const f = fields.find((x) => x.api_name === key);
    // Zoho ignores keys it does not know and read-only fields on writes.
    if (!f || f.read_only || f.data_type === 'autonumber') continue;
    const checked = checkValue(f, raw, `${path}.${key}`, switches, lookups);
    if ('error' in checked) return { ok: false, error: checked.error };
    values[key] = checked.value;
  }
  if (create) {
    for (const f of fields) {
      if (!f.system_mandatory) continue;
      const v = values[f.api_name];
      if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) {
        return { ok: false, error: recordError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: f.api_name, json_path: `${path}.${f.api_name}` }) };
      }
    }
  }
  return { ok: true, values };
}

export function validateRecord(module: ModuleDef, input: unknown, index: number, create: boolean, switches: Switches, lookups: LookupResolver): Validated {
  const path = `$.data[${index}]`;
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { ok: false, error: recordError('INVALID_DATA', 'invalid data', { json_path: path }) };
  return validateValues(module.fields, input as Record<string, unknown>, path, create, switches, lookups);
}
