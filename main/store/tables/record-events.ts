// The audit trail. Newest first by id (ids grow with time); keyset pagination on id, so page N costs
// the same as page 1 at a million rows. Inserts are lean (migration 0004): a row, a few append-only
// index entries, no text indexing. Text search goes through a trigram index that `indexText` fills in
// batches after commit; events above its mark are scanned, so a search always sees every event.
import type { Db } from '../db.ts';
import { buildWhere, ftsQuery, textMatches, TEXT_UPTO, type EventFilter } from './record-event-filter.ts';
import { recordEventIds } from './record-event-ids.ts';
import { recordEventsRetention } from './record-events-retention.ts';

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
  /** `cause`: where a failure lies (kit/errors.ts failureCause), so replay knows whether to re-read or resend. */
  error: { kind: string; code?: string; message: string; hint?: string; cause?: 'source' | 'destination' } | null;
  sourcePayload: unknown;
  mappedPayload: unknown;
  replayOf: number | null;
  /** An `unchanged` record's payloads are not copied: the event that last wrote it (migration 0010). */
  payloadOf?: number | null;
}

export interface RecordEventRow extends Omit<RecordEventInput, 'sourcePayload' | 'mappedPayload' | 'payloadOf'> {
  id: number;
  resolved: boolean;
}

export interface RecordEventDetail extends RecordEventRow {
  sourcePayload: unknown;
  mappedPayload: unknown;
  /** The event whose payloads stand for this one's (unchanged records), or null. */
  payloadOf: number | null;
}
export type { EventFilter } from './record-event-filter.ts';

const SUMMARY_COLUMNS =
  'id, run_id, flow_id, at, direction, source_system, source_entity, source_id, source_label, dest_object, dest_id, action, attempt, error_kind, error_code, error_message, error_hint, error_cause, replay_of, resolved';

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
  error_cause: string | null;
  replay_of: number | null;
  resolved: number;
  source_payload?: string | null;
  mapped_payload?: string | null;
  payload_of?: number | null;
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
    ? { kind: r.error_kind, message: r.error_message ?? '', ...(r.error_code && { code: r.error_code }), ...(r.error_hint && { hint: r.error_hint }), ...((r.error_cause === 'source' || r.error_cause === 'destination') && { cause: r.error_cause }) }
    : null,
  replayOf: r.replay_of,
  resolved: r.resolved === 1,
});

export function recordEventsTable(db: Db) {
  const eventIds = recordEventIds(db);
  const { top, idRangeFor } = eventIds;
  const retention = recordEventsRetention(db, eventIds);
  // The tail scan's matcher (events above the text index's mark); pure, so SQLite may call it freely.
  db.function('mlc_audit_text', { deterministic: true }, (text, sourceId, destId, label) =>
    textMatches(String(text), sourceId as string | null, destId as string | null, label as string | null) ? 1 : 0,
  );
  // Many rows per INSERT statement: a statement costs a parse-free but not free trip into SQLite, and a
  // page's events in a few statements commit together. Ids of one statement's rows are consecutive.
  const COLUMNS = 22;
  const CHUNK = 50;
  const insertSql = (rows: number) =>
    `INSERT INTO record_events (run_id, flow_id, at, direction, source_system, source_entity, source_id, source_label, dest_object, dest_id, action, attempt,
       error_kind, error_code, error_message, error_hint, error_cause, source_payload, mapped_payload, replay_of, resolved, payload_of)
     VALUES ${Array.from({ length: rows }, () => `(${Array.from({ length: COLUMNS }, () => '?').join(',')})`).join(',')}`;
  const inserts = new Map<number, ReturnType<typeof db.prepare<unknown[]>>>();
  const insertRows = (rows: number) => {
    let s = inserts.get(rows);
    if (!s) inserts.set(rows, (s = db.prepare<unknown[]>(insertSql(rows))));
    return s;
  };
  const get = db.prepare<[number], Raw>('SELECT * FROM record_events WHERE id = ?');
  const replays = db.prepare<[number], Raw>(`SELECT ${SUMMARY_COLUMNS} FROM record_events WHERE replay_of = ? ORDER BY id`);
  // A success resolves every earlier open failure of the same record in the same flow. Open failures are
  // few (a partial index holds just them, migration 0003): one probe per flow and call finds whether the
  // flow has any, and only then one statement per flow resolves those of the call's records.
  const anyOpen = db.prepare<[string], { x: number }>("SELECT 1 x FROM record_events WHERE action = 'failed' AND resolved = 0 AND flow_id = ? LIMIT 1");
  const resolveEarlier = db.prepare(
    // INDEXED BY: left to itself the planner walks every failure of the flow through flow_action (resolved
    // or not, a number that grows with the log); the partial index holds open failures only.
    "UPDATE record_events INDEXED BY record_events_open_failures SET resolved = 1 WHERE action = 'failed' AND resolved = 0 AND flow_id = ? AND source_id IN (SELECT value FROM json_each(?)) AND id < ?",
  );
  const textUpto = db.prepare<[], { u: number }>('SELECT indexed_upto u FROM audit_text_state WHERE id = 1');
  const distinctSources = db.prepare<[string, number], { n: number }>("SELECT COUNT(DISTINCT source_id) n FROM record_events WHERE flow_id = ? AND id >= ? AND source_id != '?'");
  const fillText = db.prepare(
    `INSERT INTO record_events_text (rowid, source_id, dest_id, label)
     SELECT id, char(1) || source_id || char(2), char(1) || dest_id || char(2), source_label FROM record_events WHERE id > ? AND id <= ?`,
  );
  const setTextUpto = db.prepare('UPDATE audit_text_state SET indexed_upto = ? WHERE id = 1');
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
  /** WHERE for a filter, its date range turned into an id range (see idRangeFor). */
  const whereFor = (filter: EventFilter): { sql: string; params: unknown[] } =>
    buildWhere(filter, filter.from || filter.to ? { idRange: idRangeFor(filter.from, filter.to) } : {});
  /** A read of several statements sees one snapshot (the indexer may move the text mark in between). */
  const snapshot = <T>(fn: () => T): T => (db.inTransaction ? fn() : db.transaction(fn)());

  /** Inserts events in order (call inside a transaction for a page); returns their ids in the same order. */
  function insertMany(events: readonly RecordEventInput[]): number[] {
    // Which records of this call succeed, and where last: a failure before that success (in this call)
    // is stored resolved; failures stored earlier are resolved with one statement per flow below.
    const lastSuccess = new Map<string, number>();
    const succeededByFlow = new Map<string, Set<string>>();
    events.forEach((e, i) => {
      if (e.action === 'failed' || e.action === 'waiting') return;
      lastSuccess.set(e.flowId + '\u0000' + e.sourceId, i);
      let set = succeededByFlow.get(e.flowId);
      if (!set) succeededByFlow.set(e.flowId, (set = new Set()));
      set.add(e.sourceId);
    });
    const ids: number[] = new Array(events.length);
    for (let at = 0; at < events.length; at += CHUNK) {
      const n = Math.min(CHUNK, events.length - at);
      const params: unknown[] = new Array(n * COLUMNS);
      for (let k = 0; k < n; k++) {
        const e = events[at + k]!;
        const o = k * COLUMNS;
        params[o] = e.runId;
        params[o + 1] = e.flowId;
        params[o + 2] = e.at;
        params[o + 3] = e.direction;
        params[o + 4] = e.sourceSystem;
        params[o + 5] = e.sourceEntity;
        params[o + 6] = e.sourceId;
        params[o + 7] = e.sourceLabel;
        params[o + 8] = e.destObject;
        params[o + 9] = e.destId;
        params[o + 10] = e.action;
        params[o + 11] = e.attempt;
        params[o + 12] = e.error?.kind ?? null;
        params[o + 13] = e.error?.code ?? null;
        params[o + 14] = e.error?.message ?? null;
        params[o + 15] = e.error?.hint ?? null;
        params[o + 16] = e.error?.cause ?? null;
        params[o + 17] = e.sourcePayload === undefined ? null : JSON.stringify(e.sourcePayload);
        params[o + 18] = e.mappedPayload === undefined ? null : JSON.stringify(e.mappedPayload);
        params[o + 19] = e.replayOf;
        params[o + 20] = e.action === 'failed' && (lastSuccess.get(e.flowId + '\u0000' + e.sourceId) ?? -1) > at + k ? 1 : 0;
        params[o + 21] = e.payloadOf ?? null;
      }
      const last = Number(insertRows(n).run(...params).lastInsertRowid);
      for (let k = 0; k < n; k++) ids[at + k] = last - n + 1 + k;
    }
    if (events.length) {
      for (const [flowId, sourceIds] of succeededByFlow) {
        if (anyOpen.get(flowId)) resolveEarlier.run(flowId, JSON.stringify([...sourceIds]), ids[0]);
      }
    }
    return ids;
  }

  /**
   * Indexes up to `max` events above the text index's mark, in one statement (FTS5 writes one segment
   * for it), and moves the mark. Takes the write lock first, so no other writer can commit an event
   * below the new mark afterwards. Returns the events still waiting.
   */
  function indexText(max = 5_000): number {
    return db
      .transaction(() => {
        const from = textUpto.get()?.u ?? 0;
        const topId = top();
        const to = Math.min(topId, from + max);
        if (to > from) {
          fillText.run(from, to);
          setTextUpto.run(to);
        }
        return topId - to;
      })
      .immediate();
  }

  return {
    insert(e: RecordEventInput): number {
      return insertMany([e])[0]!;
    },
    insertMany,
    indexText,
    /** Events not in the text index yet (searches scan them). */
    textBacklog: (): number => top() - (textUpto.get()?.u ?? 0),
    get(id: number): RecordEventDetail | undefined {
      const r = get.get(id);
      if (!r) return undefined;
      return {
        ...fromRaw(r),
        sourcePayload: r.source_payload ? JSON.parse(r.source_payload) : null,
        mappedPayload: r.mapped_payload ? JSON.parse(r.mapped_payload) : null,
        payloadOf: r.payload_of ?? null,
      };
    },
    replaysOf: (id: number) => replays.all(id).map(fromRaw),
    /** How many distinct records a flow's runs read from `iso` on (a re-sync's estimate, resync-estimate.ts). */
    sourcesSince(flowId: string, iso: string): number {
      const topId = top();
      return topId === 0 ? 0 : (distinctSources.get(flowId, eventIds.firstIdAtOrAfter(iso, topId))?.n ?? 0);
    },
    /** Newest first; `beforeId` is the keyset cursor (the last id of the previous page). */
    query(filter: EventFilter, limit: number, beforeId: number | null): RecordEventRow[] {
      return snapshot(() => {
        let idRange = filter.from || filter.to ? idRangeFor(filter.from, filter.to) : undefined;
        // The keyset cursor narrows the id range itself: SQLite uses one upper bound on rowid, and a
        // separate `id < cursor` would leave it walking down from the range's end to the cursor.
        if (idRange && beforeId !== null) {
          idRange = beforeId - 1 >= idRange.lo ? { lo: idRange.lo, hi: Math.min(idRange.hi, beforeId - 1) } : null;
          beforeId = null;
        }
        if (idRange === null) return [];
        const text = filter.text?.trim() ?? '';
        // Text with no selective filter beside it: the newest events first — those above the text
        // index's mark, scanned — then the index walked newest first (FTS5 serves rowid order and rowid
        // bounds itself), stopping after one page instead of collecting every match first.
        if (text && !filter.actions?.length && !filter.unresolvedOnly && !filter.runId) {
          const upto = textUpto.get()?.u ?? 0;
          const rest = buildWhere({ ...filter, text: undefined }, idRange !== undefined ? { idRange } : {});
          const tail = (
            cached(
              `SELECT ${SUMMARY_COLUMNS} FROM record_events WHERE id > ? AND ${rest.sql}${beforeId !== null ? ' AND id < ?' : ''}
                 AND mlc_audit_text(?, source_id, dest_id, source_label) ORDER BY id DESC LIMIT ?`,
            ).all(upto, ...rest.params, ...(beforeId !== null ? [beforeId] : []), text, limit) as Raw[]
          ).map(fromRaw);
          if (tail.length >= limit) return tail;
          const where = buildWhere({ ...filter, text: undefined }, { alias: 'e.', ...(idRange !== undefined && { idRange }) });
          const below = Math.min(upto + 1, beforeId ?? Infinity, idRange ? idRange.hi + 1 : Infinity);
          const sql = `SELECT ${SUMMARY_COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')} FROM record_events_text t JOIN record_events e ON e.id = t.rowid
            WHERE record_events_text MATCH ? AND t.rowid < ?${idRange ? ' AND t.rowid >= ?' : ''} AND ${where.sql} ORDER BY t.rowid DESC LIMIT ?`;
          const indexed = (cached(sql).all(ftsQuery(text), below, ...(idRange ? [idRange.lo] : []), ...where.params, limit - tail.length) as Raw[]).map(fromRaw);
          return [...tail, ...indexed];
        }
        const where = buildWhere(filter, idRange !== undefined ? { idRange } : {});
        const sql = `SELECT ${SUMMARY_COLUMNS} FROM record_events WHERE ${where.sql}${beforeId !== null ? ' AND id < ?' : ''} ORDER BY id DESC LIMIT ?`;
        const params = [...where.params, ...(beforeId !== null ? [beforeId] : []), limit];
        return (cached(sql).all(...params) as Raw[]).map(fromRaw);
      });
    },
    /** Ids only, oldest first, for replaying everything failed in a filter. */
    ids(filter: EventFilter, limit: number): number[] {
      const where = whereFor(filter);
      return (cached(`SELECT id FROM record_events WHERE ${where.sql} ORDER BY id LIMIT ?`).all(...where.params, limit) as { id: number }[]).map((r) => r.id);
    },
    count(filter: EventFilter, cap: number): { count: number; capped: boolean } {
      const text = filter.text?.trim() ?? '';
      const onlyText = text !== '' && !filter.flowId && !filter.flowIds?.length && !filter.actions?.length && !filter.from && !filter.to && !filter.runId && !filter.unresolvedOnly;
      const n = snapshot(() => {
        if (!onlyText) {
          const where = whereFor(filter);
          return (cached(`SELECT COUNT(*) n FROM (SELECT 1 FROM record_events WHERE ${where.sql} LIMIT ?)`).get(...where.params, cap + 1) as { n: number }).n;
        }
        // Text alone: count on the index, plus the scanned events above its mark.
        const tail = cached(`SELECT COUNT(*) n FROM (SELECT 1 FROM record_events WHERE id > ${TEXT_UPTO} AND mlc_audit_text(?, source_id, dest_id, source_label) LIMIT ?)`).get(text, cap + 1) as { n: number };
        const indexed = cached('SELECT COUNT(*) n FROM (SELECT 1 FROM record_events_text WHERE record_events_text MATCH ? LIMIT ?)').get(ftsQuery(text), cap + 1) as { n: number };
        return tail.n + indexed.n;
      });
      return { count: Math.min(n, cap), capped: n > cap };
    },
    /** Streams full rows (with payloads) for CSV export. */
    *iterate(filter: EventFilter, limit: number): IterableIterator<RecordEventDetail> {
      const where = whereFor(filter);
      for (const r of cached(`SELECT * FROM record_events WHERE ${where.sql} ORDER BY id DESC LIMIT ?`).iterate(...where.params, limit) as IterableIterator<Raw>) {
        yield { ...fromRaw(r), sourcePayload: r.source_payload ? JSON.parse(r.source_payload) : null, mappedPayload: r.mapped_payload ? JSON.parse(r.mapped_payload) : null, payloadOf: r.payload_of ?? null };
      }
    },
    purgeBefore: retention.purgeBefore,
  };
}
