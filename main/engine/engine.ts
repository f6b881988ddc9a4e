// Placeholder until the runner lands: every engine call answers "not available yet" — nothing pretends success.
import type { EnginePort } from '../service/runs-service.ts';
import type { ServiceContext } from '../service/context.ts';
import { notAvailableYet } from '../service/service-error.ts';

export interface Engine extends EnginePort {
  start(): void;
  stop(): Promise<void>;
  settingsChanged(): void;
  flowsChanged(flowIds: string[]): void;
}

export function createEngine(_ctx: ServiceContext): Engine {
  const na = (what: string) => async () => {
    throw notAvailableYet(what);
  };
  return {
    isRunning: () => false,
    nextRunAt: () => null,
    syncNow: na('Sync'),
    cancel: () => false,
    reconcile: na('Reconciliation'),
    approveDeletions: na('Deletion approval'),
    replay: na('Replay'),
    start: () => undefined,
    stop: async () => undefined,
    settingsChanged: () => undefined,
    flowsChanged: () => undefined,
  };
}
