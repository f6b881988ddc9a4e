// The org's records: one table per module, ids as Zoho's 19-digit strings, audit stamps, the recycle
// bin for `/deleted`, and the write semantics of insert, update and upsert (spec §4.3–4.5). Every
// change is reported to listeners (the notification channels).
import { recordError, type RecordResult } from './errors.ts';
import { MODULE_BY_NAME, fieldOf, type ModuleDef } from './modules.ts';
import type { Switches } from './switches.ts';
import { validateRecord, type LookupResolver } from './validate.ts';

export interface StoredRecord {
  id: string;
  values: Record<string, unknown>;
  createdAt: number;
  modifiedAt: number;
  createdBy: string;
  modifiedBy: string;
}

export interface DeletedRecord {
  id: string;
  display_name: string;
  deletedAt: number;
  deletedBy: string;
  createdBy: string;
}

export interface User {
  id: string;
  full_name: string;
  email: string;
  zuid: string;
}

export interface ChangeEvent {
  module: string;
  operation: 'insert' | 'update' | 'delete';
  ids: string[];
  /** Per record, the fields the change touched and their new values. */
  changes: { id: string; fields: Record<string, unknown> }[];
}

export type WriteMode = 'insert' | 'update' | 'upsert';

export class OrgStore implements LookupResolver {
  readonly tables = new Map<string, Map<string, StoredRecord>>();
  readonly deleted = new Map<string, DeletedRecord[]>();
  readonly users: User[];
  readonly listeners: ((e: ChangeEvent) => void)[] = [];
  private seq = 624_001;

  constructor(readonly orgId = '4876876') {
    this.users = [{ id: `${orgId}000000225013`, full_name: 'Patricia Boyle', email: 'patricia.boyle@zylker.example', zuid: '60001234' }];
    for (const m of MODULE_BY_NAME.keys()) {
      this.tables.set(m, new Map());
      this.deleted.set(m, []);
    }
  }

  get admin(): User {
    return this.users[0] as User;
  }

  nextId(): string {
    return `${this.orgId}000000${String(this.seq++).padStart(6, '0')}`;
  }

  table(module: string): Map<string, StoredRecord> {
    const t = this.tables.get(module);
    if (!t) throw new Error(`No table for module ${module}`);
    return t;
  }

  exists(module: string, id: string): boolean {
    return this.tables.get(module)?.has(id) ?? false;
  }

  userExists(id: string): boolean {
    return this.users.some((u) => u.id === id);
  }

  reset(): void {
    for (const t of this.tables.values()) t.clear();
    for (const d of this.deleted.values()) d.length = 0;
  }

  private emit(e: ChangeEvent): void {
    if (e.ids.length) for (const l of this.listeners) l(e);
  }

  displayName(module: ModuleDef, rec: StoredRecord): string {
    if (module.api_name === 'Contacts') return [rec.values.First_Name, rec.values.Last_Name].filter(Boolean).join(' ');
    return String(rec.values[module.nameField] ?? '');
  }

  /** Finds another record with the same value (case-insensitive, as Zoho's unique check). */
  findByValue(module: ModuleDef, fieldName: string, value: unknown, except?: string): StoredRecord | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    const wanted = String(value).toLowerCase();
    for (const rec of this.table(module.api_name).values()) {
      if (rec.id !== except && String(rec.values[fieldName] ?? '').toLowerCase() === wanted) return rec;
    }
    return undefined;
  }

  private duplicateError(module: ModuleDef, field: string, index: number, other: StoredRecord, switches: Switches): RecordResult {
    const owner = this.users.find((u) => u.id === other.values.Owner) ?? this.admin;
    return recordError('DUPLICATE_DATA', 'duplicate data', {
      api_name: field,
      json_path: `$.data[${index}].${field}`,
      ...(switches.duplicateRecordDetail && {
        duplicate_record: { id: other.id, module: { api_name: module.api_name, id: module.id }, Owner: { name: owner.full_name, id: owner.id, zuid: owner.zuid } },
      }),
    });
  }

  /** Fields whose values must stay unique: the system duplicate field and custom unique fields. */
  private uniqueFields(module: ModuleDef): string[] {
    return [module.duplicateField, ...module.fields.filter((f) => f.unique).map((f) => f.api_name)].filter((f) => fieldOf(module, f));
  }

  private successDetails(rec: StoredRecord, fmt: (ms: number) => string): Record<string, unknown> {
    const by = (id: string) => ({ name: this.users.find((u) => u.id === id)?.full_name ?? 'Admin', id });
    return { Modified_Time: fmt(rec.modifiedAt), Modified_By: by(rec.modifiedBy), Created_Time: fmt(rec.createdAt), id: rec.id, Created_By: by(rec.createdBy) };
  }

  /**
   * Applies one write call (≤ 100 items, checked by the caller) and answers per record in input order.
   * `duplicateCheck` is the upsert's matching order.
   */
  write(module: ModuleDef, items: unknown[], mode: WriteMode, opts: { now: number; switches: Switches; user?: string; duplicateCheck?: string[]; fmt: (ms: number) => string; pathId?: string }): RecordResult[] {
    const results: RecordResult[] = [];
    const changed: ChangeEvent[] = [];
    const user = opts.user ?? this.admin.id;
    items.forEach((item, index) => {
      const input = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
      let target: StoredRecord | undefined;
      let duplicateField: string | null = null;
      if (mode === 'update') {
        const id = opts.pathId ?? (typeof input.id === 'string' || typeof input.id === 'number' || typeof input.id === 'bigint' ? String(input.id) : undefined);
        if (!id) return results.push(recordError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'id', json_path: `$.data[${index}].id` }));
        target = this.table(module.api_name).get(id);
        if (!target) return results.push(recordError('INVALID_DATA', 'the id given seems to be invalid.', { id }));
      } else if (mode === 'upsert') {
        const matches = new Map<string, { rec: StoredRecord; field: string; path: string }>();
        for (const f of opts.duplicateCheck ?? []) {
          const rec = this.findByValue(module, f, input[f]);
          if (rec && !matches.has(rec.id)) matches.set(rec.id, { rec, field: f, path: `$.data[${index}].${f}` });
        }
        if (matches.size > 1) {
          return results.push(recordError('AMBIGUITY_DURING_PROCESSING', 'ambiguity while processing the request', { ambiguity_due_to: [...matches.values()].map((m) => ({ api_name: m.field, json_path: m.path })) }));
        }
        const match = [...matches.values()][0];
        if (match) {
          target = match.rec;
          duplicateField = match.field;
        }
      }
      const checked = validateRecord(module, input, index, !target, opts.switches, this);
      if (!checked.ok) return results.push(checked.error);
      for (const f of this.uniqueFields(module)) {
        const value = checked.values[f];
        const other = this.findByValue(module, f, value, target?.id);
        if (other) return results.push(this.duplicateError(module, f, index, other, opts.switches));
      }
      const values = checked.values;
      this.assignRowIds(module, values);
      computeTotals(module, values);
      if (target) {
        Object.assign(target.values, values);
        target.modifiedAt = Math.max(opts.now, target.modifiedAt);
        target.modifiedBy = user;
        changed.push({ module: module.api_name, operation: 'update', ids: [target.id], changes: [{ id: target.id, fields: values }] });
        results.push({ code: 'SUCCESS', details: this.successDetails(target, opts.fmt), message: 'record updated', status: 'success', ...(mode === 'upsert' && { action: 'update' as const, duplicate_field: duplicateField }) });
      } else {
        const rec = this.insertStored(module, values, opts.now, user);
        changed.push({ module: module.api_name, operation: 'insert', ids: [rec.id], changes: [{ id: rec.id, fields: rec.values }] });
        results.push({ code: 'SUCCESS', details: this.successDetails(rec, opts.fmt), message: 'record added', status: 'success', ...(mode === 'upsert' && { action: 'insert' as const, duplicate_field: null }) });
      }
    });
    for (const op of ['insert', 'update'] as const) {
      const list = changed.filter((c) => c.operation === op);
      this.emit({ module: module.api_name, operation: op, ids: list.flatMap((c) => c.ids), changes: list.flatMap((c) => c.changes) });
    }
    return results;
  }

  /** Line items get their own ids, as Zoho gives subform rows. */
  assignRowIds(module: ModuleDef, values: Record<string, unknown>): void {
    for (const f of module.fields) {
      const rows = f.data_type === 'subform' ? values[f.api_name] : undefined;
      if (Array.isArray(rows)) for (const row of rows as Record<string, unknown>[]) row.id ??= this.nextId();
    }
  }

  /** Stores a validated record (also used by seeding and the admin API). */
  insertStored(module: ModuleDef, values: Record<string, unknown>, now: number, user = this.admin.id): StoredRecord {
    const rec: StoredRecord = { id: this.nextId(), values: { Owner: user, ...values }, createdAt: now, modifiedAt: now, createdBy: user, modifiedBy: user };
    this.assignRowIds(module, rec.values);
    computeTotals(module, rec.values);
    for (const f of module.fields) {
      if (f.data_type === 'autonumber') rec.values[f.api_name] = `${module.singular_label.replace(/[^A-Z]/g, '')}-${this.table(module.api_name).size + 1}`;
    }
    if (module.api_name === 'Contacts') rec.values.Full_Name = [values.First_Name, values.Last_Name].filter(Boolean).join(' ');
    this.table(module.api_name).set(rec.id, rec);
    return rec;
  }

  /** An edit as a CRM user makes it in the UI (admin API): no validation beyond the table, notifies. */
  edit(module: ModuleDef, id: string, values: Record<string, unknown>, now: number): StoredRecord | undefined {
    const rec = this.table(module.api_name).get(id);
    if (!rec) return undefined;
    Object.assign(rec.values, values);
    computeTotals(module, rec.values);
    rec.modifiedAt = Math.max(now, rec.modifiedAt);
    this.emit({ module: module.api_name, operation: 'update', ids: [id], changes: [{ id, fields: values }] });
    return rec;
  }

  createAsUser(module: ModuleDef, values: Record<string, unknown>, now: number): StoredRecord {
    const rec = this.insertStored(module, values, now);
    computeTotals(module, rec.values);
    this.emit({ module: module.api_name, operation: 'insert', ids: [rec.id], changes: [{ id: rec.id, fields: rec.values }] });
    return rec;
  }

  delete(module: ModuleDef, ids: string[], now: number): RecordResult[] {
    const gone: string[] = [];
    const results = ids.map((id) => {
      const rec = this.table(module.api_name).get(id);
      if (!rec) return recordError('INVALID_DATA', 'the id given seems to be invalid.', { id });
      this.table(module.api_name).delete(id);
      this.deleted.get(module.api_name)?.push({ id, display_name: this.displayName(module, rec), deletedAt: now, deletedBy: this.admin.id, createdBy: rec.createdBy });
      gone.push(id);
      return { code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' as const };
    });
    this.emit({ module: module.api_name, operation: 'delete', ids: gone, changes: gone.map((id) => ({ id, fields: {} })) });
    return results;
  }
}

/** Line-item totals and the order/invoice sums, as Zoho computes them. */
function computeTotals(module: ModuleDef, values: Record<string, unknown>): void {
  const sub = module.fields.find((f) => f.data_type === 'subform');
  const rows = sub ? values[sub.api_name] : undefined;
  if (!sub || !Array.isArray(rows)) return;
  let total = 0;
  for (const row of rows as Record<string, unknown>[]) {
    const line = Number(row.Quantity ?? 0) * Number(row.List_Price ?? 0) - Number(row.Discount ?? 0) + Number(row.Tax ?? 0);
    row.Total = Math.round(line * 100) / 100;
    total += row.Total as number;
  }
  if (fieldOf(module, 'Sub_Total')) values.Sub_Total = Math.round(total * 100) / 100;
  if (fieldOf(module, 'Grand_Total')) values.Grand_Total = Math.round(total * 100) / 100;
}
