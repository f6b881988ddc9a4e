// create / update / delete with the generic functions (spec §6): records flattened from the request,
// typed values checked, business keys unique (BL34000061), VENDOR contact blocks written to the CONTACT
// list, APBILL lines under APBILLITEMS with totals computed, WHENMODIFIED advanced on every change.
import { childI, el, type XmlTreeElement, type XmlNode } from '../../kit/formats/xml-tree.ts';
import { resolveObject, type FunctionContext } from './context.ts';
import { parseDay } from '../dates.ts';
import { duplicateRecord, FunctionError, functionFailed } from './errors.ts';
import { CONTACT_FIELDS, fieldDef, OBJECTS, type ObjectDef } from './objects.ts';
import { checkDimensions } from './dimensions.ts';
import { touchContactOwners } from './contact-owners.ts';
import type { Row, Value } from './store.ts';

const money = (n: number) => String(Math.round(n * 100) / 100);

/** `<A><B>x</B></A>` → `{ 'A.B': 'x' }` (empty elements become empty strings). */
function flatten(node: XmlNode, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of node.children) {
    const name = prefix + c.name;
    if (c.children.length) Object.assign(out, flatten(c, `${name}.`));
    else out[name] = c.text;
  }
  return out;
}

const failCreate = (def: ObjectDef, detail: string, correction = '') =>
  new FunctionError([
    { errorno: 'BL01001973', description: '', description2: detail, correction },
    { errorno: 'BL01001973', description: '', description2: `Could not create ${def.label} record!`, correction: '' },
  ]);

/** Checks and converts one value of a writable field; unknown fields are kept as text. */
function convert(def: ObjectDef, name: string, raw: string): Value {
  if (raw === '') return null;
  const f = fieldDef(def, name);
  if (!f) return raw;
  switch (f.type) {
    case 'int':
    case 'decimal': {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw failCreate(def, `${name} must be a number, got '${raw}'.`, 'Send numbers without thousands separators, e.g. 1234.56.');
      return raw.trim();
    }
    case 'date': {
      const d = parseDay(raw);
      if (!d) throw failCreate(def, `${name} must be a date in mm/dd/yyyy format, got '${raw}'.`, 'Send dates as mm/dd/yyyy.');
      return d;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw failCreate(def, `${name} must be true or false, got '${raw}'.`);
      return raw;
    case 'enum':
      if (f.stored && !(raw in f.stored)) throw failCreate(def, `${name} must be one of ${Object.keys(f.stored).join(', ')}, got '${raw}'.`);
      return raw;
    default:
      return raw;
  }
}

/** The own fields of a record (contact groups and bill lines are handled by their writers). */
function ownValues(def: ObjectDef, flat: Record<string, string>): Row {
  const row: Row = {};
  for (const [name, raw] of Object.entries(flat)) {
    if (name.includes('.')) continue;
    const f = fieldDef(def, name);
    if (f?.readOnly) continue;
    row[name] = convert(def, name, raw);
  }
  return row;
}

function contactValues(flat: Record<string, string>, group: string): Row | undefined {
  const prefix = `${group}.`;
  const keys = Object.keys(flat).filter((k) => k.startsWith(prefix));
  if (!keys.length) return undefined;
  const row: Row = {};
  for (const k of keys) {
    const sub = k.slice(prefix.length);
    if (CONTACT_FIELDS.includes(sub)) row[sub] = convert(OBJECTS.CONTACT!, sub, flat[k]!);
  }
  return row;
}

/** Writes a vendor's (or customer's) DISPLAYCONTACT to the CONTACT list; other groups must name existing contacts. */
function writeContacts(ctx: FunctionContext, def: ObjectDef, flat: Record<string, string>, row: Row, existing: Row | undefined): void {
  const contactDef = OBJECTS.CONTACT!;
  const display = contactValues(flat, 'DISPLAYCONTACT');
  const current = existing?.['DISPLAYCONTACT.CONTACTNAME'];
  if (display || !existing) {
    const given = display?.CONTACTNAME;
    const name = given ?? (current as string | undefined) ?? `${String(row.NAME ?? existing?.NAME ?? '')}(${def.name[0]}${String(row[def.idField] ?? existing?.[def.idField] ?? '')})`;
    const contact = ctx.store.byId(contactDef, String(name));
    const values: Row = { ...(display ?? {}), CONTACTNAME: name };
    if (values.PRINTAS === undefined || values.PRINTAS === null) values.PRINTAS = (contact?.PRINTAS as string | undefined) ?? (row.NAME as string | undefined) ?? null;
    values.STATUS ??= 'active';
    if (contact && name !== current) throw duplicateRecord('Contact', String(name));
    if (contact) ctx.store.update(contactDef, contact, values, ctx.now);
    else ctx.store.insert(contactDef, values, ctx.now);
    row['DISPLAYCONTACT.CONTACTNAME'] = name;
  }
  for (const group of (def.contactGroups ?? []).filter((g) => g !== 'DISPLAYCONTACT')) {
    const ref = flat[`${group}.CONTACTNAME`];
    if (ref !== undefined && ref !== '') {
      if (!ctx.store.byId(contactDef, ref)) throw failCreate(def, `Invalid contact '${ref}' for ${group}: no contact with that name exists.`, 'Create the contact first, or name an existing one.');
      row[`${group}.CONTACTNAME`] = ref;
    } else if (!existing) row[`${group}.CONTACTNAME`] = row['DISPLAYCONTACT.CONTACTNAME'] ?? null;
  }
}

function billLines(ctx: FunctionContext, bill: XmlNode): Row[] | undefined {
  const container = childI(bill, 'APBILLITEMS');
  if (!container) return undefined;
  const itemDef = OBJECTS.APBILLITEM!;
  return container.children.map((line, k) => {
    const flat = flatten(line);
    const row = ownValues(itemDef, flat);
    const amount = row.TRX_AMOUNT ?? row.AMOUNT;
    if (!row.ACCOUNTNO) throw failCreate(OBJECTS.APBILL!, `Line ${k + 1}: ACCOUNTNO is required.`, 'Give every line a GL account number.');
    if (amount === null || amount === undefined) throw failCreate(OBJECTS.APBILL!, `Line ${k + 1}: TRX_AMOUNT is required.`, 'Give every line an amount.');
    return { ...row, TRX_AMOUNT: amount, AMOUNT: amount, LINE_NO: String(k + 1) };
  });
}

function writeBill(ctx: FunctionContext, node: XmlNode, flat: Record<string, string>, row: Row, existing: Row | undefined): Row {
  const def = OBJECTS.APBILL!;
  const vendorId = (row.VENDORID ?? existing?.VENDORID) as string | null;
  const vendor = vendorId ? ctx.store.byId(OBJECTS.VENDOR!, vendorId) : undefined;
  if (!vendor) throw failCreate(def, `Invalid Vendor '${vendorId ?? ''}' specified.`, 'Use the VENDORID of an existing vendor.');
  const lines = billLines(ctx, node);
  if (!existing && (!lines || !lines.length)) throw failCreate(def, 'A bill needs at least one line under APBILLITEMS.', 'Add an APBILLITEM with ACCOUNTNO and TRX_AMOUNT.');
  const action = flat.ACTION;
  delete row.ACTION;
  const values: Row = { ...row, RECORDTYPE: 'apbill', VENDORNAME: vendor.NAME ?? null };
  if (!existing) {
    values.STATE = action === 'Draft' ? 'Draft' : 'Posted';
    values.RAWSTATE = action === 'Draft' ? 'D' : 'A';
    values.WHENPOSTED ??= action === 'Draft' ? null : row.WHENCREATED ?? null;
    values.BASECURR ??= 'USD';
    values.CURRENCY ??= 'USD';
  }
  if (lines) {
    const total = lines.reduce((s, l) => s + Number(l.TRX_AMOUNT), 0);
    const paid = Number(existing?.TRX_TOTALPAID ?? 0);
    Object.assign(values, { TOTALENTERED: money(total), TRX_TOTALENTERED: money(total), TOTALPAID: money(paid), TRX_TOTALPAID: money(paid), TOTALDUE: money(total - paid), TRX_TOTALDUE: money(total - paid) });
  }
  const bill = existing ? ctx.store.update(def, existing, values, ctx.now) : ctx.store.insert(def, values, ctx.now);
  if (lines) {
    const itemDef = OBJECTS.APBILLITEM!;
    for (const old of ctx.store.billLines(String(bill.RECORDNO))) ctx.store.remove(itemDef, old);
    for (const l of lines) ctx.store.insert(itemDef, { ...l, RECORDKEY: bill.RECORDNO ?? null, VENDORID: vendorId, CURRENCY: bill.CURRENCY ?? 'USD', BASECURR: bill.BASECURR ?? 'USD' }, ctx.now);
  }
  return bill;
}

function resultElement(def: ObjectDef, row: Row): XmlTreeElement {
  const content = [el('RECORDNO', String(row.RECORDNO))];
  if (def.idField !== 'RECORDNO') content.push(el(def.idField, String(row[def.idField] ?? '')));
  return el(def.name === 'PARTNER' ? 'partner' : def.name.toLowerCase(), content);
}

function writeOne(ctx: FunctionContext, node: XmlNode, mode: 'create' | 'update'): XmlTreeElement {
  const def = resolveObject(ctx, node.name, mode);
  const flat = flatten(node);
  const row = ownValues(def, flat);
  const key = def.idField;
  if (mode === 'create') {
    for (const r of def.required ?? []) {
      if (row[r] === undefined || row[r] === null) throw failCreate(def, `Required field ${r} is missing.`, `Provide ${r}.`);
    }
    if (key !== 'RECORDNO' && ctx.store.byId(def, String(row[key]))) throw duplicateRecord(def.label, String(row[key]));
    checkDimensions(ctx.store, def, row, 'create');
    if (def.name === 'APBILL') return resultElement(def, writeBill(ctx, node, flat, row, undefined));
    if (def.name === 'VENDOR' || def.name === 'CUSTOMER') {
      row.STATUS ??= 'active';
      writeContacts(ctx, def, flat, row, undefined);
    }
    if (def.name === 'CONTACT') row.STATUS ??= 'active';
    return resultElement(def, ctx.store.insert(def, row, ctx.now));
  }
  const recordNo = flat.RECORDNO;
  const id = key === 'RECORDNO' ? recordNo : (flat[key] ?? undefined);
  const existing = recordNo ? ctx.store.get(def.name, Number(recordNo)) : id !== undefined ? ctx.store.byId(def, id) : undefined;
  if (!existing) {
    const what = recordNo ? `RECORDNO=${recordNo}` : `${key}=${id ?? ''}`;
    const message = `Cannot update non-existing ${def.name} with ${what}.`;
    throw new FunctionError([{ errorno: message, description: '', description2: message, correction: '' }]);
  }
  if (key !== 'RECORDNO') delete row[key];
  checkDimensions(ctx.store, def, row, 'update');
  if (def.name === 'APBILL') return resultElement(def, writeBill(ctx, node, flat, row, existing));
  if (def.name === 'VENDOR' || def.name === 'CUSTOMER') writeContacts(ctx, def, flat, row, existing);
  const updated = ctx.store.update(def, existing, row, ctx.now);
  if (def.name === 'CONTACT') touchContactOwners(ctx.store, ctx.switches, String(updated.CONTACTNAME), ctx.now);
  return resultElement(def, updated);
}

export function write(ctx: FunctionContext, fn: XmlNode, mode: 'create' | 'update'): XmlTreeElement {
  if (!fn.children.length) throw functionFailed('BL01001973', `<${mode}> holds no record.`, `Put one or more object elements (e.g. <VENDOR>) inside <${mode}>.`);
  if (fn.children.length > 100) throw functionFailed('BL01001973', `<${mode}> holds ${fn.children.length} records; the limit is 100.`, 'Split the records over several functions.');
  const results = fn.children.map((node) => writeOne(ctx, node, mode));
  return el('data', results, { listtype: 'objects', count: String(results.length) });
}

export function remove(ctx: FunctionContext, fn: XmlNode): undefined {
  const def = resolveObject(ctx, childI(fn, 'object')?.text, 'delete');
  const keys = (childI(fn, 'keys')?.text ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  for (const k of keys) {
    const row = ctx.store.get(def.name, Number(k));
    if (!row) throw functionFailed('BL01001973', `Cannot find ${def.name.toLowerCase()} with key '${k}' to delete.`);
    if (def.name === 'APBILL') for (const line of ctx.store.billLines(k)) ctx.store.remove(OBJECTS.APBILLITEM!, line);
    ctx.store.remove(def, row);
  }
  return undefined;
}
