// Replay: re-process stored events from their source payload (never re-querying the source) with the
// flow's current mapping, forced past the unchanged check, as a 'replay' run linked to the originals.
// Idempotent: the write is an upsert by external id, so replaying twice never duplicates a record.
import { randomUUID } from 'node:crypto';
import type { RecordEventDetail } from '../store/index.ts';
import type { EngineContext } from './context.ts';
import type { ReplayInput, ReplayResult as ReplayOutput } from './port.ts';
import { EngineError } from './engine-error.ts';
import { toConnectorError } from '../../connectors/kit/errors.ts';
import { openFlowRun, closeFlowRun } from './open-flow.ts';
import { processPage } from './page-processor.ts';
import { zeroCounts } from './run-types.ts';

const MAX_REPLAY = 10_000;

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
        const outcome = await processPage(run, [...latest.values()].map((e) => ({ record: e.sourcePayload as Record<string, unknown>, replayOf: e.id })), () => undefined);
        outcome.events.forEach((ev, i) =>
          results.push({ eventId: ev.replayOf!, newEventId: outcome.eventIds[i]!, action: ev.action as ReplayOutput['results'][number]['action'], error: ev.error }),
        );
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
    if (error) throw new EngineError(error.code ?? 'REPLAY_FAILED', `Replay stopped: ${error.message}`, error.hint ?? 'Nothing was recorded for the records not yet written; try again.');
  }
  return { results: results.sort((a, b) => a.eventId - b.eventId) };
}
