import type { Mapping } from '../../preload/contract/index.ts';
import type { Connector, DestinationObject, SourceEntity } from '../../connectors/kit/types.ts';
import type { FlowRow, Store } from '../store/index.ts';
import type { LinkedFlow } from './echo-guard.ts';

export interface Counts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  waiting: number;
}

export const zeroCounts = (): Counts => ({ read: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, waiting: 0 });

/** Everything one run of one flow works with. */
export interface FlowRun {
  runId: string;
  flow: FlowRow;
  mapping: Mapping;
  direction: 'erp-to-crm' | 'crm-to-erp';
  sourceSystem: string;
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
}
