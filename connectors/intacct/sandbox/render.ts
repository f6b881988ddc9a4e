// Records as the gateway writes them (spec §4.1, §5): only the requested fields, in the requested order,
// dotted fields flat (`<DISPLAYCONTACT.EMAIL1>`), `*` with contact blocks nested; dates `mm/dd/yyyy`,
// timestamps `mm/dd/yyyy HH:MM:SS`, empty fields as empty elements.
import { el, type XmlTreeElement } from '../../kit/formats/xml-tree.ts';
import { formatDate, formatTimestamp } from '../dates.ts';
import { CONTACT_FIELDS, fieldDef, OBJECTS, type ObjectDef } from './objects.ts';
import type { Row, Store, Value } from './store.ts';

export function display(def: ObjectDef, field: string, value: Value, timeZone: string): string {
  if (value === null || value === undefined || value === '') return '';
  const type = fieldDef(def, field)?.type;
  if (type === 'timestamp' && typeof value === 'number') return formatTimestamp(value, timeZone);
  if (type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  return String(value);
}

/** Nests `MAILADDRESS.CITY`-style names under their group element. */
function nest(entries: [string, string][]): XmlTreeElement[] {
  const out: XmlTreeElement[] = [];
  const groups = new Map<string, [string, string][]>();
  for (const [name, value] of entries) {
    const dot = name.indexOf('.');
    if (dot < 0) {
      out.push(el(name, value));
      continue;
    }
    const head = name.slice(0, dot);
    if (!groups.has(head)) {
      groups.set(head, []);
      out.push({ name: head, content: [] });
    }
    groups.get(head)!.push([name.slice(dot + 1), value]);
  }
  return out.map((e) => (groups.has(e.name) && Array.isArray(e.content) ? { name: e.name, content: nest(groups.get(e.name)!) } : e));
}

export interface RenderOptions {
  store: Store;
  timeZone: string;
  /** `read` of APBILL with `*` carries its lines (spec §11.6). */
  withLines?: boolean;
}

export function renderRecord(def: ObjectDef, row: Row, fields: string[] | '*', elementName: string, o: RenderOptions): XmlTreeElement {
  if (fields !== '*') {
    return { name: elementName, content: fields.map((f) => el(f, display(def, f, o.store.valueOf(def, row, f), o.timeZone))) };
  }
  const known = new Set(def.fields.map((f) => f.name));
  const own: [string, string][] = def.fields.map((f) => [f.name, display(def, f.name, row[f.name] ?? null, o.timeZone)]);
  // Fields a client created that the sandbox does not model are kept and returned as sent.
  const extra: [string, string][] = Object.keys(row)
    .filter((k) => !known.has(k) && !k.includes('.'))
    .map((k) => [k, String(row[k] ?? '')]);
  const groups: [string, string][] = (def.contactGroups ?? []).flatMap((g) =>
    CONTACT_FIELDS.map((c): [string, string] => [`${g}.${c}`, display(def, `${g}.${c}`, o.store.valueOf(def, row, `${g}.${c}`), o.timeZone)]),
  );
  const content = nest([...own, ...extra, ...groups]);
  if (o.withLines && def.name === 'APBILL') {
    const itemDef = OBJECTS.APBILLITEM!;
    const lines = o.store.billLines(String(row.RECORDNO)).map((l) => renderRecord(itemDef, l, '*', 'apbillitem', { ...o, withLines: false }));
    content.push({ name: 'APBILLITEMS', content: lines });
  }
  return { name: elementName, content };
}
