// What the audit browser filters on, as SQL over record_events: flows, actions, dates (as an id range,
// see record-event-ids.ts), a run, open failures, and text through the trigram index plus a scan of the
// events above its mark.

export interface EventFilter {
  flowId?: string;
  /** Any of these flows (e.g. every flow of one integration). */
  flowIds?: string[];
  actions?: string[];
  from?: string;
  to?: string;
  text?: string;
  runId?: string;
  unresolvedOnly?: boolean;
}

// Ids are indexed between these marks (migration 0004), so an exact id of one or two characters is a
// phrase of at least three characters, which the trigram index can answer.
const MARK_OPEN = '\u0001';
const MARK_CLOSE = '\u0002';

/**
 * FTS5 query for the audit browser's text: a substring of an id or name when it has three characters
 * or more, else an exact id. Quoted, so text a user types can never be FTS syntax.
 */
export function ftsQuery(text: string): string {
  const phrase = text.length >= 3 ? text : MARK_OPEN + text + MARK_CLOSE;
  return '"' + phrase.replace(/"/g, '""') + '"';
}

/** What the text index answers, for events above its mark (scanned): the same rule in plain code. */
export function textMatches(text: string, sourceId: string | null, destId: string | null, label: string | null): boolean {
  const t = text.toLowerCase();
  if (text.length < 3) return sourceId?.toLowerCase() === t || destId?.toLowerCase() === t;
  return [sourceId, destId, label].some((v) => v !== null && v.toLowerCase().includes(t));
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

/** Events above this id are not in the text index yet; searches scan them (one statement, one snapshot). */
export const TEXT_UPTO = '(SELECT indexed_upto FROM audit_text_state WHERE id = 1)';

export function buildWhere(filter: EventFilter, options: WhereOptions = {}): { sql: string; params: unknown[] } {
  const a = options.alias ?? '';
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.flowId) {
    clauses.push(`${a}flow_id = ?`);
    params.push(filter.flowId);
  }
  if (filter.flowIds?.length) {
    clauses.push(`${a}flow_id IN (${filter.flowIds.map(() => '?').join(',')})`);
    params.push(...filter.flowIds);
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
    clauses.push(
      `(${a}id IN (SELECT rowid FROM record_events_text WHERE record_events_text MATCH ?) OR (${a}id > ${TEXT_UPTO} AND mlc_audit_text(?, ${a}source_id, ${a}dest_id, ${a}source_label)))`,
    );
    params.push(ftsQuery(text), text);
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
}
