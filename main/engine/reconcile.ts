// Reconciliation: read the whole source, compare every mapped record with what the destination holds
// now (not with our id_map hashes), write what is missing or different, and flag destination records
// that carry our external id but no longer exist in the source. Deletions are never applied here.
import type { FlowRow } from '../store/index.ts';
import { mappingSchema } from '../../preload/contract/index.ts';
import type { EngineContext } from './context.ts';
import type { ApproveDeletionsInput, ApproveDeletionsResult, ReconcileReport as Report } from './port.ts';
import { EngineError } from './engine-error.ts';
import { runFlow } from './runner.ts';
import { openConnector } from './open-connector.ts';
import { raiseAlert, clearAlert } from './alerts.ts';
import type { FlowRun } from './run-types.ts';
import { valuesDiffer } from './compare-values.ts';
import { sentProperties } from './field-diff.ts';
import { writableOnUpdate } from './mapping/apply.ts';
import { planKeyHashReconcile, rereadSource, storeKeyHashes, type KeyHashPlan } from './key-hash-reconcile.ts';

async function loadSnapshot(run: FlowRun): Promise<Map<string, { id: string; properties: Record<string, unknown> }>> {
  if (!run.dest.readAll) throw new EngineError('RECONCILE_UNSUPPORTED', `${run.flow.destObject} cannot be listed for reconciliation.`, 'Reconciliation is not available for this flow.');
  const key = run.mapping.key.to;
  const prefix = run.mapping.key.prefix;
  const props = [key, ...run.mapping.fields.map((f) => f.to)];
  const snapshot = new Map<string, { id: string; properties: Record<string, unknown> }>();
  for await (const page of run.dest.readAll(props, run.signal)) {
    for (const rec of page) {
      const k = rec.properties[key];
      if (k === null || k === undefined) continue;
      let text = String(k).trim();
      // With a key prefix only this origin's records are ours (`VEND-1200` → `1200`; `CUST-…` is another flow's).
      if (prefix) text = text.startsWith(prefix) ? text.slice(prefix.length).trim() : '';
      if (text !== '') snapshot.set(text, rec);
    }
  }
  return snapshot;
}

export async function reconcileFlow(ctx: EngineContext, flow: FlowRow, owner: string): Promise<Report> {
  let snapshot = new Map<string, { id: string; properties: Record<string, unknown> }>();
  // A source listing keys with row hashes is re-read only where a hash moved (key-hash-reconcile.ts).
  let plan: KeyHashPlan | null = null;
  const result = await runFlow(ctx, flow, {
    trigger: 'reconcile',
    owner,
    prepare: async (r) => {
      snapshot = await loadSnapshot(r);
      r.destSnapshot = snapshot;
      if (r.source.keyHashes && r.source.readOne) {
        // A record whose source did not change is still re-read when the destination lacks it or holds
        // other values than our last write sent (edited there): reconciliation repairs both sides.
        const stale = (id: string): boolean => {
          const live = snapshot.get(id);
          if (!live) return true;
          const eventId = ctx.store.idMap.get(flow.id, id)?.eventId;
          const sent = eventId != null ? sentProperties(ctx.store.events.get(eventId)?.mappedPayload) : undefined;
          return sent !== undefined && valuesDiffer(writableOnUpdate(r.mapping, sent), live.properties);
        };
        const p = await planKeyHashReconcile(r.source, ctx.store.sourceHashes.all(flow.id), stale, r.signal);
        plan = p;
        if (p.reread) r.source = rereadSource(r.source, { ...p, reread: p.reread });
      }
    },
  });
  const { run } = result;
  // A paused run (API budget) read only part of the source: comparing it would flag the rest as extra.
  if (run.status === 'failed' || run.status === 'paused') throw new EngineError(run.error?.code ?? 'RECONCILE_FAILED', `Reconciliation of "${flow.name}" stopped: ${run.error?.message ?? 'unknown error'}`, run.error?.hint);
  const keyPlan = plan as KeyHashPlan | null;
  if (keyPlan) storeKeyHashes(ctx.store, flow.id, keyPlan);
  // Re-reading only the changed records, the keys listed say which records still exist.
  const seen = keyPlan?.reread ? new Set([...keyPlan.listed.keys()].filter((k) => !keyPlan.gone.has(k))) : result.seen;
  // A flow that only touches records another flow wrote (`match`) owns a part of what the destination
  // lists under its key — all of it, for one keyed on the destination's own record id (HubSpot contacts
  // by hs_object_id): a record it did not read is not one deleted at the source, so none is flagged.
  const ownsAll = mappingSchema.parse(flow.mapping).match === undefined;
  const extras = ownsAll ? [...snapshot].filter(([key]) => !seen?.has(key)) : [];
  let flagged = 0;
  for (const [key, rec] of extras) {
    if (ctx.store.deletions.flag({ flowId: flow.id, destObject: flow.destObject, destId: rec.id, sourceId: key, reason: `"${key}" no longer exists in the source.` })) flagged++;
  }
  if (flagged) {
    raiseAlert(ctx, { severity: 'warning', code: 'DELETIONS_PENDING', flowId: flow.id, message: `Reconciliation of "${flow.name}" found ${flagged} record(s) that no longer exist in the source.`, hint: 'Review them on the Dashboard under Pending deletions; nothing is deleted until you approve.' });
  }
  return {
    flowId: flow.id,
    at: ctx.clock.now().toISOString(),
    sourceCount: seen?.size ?? 0,
    destCount: snapshot.size,
    missing: run.counts.created,
    different: run.counts.updated,
    extra: extras.length,
    repaired: run.counts.created + run.counts.updated,
    flaggedDeletions: flagged,
  };
}

export async function applyDeletions(ctx: EngineContext, input: ApproveDeletionsInput): Promise<ApproveDeletionsResult> {
  const { store } = ctx;
  const cap = ctx.settings().deletionCapPerRun;
  const rows = input.ids.map((id) => store.deletions.get(id) ?? (() => { throw new EngineError('NOT_FOUND', `Pending deletion ${id} does not exist or was already settled.`, 'Refresh the list.'); })());
  // The "deletions pending" alert of a flow goes once nothing is left pending for it.
  const settleAlerts = () => {
    for (const flowId of new Set(rows.map((r) => r.flowId))) if (store.deletions.list(flowId).length === 0) clearAlert(ctx, 'DELETIONS_PENDING', flowId);
  };
  if (input.decision === 'dismiss') {
    rows.forEach((r) => store.deletions.settle(r.id, 'dismissed'));
    settleAlerts();
    return { applied: 0, dismissed: rows.length, failed: 0 };
  }
  if (rows.length > cap) throw new EngineError('OVER_CAP', `${rows.length} deletions exceed the cap of ${cap} per approval.`, 'Approve fewer at a time, or raise the cap in Settings.');
  let applied = 0;
  let failed = 0;
  const byFlow = new Map<string, typeof rows>();
  for (const r of rows) byFlow.set(r.flowId, [...(byFlow.get(r.flowId) ?? []), r]);
  for (const [flowId, list] of byFlow) {
    const flow = store.flows.get(flowId);
    const conn = flow && store.connections.get(flow.destConnectionId);
    if (!flow || !conn) {
      list.forEach((r) => store.deletions.settle(r.id, 'failed'));
      failed += list.length;
      continue;
    }
    const connector = openConnector(ctx, conn, { blackout: 'wait' });
    try {
      const dest = connector.destinations[flow.destObject];
      if (!dest?.remove) throw new EngineError('DELETE_UNSUPPORTED', `${flow.destObject} records cannot be deleted by ml-connector.`, 'Delete them in the destination system by hand.');
      const results = await dest.remove(list.map((r) => r.destId));
      results.forEach((res, i) => {
        const row = list[i]!;
        const ok = res.status !== 'failed';
        store.transaction(() => {
          store.deletions.settle(row.id, ok ? 'applied' : 'failed');
          if (ok && row.sourceId) store.idMap.delete(flowId, row.sourceId);
          store.events.insert({
            runId: null, flowId, at: ctx.clock.now().toISOString(), direction: 'erp-to-crm', sourceSystem: conn.system, sourceEntity: flow.sourceEntity,
            sourceId: row.sourceId ?? row.destId, sourceLabel: null, destObject: flow.destObject, destId: row.destId, action: ok ? 'deleted' : 'failed', attempt: 1,
            error: ok ? null : { kind: res.kind, message: res.message }, sourcePayload: null, mappedPayload: null, replayOf: null,
          });
        });
        if (ok) applied++;
        else failed++;
      });
    } finally {
      await connector.close().catch(() => undefined);
    }
  }
  settleAlerts();
  return { applied, dismissed: 0, failed };
}
