import type { ServiceImpl, Run } from '../../preload/contract/index.ts';
import { runView } from './views.ts';
import { notFound } from './service-error.ts';
import type { ServiceContext, EngineState } from './context.ts';

type RunsImpl = Pick<ServiceImpl, 'runs:syncNow' | 'runs:cancel' | 'runs:list' | 'runs:get' | 'runs:reconcile' | 'runs:pendingDeletions' | 'runs:approveDeletions' | 'audit:replay'>;

/** What the engine offers the service. The service stays a thin, validated front for it. */
export interface EnginePort extends EngineState {
  syncNow(flowIds: string[] | undefined, full: boolean): Promise<Run[]>;
  cancel(runId: string): boolean;
  reconcile: ServiceImpl['runs:reconcile'];
  approveDeletions: ServiceImpl['runs:approveDeletions'];
  replay: ServiceImpl['audit:replay'];
}

export function runsService(ctx: ServiceContext, engine: EnginePort): RunsImpl {
  return {
    'runs:syncNow': ({ flowIds, full }) => engine.syncNow(flowIds, full),
    'runs:cancel': async ({ runId }) => {
      if (!ctx.store.runs.get(runId)) throw notFound('Run', runId);
      return { cancelled: engine.cancel(runId) };
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
    'audit:replay': (input) => engine.replay(input),
  };
}
