// Dry run: read the source as a run would (from the flow's watermark, or everything
// when `full` — what a full run would change, e.g. after a mapping change), map, compare
// with the destination and write nothing — no record, no id_map row, no watermark, no audit event, no
// CRM setup. The comparison uses the destination's live values when it can read records by key (in
// batches, counted), else the values of our last write of each record (stored payloads; no call).
import { randomUUID } from 'node:crypto';
import type { FlowRow } from '../store/index.ts';
import type { SourceRecord } from '../../connectors/kit/types.ts';
import type { DryRunItem, DryRunReport } from '../../preload/contract/index.ts';
import { applyMapping, writableOnUpdate, type MapResult } from './mapping/apply.ts';
import { filterRejection, keyPrefixRejection } from './mapping/filter.ts';
import { labelOf } from './record-label.ts';
import { openFlowRun, closeFlowRun } from './open-flow.ts';
import { zeroCounts, type FlowRun } from './run-types.ts';
import { sinceForRead } from './watermark.ts';
import { SAFETY_LAG_MS } from './runner.ts';
import { fieldDiff, sentProperties } from './field-diff.ts';
import { matchExisting, unlinkedRejection } from './page-processor.ts';
import type { EngineContext } from './context.ts';
import { isPendingCrmField } from './crm-setup.ts';
import { DRY_RUN_PAGE_SIZE } from './dry-run-cost.ts';
import { liveValues, type LiveValues as Live } from './live-values.ts';
import { refuseDuringBlackout } from './blackout/connection-blackouts.ts';


export async function dryRunFlow(ctx: EngineContext, flow: FlowRow, limit: number, full = false): Promise<DryRunReport> {
  const { store } = ctx;
  refuseDuringBlackout(store, flow, ctx.clock.now());
  const controller = new AbortController();
  const run = openFlowRun(ctx, flow, `dryrun-${randomUUID()}`, zeroCounts(), controller.signal, 'dryrun');
  const compared = run.dest.readByKeys ? 'live' : 'last-write';
  const counts = { read: 0, create: 0, update: 0, unchanged: 0, skip: 0, fail: 0 };
  const items: DryRunItem[] = [];
  let destinationCalls = 0;
  let sourceCalls = 0;
  const add = (item: DryRunItem) => {
    counts[item.action]++;
    if (items.length < limit) items.push(item);
  };
  try {
    const wm = store.watermarks.get(flow.id, flow.sourceEntity);
    const since = sinceForRead(run.source, full ? null : wm.value, run.sourceTimeZone);
    const signpost = new Date(ctx.clock.now().getTime() - SAFETY_LAG_MS);
    for await (const page of run.source.read({ since, signpost, resume: null, pageSize: DRY_RUN_PAGE_SIZE, signal: controller.signal })) {
      await comparePage(run, page.records, compared, add, (n) => (destinationCalls += n));
      counts.read += page.records.length;
      sourceCalls++;
    }
  } finally {
    controller.abort();
    await closeFlowRun(run);
  }
  return { flowId: flow.id, at: ctx.clock.now().toISOString(), compared, destinationCalls, sourceCalls, counts, items, truncated: items.length < counts.read };
}

async function comparePage(run: FlowRun, records: SourceRecord[], compared: 'live' | 'last-write', add: (i: DryRunItem) => void, called: (n: number) => void): Promise<void> {
  const { mapping, store } = run;
  const base = (sourceId: string, record: SourceRecord) => ({ sourceId, sourceLabel: labelOf(record), destId: null, changes: [], reason: null, hint: null, properties: null });
  const mapped = records.map((record): { record: SourceRecord; rejection: string } | { record: SourceRecord; result: MapResult } => {
    const rejection = keyPrefixRejection(mapping.key, record) ?? filterRejection(mapping.filter, record);
    return rejection ? { record, rejection } : { record, result: applyMapping(mapping, record) };
  });
  const ok = mapped.flatMap((m) => ('result' in m && m.result.ok ? [m.result.value.sourceId] : []));
  const ids = store.idMap.getMany(run.flow.id, ok);
  let live: Live | null = null;
  if (compared === 'live' && ok.length) {
    try {
      const got = await liveValues(run, ok);
      live = got.live;
      called(got.calls);
    } catch (e) {
      // The key property is one an outstanding CRM setup will create (an integration created paused):
      // no record can hold it yet, whether the CRM answers "not found" or refuses the unknown property.
      if (run.signal.aborted || !isPendingCrmField(run, run.flow.destConnectionId, run.flow.destObject, mapping.key.to)) throw e;
      live = new Map();
    }
  }
  for (const m of mapped) {
    if ('rejection' in m) {
      add({ ...base(safeId(run, m.record), m.record), action: 'skip', reason: `Skipped: ${m.rejection}.` });
      continue;
    }
    // A flow that only touches records of ours skips the others, as a run does (page-processor.ts).
    const unlinked = m.result.ok ? null : unlinkedRejection(run, m.record);
    if (unlinked) {
      add({ ...base(safeId(run, m.record), m.record), action: 'skip', reason: unlinked });
      continue;
    }
    if (!m.result.ok) {
      add({ ...base(safeId(run, m.record), m.record), action: 'fail', reason: m.result.errors.map((e) => e.message).join('; '), hint: 'Fix the value in the source system or adjust the mapping, then replay.' });
      continue;
    }
    const value = m.result.value;
    const sourceId = value.sourceId;
    const matched = matchExisting(run, m.record, (flowId, id) => store.idMap.get(flowId, id));
    if (matched.status === 'skip') {
      add({ ...base(sourceId, m.record), action: 'skip', reason: `Skipped: ${matched.reason}.` });
      continue;
    }
    const existing = ids.get(sourceId);
    const current = live ? live.get(sourceId) : undefined;
    const destId = current?.id ?? existing?.destId ?? null;
    if (destId === null) {
      add({ ...base(sourceId, m.record), action: 'create', properties: value.properties });
      continue;
    }
    const properties = writableOnUpdate(mapping, value.properties);
    const previous = live ? current?.properties : existing?.eventId != null ? sentProperties(store.events.get(existing.eventId)?.mappedPayload) : undefined;
    // Without live values or a stored last write, only the payload hash can tell (no field list).
    const changes = previous ? fieldDiff(previous, properties) : null;
    const differs = changes ? changes.length > 0 : existing?.hash === undefined;
    add({ ...base(sourceId, m.record), destId, action: differs ? 'update' : 'unchanged', changes: changes ?? [], ...(differs && { properties }) });
  }
}

function safeId(run: FlowRun, record: SourceRecord): string {
  try {
    return run.source.idOf(record);
  } catch {
    return '?';
  }
}
