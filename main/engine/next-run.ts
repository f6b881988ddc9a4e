// When a flow runs next, as the flow views show it: a flow paused by an exhausted API budget at the time
// its budget is back, else its schedule after its last run's start — and never inside a blackout window
// of its connections (a run due then waits for the window's end). The engine and a host that runs the
// engine in a worker thread (main/engine-thread) answer it the same way from the store.
import { scheduleSchema } from '../../preload/contract/index.ts';
import type { Store } from '../store/index.ts';
import { nextRunAfter } from './schedule-plan.ts';
import { clearOfBlackouts } from './blackout/connection-blackouts.ts';

export function lastStartOf(store: Store, flowId: string): Date | null {
  const r = store.runs.latestForFlow(flowId);
  return r ? new Date(r.startedAt) : null;
}

export function nextRunAtOf(store: Store, flowId: string, pausedUntil: number | undefined, now: Date): string | null {
  const flow = store.flows.get(flowId);
  if (!flow || !flow.enabled) return null;
  const next = pausedUntil !== undefined ? new Date(pausedUntil) : nextRunAfter(scheduleSchema.parse(flow.schedule), lastStartOf(store, flowId), now);
  return next && clearOfBlackouts(store, flow, next).toISOString();
}
