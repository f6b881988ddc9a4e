// The sandbox's company data: one table per object, RECORDNO keys, WHENMODIFIED stamped on every change,
// and an undo journal so `transaction="true"` can roll an operation back (spec §2).
import { CONTACT_FIELDS, OBJECTS, type ObjectDef } from './objects.ts';

/** Stored values: text, numbers as decimal strings, days `YYYY-MM-DD`, instants as epoch ms, null when empty. */
export type Value = string | number | null;
export type Row = Record<string, Value>;

export class Store {
  readonly tables = new Map<string, Map<number, Row>>();
  private readonly ids = new Map<string, Map<string, number>>();
  private nextRecordNo = new Map<string, number>();
  /** Undo steps of the request being processed; cleared when it ends. */
  private journal: (() => void)[] = [];

  constructor(readonly now: () => number) {
    for (const name of Object.keys(OBJECTS)) this.clear(name);
  }

  private clear(name: string): void {
    this.tables.set(name, new Map());
    this.ids.set(name, new Map());
    this.nextRecordNo.set(name, 1);
  }

  reset(): void {
    for (const name of Object.keys(OBJECTS)) this.clear(name);
  }

  table(name: string): Map<number, Row> {
    return this.tables.get(name)!;
  }

  rows(name: string): Row[] {
    return [...this.table(name).values()];
  }

  get(name: string, recordNo: number): Row | undefined {
    return this.table(name).get(recordNo);
  }

  /** By the object's business key (VENDORID, CONTACTNAME, …). */
  byId(def: ObjectDef, id: string): Row | undefined {
    if (def.idField === 'RECORDNO') return this.get(def.name, Number(id));
    const no = this.ids.get(def.name)!.get(id);
    return no === undefined ? undefined : this.get(def.name, no);
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.tables].map(([k, v]) => [k, v.size]));
  }

  /** A point to roll back to: the start of one function, or of an operation with transaction="true". */
  mark(): number {
    return this.journal.length;
  }

  rollbackTo(mark: number): void {
    while (this.journal.length > mark) this.journal.pop()!();
  }

  /** The request is answered: nothing can be rolled back any more. */
  settle(): void {
    this.journal = [];
  }

  insert(def: ObjectDef, values: Row, stampAt = this.now()): Row {
    const name = def.name;
    const recordNo = this.nextRecordNo.get(name)!;
    this.nextRecordNo.set(name, recordNo + 1);
    const row: Row = { ...values, RECORDNO: String(recordNo), WHENMODIFIED: stampAt };
    if (def.fields.some((x) => x.name === 'WHENCREATED' && x.type === 'timestamp')) row.WHENCREATED ??= stampAt;
    if (def.fields.some((x) => x.name === 'AUWHENCREATED')) row.AUWHENCREATED = stampAt;
    this.table(name).set(recordNo, row);
    const id = def.idField === 'RECORDNO' ? undefined : row[def.idField];
    if (id !== undefined && id !== null) this.ids.get(name)!.set(String(id), recordNo);
    this.journal.push(() => {
      this.table(name).delete(recordNo);
      if (id !== undefined && id !== null) this.ids.get(name)!.delete(String(id));
    });
    return row;
  }

  update(def: ObjectDef, row: Row, changes: Row, stampAt = this.now()): Row {
    const before = { ...row };
    const oldId = def.idField === 'RECORDNO' ? undefined : row[def.idField];
    Object.assign(row, changes, { WHENMODIFIED: stampAt });
    const newId = def.idField === 'RECORDNO' ? undefined : row[def.idField];
    const index = this.ids.get(def.name)!;
    if (oldId !== newId) {
      if (oldId !== undefined && oldId !== null) index.delete(String(oldId));
      if (newId !== undefined && newId !== null) index.set(String(newId), Number(row.RECORDNO));
    }
    this.journal.push(() => {
      for (const k of Object.keys(row)) delete row[k];
      Object.assign(row, before);
      if (oldId !== newId) {
        if (newId !== undefined && newId !== null) index.delete(String(newId));
        if (oldId !== undefined && oldId !== null) index.set(String(oldId), Number(row.RECORDNO));
      }
    });
    return row;
  }

  remove(def: ObjectDef, row: Row): void {
    const recordNo = Number(row.RECORDNO);
    this.table(def.name).delete(recordNo);
    const id = def.idField === 'RECORDNO' ? undefined : row[def.idField];
    if (id !== undefined && id !== null) this.ids.get(def.name)!.delete(String(id));
    this.journal.push(() => {
      this.table(def.name).set(recordNo, row);
      if (id !== undefined && id !== null) this.ids.get(def.name)!.set(String(id), recordNo);
    });
  }

  /** The lines of a bill, in line order. */
  billLines(billRecordNo: string): Row[] {
    return this.rows('APBILLITEM').filter((l) => l.RECORDKEY === billRecordNo).sort((a, b) => Number(a.LINE_NO) - Number(b.LINE_NO));
  }

  /** `DISPLAYCONTACT.EMAIL1` of a vendor: the field of the CONTACT its group names. */
  valueOf(def: ObjectDef, row: Row, field: string): Value {
    if (field in row) return row[field] ?? null;
    const group = (def.contactGroups ?? []).find((g) => field.startsWith(`${g}.`));
    if (!group) return null;
    const contactName = row[`${group}.CONTACTNAME`];
    if (contactName === undefined || contactName === null) return null;
    const sub = field.slice(group.length + 1);
    if (!CONTACT_FIELDS.includes(sub)) return null;
    return this.byId(OBJECTS.CONTACT!, String(contactName))?.[sub] ?? null;
  }
}
