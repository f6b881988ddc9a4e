// The sandbox's in-memory HubSpot portal: records per object type with unique-value indexes and
// id-ordered paging, property definitions and groups, v4 associations (both directions, with
// primary-company uniqueness; the association types, custom labels included, are association-labels.ts),
// and a change feed for the webhook emitter. Kept in memory with
// indexes so 100k records stay fast.
import { AssociationLabels } from './association-labels.ts';
import { BUILTIN_GROUPS, BUILTIN_PROPERTIES, OBJECT_TYPES, associationTypesFor, isPrimaryType, objectType, type ObjectTypeDef, type PropertyDef } from './data.ts';
import { conflict, propertyValuesMessage, type InputProblem } from './errors.ts';
import { isActiveOwnerId } from './owners.ts';
import { PipelineStore } from './pipelines.ts';

export interface Rec {
  id: string;
  num: number;
  props: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
}

export type ChangeEvent =
  | { kind: 'creation' | 'deletion'; type: string; id: string; at: number; source: string }
  | { kind: 'propertyChange'; type: string; id: string; at: number; source: string; property: string; value: string }
  | { kind: 'associationChange'; type: string; id: string; at: number; source: string; toType: string; toId: string; typeId: number; removed: boolean; primary: boolean };

const iso = (ms: number): string => new Date(ms).toISOString();

function normaliseValue(def: PropertyDef, raw: unknown): { value: string } | { error: string; message: string } {
  if (raw === null || raw === undefined) return { value: '' };
  const s = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : JSON.stringify(raw);
  if (s === '') return { value: '' };
  switch (def.type) {
    case 'number':
      return Number.isFinite(Number(s)) && s.trim() !== '' ? { value: s.trim() } : { error: 'INVALID_DECIMAL', message: `${JSON.stringify(s)} is not a valid number.` };
    case 'bool':
      return /^(true|false)$/i.test(s) ? { value: s.toLowerCase() } : { error: 'INVALID_BOOLEAN', message: `${JSON.stringify(s)} is not a valid boolean.` };
    case 'date':
    case 'datetime': {
      const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
      if (!Number.isFinite(ms)) return { error: 'INVALID_DATE', message: `${JSON.stringify(s)} is not a valid date.` };
      if (def.type === 'date') {
        const d = new Date(ms);
        if (d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds() || d.getUTCMilliseconds()) {
          return { error: 'INVALID_DATE', message: `${s} is at ${d.toISOString().slice(11, 23)} but should be at midnight UTC.` };
        }
        return { value: d.toISOString().slice(0, 10) };
      }
      return { value: new Date(ms).toISOString() };
    }
    case 'enumeration': {
      if (!def.options || def.options.length === 0) return { value: s };
      const values = s.split(';');
      const bad = values.find((v) => !def.options?.some((o) => o.value === v));
      return bad === undefined ? { value: s } : { error: 'INVALID_OPTION', message: `${bad} was not one of the allowed options: ${def.options.map((o) => `[label: ${JSON.stringify(o.label)}\nvalue: ${JSON.stringify(o.value)}]`).join(', ')}` };
    }
    default:
      return { value: s };
  }
}

export class ObjectTable {
  readonly byId = new Map<string, Rec>();
  /** Ascending by num; archived records stay (skipped when listing). */
  readonly order: Rec[] = [];
  /** property → value → record id, for every hasUniqueValue property (and contact email). */
  readonly unique = new Map<string, Map<string, string>>();
  readonly properties = new Map<string, PropertyDef>();
  readonly groups = new Map<string, { name: string; label: string; displayOrder: number; archived: boolean }>();
  /** Bumped on every record change, so search can reuse a sorted result while paging one query. */
  version = 0;

  constructor(readonly def: ObjectTypeDef) {
    // Options are copied: an admin adding a currency or a pipeline changes this portal only.
    for (const p of BUILTIN_PROPERTIES[def.name] ?? []) this.properties.set(p.name, { ...p, ...(p.options && { options: p.options.map((o) => ({ ...o })) }), createdAt: '2019-08-06T02:41:08.029Z', updatedAt: '2019-08-06T02:41:08.029Z' });
    for (const [i, g] of (BUILTIN_GROUPS[def.name] ?? []).entries()) this.groups.set(g, { name: g, label: g.replace(/information$/, ' information'), displayOrder: i, archived: false });
    if (def.name === 'contacts') this.unique.set('email', new Map());
  }

  get live(): number {
    let n = 0;
    for (const r of this.byId.values()) if (!r.archived) n++;
    return n;
  }

  addProperty(def: PropertyDef): void {
    this.properties.set(def.name, def);
    if (def.hasUniqueValue) {
      const index = new Map<string, string>();
      for (const r of this.byId.values()) {
        const v = r.props[def.name];
        if (v) index.set(v, r.id);
      }
      this.unique.set(def.name, index);
    }
  }

  /** Archives a property definition (its values go with it, as HubSpot's archive does). */
  removeProperty(name: string): void {
    this.properties.delete(name);
    this.unique.delete(name);
    for (const r of this.byId.values()) delete r.props[name];
    this.version++;
  }

  private uniqueKey(prop: string, value: string): string {
    return prop === 'email' ? value.toLowerCase() : value;
  }

  findByUnique(prop: string, value: string): Rec | undefined {
    const id = this.unique.get(prop)?.get(this.uniqueKey(prop, value));
    const r = id ? this.byId.get(id) : undefined;
    return r && !r.archived ? r : undefined;
  }

  /** Validates property values for a write; returns normalised values or the per-property problems. */
  validate(input: Record<string, unknown>, strict: boolean): { values: Record<string, string> } | { problem: InputProblem } {
    const values: Record<string, string> = {};
    const problems: { name: string; error: string; message: string }[] = [];
    for (const [name, raw] of Object.entries(input ?? {})) {
      const def = this.properties.get(name);
      if (!def) {
        if (strict) problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
        continue;
      }
      if (def.readOnlyValue || def.calculated) {
        problems.push({ name, error: 'READ_ONLY_VALUE', message: `"${name}" is a read only property; its value cannot be set.` });
        continue;
      }
      const n = normaliseValue(def, raw);
      if ('error' in n) problems.push({ name, error: n.error, message: n.message });
      else if (def.referencedObjectType === 'OWNER' && n.value !== '' && !isActiveOwnerId(n.value)) problems.push({ name, error: 'INVALID_OWNER_ID', message: `${n.value} is not a valid owner id` });
      else values[name] = n.value;
    }
    if (this.def.name === 'contacts' && values.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email)) {
      problems.push({ name: 'email', error: 'INVALID_EMAIL', message: `Email address ${values.email} is invalid` });
    }
    if (problems.length) {
      return {
        problem: {
          status: 400,
          category: 'VALIDATION_ERROR',
          message: propertyValuesMessage(problems),
          errors: problems.map((p) => ({ message: p.message, code: p.error, in: p.name, context: { propertyName: [p.name] } })),
        },
      };
    }
    return { values };
  }

  /** A unique-value clash for these values on a record other than `selfId`, as a 409 problem. */
  uniqueClash(values: Record<string, string>, selfId?: string): InputProblem | undefined {
    for (const [prop, index] of this.unique) {
      const v = values[prop];
      if (!v) continue;
      const owner = index.get(this.uniqueKey(prop, v));
      if (owner && owner !== selfId && !this.byId.get(owner)?.archived) {
        const message = prop === 'email' && this.def.name === 'contacts' ? `Contact already exists. Existing ID: ${owner}` : `A ${this.def.singular} with ${prop} "${v}" already exists. Existing ID: ${owner}`;
        return { status: 409, category: 'CONFLICT', message, errors: [{ message, code: 'DUPLICATE_VALUE', in: prop }] };
      }
    }
    return undefined;
  }

  insert(num: number, values: Record<string, string>, now: number): Rec {
    const id = String(num);
    const props: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) if (v !== '') props[k] = v;
    props.hs_object_id = id;
    props.createdate = iso(now);
    props[this.def.lastModified] = iso(now);
    const rec: Rec = { id, num, props, createdAt: now, updatedAt: now, archived: false };
    this.version++;
    this.byId.set(id, rec);
    this.order.push(rec);
    this.index(rec, values);
    return rec;
  }

  /** Applies values; returns the names whose value actually changed. */
  update(rec: Rec, values: Record<string, string>, now: number): string[] {
    const changed: string[] = [];
    this.version++;
    for (const [k, v] of Object.entries(values)) {
      const before = rec.props[k] ?? '';
      if (before === v) continue;
      const index = this.unique.get(k);
      if (index && before) index.delete(this.uniqueKey(k, before));
      if (v === '') delete rec.props[k];
      else rec.props[k] = v;
      changed.push(k);
    }
    this.index(rec, values);
    rec.updatedAt = Math.max(now, rec.updatedAt + 1);
    rec.props[this.def.lastModified] = iso(rec.updatedAt);
    return changed;
  }

  private index(rec: Rec, values: Record<string, string>): void {
    for (const [prop, index] of this.unique) {
      const v = values[prop];
      if (v) index.set(this.uniqueKey(prop, v), rec.id);
    }
  }

  archive(rec: Rec, now: number): void {
    this.version++;
    rec.archived = true;
    rec.archivedAt = now;
    for (const [prop, index] of this.unique) {
      const v = rec.props[prop];
      if (v && index.get(this.uniqueKey(prop, v)) === rec.id) index.delete(this.uniqueKey(prop, v));
    }
  }

  /** Live (or archived) records with num > after, ascending, at most `limit`, plus whether more exist. */
  page(after: number, limit: number, archived: boolean): { records: Rec[]; more: boolean } {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.order[mid] as Rec).num <= after) lo = mid + 1;
      else hi = mid;
    }
    const records: Rec[] = [];
    for (let i = lo; i < this.order.length; i++) {
      const r = this.order[i] as Rec;
      if (r.archived !== archived) continue;
      if (records.length === limit) return { records, more: true };
      records.push(r);
    }
    return { records, more: false };
  }
}

/** Shape of one record in API responses, with the properties asked for (HubSpot adds id and dates). */
export function present(table: ObjectTable, rec: Rec, properties: string[] | undefined): Record<string, unknown> {
  const names = properties && properties.length ? properties : table.def.defaultProperties;
  const props: Record<string, string | null> = {};
  for (const n of names) {
    if (!table.properties.has(n)) continue; // unknown names are ignored on reads (spec §3)
    props[n] = rec.props[n] ?? null;
  }
  props.hs_object_id = rec.id;
  props.createdate = rec.props.createdate ?? null;
  props[table.def.lastModified] = rec.props[table.def.lastModified] ?? null;
  return {
    id: rec.id,
    properties: props,
    createdAt: iso(rec.createdAt),
    updatedAt: iso(rec.updatedAt),
    archived: rec.archived,
    ...(rec.archivedAt !== undefined && { archivedAt: iso(rec.archivedAt) }),
  };
}

export class AssociationStore {
  /** `type:id` → `toType:toId` → type ids. Both directions are stored. */
  private readonly edges = new Map<string, Map<string, Set<number>>>();

  constructor(
    private readonly emit: (e: ChangeEvent) => void,
    private readonly labels: AssociationLabels,
  ) {}

  private add1(from: string, fromId: string, to: string, toId: string, typeId: number): boolean {
    const key = `${from}:${fromId}`;
    let m = this.edges.get(key);
    if (!m) this.edges.set(key, (m = new Map()));
    const k2 = `${to}:${toId}`;
    let s = m.get(k2);
    if (!s) m.set(k2, (s = new Set()));
    if (s.has(typeId)) return false;
    s.add(typeId);
    return true;
  }

  private remove1(from: string, fromId: string, to: string, toId: string, typeId?: number): void {
    const m = this.edges.get(`${from}:${fromId}`);
    const s = m?.get(`${to}:${toId}`);
    if (!s) return;
    if (typeId === undefined) s.clear();
    else s.delete(typeId);
    if (s.size === 0) m?.delete(`${to}:${toId}`);
  }

  /** Creates the association (and its reverse, and the unlabelled one under a label); moves a primary label. */
  create(from: string, fromId: string, to: string, toId: string, typeId: number, now: number, source = 'API'): string[] {
    const types = this.labels.typesFor(from, to);
    const unlabelled = types.find((t) => t.label === null)?.typeId;
    const labels: string[] = [];
    if (isPrimaryType(from, to, typeId)) {
      // A record has one primary company: take the label off the previous one (spec §8).
      for (const [k2, s] of this.edges.get(`${from}:${fromId}`) ?? []) {
        const [otherType, otherId] = k2.split(':') as [string, string];
        if (otherType === to && otherId !== toId && s.has(typeId)) {
          this.remove1(from, fromId, to, otherId, typeId);
          this.remove1(to, otherId, from, fromId, this.labels.reverse(from, to, typeId));
          if (s.size === 0 && unlabelled !== undefined) this.add1(from, fromId, to, otherId, unlabelled);
        }
      }
    }
    const all = unlabelled !== undefined && unlabelled !== typeId ? [unlabelled, typeId] : [typeId];
    let added = false;
    for (const t of all) {
      added = this.add1(from, fromId, to, toId, t) || added;
      this.add1(to, toId, from, fromId, this.labels.reverse(from, to, t));
      const label = types.find((x) => x.typeId === t)?.label;
      if (label) labels.push(label);
    }
    if (added) this.emit({ kind: 'associationChange', type: from, id: fromId, at: now, source, toType: to, toId, typeId, removed: false, primary: isPrimaryType(from, to, typeId) });
    return labels;
  }

  /** Takes one label off a pair; the unlabelled type (or the last label) takes the whole association with it. */
  removeLabel(from: string, fromId: string, to: string, toId: string, typeId: number, now: number): void {
    const unlabelled = this.labels.typesFor(from, to).find((t) => t.label === null)?.typeId;
    const current = this.edges.get(`${from}:${fromId}`)?.get(`${to}:${toId}`);
    if (!current?.has(typeId)) return;
    if (typeId === unlabelled || current.size === 1) return this.archive(from, fromId, to, toId, now);
    this.remove1(from, fromId, to, toId, typeId);
    this.remove1(to, toId, from, fromId, this.labels.reverse(from, to, typeId));
    this.emit({ kind: 'associationChange', type: from, id: fromId, at: now, source: 'API', toType: to, toId, typeId, removed: true, primary: isPrimaryType(from, to, typeId) });
  }

  archive(from: string, fromId: string, to: string, toId: string, now: number): void {
    this.remove1(from, fromId, to, toId);
    this.remove1(to, toId, from, fromId);
    this.emit({ kind: 'associationChange', type: from, id: fromId, at: now, source: 'API', toType: to, toId, typeId: associationTypesFor(from, to)[0]?.typeId ?? 0, removed: true, primary: false });
  }

  list(from: string, fromId: string, to: string): { toObjectId: string; typeIds: number[] }[] {
    const out: { toObjectId: string; typeIds: number[] }[] = [];
    for (const [k2, s] of this.edges.get(`${from}:${fromId}`) ?? []) {
      const [t, id] = k2.split(':') as [string, string];
      if (t === to && s.size) out.push({ toObjectId: id, typeIds: [...s].sort((a, b) => a - b) });
    }
    return out.sort((a, b) => Number(a.toObjectId) - Number(b.toObjectId));
  }

  /** The record pairs whose from→to association carries this type (each pair once). */
  withType(from: string, to: string, typeId: number): { fromId: string; toId: string }[] {
    const seen = new Set<string>();
    const out: { fromId: string; toId: string }[] = [];
    for (const [key, m] of this.edges) {
      const [type, fromId] = key.split(':') as [string, string];
      if (type !== from) continue;
      for (const [k2, s] of m) {
        const [t, toId] = k2.split(':') as [string, string];
        const pairKey = from === to ? [fromId, toId].sort().join('|') : `${fromId}|${toId}`;
        if (t !== to || !s.has(typeId) || seen.has(pairKey)) continue;
        seen.add(pairKey);
        out.push({ fromId, toId });
      }
    }
    return out;
  }

  count(from: string, fromId: string, to: string): number {
    return this.list(from, fromId, to).length;
  }

  clear(): void {
    this.edges.clear();
  }
}

export class PortalState {
  readonly tables = new Map<string, ObjectTable>();
  readonly associationLabels = new AssociationLabels();
  readonly associations: AssociationStore;
  readonly pipelines = new PipelineStore();
  private nextNum = 10_000_001;
  private listeners: ((e: ChangeEvent) => void)[] = [];

  constructor() {
    for (const def of OBJECT_TYPES) this.tables.set(def.name, new ObjectTable(def));
    this.associations = new AssociationStore((e) => this.emit(e), this.associationLabels);
  }

  table(nameOrId: string): ObjectTable | undefined {
    const def = objectType(nameOrId);
    return def ? this.tables.get(def.name) : undefined;
  }

  onChange(listener: (e: ChangeEvent) => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  emit(e: ChangeEvent): void {
    for (const l of this.listeners) l(e);
  }

  newNum(): number {
    return this.nextNum++;
  }

  /** Create with validation already done; emits creation + property changes. */
  create(table: ObjectTable, values: Record<string, string>, now: number, source = 'API'): Rec {
    const rec = table.insert(this.newNum(), values, now);
    this.emit({ kind: 'creation', type: table.def.name, id: rec.id, at: now, source });
    return rec;
  }

  update(table: ObjectTable, rec: Rec, values: Record<string, string>, now: number, source = 'API'): void {
    const clash = table.uniqueClash(values, rec.id);
    if (clash) throw conflict(clash.message);
    for (const name of table.update(rec, values, now)) {
      this.emit({ kind: 'propertyChange', type: table.def.name, id: rec.id, at: now, source, property: name, value: rec.props[name] ?? '' });
    }
  }

  archive(table: ObjectTable, rec: Rec, now: number): void {
    table.archive(rec, now);
    this.emit({ kind: 'deletion', type: table.def.name, id: rec.id, at: now, source: 'API' });
  }

  reset(): void {
    for (const def of OBJECT_TYPES) this.tables.set(def.name, new ObjectTable(def));
    this.associations.clear();
    this.associationLabels.clear();
    this.pipelines.reset();
  }
}
