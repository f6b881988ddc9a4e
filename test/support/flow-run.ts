// The run of one flow as the runner would hand it to the page processor, for tests that drive
// processPage directly: a real SQLite store (in memory unless one is given), the destination the test
// writes to, and the flow's mapping and source ids. Connectors, mirrors, siblings and parent flows are
// absent — a test that needs them runs the engine instead.
import type { Mapping } from '../../preload/contract/index.ts';
import type { DestinationObject, SourceRecord } from '../../connectors/kit/types.ts';
import { createStore, type Store } from '../../main/store/index.ts';
import { openDatabase } from '../../main/store/db.ts';
import { zeroCounts, type FlowRun } from '../../main/engine/run-types.ts';

export interface FlowRunFixture {
  mapping: Mapping;
  dest: DestinationObject;
  /** The flow's id; its destination object is the destination's name. */
  flowId: string;
  sourceSystem: string;
  sourceEntity: string;
  /** The source record's id, as the source entity's `idOf` gives it. */
  idOf: (record: SourceRecord) => string;
  /** The source entity's label, which failure hints name. */
  sourceLabel?: string;
  store?: Store;
}

export function flowRunFixture(f: FlowRunFixture): FlowRun {
  return {
    runId: 'run-1',
    flow: { id: f.flowId, name: f.flowId, template: null, sourceConnectionId: 'erp', sourceEntity: f.sourceEntity, destConnectionId: 'crm', destObject: f.dest.name, mapping: f.mapping, schedule: {}, enabled: true, dependsOn: [], createdAt: '', updatedAt: '' },
    mapping: f.mapping,
    direction: 'erp-to-crm',
    sourceSystem: f.sourceSystem,
    sourceTimeZone: null,
    source: { label: f.sourceLabel ?? f.sourceEntity, idOf: f.idOf } as unknown as FlowRun['source'],
    dest: f.dest,
    sourceConnector: {} as FlowRun['sourceConnector'],
    destConnector: {} as FlowRun['destConnector'],
    store: f.store ?? createStore(openDatabase(':memory:')),
    counts: zeroCounts(),
    signal: new AbortController().signal,
    mirrors: [],
    siblings: [],
    trigger: 'manual',
    related: () => null,
    depth: 0,
  };
}
