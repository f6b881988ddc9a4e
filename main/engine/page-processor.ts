// One page of a run: map every record, resolve its associations through id_map, skip what is
// unchanged, write the rest in the destination's largest batches, and commit the page's audit events,
// id_map rows and resume position in ONE transaction. A crash before the commit loses only this page,
// which the next run re-reads and re-writes idempotently (upsert by external id).
import type { SourceRecord, UpsertInput, WriteResult } from '../../connectors/kit/types.ts';
import { failureHint } from './failure-hint.ts';
import { failureCause, isConnectorError } from '../../connectors/kit/errors.ts';
import type { FieldChange, IdMapEntry, RecordEventInput } from '../store/index.ts';
import { applyMapping, withoutSourcePrefix, writableOnUpdate, type MappedRecord, type MapResult } from './mapping/apply.ts';
import { flowHash, registrationsFor } from './echo-guard.ts';
import { payloadHash } from './mapping/hash.ts';
import { labelOf } from './record-label.ts';
import { getPath } from './mapping/paths.ts';
import { filterRejection, keyPrefixRejection } from './mapping/filter.ts';
import { valuesDiffer } from './compare-values.ts';
import { fieldDiff, sentProperties } from './field-diff.ts';
import type { FlowRun } from './run-types.ts';
import { parentRecord, wantedParents, type WantedParents } from './missing-parents.ts';
import { omitRefusedLines, omittedMessage, removedMessage } from './refused-lines.ts';
import { queueLinkedRecords } from './linked-records.ts';

interface Pending {
  record: SourceRecord;
  mapped: MappedRecord;
  input: UpsertInput;
  hash: string;
  existed: boolean;
  replayOf: number | null;
  /** What the record held before this write, for its field-level change history (field-diff.ts). */
  before: Previous;
}

/** Our last write of the record (its audit event), else the destination's live values when read. */
type Previous = { eventId: number | null; live?: Record<string, unknown> };

export interface PageItem {
  record: SourceRecord;
  /** Set when replaying a stored event. */
  replayOf?: number;
}

/** Destination batches handed over in one upsert call (destinations split calls into maxBatch batches). */
const WRITE_CALL_BATCHES = 40;

export interface PageOutcome {
  events: RecordEventInput[];
  /** Event ids are known after commit; replay needs them. */
  eventIds: number[];
  /** Records counted but not audited one by one (see `quietly`), with the reason they were not taken. */
  untaken: { sourceId: string; reason: string }[];
}

/**
 * Records a flow leaves alone on purpose are counted on the run, not audited one by one, so they do not
 * bury the records it touched: records that are not this flow's (its filter, or no record of ours to
 * match, e.g. HubSpot companies not marked as vendors or created by another integration — the dry run
 * lists each with its reason) and records already holding what this flow would write because another
 * flow of ours wrote it (the echo of our own write, a sibling's identical values). A replay is always
 * audited: it asked about that record.
 */
const quietly = (replayOf: number | undefined) => replayOf === undefined;

/** What an event says beyond the record it is about. */
type EventOutcome = Pick<RecordEventInput, 'action' | 'destId' | 'error' | 'mappedPayload' | 'replayOf'> & Partial<Pick<RecordEventInput, 'payloadOf' | 'sourcePayload'>>;

/**
 * A page's audit event, built whole in one object of one shape: one allocation per record, and the
 * store's insert loop sees a single shape whatever the event's kind.
 * `label`: the record's label when the caller has it already.
 */
function recordEvent(run: FlowRun, sourceId: string, record: SourceRecord | null, at: string, outcome: EventOutcome, label: string | null = record ? labelOf(record) : null): RecordEventInput {
  return {
    runId: run.runId,
    flowId: run.flow.id,
    at,
    direction: run.direction,
    sourceSystem: run.sourceSystem,
    sourceEntity: run.flow.sourceEntity,
    sourceId,
    sourceLabel: label,
    destObject: run.flow.destObject,
    destId: outcome.destId,
    action: outcome.action,
    attempt: 1,
    error: outcome.error,
    sourcePayload: outcome.sourcePayload !== undefined ? outcome.sourcePayload : record,
    mappedPayload: outcome.mappedPayload,
    replayOf: outcome.replayOf,
    payloadOf: outcome.payloadOf ?? null,
  };
}

/** The record's source id for its audit event; "?" when it has none (the event's message says why). */
function sourceIdOf(run: FlowRun, record: SourceRecord): string {
  try {
    return run.source.idOf(record);
  } catch {
    return '?';
  }
}

/**
 * `mapping.match`: the record may only touch a destination record another flow wrote. When that flow
 * writes to the same destination we address its record by id; when it reads from our destination
 * (the reverse of a two-way pair) the key itself addresses the record.
 */
export function matchKeyOf(run: FlowRun, record: SourceRecord): string {
  const { match, key } = run.mapping;
  const value = getPath(record, match!.from);
  const text = value === null || value === undefined ? '' : String(value).trim();
  // The key field read back with its prefix (`VEND-1200`) names the other flow's source id `1200`.
  return match!.from === key.from ? (withoutSourcePrefix(key, text) ?? '') : text;
}

export function matchExisting(run: FlowRun, record: SourceRecord, ids: IdLookup): { status: 'none' } | { status: 'found'; destId?: string } | { status: 'skip' | 'wait'; reason: string } {
  const m = run.mapping.match;
  if (!m) return { status: 'none' };
  const key = matchKeyOf(run, record);
  const other = run.store.flows.get(m.flow);
  const destId = key ? ids(m.flow, key)?.destId : undefined;
  if (!destId) {
    const reason = key ? `"${key}" has not been written by ${other ? `flow "${other.name}"` : 'its parent flow'} yet` : `it has no "${m.from}" linking it to ${other ? `flow "${other.name}"` : 'its parent flow'}`;
    return { status: key && m.missing === 'wait' ? 'wait' : 'skip', reason };
  }
  return other && other.destConnectionId === run.flow.destConnectionId && other.destObject === run.flow.destObject ? { status: 'found', destId } : { status: 'found' };
}

/**
 * A record no flow of ours wrote (e.g. a HubSpot company another integration created) under a flow that
 * only touches its own (`match.missing: 'skip'`): not this flow's to map, so its empty key is no failure.
 * The skip's reason, or null when the record is linked or the flow has no such rule.
 */
export function unlinkedRejection(run: FlowRun, record: SourceRecord): string | null {
  const m = run.mapping.match;
  if (m?.missing !== 'skip' || matchKeyOf(run, record)) return null;
  const other = run.store.flows.get(m.flow);
  return `Skipped: it has no "${m.from}" linking it to ${other ? `flow "${other.name}"` : 'its parent flow'}.`;
}

/**
 * Resolves each association's parent through the parent flow's id_map; null when a required one is
 * missing (`notWritten` says why a parent could not be written first, missingParent 'create').
 */
function resolveAssociations(mapped: MappedRecord, ids: IdLookup, notWritten: ParentReasons): { ok: true; list: UpsertInput['associations'] } | { ok: false; missing: string } {
  const list: NonNullable<UpsertInput['associations']> = [];
  for (const a of mapped.associations) {
    const destId = ids(a.flow, a.sourceId)?.destId;
    if (!destId) {
      const why = notWritten.get(parentRef(a.flow, a.sourceId));
      if (a.required) return { ok: false, missing: `its ${a.object} parent "${a.sourceId}" has not been written yet${why ? ` and could not be written first: ${why}` : ''}` };
      continue;
    }
    list.push({ object: a.object, id: destId, ...(a.label && { label: a.label }) });
  }
  return { ok: true, list };
}

type IdLookup = (flowId: string, sourceId: string) => IdMapEntry | undefined;

/**
 * Every id_map entry a page needs — its own records, association parents, match targets — fetched with
 * one query per flow instead of one per record (id_map does not change before the page commits).
 */
function pageIdLookup(run: FlowRun, results: (MapResult | null)[], items: PageItem[]): IdLookup {
  const wanted = new Map<string, Set<string>>();
  const want = (flowId: string, sourceId: string) => {
    let set = wanted.get(flowId);
    if (!set) wanted.set(flowId, (set = new Set()));
    set.add(sourceId);
  };
  results.forEach((r, i) => {
    if (!r?.ok) return;
    want(run.flow.id, r.value.sourceId);
    for (const a of r.value.associations) want(a.flow, a.sourceId);
    if (run.mapping.match) {
      const key = matchKeyOf(run, items[i]!.record);
      if (key) want(run.mapping.match.flow, key);
    }
  });
  const found = new Map([...wanted].map(([flowId, set]) => [flowId, run.store.idMap.getMany(flowId, [...set])]));
  return (flowId, sourceId) => found.get(flowId)?.get(sourceId);
}

/** Why a parent could not be written first, by parentRef(flow id, source id). */
type ParentReasons = Map<string, string>;
const parentRef = (flowId: string, sourceId: string) => `${flowId}\u0000${sourceId}`;

/**
 * Writes the parents a page needs first (missingParent 'create', see missing-parents.ts), each through
 * its own flow as a page of that flow: audited there, committed before the child's page.
 */
async function writeParentsFirst(run: FlowRun, wanted: WantedParents): Promise<ParentReasons> {
  const why: ParentReasons = new Map();
  for (const [flowId, parents] of wanted) {
    let parent: FlowRun | null;
    try {
      parent = run.related(flowId);
    } catch (e) {
      // The parent flow cannot be opened (its connection was deleted…): its children wait, saying why.
      if (!isConnectorError(e)) throw e;
      for (const id of parents.keys()) why.set(parentRef(flowId, id), e.message);
      continue;
    }
    if (!parent) {
      for (const id of parents.keys()) why.set(parentRef(flowId, id), 'its parent flow no longer exists');
      continue;
    }
    const items: PageItem[] = [];
    for (const [id, child] of parents) {
      const got = await parentRecord(run, parent, id, child);
      if ('reason' in got) why.set(parentRef(flowId, id), got.reason);
      else items.push({ record: got.record });
    }
    if (!items.length) continue;
    const outcome = await processPage(parent, items, () => undefined);
    for (const e of outcome.events) {
      if (e.action === 'failed' || e.action === 'waiting' || e.action === 'skipped') why.set(parentRef(flowId, e.sourceId), `flow "${parent.flow.name}" did not write it (${e.error?.message ?? e.action})`);
    }
    for (const u of outcome.untaken) why.set(parentRef(flowId, u.sourceId), `flow "${parent.flow.name}" did not write it (${u.reason})`);
  }
  return why;
}

export async function processPage(run: FlowRun, items: PageItem[], commitExtra: () => void): Promise<PageOutcome> {
  const { store, mapping } = run;
  const at = new Date().toISOString();
  const events: RecordEventInput[] = [];
  const untaken: PageOutcome['untaken'] = [];
  /** A skip: audited, or only counted (with its reason kept for a child waiting on it) — see `quietly`. */
  const skip = (event: RecordEventInput, replayOf: number | undefined): void => {
    if (quietly(replayOf)) untaken.push({ sourceId: event.sourceId, reason: event.error?.message ?? 'skipped' });
    else events.push(event);
  };
  // eventIndex: the page event that wrote the record; id_map keeps its id for later unchanged events.
  const idMapWrites: { sourceId: string; destId: string; hash: string; label: string | null; eventIndex?: number }[] = [];
  const parks: { sourceId: string; record: SourceRecord; reason: string }[] = [];
  const releases: string[] = [];
  const pending: Pending[] = [];
  const failureWrites: { sourceId: string; hash: string; eventIndex: number }[] = [];
  const changeWrites: { eventIndex: number; changes: FieldChange[] }[] = [];
  // A record that failed permanently with exactly this payload is not sent again (nor audited again)
  // until its data changes or it is replayed: the first failure stays open in the audit log.
  // Most pages of most runs meet no failed and no parked record of their flow: then the per-record
  // look-ups and deletes in those tables are skipped.
  const hasFailures = store.failures.any(run.flow.id);
  const hasParked = store.parked.count(run.flow.id) > 0;
  const repeatsFailure = (sourceId: string, hash: string): boolean => {
    if (run.force || !hasFailures || store.failures.get(run.flow.id, sourceId)?.hash !== hash) return false;
    run.counts.skipped++;
    return true;
  };
  // The flow's record filter comes before mapping: a record that is not this flow's is never mapped,
  // so it cannot fail or wait, costs no API call and leaves id_map alone.
  const rejections = items.map(({ record }) => keyPrefixRejection(mapping.key, record) ?? filterRejection(mapping.filter, record));
  const mappedResults = items.map(({ record }, i) => (rejections[i] === null ? applyMapping(mapping, record) : null));
  let ids = pageIdLookup(run, mappedResults, items);
  // missingParent 'create': parents no id_map holds are written first, then looked up again.
  const wanted = wantedParents(
    run,
    mappedResults,
    items.map((i) => i.record),
    (i) => ['none', 'found'].includes(matchExisting(run, items[i]!.record, ids).status),
    (flowId, sourceId) => ids(flowId, sourceId) !== undefined,
  );
  const notWritten = wanted.size ? await writeParentsFirst(run, wanted) : new Map<string, string>();
  if (wanted.size) ids = pageIdLookup(run, mappedResults, items);

  for (const [index, { record, replayOf }] of items.entries()) {
    run.counts.read++;
    const rejection = rejections[index];
    if (rejection) {
      run.counts.skipped++;
      const sourceId = sourceIdOf(run, record);
      // One parked before the filter was set (or before its data changed) is no longer this flow's to retry.
      releases.push(sourceId);
      skip(recordEvent(run, sourceId, null, at, { replayOf: replayOf ?? null, action: 'skipped', destId: null, mappedPayload: null, error: { kind: 'record', code: 'FILTERED', message: `Skipped: ${rejection}.` } }), replayOf);
      continue;
    }
    const result = mappedResults[index]!;
    const unlinked = result.ok ? null : unlinkedRejection(run, record);
    if (unlinked) {
      run.counts.skipped++;
      skip(recordEvent(run, sourceIdOf(run, record), null, at, { replayOf: replayOf ?? null, action: 'skipped', destId: null, mappedPayload: null, error: { kind: 'record', code: 'NOT_LINKED', message: unlinked } }), replayOf);
      continue;
    }
    if (!result.ok) {
      const sourceId = sourceIdOf(run, record);
      const failHash = 'M:' + payloadHash({ r: record, m: mapping });
      if (repeatsFailure(sourceId, failHash)) continue;
      run.counts.failed++;
      const message = result.errors.map((e) => e.message).join('; ');
      failureWrites.push({ sourceId, hash: failHash, eventIndex: events.length });
      events.push(recordEvent(run, sourceId, record, at, { replayOf: replayOf ?? null, action: 'failed', destId: null, mappedPayload: null, error: { kind: 'record', code: 'MAPPING', message, hint: 'Fix the value in the source system or adjust the mapping, then replay.', cause: 'source' } }));
      continue;
    }
    const mapped = result.value;
    const matched = matchExisting(run, record, ids);
    if (matched.status === 'skip' || matched.status === 'wait') {
      const waiting = matched.status === 'wait';
      run.counts[waiting ? 'waiting' : 'skipped']++;
      if (waiting) {
        parks.push({ sourceId: mapped.sourceId, record, reason: matched.reason });
        events.push(recordEvent(run, mapped.sourceId, record, at, { replayOf: replayOf ?? null, action: 'waiting', destId: null, mappedPayload: null, error: { kind: 'record', code: 'NOT_YET_WRITTEN', message: `Waiting: ${matched.reason}.`, hint: 'It is retried automatically at the next run.', cause: 'destination' } }));
      } else {
        skip(recordEvent(run, mapped.sourceId, null, at, { replayOf: replayOf ?? null, action: 'skipped', destId: null, mappedPayload: null, error: { kind: 'record', code: 'NOT_LINKED', message: `Skipped: ${matched.reason}.` } }), replayOf);
      }
      continue;
    }
    const assoc = resolveAssociations(mapped, ids, notWritten);
    if (!assoc.ok) {
      run.counts.waiting++;
      parks.push({ sourceId: mapped.sourceId, record, reason: assoc.missing });
      events.push(recordEvent(run, mapped.sourceId, record, at, { replayOf: replayOf ?? null, action: 'waiting', destId: null, mappedPayload: mapped.properties, error: { kind: 'record', code: 'PARENT_MISSING', message: `Waiting: ${assoc.missing}.`, hint: 'It is retried automatically at the next run, once its parent is written.', cause: 'destination' } }));
      continue;
    }
    releases.push(mapped.sourceId);
    const existing = ids(run.flow.id, mapped.sourceId);
    const snapshot = run.destSnapshot?.get(mapped.sourceId);
    const destId = snapshot?.id ?? existing?.destId ?? (matched.status === 'found' ? matched.destId : undefined);
    const existed = destId !== undefined;
    const properties = existed ? writableOnUpdate(mapping, mapped.properties) : mapped.properties;
    // The hash covers what an update would write, so fields owned by the other side never force a write.
    const hash = flowHash(mapping, mapped, assoc.list);
    const unchanged = run.destSnapshot
      ? snapshot !== undefined && !valuesDiffer(properties, snapshot.properties)
      : !run.force && existing !== undefined && existing.hash === hash;
    if (unchanged) {
      run.counts.unchanged++;
      if (run.destSnapshot && existing?.hash !== hash) idMapWrites.push({ sourceId: mapped.sourceId, destId: destId!, hash, label: labelOf(record) });
      // Another flow of ours put these values there (id_map holds its registration, no write of ours).
      if (!run.destSnapshot && existing?.eventId === null && quietly(replayOf)) continue;
      // No payload copy: the event that last wrote the record stands for it in the audit browser.
      events.push(recordEvent(run, mapped.sourceId, null, at, { replayOf: replayOf ?? null, action: 'unchanged', destId: destId ?? null, mappedPayload: null, error: null, payloadOf: existing?.eventId ?? null }));
      continue;
    }
    if (!run.destSnapshot && repeatsFailure(mapped.sourceId, hash)) continue;
    const input: UpsertInput = { sourceId: mapped.sourceId, properties, ...(destId && { destinationId: destId }), ...(assoc.list?.length && { associations: assoc.list }), ...(mapped.lines && { lines: mapped.lines }) };
    pending.push({ record, mapped, input, hash, existed, replayOf: replayOf ?? null, before: { eventId: existing?.eventId ?? null, ...(snapshot && { live: snapshot.properties }) } });
  }

  // The page's writes go to the destination together: it cuts them into its largest batches (maxBatch)
  // and sends those side by side, so an invoice page's line items and associations fill whole batches
  // instead of one partly filled batch per 100 invoices. A thrown error (auth, budget, retries exhausted)
  // stops the run before this page commits: the page is re-read next time, nothing is half-recorded.
  const results: WriteResult[] = [];
  const perCall = run.dest.maxBatch * WRITE_CALL_BATCHES;
  for (let i = 0; i < pending.length; i += perCall) {
    const chunk = pending.slice(i, i + perCall);
    const out = await run.dest.upsert(chunk.map((p) => p.input), { idProperty: mapping.key.to, signal: run.signal });
    if (out.length !== chunk.length) throw new Error(`${run.flow.destObject}: the destination answered ${out.length} results for ${chunk.length} records.`);
    results.push(...out);
  }
  // lines.refused 'omit': records refused for one line's sake are written again without it.
  const lineRetry = await omitRefusedLines(mapping, run.dest, pending.map((p) => p.input), results, { idProperty: mapping.key.to, signal: run.signal });

  pending.forEach((p, i) => {
    const r = lineRetry.results[i]!;
    p.input = lineRetry.inputs[i]!;
    const omitted = lineRetry.omitted[i]!;
    const label = labelOf(p.record);
    const event = (outcome: EventOutcome) => recordEvent(run, p.mapped.sourceId, p.record, at, outcome, label);
    if (r.status === 'failed') {
      run.counts.failed++;
      if (!r.retryable && r.kind !== 'retriable') failureWrites.push({ sourceId: p.mapped.sourceId, hash: p.hash, eventIndex: events.length });
      // A retryable failure (Day End, an association that did not take) is parked: the next run retries
      // it from this payload even when its source does not read the record again.
      else parks.push({ sourceId: p.mapped.sourceId, record: p.record, reason: r.message });
      const cause = failureCause({ kind: r.kind, code: r.code, retryable: r.retryable, failureCause: r.failureCause });
      const hint = failureHint({ cause, hint: r.hint, sourceSystem: run.sourceSystem, sourceEntityLabel: run.source.label, sourceId: p.mapped.sourceId, sourceLabel: label, rereadable: run.source.readOne !== undefined });
      events.push(event({ replayOf: p.replayOf, action: 'failed', destId: p.input.destinationId ?? null, mappedPayload: p.input, error: { kind: r.kind, message: r.message, ...(r.code && { code: r.code }), ...(hint && { hint }), cause } }));
      return;
    }
    if (r.status === 'unchanged') {
      // The writer sent nothing: the destination already holds the record (an OE order cannot change).
      // Counted and audited like a record unchanged by its hash; id_map takes the new hash, so the next
      // run does not even ask. Our last write of it stands for its payload; with none (a write whose page
      // never committed, a record another flow registered), this event keeps the payload and becomes it.
      run.counts.unchanged++;
      const last = p.before.eventId;
      idMapWrites.push({ sourceId: p.mapped.sourceId, destId: r.id, hash: p.hash, label, ...(last === null && { eventIndex: events.length }) });
      events.push(event({ ...(last !== null && { sourcePayload: null }), replayOf: p.replayOf, action: 'unchanged', destId: r.id, mappedPayload: last === null ? p.input : null, error: null, payloadOf: last }));
      return;
    }
    run.counts[r.status]++;
    if (r.status === 'updated') {
      // Field-level history from the stored payloads, no API call: our last write, else the live values.
      const previous = (p.before.eventId !== null ? sentProperties(store.events.get(p.before.eventId)?.mappedPayload) : undefined) ?? p.before.live;
      if (previous) changeWrites.push({ eventIndex: events.length, changes: fieldDiff(previous, p.input.properties) });
    }
    idMapWrites.push({ sourceId: p.mapped.sourceId, destId: r.id, hash: p.hash, label, eventIndex: events.length });
    // Lines the destination held from an earlier write and removed (left out now, or deleted in the source).
    const removed = r.removedLines ?? [];
    const mappedPayload = removed.length ? { ...p.input, removedLines: removed } : p.input;
    if (omitted.length) {
      // Written, but not whole: the event lists what was left out, in its payload and its message.
      const cause = failureCause({ kind: 'record', code: omitted[0]!.code });
      const message = [omittedMessage(run.dest.label, omitted), ...(removed.length ? [removedMessage(run.dest.label, removed)] : [])].join(' ');
      events.push(event({ replayOf: p.replayOf, action: r.status, destId: r.id, mappedPayload: { ...mappedPayload, omittedLines: omitted }, error: { kind: 'record', code: 'LINES_OMITTED', message, cause } }));
      return;
    }
    events.push(event({ replayOf: p.replayOf, action: r.status, destId: r.id, mappedPayload, error: null }));
  });

  const registrations = registrationsFor(
    pending.flatMap((p, i) => {
      const r = lineRetry.results[i]!;
      // Only writes can echo: a record the writer left as it was registers nothing.
      return r.status === 'failed' || r.status === 'unchanged' ? [] : [{ record: p.record, mapped: p.mapped, destId: r.id, created: r.status === 'created' }];
    }),
    run.mirrors,
    run.siblings,
  );

  // Events carry the time they are committed: ids and times then grow together, which the audit
  // log's date filters rely on (record-events.ts), even when a page's writes took minutes.
  const committedAt = new Date().toISOString();
  for (const e of events) e.at = committedAt;
  let eventIds: number[] = [];
  store.transaction(() => {
    eventIds = store.events.insertMany(events);
    store.idMap.setMany([...idMapWrites.map(({ eventIndex, ...w }) => ({ flowId: run.flow.id, ...w, eventId: eventIndex === undefined ? null : eventIds[eventIndex]! })), ...registrations.map((w) => ({ ...w, label: null }))], committedAt);
    for (const c of changeWrites) store.fieldChanges.record(eventIds[c.eventIndex]!, c.changes);
    for (const f of failureWrites) store.failures.set(run.flow.id, f.sourceId, f.hash, eventIds[f.eventIndex]!);
    const failedHere = new Set(failureWrites.map((f) => f.sourceId));
    for (const w of idMapWrites) if (hasFailures || failedHere.has(w.sourceId)) store.failures.clear(run.flow.id, w.sourceId);
    // Releases first: a record that was retried and failed again (retryably) is parked anew.
    if (hasParked) for (const s of releases) store.parked.release(run.flow.id, s);
    for (const p of parks) store.parked.park(run.flow.id, p.sourceId, p.record, p.reason);
    commitExtra();
  });
  // Records other flows skipped for want of these links are queued for them (linked-records.ts).
  const linked = new Set(pending.filter((p, i) => !p.existed && lineRetry.results[i]!.status !== 'failed').map((p) => p.mapped.sourceId));
  await queueLinkedRecords(run, linked, matchKeyOf);
  return { events, eventIds, untaken };
}
