// What the engine offers the service. The service is a thin, validated front for it and depends on
// this interface; the engine returns store rows and the service turns them into views.
import type { ParsedInputOf, OutputOf } from '../../preload/contract/index.ts';
import type { RunRow } from '../store/index.ts';

/** The engine's live state, which the service's flow views show. */
export interface EngineState {
  isRunning(flowId: string): boolean;
  nextRunAt(flowId: string): string | null;
}

export type ReconcileInput = ParsedInputOf<'runs:reconcile'>;
export type ReconcileReport = OutputOf<'runs:reconcile'>;
export type ApproveDeletionsInput = ParsedInputOf<'runs:approveDeletions'>;
export type ApproveDeletionsResult = OutputOf<'runs:approveDeletions'>;
export type ReplayInput = ParsedInputOf<'audit:replay'>;
export type ReplayResult = OutputOf<'audit:replay'>;
export type DryRunInput = ParsedInputOf<'runs:dryRun'>;
export type DryRunResult = OutputOf<'runs:dryRun'>;
export type DryRunEstimateInput = ParsedInputOf<'runs:dryRunEstimate'>;
export type DryRunEstimateResult = OutputOf<'runs:dryRunEstimate'>;
export type ResyncInput = ParsedInputOf<'runs:resync'>;
export type ResyncEstimate = OutputOf<'runs:resyncEstimate'>;

export interface EnginePort extends EngineState {
  /**
   * Queues the flows (all enabled ones when none are named) and returns their queued runs. A flow in a
   * blackout window waits for its end; `force` runs it at once, calling the ERP anyway.
   */
  syncNow(flowIds: string[] | undefined, full: boolean, force?: boolean): Promise<RunRow[]>;
  /** Whether the run was running or queued (a host with the engine in a worker answers asynchronously). */
  cancel(runId: string): boolean | Promise<boolean>;
  reconcile(input: ReconcileInput): Promise<ReconcileReport>;
  approveDeletions(input: ApproveDeletionsInput): Promise<ApproveDeletionsResult>;
  replay(input: ReplayInput): Promise<ReplayResult>;
  /** Reads, maps and compares a flow's records without writing anything (dry-run.ts). */
  dryRun(input: DryRunInput): Promise<DryRunResult>;
  /** What a dry run will cost, before it starts (dry-run-estimate.ts). */
  dryRunEstimate(input: DryRunEstimateInput): Promise<DryRunEstimateResult>;
  /** Queues a re-sync of a flow from a date and returns its queued run (resync.ts). */
  resync(input: ResyncInput): Promise<RunRow>;
  /** The records and calls a re-sync from that date would take (resync-estimate.ts). */
  resyncEstimate(input: ResyncInput): Promise<ResyncEstimate>;
}
