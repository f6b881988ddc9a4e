// Replay: re-process stored events with the flow's current mapping, forced past the unchanged check, as
// a 'replay' run linked to the originals. What is sent is the admin's choice, or follows the failure's
// cause: the payload stored with the event (a cause fixed on the destination's side; works while the
// source is unreachable), or the record read again from the source (a cause fixed in the source, e.g. an
// e-mail corrected in Sage 300). A failure a later attempt already resolved is left alone.
// Idempotent: the write is an upsert by external id, so replaying twice never duplicates a record.
// Inside a blackout window of a system it would call, it is refused at once (replay-blackout.ts).
import { createHash, randomUUID } from 'node:crypto';
import type { RecordEventDetail } from '../store/index.ts';
import type { EngineContext } from './context.ts';
import type { ReplayInput, ReplayResult as ReplayOutput } from './port.ts';
import type { FlowRun } from './run-types.ts';
import { EngineError } from './engine-error.ts';
import { toConnectorError } from '../../connectors/kit/errors.ts';
import { SYSTEMS } from '../../connectors/systems.ts';
import { openFlowRun, closeFlowRun } from './open-flow.ts';
import { processPage } from './page-processor.ts';
import { zeroCounts } from './run-types.ts';
import { clearAlert } from './alerts.ts';
import { refuseReplayDuringBlackout, replayPartOf } from './replay-blackout.ts';

type Sent = 'stored' | 'reread';
type Result = ReplayOutput['results'][number];

/** What to send for one event: `auto` follows the cause recorded with the failure. */
export function sentFor(mode: ReplayInput['mode'], e: Pick<RecordEventDetail, 'error'>): Sent {
  if (mode === 'stored' || mode === 'reread') return mode;
  return e.error?.cause === 'source' ? 'reread' : 'stored';
}

/** The record to send for `e`, or why nothing is sent (the record is gone from the source). */
async function payloadFor(run: FlowRun, e: RecordEventDetail, want: Sent, explicit: boolean): Promise<{ record: Record<string, unknown>; sent: Sent; note: string | null } | { skip: string }> {
  const stored = e.sourcePayload as Record<string, unknown>;
  if (want === 'stored') return { record: stored, sent: 'stored', note: null };
  const system = SYSTEMS.find((s) => s.id === run.sourceSystem)?.label ?? run.sourceSystem;
  if (!run.source.readOne) {
    if (explicit) throw new EngineError('NO_REREAD', `${system} ${run.source.label} cannot be read one record at a time.`, 'Replay with the stored payload, or fix the record and let the next run pick it up.');
    return { record: stored, sent: 'stored', note: `${system} ${run.source.label} cannot be read one record at a time; the stored payload was sent.` };
  }
  try {
    const fresh = await run.source.readOne(e.sourceId, run.signal);
    if (!fresh) return { skip: `${e.sourceId} no longer exists in ${system}; nothing was sent.` };
    return { record: fresh, sent: 'reread', note: null };
  } catch (err) {
    const why = toConnectorError(err);
    // A window that opened since the replay was let through: the stored payload is no answer to a cause
    // fixed in the source, so the replay stops with the window's refusal instead.
    if (why.code === 'BLACKOUT') throw err;
    if (explicit) throw new EngineError(why.code ?? 'REREAD_FAILED', `Could not re-read ${e.sourceId} from ${system}: ${why.message}`, why.hint ?? 'Replay with the stored payload instead, or try again when it answers.');
    return { record: stored, sent: 'stored', note: `${system} did not answer (${why.message}); the stored payload was sent.` };
  }
}

const MAX_REPLAY = 10_000;

/** A failure a later attempt fixed: replaying it sends nothing. */
const isSettled = (e: RecordEventDetail) => (e.action === 'failed' || e.action === 'waiting') && e.resolved;

export async function replayEvents(ctx: EngineContext, input: ReplayInput, owner: string): Promise<ReplayOutput> {
  const { store } = ctx;
  const ids = 'ids' in input ? input.ids : store.events.ids({ ...input.failedIn, actions: ['failed', 'waiting'], unresolvedOnly: true }, MAX_REPLAY);
  const events = ids.map((id) => store.events.get(id) ?? (() => { throw new EngineError('NOT_FOUND', `Audit event ${id} does not exist.`, 'Refresh the audit log.'); })());
  const byFlow = new Map<string, RecordEventDetail[]>();
  for (const e of events) {
    if (e.sourcePayload === null || typeof e.sourcePayload !== 'object') {
      throw new EngineError('NO_PAYLOAD', `Audit event ${e.id} has no stored source payload to replay.`, 'Only events that carry a source payload (failed, waiting, written) can be replayed.');
    }
    byFlow.set(e.flowId, [...(byFlow.get(e.flowId) ?? []), e]);
  }
  // Inside a blackout window of a system it would call, the replay is refused before anything is sent.
  const parts = () =>
    [...byFlow].flatMap(([flowId, list]) => {
      const flow = store.flows.get(flowId);
      return flow ? [replayPartOf(store, flow, list.filter((e) => !isSettled(e)), (e) => sentFor(input.mode, e))] : [];
    });
  const failures = events.filter((e) => (e.action === 'failed' || e.action === 'waiting') && !e.resolved).length;
  refuseReplayDuringBlackout(store, parts, { events: events.length, failures }, ctx.clock.now());

  const results: ReplayOutput['results'] = [];
  for (const [flowId, list] of byFlow) {
    const flow = store.flows.get(flowId);
    if (!flow) throw new EngineError('NOT_FOUND', `The flow of audit event ${list[0]!.id} no longer exists.`, 'Replay needs the flow; recreate it first.');
    const lock = store.locks.acquire(flow.id, owner);
    if (!lock.ok) throw new EngineError('ALREADY_RUNNING', `Flow "${flow.name}" is running.`, 'Replay when the run has finished.');
    const runId = randomUUID();
    const counts = zeroCounts();
    store.runs.insert({ id: runId, flowId, trigger: 'replay', status: 'running', startedAt: ctx.clock.now().toISOString(), pid: process.pid });
    let error: ReturnType<typeof toConnectorError> | null = null;
    try {
      const run = openFlowRun(ctx, flow, runId, counts, new AbortController().signal, 'replay');
      run.force = true;
      try {
        // Oldest first, and one replay per record (the latest payload wins).
        const latest = new Map<string, RecordEventDetail>();
        for (const e of list.sort((a, b) => a.id - b.id)) latest.set(e.sourceId, e);
        const page: { record: Record<string, unknown>; replayOf: number }[] = [];
        const how = new Map<number, { sent: Sent; note: string | null }>();
        for (const e of latest.values()) {
          // A failure a later attempt fixed: replaying it would only risk a new failure.
          if (isSettled(e)) {
            results.push({ eventId: e.id, newEventId: null, action: 'skipped', error: null, sent: null, note: 'Already resolved by a later attempt; nothing was sent.' });
            continue;
          }
          const p = await payloadFor(run, e, sentFor(input.mode, e), input.mode === 'stored' || input.mode === 'reread');
          if ('skip' in p) {
            results.push({ eventId: e.id, newEventId: null, action: 'skipped', error: null, sent: null, note: p.skip });
            continue;
          }
          page.push({ record: p.record, replayOf: e.id });
          how.set(e.id, { sent: p.sent, note: p.note });
        }
        const outcome = page.length ? await processPage(run, page, () => undefined) : { events: [], eventIds: [], untaken: [] };
        // Which mapping each replay went through: the flow's mapping as saved at that time.
        const mappingHash = createHash('sha256').update(JSON.stringify(flow.mapping)).digest('hex').slice(0, 12);
        outcome.events.forEach((ev, i) => {
          const h = how.get(ev.replayOf!) ?? { sent: 'stored' as const, note: null };
          store.replaySends.record({ eventId: outcome.eventIds[i]!, sent: h.sent, note: h.note, mappingSavedAt: flow.updatedAt, mappingHash });
          results.push({ eventId: ev.replayOf!, newEventId: outcome.eventIds[i]!, action: ev.action as Result['action'], error: ev.error, sent: h.sent, note: h.note });
        });
        // Events superseded by a later payload of the same record are reported with their replacement.
        for (const e of list) {
          if (latest.get(e.sourceId) !== e) {
            const r = results.find((x) => x.eventId === latest.get(e.sourceId)!.id)!;
            results.push({ ...r, eventId: e.id });
          }
        }
      } finally {
        await closeFlowRun(run);
      }
    } catch (e) {
      error = e instanceof EngineError ? null : toConnectorError(e);
      if (e instanceof EngineError) throw e;
    } finally {
      store.locks.release(flow.id, owner);
      const expected = counts.read - counts.unchanged - counts.skipped;
      store.runs.update({
        id: runId,
        status: error ? 'failed' : counts.failed ? 'partial' : 'succeeded',
        finishedAt: ctx.clock.now().toISOString(),
        counts,
        expected,
        written: counts.created + counts.updated,
        error: error ? { code: error.code ?? error.kind.toUpperCase(), message: error.message, ...(error.hint && { hint: error.hint }) } : null,
      });
      ctx.events.runFinished(store.runs.get(runId)!);
    }
    // As after a run that writes: the flow's "every one failed" alert is stale once a replay writes.
    if (!error && counts.created + counts.updated > 0) clearAlert(ctx, 'NOTHING_WRITTEN', flowId);
    if (error) {
      // A window that opened while the replay ran (the check before it found none): the gate's own hint
      // speaks of a read asked again by the app, which a replay is not.
      const hint = error.code === 'BLACKOUT' ? 'A blackout window opened while the replay ran: what it wrote before is recorded, the rest was not sent. Replay it when the window ends.' : error.hint;
      throw new EngineError(error.code ?? 'REPLAY_FAILED', `Replay stopped: ${error.message}`, hint ?? 'Nothing was recorded for the records not yet written; try again.', error.data);
    }
  }
  return { results: results.sort((a, b) => a.eventId - b.eventId) };
}
