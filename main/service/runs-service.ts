import type { ServiceImpl } from '../../preload/contract/index.ts';
import { runView } from './views.ts';
import { notFound } from './service-error.ts';
import type { ServiceContext } from './context.ts';
import type { EnginePort } from '../engine/port.ts';
import { blackoutRefusal } from './blackouts-service.ts';

type RunsImpl = Pick<ServiceImpl, 'runs:syncNow' | 'runs:cancel' | 'runs:list' | 'runs:get' | 'runs:reconcile' | 'runs:pendingDeletions' | 'runs:approveDeletions' | 'runs:dryRun' | 'runs:dryRunEstimate' | 'runs:resync' | 'runs:resyncEstimate' | 'audit:replay'>;

export function runsService(ctx: ServiceContext, engine: EnginePort): RunsImpl {
  return {
    'runs:syncNow': async ({ flowIds, full, force }) => {
      // Inside a blackout window Sync now is a question, not an order: force is the admin's answer.
      if (!force) {
        const refusal = blackoutRefusal(ctx.store, flowIds);
        if (refusal) throw refusal;
      }
      return (await engine.syncNow(flowIds, full, force ?? false)).map(runView);
    },
    'runs:cancel': async ({ runId }) => {
      if (!ctx.store.runs.get(runId)) throw notFound('Run', runId);
      return { cancelled: await engine.cancel(runId) };
    },
    'runs:list': async (input) => ctx.store.runs.list(input).map(runView),
    'runs:get': async ({ id }) => {
      const r = ctx.store.runs.get(id);
      if (!r) throw notFound('Run', id);
      return runView(r);
    },
    'runs:reconcile': (input) => engine.reconcile(input),
    'runs:pendingDeletions': async ({ flowId }) => ctx.store.deletions.list(flowId),
    'runs:approveDeletions': (input) => engine.approveDeletions(input),
    'runs:dryRun': (input) => engine.dryRun(input),
    'runs:dryRunEstimate': (input) => engine.dryRunEstimate(input),
    'runs:resync': async (input) => runView(await engine.resync(input)),
    'runs:resyncEstimate': (input) => engine.resyncEstimate(input),
    'audit:replay': (input) => engine.replay(input),
  };
}
