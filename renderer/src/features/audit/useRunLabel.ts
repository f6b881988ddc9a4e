// How the audit log names a run: as the admin knows it — its flow and when it started, on a 24-hour
// clock (preload/contract/time-text.ts) — not by its id, which stays at hand for support.
import type { Run } from '../../../../preload/contract/index.ts';
import { useCall } from '../../api.ts';
import { formatDateTime } from '../../app/format.ts';

/** `Customers → Companies · started 7 Dec 2026, 19:39:14`. */
export const runLabel = (run: Pick<Run, 'flowId' | 'startedAt'>, flowName: (id: string) => string) => `${flowName(run.flowId)} · started ${formatDateTime(run.startedAt, true)}`;

/** The run's label once it is loaded (null before, or for no run). */
export function useRunLabel(runId: string | null, flowName: (id: string) => string): string | null {
  const run = useCall('runs:get', { id: runId ?? '' }, { enabled: runId !== null });
  return runId !== null && run.data ? runLabel(run.data, flowName) : null;
}
