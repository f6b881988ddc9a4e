import type { Mapping } from '../../preload/contract/index.ts';
import type { Connector, DestinationObject, SourceEntity } from '../../connectors/kit/types.ts';
import type { FlowRow, Store } from '../store/index.ts';
import type { RunCountsRow } from '../store/tables/runs.ts';
import type { LinkedFlow } from './echo-guard.ts';

/** The per-run tallies, as the runs table stores them. */
export type Counts = RunCountsRow;

export const zeroCounts = (): Counts => ({ read: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, waiting: 0 });

/** Everything one run of one flow works with. */
export interface FlowRun {
  runId: string;
  flow: FlowRow;
  mapping: Mapping;
  direction: 'erp-to-crm' | 'crm-to-erp';
  sourceSystem: string;
  /** The source connection's IANA zone when its system stamps server-local times (watermark.ts), else null. */
  sourceTimeZone: string | null;
  source: SourceEntity;
  dest: DestinationObject;
  sourceConnector: Connector;
  destConnector: Connector;
  store: Store;
  counts: Counts;
  signal: AbortSignal;
  /** Flows whose expected state our writes pre-register (echo-guard.ts). */
  mirrors: LinkedFlow[];
  siblings: LinkedFlow[];
  /** Reconciliation: the destination's actual values by key; set → compare against them, not id_map hashes. */
  destSnapshot?: Map<string, { id: string; properties: Record<string, unknown> }>;
  /** Replays write even when the payload hash is unchanged. */
  force?: boolean;
  trigger: string;
  /**
   * Another flow opened for this run, e.g. the parent flow that writes a missing parent first
   * (`mapping.missingParent: 'create'`); null when that flow no longer exists. Opened once per run,
   * closed with it; its events carry this run's id.
   */
  related(flowId: string): FlowRun | null;
  /** 0 for the flow being run, 1 for a parent written first, 2 for that parent's parent… */
  depth: number;
}
