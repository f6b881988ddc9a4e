// Opens both ends of a flow for a run: connectors, the source entity, the destination object, and the
// reverse flows whose echoes our writes must pre-register.
import { mappingSchema } from '../../preload/contract/index.ts';
import type { FlowRow } from '../store/index.ts';
import { openConnector, type ConnectorHost } from './open-connector.ts';
import { manifestFor } from './registry.ts';
import { ServiceError } from '../service/service-error.ts';
import type { Counts, FlowRun } from './run-types.ts';

export function openFlowRun(host: ConnectorHost, flow: FlowRow, runId: string, counts: Counts, signal: AbortSignal, trigger: string): FlowRun {
  const { store } = host;
  const srcConn = store.connections.get(flow.sourceConnectionId);
  const dstConn = store.connections.get(flow.destConnectionId);
  if (!srcConn || !dstConn) throw new ServiceError('CONNECTION_MISSING', `Flow "${flow.name}" points at a connection that no longer exists.`, 'Edit the flow and pick its connections again.');
  const sourceConnector = openConnector(host, srcConn, { signal });
  const destConnector = openConnector(host, dstConn, { signal });
  const source = sourceConnector.sources[flow.sourceEntity];
  const dest = destConnector.destinations[flow.destObject];
  if (!source) throw new ServiceError('UNKNOWN_OBJECT', `${srcConn.name} has no readable entity "${flow.sourceEntity}".`, `Known: ${Object.keys(sourceConnector.sources).join(', ')}.`);
  if (!dest) throw new ServiceError('UNKNOWN_OBJECT', `${dstConn.name} has no writable object "${flow.destObject}".`, `Known: ${Object.keys(destConnector.destinations).join(', ')}.`);
  const role = manifestFor(srcConn.system)?.role;
  const mapping = mappingSchema.parse(flow.mapping);
  // A reverse flow can only be pre-registered from writes that carry every field it reads back;
  // a partial writer (e.g. a balance refresh) would register a hash missing those fields.
  const written = new Set([mapping.key.to, ...mapping.fields.map((f) => f.to)]);
  const mirrors = store.flows
    .list()
    .filter((f) => f.id !== flow.id && f.sourceConnectionId === flow.destConnectionId && f.destConnectionId === flow.sourceConnectionId && f.sourceEntity === flow.destObject)
    .map((f) => ({ flow: f, mapping: mappingSchema.parse(f.mapping) }))
    .filter((m) => [m.mapping.key.from, ...m.mapping.fields.map((r) => r.from).filter((x): x is string => Boolean(x))].every((from) => written.has(from.split('.')[0]!)));
  return {
    runId,
    flow,
    mapping,
    direction: role === 'crm' ? 'crm-to-erp' : 'erp-to-crm',
    sourceSystem: srcConn.system,
    source,
    dest,
    sourceConnector,
    destConnector,
    store,
    counts,
    signal,
    mirrors,
    trigger,
  };
}

export async function closeFlowRun(run: Pick<FlowRun, 'sourceConnector' | 'destConnector'>): Promise<void> {
  await Promise.allSettled([run.sourceConnector.close(), run.destConnector.close()]);
}
