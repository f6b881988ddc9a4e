// Write payloads (spec §3.3, §3.4): every property must exist on the model ("The property 'X' does not
// exist on type '…'" → 400 InvalidPayload), values must convert to the property's type, and detail
// collections follow PUT (replace; collections not sent are purged) or PATCH (`UpdateOperation`) rules.
import { invalidPayload, SageError } from './errors.ts';
import { MODELS, type Model, qualified } from './models.ts';
import { blankRow, parseDateInput } from './records.ts';
import type { Row } from '../../kit/sandbox/table.ts';

/** The key of each detail row inside its collection. */
export const DETAIL_KEYS: Record<string, string> = {
  CustomerOptionalFieldValue: 'OptionalField',
  TermsPaymentSchedule: 'PaymentNumber',
  Invoice: 'EntryNumber',
  InvoiceDetail: 'LineNumber',
  InvoicePaymentSchedule: 'PaymentNumber',
  OrderDetail: 'LineNumber',
  OrderOptionalField: 'OptionalField',
  OrderDetailOptionalField: 'OptionalField',
};

const cannotConvert = (value: unknown, type: string) =>
  invalidPayload(`Cannot convert the literal '${typeof value === 'string' ? value : JSON.stringify(value)}' to the expected type '${type}'.`);

/** Validates and converts a payload against `model`; detail collections recursively. */
export function normalise(body: unknown, model: Model): Row {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidPayload(`The request body is not a valid '${qualified(model)}' entry.`);
  }
  const out: Row = {};
  for (const [name, value] of Object.entries(body as Row)) {
    if (name.startsWith('@odata.') || name.startsWith('odata.')) continue;
    const type = model.props[name];
    if (!type) throw invalidPayload(`The property '${name}' does not exist on type '${qualified(model)}'.`);
    if (value === null) {
      out[name] = type === 'date' ? null : value;
      continue;
    }
    if (type === 'string') {
      if (typeof value !== 'string') throw cannotConvert(value, 'Edm.String');
      out[name] = value;
    } else if (type === 'decimal' || type === 'int') {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n) || (type === 'int' && !Number.isInteger(n))) throw cannotConvert(value, type === 'int' ? 'Edm.Int32' : 'Edm.Decimal');
      out[name] = n;
    } else if (type === 'date') {
      const d = parseDateInput(value);
      if (d === undefined) throw cannotConvert(value, 'Edm.DateTimeOffset');
      out[name] = d;
    } else if (type === 'bool') {
      if (typeof value !== 'boolean') throw cannotConvert(value, 'Edm.Boolean');
      out[name] = value;
    } else if ('enum' in type) {
      const v = String(value);
      // Inputs also accept the member's numeric value (spec §7: "DocumentType": "4").
      const member = type.enum.find((m) => m.toLowerCase() === v.toLowerCase()) ?? (/^\d+$/.test(v) ? type.enum[Number(v)] : undefined);
      if (!member) throw invalidPayload(`The value '${v}' is not valid for property '${name}' on type '${qualified(model)}'.`);
      out[name] = member;
    } else {
      if (!Array.isArray(value)) throw invalidPayload(`The property '${name}' on type '${qualified(model)}' must be a collection.`);
      const detail = MODELS[type.collection]!;
      out[name] = value.map((v) => normalise(v, detail));
    }
  }
  return out;
}

export function isDetailCollection(model: Model, name: string): string | undefined {
  const t = model.props[name];
  return typeof t === 'object' && 'collection' in t ? t.collection : undefined;
}

/** A new record: blanks, then the payload's header fields, then its details as given. */
export function insertRow(model: Model, payload: Row): Row {
  const row = blankRow(model);
  for (const [name, value] of Object.entries(payload)) {
    const detail = isDetailCollection(model, name);
    row[name] = detail ? (value as Row[]).map((d) => insertRow(MODELS[detail]!, d)) : value;
  }
  return row;
}

/** PUT: header fields may be partial, but every detail collection not in the payload is purged (spec §3.2). */
export function replaceRow(model: Model, existing: Row, payload: Row): Row {
  const row = { ...existing };
  for (const name of Object.keys(model.props)) {
    const detail = isDetailCollection(model, name);
    if (detail) row[name] = name in payload ? (payload[name] as Row[]).map((d) => insertRow(MODELS[detail]!, d)) : [];
    else if (name in payload) row[name] = payload[name];
  }
  return row;
}

/** PATCH: untouched properties and details stay; details are steered by `UpdateOperation` (spec §3.4). */
export function patchRow(model: Model, existing: Row, payload: Row): Row {
  const row = { ...existing };
  for (const [name, value] of Object.entries(payload)) {
    const detail = isDetailCollection(model, name);
    if (!detail) {
      row[name] = value;
      continue;
    }
    const keyField = DETAIL_KEYS[detail]!;
    const detailModel = MODELS[detail]!;
    const current = [...((existing[name] as Row[] | undefined) ?? [])];
    for (const change of value as Row[]) {
      const op = (change.UpdateOperation as string | undefined) ?? 'Unspecified';
      const key = change[keyField];
      const at = key === undefined ? -1 : current.findIndex((d) => d[keyField] === key);
      if ((op === 'Update' || op === 'Delete') && at < 0) {
        throw new SageError(400, 'RecordNotFound', `${op}: no ${detail} with ${keyField} '${String(key ?? '')}' exists.`);
      }
      if (op === 'Delete') current.splice(at, 1);
      else if (op === 'Update' || (op === 'Unspecified' && at >= 0)) current[at] = patchRow(detailModel, current[at]!, change);
      else current.push(insertRow(detailModel, change));
    }
    row[name] = current.map((d) => ({ ...d, UpdateOperation: 'Unspecified' }));
  }
  return row;
}
