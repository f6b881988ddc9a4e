// One entity set held in memory: records by key plus the keys in view order (Sage returns rows in key
// order), so a key-set page (`CustomerNumber gt 'X'`) starts with a binary search instead of a scan —
// what keeps 50,000 customers fast.

export type KeyValue = string | number;
export type Key = KeyValue[];
export type Row = Record<string, unknown>;

export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function compareKeys(a: Key, b: Key): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    const c = compareValues(a[k], b[k]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export class Table {
  private readonly rows = new Map<string, Row>();
  /** Sorted ascending by key. */
  private readonly order: { key: Key; id: string }[] = [];

  /** Bumped when a key is added or removed, so a remembered scan position can be trusted or dropped. */
  version = 0;

  constructor(readonly keyFields: readonly string[]) {}

  static idOf(key: Key): string {
    return JSON.stringify(key);
  }

  keyOf(row: Row): Key {
    return this.keyFields.map((f) => row[f] as KeyValue);
  }

  get size(): number {
    return this.rows.size;
  }

  get(key: Key): Row | undefined {
    return this.rows.get(Table.idOf(key));
  }

  has(key: Key): boolean {
    return this.rows.has(Table.idOf(key));
  }

  /** Inserts or replaces by key. */
  put(row: Row): void {
    const key = this.keyOf(row);
    const id = Table.idOf(key);
    if (!this.rows.has(id)) {
      const at = this.lowerBound(key);
      this.order.splice(at, 0, { key, id });
      this.version++;
    }
    this.rows.set(id, row);
  }

  /** Bulk load of rows already in key order (seeding); falls back to put for anything else. */
  load(rows: Row[]): void {
    for (const row of rows) {
      const key = this.keyOf(row);
      const last = this.order[this.order.length - 1];
      if (!last || compareKeys(last.key, key) < 0) {
        const id = Table.idOf(key);
        this.order.push({ key, id });
        this.rows.set(id, row);
        this.version++;
      } else {
        this.put(row);
      }
    }
  }

  delete(key: Key): boolean {
    const id = Table.idOf(key);
    if (!this.rows.delete(id)) return false;
    const at = this.lowerBound(key);
    if (this.order[at]?.id === id) this.order.splice(at, 1);
    this.version++;
    return true;
  }

  clear(): void {
    this.rows.clear();
    this.order.length = 0;
    this.version++;
  }

  /** Number of positions in key order. */
  get length(): number {
    return this.order.length;
  }

  /** The row at a position in key order. */
  rowAt(position: number): Row | undefined {
    const entry = this.order[position];
    return entry && this.rows.get(entry.id);
  }

  /** Index of the first key ≥ `key` (by the leading key fields given). */
  lowerBound(key: Key): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.order[mid]!.key.slice(0, key.length), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Rows in key order from position `from`. */
  *scan(from = 0): Generator<Row> {
    for (let k = from; k < this.order.length; k++) {
      const row = this.rows.get(this.order[k]!.id);
      if (row) yield row;
    }
  }

  all(): Row[] {
    return [...this.scan()];
  }
}
