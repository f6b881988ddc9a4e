// The audit trail. Newest first by id (ids grow with time); keyset pagination on id, so page N costs
// the same as page 1 at a million rows. Text search goes through the trigram FTS table.
import type { Db } from '../db.ts';

export interface RecordEventInput {
  runId: string | null;
  flowId: string;
  at: string;
  direction: 'erp-to-crm' | 'crm-to-erp';
  sourceSystem: string;
  sourceEntity: string;
  sourceId: string;
  sourceLabel: string | null;
  destObject: string;
  destId: string | null;
  action: string;
  attempt: number;
  error: { kind: string; code?: string; message: string; hint?: string } | null;
  sourcePayload: unknown;
  mappedPayload: unknown;
  replayOf: number | null;
}

export interface RecordEventRow extends Omit<RecordEventInput, 'sourcePayload' | 'mappedPayload'> {
  id: number;
  resolved: boolean;
}

export interface RecordEventDetail extends RecordEventRow {
  sourcePayload: unknown;
  mappedPayload: unknown;
}

export interface EventFilter {
  flowId?: string;
  actions?: string[];
  from?: string;
  to?: string;
  text?: string;
  runId?: string;
  unresolvedOnly?: boolean;
}

const SUMMARY_COLUMNS =
  'id, run_id, flow_id, at, direction, source_system, source_entity, source_id, source_label, dest_object, dest_id, action, attempt, error_kind, error_code, error_message, error_hint, replay_of, resolved';

interface Raw {
  id: number;
  run_id: string | null;
  flow_id: string;
  at: string;
  direction: 'erp-to-crm' | 'crm-to-erp';
  source_system: string;
  source_entity: string;
  source_id: string;
  source_label: string | null;
  dest_object: string;
  dest_id: string | null;
  action: string;
  attempt: number;
  error_kind: string | null;
  error_code: string | null;
  error_message: string | null;
  error_hint: string | null;
  replay_of: number | null;
  resolved: number;
  source_payload?: string | null;
  mapped_payload?: string | null;
}

const fromRaw = (r: Raw): RecordEventRow => ({
  id: r.id,
  runId: r.run_id,
  flowId: r.flow_id,
  at: r.at,
  direction: r.direction,
  sourceSystem: r.source_system,
  sourceEntity: r.source_entity,
  sourceId: r.source_id,
  sourceLabel: r.source_label,
  destObject: r.dest_object,
  destId: r.dest_id,
  action: r.action,
  attempt: r.attempt,
  error: r.error_kind
    ? { kind: r.error_kind, message: r.error_message ?? '', ...(r.error_code && { code: r.error_code }), ...(r.error_hint && { hint: r.error_hint }) }
    : null,
  replayOf: r.replay_of,
  resolved: r.resolved === 1,
});

/** FTS5 query for a substring: quoted so user text can never be FTS syntax. Trigram needs ≥ 3 chars. */
function ftsPhrase(text: string): string {
  return '"' + text.replace(/"/g, '""') + '"';
}

export interface WhereOptions {
  /**
   * Id bounds that cover the date range (ids grow with `at`, see idRangeFor); the date conditions are
   * then checked on the rows (`+at`, no index) instead of driving the plan. null: nothing in range.
   */
  idRange?: { lo: number; hi: number } | null;
  /** Table alias for joined queries, e.g. 'e.'. */
  alias?: string;
}

export function buildWhere(filter: EventFilter, options: WhereOptions = {}): { sql: string; params: unknown[] } {
  const a = options.alias ?? '';
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.flowId) {
    clauses.push(`${a}flow_id = ?`);
    params.push(filter.flowId);
  }
  if (filter.actions?.length) {
    clauses.push(`${a}action IN (${filter.actions.map(() => '?').join(',')})`);
    params.push(...filter.actions);
  }
  const range = options.idRange;
  const ranged = range !== undefined;
  if (range === null) clauses.push('0');
  else if (range) {
    clauses.push(`${a}id BETWEEN ? AND ?`);
    params.push(range.lo, range.hi);
  }
  if (filter.from) {
    clauses.push(`${ranged ? '+' : ''}${a}at >= ?`);
    params.push(filter.from);
  }
  if (filter.to) {
    clauses.push(`${ranged ? '+' : ''}${a}at < ?`);
    params.push(filter.to);
  }
  if (filter.runId) {
    clauses.push(`${a}run_id = ?`);
    params.push(filter.runId);
  }
  if (filter.unresolvedOnly) clauses.push(`${a}action = 'failed' AND ${a}resolved = 0`);
  const text = filter.text?.trim();
  if (text) {
    if (text.length >= 3) {
      clauses.push(`${a}id IN (SELECT rowid FROM record_events_text WHERE record_events_text MATCH ?)`);
      params.push(ftsPhrase(text));
    } else {
      clauses.push(`(${a}source_id = ? OR ${a}dest_id = ?)`);
      params.push(text, text);
    }
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
}

/** Events are stamped at commit, so `at` grows with id up to clock noise and concurrent writers; this much is allowed for. */
const DATE_SLACK_MS = 60_000;

const shifted = (iso: string, ms: number): string => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + ms).toISOString();
};

export function recordEventsTable(db: Db) {
  // Many rows per INSERT statement: SQLite wraps every statement that fires a trigger in a statement
  // savepoint, and FTS5 flushes its pending terms to a new segment at each savepoint. One event per
  // statement therefore wrote one index segment per event (and merged them again and again); a page's
  // events in a few statements flush a few segments. Ids of one statement's rows are consecutive.
  const COLUMNS = 19;
  const CHUNK = 50;
  const insertSql = (rows: number) =>
    `INSERT INTO record_events (run_id, flow_id, at, direction, source_system, source_entity, source_id, source_label, dest_object, dest_id, action, attempt,
       error_kind, error_code, error_message, error_hint, source_payload, mapped_payload, replay_of)
     VALUES ${Array.from({ length: rows }, () => `(${Array.from({ length: COLUMNS }, () => '?').join(',')})`).join(',')}`;
  const inserts = new Map<number, ReturnType<typeof db.prepare<unknown[]>>>();
  const insertRows = (rows: number) => {
    let s = inserts.get(rows);
    if (!s) inserts.set(rows, (s = db.prepare<unknown[]>(insertSql(rows))));
    return s;
  };
  const values = (e: RecordEventInput): unknown[] => [
    e.runId, e.flowId, e.at, e.direction, e.sourceSystem, e.sourceEntity, e.sourceId, e.sourceLabel, e.destObject, e.destId, e.action, e.attempt,
    e.error?.kind ?? null, e.error?.code ?? null, e.error?.message ?? null, e.error?.hint ?? null,
    e.sourcePayload === undefined ? null : JSON.stringify(e.sourcePayload),
    e.mappedPayload === undefined ? null : JSON.stringify(e.mappedPayload),
    e.replayOf,
  ];
  const get = db.prepare<[number], Raw>('SELECT * FROM record_events WHERE id = ?');
  const replays = db.prepare<[number], Raw>(`SELECT ${SUMMARY_COLUMNS} FROM record_events WHERE replay_of = ? ORDER BY id`);
  // A success resolves every earlier failure of the same record in the same flow.
  const resolve = db.prepare("UPDATE record_events SET resolved = 1 WHERE flow_id = ? AND source_id = ? AND action = 'failed' AND resolved = 0 AND id < ?");
  const purge = db.prepare(
    "DELETE FROM record_events WHERE id IN (SELECT id FROM record_events WHERE at < ? AND (action != 'failed' OR resolved = 1) LIMIT 5000)",
  );
  const firstFrom = db.prepare<[string], { id: number }>('SELECT id FROM record_events WHERE at >= ? ORDER BY at, id LIMIT 1');
  const lastBefore = db.prepare<[string], { id: number }>('SELECT id FROM record_events WHERE at < ? ORDER BY at DESC, id DESC LIMIT 1');
  const maxId = db.prepare<[], { id: number | null }>('SELECT MAX(id) id FROM record_events');
  /**
   * The ids a date range can hold, from two probes of the `at` index. Newest-first pages over a wide
   * range then walk ids downwards from the range's end and stop after one page, where the `at` index
   * would gather and sort every event of the range first (0.7 s for 30 days of a million events).
   * Times follow ids within DATE_SLACK_MS: so an event stamped 2 × slack before `from` has a smaller id
   * than every event in range, and one stamped 2 × slack after `to` a larger one.
   */
  const idRangeFor = (from: string | undefined, to: string | undefined): { lo: number; hi: number } | null => {
    const top = maxId.get()?.id;
    if (top === null || top === undefined) return null;
    const lo = from ? (lastBefore.get(shifted(from, -2 * DATE_SLACK_MS))?.id ?? 1) : 1;
    const hi = to ? (firstFrom.get(shifted(to, 2 * DATE_SLACK_MS))?.id ?? top) : top;
    return hi < lo ? null : { lo, hi };
  };
  type Stmt = ReturnType<typeof db.prepare<unknown[]>>;
  const stmtCache = new Map<string, Stmt>();
  const cached = (sql: string): Stmt => {
    let s = stmtCache.get(sql);
    if (!s) {
      s = db.prepare<unknown[]>(sql);
      if (stmtCache.size > 200) stmtCache.clear();
      stmtCache.set(sql, s);
    }
    return s;
  };

  /** Inserts events in order (call inside a transaction for a page); returns their ids in the same order. */
  function insertMany(events: readonly RecordEventInput[]): number[] {
    const ids: number[] = [];
    for (let at = 0; at < events.length; at += CHUNK) {
      const part = events.slice(at, at + CHUNK);
      const last = Number(insertRows(part.length).run(...part.flatMap(values)).lastInsertRowid);
      part.forEach((e, k) => {
        const id = last - part.length + 1 + k;
        ids.push(id);
        if (e.action !== 'failed' && e.action !== 'waiting') resolve.run(e.flowId, e.sourceId, id);
      });
    }
    return ids;
  }

  return {
    insert(e: RecordEventInput): number {
      return insertMany([e])[0]!;
    },
    insertMany,
    get(id: number): RecordEventDetail | undefined {
      const r = get.get(id);
      if (!r) return undefined;
      return {
        ...fromRaw(r),
        sourcePayload: r.source_payload ? JSON.parse(r.source_payload) : null,
        mappedPayload: r.mapped_payload ? JSON.parse(r.mapped_payload) : null,
      };
    },
    replaysOf: (id: number) => replays.all(id).map(fromRaw),
    /** Newest first; `beforeId` is the keyset cursor (the last id of the previous page). */
    query(filter: EventFilter, limit: number, beforeId: number | null): RecordEventRow[] {
      let idRange = filter.from || filter.to ? idRangeFor(filter.from, filter.to) : undefined;
      // The keyset cursor narrows the id range itself: SQLite uses one upper bound on rowid, and a
      // separate `id < cursor` would leave it walking down from the range's end to the cursor.
      if (idRange && beforeId !== null) {
        idRange = beforeId - 1 >= idRange.lo ? { lo: idRange.lo, hi: Math.min(idRange.hi, beforeId - 1) } : null;
        beforeId = null;
      }
      if (idRange === null) return [];
      const text = filter.text?.trim() ?? '';
      // Text with no selective filter beside it: walk the search index newest first (FTS5 serves rowid
      // order and rowid bounds itself) and stop after one page, instead of collecting every match first.
      if (text.length >= 3 && !filter.actions?.length && !filter.unresolvedOnly && !filter.runId) {
        const where = buildWhere({ ...filter, text: undefined }, { alias: 'e.', ...(idRange !== undefined && { idRange }) });
        const sql = `SELECT ${SUMMARY_COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')} FROM record_events_text t JOIN record_events e ON e.id = t.rowid
          WHERE record_events_text MATCH ?${beforeId !== null ? ' AND t.rowid < ?' : ''}${idRange ? ' AND t.rowid BETWEEN ? AND ?' : ''} AND ${where.sql} ORDER BY t.rowid DESC LIMIT ?`;
        const bounds = [...(beforeId !== null ? [beforeId] : []), ...(idRange ? [idRange.lo, idRange.hi] : [])];
        return (cached(sql).all(ftsPhrase(text), ...bounds, ...where.params, limit) as Raw[]).map(fromRaw);
      }
      const where = buildWhere(filter, idRange !== undefined ? { idRange } : {});
      const sql = `SELECT ${SUMMARY_COLUMNS} FROM record_events WHERE ${where.sql}${beforeId !== null ? ' AND id < ?' : ''} ORDER BY id DESC LIMIT ?`;
      const params = [...where.params, ...(beforeId !== null ? [beforeId] : []), limit];
      return (cached(sql).all(...params) as Raw[]).map(fromRaw);
    },
    /** Ids only, oldest first, for replaying everything failed in a filter. */
    ids(filter: EventFilter, limit: number): number[] {
      const where = buildWhere(filter);
      return (cached(`SELECT id FROM record_events WHERE ${where.sql} ORDER BY id LIMIT ?`).all(...where.params, limit) as { id: number }[]).map((r) => r.id);
    },
    count(filter: EventFilter, cap: number): { count: number; capped: boolean } {
      const text = filter.text?.trim() ?? '';
      const onlyText = text.length >= 3 && !filter.flowId && !filter.actions?.length && !filter.from && !filter.to && !filter.runId && !filter.unresolvedOnly;
      const row = onlyText
        ? (cached('SELECT COUNT(*) n FROM (SELECT 1 FROM record_events_text WHERE record_events_text MATCH ? LIMIT ?)').get(ftsPhrase(text), cap + 1) as { n: number })
        : (() => {
            const where = buildWhere(filter);
            return cached(`SELECT COUNT(*) n FROM (SELECT 1 FROM record_events WHERE ${where.sql} LIMIT ?)`).get(...where.params, cap + 1) as { n: number };
          })();
      return { count: Math.min(row.n, cap), capped: row.n > cap };
    },
    /** Streams full rows (with payloads) for CSV export. */
    *iterate(filter: EventFilter, limit: number): IterableIterator<RecordEventDetail> {
      const where = buildWhere(filter);
      for (const r of cached(`SELECT * FROM record_events WHERE ${where.sql} ORDER BY id DESC LIMIT ?`).iterate(...where.params, limit) as IterableIterator<Raw>) {
        yield { ...fromRaw(r), sourcePayload: r.source_payload ? JSON.parse(r.source_payload) : null, mappedPayload: r.mapped_payload ? JSON.parse(r.mapped_payload) : null };
      }
    },
    /** Deletes successes (and resolved failures) older than the cutoff, in slices so writers are not blocked long. */
    purgeBefore(cutoffIso: string): number {
      let total = 0;
      for (;;) {
        const n = purge.run(cutoffIso).changes;
        total += n;
        if (n < 5000) return total;
      }
    },
  };
}
