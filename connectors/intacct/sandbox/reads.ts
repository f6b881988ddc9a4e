// readByQuery + readMore (resultId paging), query (offset paging, orderby), read, readByName, lookup
// (spec §5). Each returns the `<data>` element of its result.
import { childI, el, type XmlTreeElement, type XmlNode } from '../../kit/formats/xml-tree.ts';
import { checkFields, matches, type EvalContext } from './conditions.ts';
import { resolveObject, type FunctionContext } from './context.ts';
import { functionFailed, queryFailed } from './errors.ts';
import { allFieldNames, fieldDef, type ObjectDef } from './objects.ts';
import { parseQueryFilter } from './query-filter.ts';
import { parseQueryString } from './query-string.ts';
import { renderRecord } from './render.ts';
import type { Row } from './store.ts';

const text = (node: XmlNode, name: string) => childI(node, name)?.text;

function parseFields(def: ObjectDef, list: string | undefined): string[] | '*' {
  const raw = (list ?? '*').trim();
  if (raw === '' || raw === '*') return '*';
  const fields = raw.split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of fields) if (!fieldDef(def, f)) throw queryFailed(`Invalid field name ${f} for object ${def.name}.`);
  return fields;
}

function pageSize(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw functionFailed('BL01001973', `Invalid pagesize ${raw}: it must be between 1 and ${max}.`, `Use a page size from 1 to ${max}.`);
  return n;
}

const byRecordNo = (a: Row, b: Row) => Number(a.RECORDNO) - Number(b.RECORDNO);

function page(ctx: FunctionContext, def: ObjectDef, ids: number[], fields: string[] | '*', element: string): XmlTreeElement[] {
  const o = { store: ctx.store, timeZone: ctx.switches.timeZone };
  return ids.map((id) => ctx.store.get(def.name, id)).filter((r): r is Row => r !== undefined).map((r) => renderRecord(def, r, fields, element, o));
}

export function readByQuery(ctx: FunctionContext, fn: XmlNode): XmlTreeElement {
  const def = resolveObject(ctx, text(fn, 'object'), 'readByQuery');
  if (childI(fn, 'query') === undefined) throw functionFailed('XL03000003', 'readByQuery requires a <query> element (it may be empty).');
  const fields = parseFields(def, text(fn, 'fields'));
  const size = pageSize(text(fn, 'pagesize'), 100, ctx.switches.readByQueryMaxPageSize);
  const cond = parseQueryString(text(fn, 'query') ?? '');
  checkFields(cond, def);
  const ectx: EvalContext = { def, store: ctx.store, enums: 'stored', caseInsensitive: false, timeZone: ctx.switches.timeZone };
  const ids = ctx.store.rows(def.name).filter((r) => matches(ectx, r, cond)).sort(byRecordNo).map((r) => Number(r.RECORDNO));
  const first = ids.slice(0, size);
  const remaining = ids.slice(size);
  const resultId = remaining.length
    ? ctx.resultSets.open({ object: def, fields, remaining, total: ids.length, pageSize: size, sessionKey: ctx.caller.sessionKey, expiresAt: ctx.now + ctx.switches.resultIdTtlSeconds * 1000 })
    : '';
  const lower = def.name.toLowerCase();
  return el('data', page(ctx, def, first, fields, lower), {
    listtype: lower, count: String(first.length), totalcount: String(ids.length), numremaining: String(remaining.length), resultId,
  });
}

export function readMore(ctx: FunctionContext, fn: XmlNode): XmlTreeElement {
  let id = text(fn, 'resultId');
  const object = text(fn, 'object');
  if (!id && object) id = ctx.resultSets.latestFor(ctx.caller.sessionKey, object.toUpperCase());
  const set = id ? ctx.resultSets.get(id, ctx.now) : undefined;
  if (!id || !set || (ctx.switches.resultIdBoundToSession && set.sessionKey !== ctx.caller.sessionKey)) {
    throw functionFailed('Query Failed', `Attempt to readMore with an invalid or expired resultId${id ? ` ${id}` : ''}.`, 'Run the readByQuery again.');
  }
  set.expiresAt = ctx.now + ctx.switches.resultIdTtlSeconds * 1000;
  const ids = set.remaining.splice(0, set.pageSize);
  if (set.remaining.length === 0) ctx.resultSets.close(id);
  const lower = set.object.name.toLowerCase();
  return el('data', page(ctx, set.object, ids, set.fields, lower), {
    listtype: lower, count: String(ids.length), totalcount: String(set.total), numremaining: String(set.remaining.length), resultId: set.remaining.length ? id : '',
  });
}

export function query(ctx: FunctionContext, fn: XmlNode): XmlTreeElement {
  const objectName = text(fn, 'object');
  const def = resolveObject(ctx, objectName, 'query');
  const select = childI(fn, 'select');
  const fields = (select?.children ?? []).map((c) => {
    if (c.name.toLowerCase() !== 'field') throw queryFailed(`<${c.name}> aggregates are not supported by this sandbox; select fields.`);
    return c.text.trim();
  });
  if (!fields.length) throw queryFailed('<select> must list at least one <field>; "all fields" is not supported by query.');
  for (const f of fields) if (!fieldDef(def, f)) throw queryFailed(`Invalid field name ${f} in select for object ${def.name}.`);
  const options = childI(fn, 'options');
  const caseInsensitive = text(options ?? fn, 'caseinsensitive') === 'true';
  const cond = parseQueryFilter(childI(fn, 'filter'));
  checkFields(cond, def);
  const size = pageSize(text(fn, 'pagesize'), 100, ctx.switches.queryMaxPageSize);
  const offsetText = text(fn, 'offset') ?? '0';
  const offset = Number(offsetText);
  if (!Number.isInteger(offset) || offset < 0) throw queryFailed(`Invalid offset ${offsetText}: it must be 0 or more.`);
  const ectx: EvalContext = { def, store: ctx.store, enums: 'display', caseInsensitive, timeZone: ctx.switches.timeZone };
  const rows = ctx.store.rows(def.name).filter((r) => matches(ectx, r, cond));
  const orders = (childI(fn, 'orderby')?.children ?? []).map((o) => ({ field: text(o, 'field') ?? '', desc: !!childI(o, 'descending') }));
  for (const o of orders) if (!fieldDef(def, o.field)) throw queryFailed(`Invalid field name ${o.field} in orderby for object ${def.name}.`);
  const sortKey = (r: Row, f: string): number | string => {
    const v = ctx.store.valueOf(def, r, f);
    const type = fieldDef(def, f)?.type;
    if (v === null) return '';
    return type === 'int' || type === 'decimal' || type === 'timestamp' ? Number(v) : String(v);
  };
  rows.sort((a, b) => {
    for (const o of orders) {
      const x = sortKey(a, o.field);
      const y = sortKey(b, o.field);
      if (x !== y) return (x < y ? -1 : 1) * (o.desc ? -1 : 1);
    }
    return byRecordNo(a, b);
  });
  const slice = rows.slice(offset, offset + size);
  const name = objectName!.trim();
  const o = { store: ctx.store, timeZone: ctx.switches.timeZone };
  return el('data', slice.map((r) => renderRecord(def, r, fields, name.toUpperCase() === def.name ? def.name : name, o)), {
    listtype: name.toUpperCase() === def.name ? def.name : name, totalcount: String(rows.length), offset: String(offset), count: String(slice.length),
    numremaining: String(Math.max(0, rows.length - offset - slice.length)),
  });
}

function keyList(fn: XmlNode): string[] {
  return (text(fn, 'keys') ?? '').split(',').map((k) => k.trim()).filter(Boolean);
}

export function read(ctx: FunctionContext, fn: XmlNode): XmlTreeElement {
  const def = resolveObject(ctx, text(fn, 'object'), 'read');
  const fields = parseFields(def, text(fn, 'fields'));
  const keys = keyList(fn);
  const rows = keys.length ? keys.map((k) => ctx.store.get(def.name, Number(k))).filter((r): r is Row => r !== undefined) : ctx.store.rows(def.name).sort(byRecordNo).slice(0, 100);
  const o = { store: ctx.store, timeZone: ctx.switches.timeZone, withLines: true };
  return el('data', rows.map((r) => renderRecord(def, r, fields, def.name, o)), { listtype: def.name, count: String(rows.length) });
}

export function readByName(ctx: FunctionContext, fn: XmlNode): XmlTreeElement {
  const def = resolveObject(ctx, text(fn, 'object'), 'readByName');
  const fields = parseFields(def, text(fn, 'fields'));
  const rows = keyList(fn).map((k) => ctx.store.byId(def, k)).filter((r): r is Row => r !== undefined);
  const lower = def.name.toLowerCase();
  const o = { store: ctx.store, timeZone: ctx.switches.timeZone, withLines: true };
  return el('data', rows.map((r) => renderRecord(def, r, fields, lower, o)), { listtype: lower, count: String(rows.length) });
}

const DATATYPE: Record<string, string> = { int: 'INTEGER', text: 'TEXT', decimal: 'DECIMAL', date: 'DATE', timestamp: 'TIMESTAMP', boolean: 'BOOLEAN', enum: 'ENUM' };

export function lookup(ctx: FunctionContext, fn: XmlNode): XmlTreeElement {
  const def = resolveObject(ctx, text(fn, 'object'), 'lookup');
  const fields = allFieldNames(def).map((name) => {
    const f = fieldDef(def, name)!;
    return el('Field', [
      el('ID', name), el('LABEL', name), el('DESCRIPTION', ''), el('REQUIRED', String((def.required ?? []).includes(name))),
      el('READONLY', String(!!f.readOnly)), el('DATATYPE', DATATYPE[f.type]!),
      el('VALIDVALUES', f.stored ? Object.keys(f.stored).map((v) => el('VALIDVALUE', v)) : ''), el('ISCUSTOM', 'false'),
    ]);
  });
  return el('data', [el('Type', [el('Fields', fields)], { Name: def.name, DocumentType: '' })], { listtype: 'All', count: '1' });
}

