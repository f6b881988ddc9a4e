// One entity set in memory: rows by key, and the rows in key order (cached until the set changes), which
// is the order the Service Layer returns without `$orderby`.

export type Row = Record<string, unknown>;
export type KeyValue = string | number;

export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export class Table {
  private readonly rows = new Map<KeyValue, Row>();
  private ordered: Row[] | undefined;
  /** Bumped on every change, so cached query results are dropped. */
  version = 0;

  constructor(readonly key: string) {}

  get size(): number {
    return this.rows.size;
  }

  get(key: KeyValue): Row | undefined {
    return this.rows.get(key);
  }

  put(row: Row): void {
    const key = row[this.key] as KeyValue;
    if (!this.rows.has(key)) this.ordered = undefined;
    this.rows.set(key, row);
    this.version++;
  }

  /** Marks an in-place edit of a row already held. */
  touch(): void {
    this.version++;
  }

  delete(key: KeyValue): boolean {
    const had = this.rows.delete(key);
    if (had) {
      this.ordered = undefined;
      this.version++;
    }
    return had;
  }

  clear(): void {
    this.rows.clear();
    this.ordered = undefined;
    this.version++;
  }

  inKeyOrder(): readonly Row[] {
    this.ordered ??= [...this.rows.values()].sort((a, b) => compareValues(a[this.key], b[this.key]));
    return this.ordered;
  }

  maxKey(): number {
    let max = 0;
    for (const k of this.rows.keys()) if (typeof k === 'number' && k > max) max = k;
    return max;
  }
}
