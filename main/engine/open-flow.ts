// Opens both ends of a flow for a run: connectors, the source entity, the destination object, and the
// reverse flows whose echoes our writes must pre-register.
import { mappingSchema } from '../../preload/contract/index.ts';
import type { FlowRow } from '../store/index.ts';
import { openConnector, timeZoneOf, type ConnectorHost } from './open-connector.ts';
import { manifestFor } from '../../connectors/index.ts';
import { ConfigError } from '../../connectors/kit/errors.ts';
import type { Counts, FlowRun } from './run-types.ts';
import { findMirrors, findSiblings } from './echo-guard.ts';

export function openFlowRun(host: ConnectorHost, flow: FlowRow, runId: string, counts: Counts, signal: AbortSignal, trigger: string): FlowRun {
  const { store } = host;
  const srcConn = store.connections.get(flow.sourceConnectionId);
  const dstConn = store.connections.get(flow.destConnectionId);
  if (!srcConn || !dstConn) throw new ConfigError(`Flow "${flow.name}" points at a connection that no longer exists.`, { code: 'CONNECTION_MISSING', hint: 'Edit the flow and pick its connections again.' });
  const sourceConnector = openConnector(host, srcConn, { signal });
  const destConnector = openConnector(host, dstConn, { signal });
  const source = sourceConnector.sources[flow.sourceEntity];
  const dest = destConnector.destinations[flow.destObject];
  if (!source) throw new ConfigError(`${srcConn.name} has no readable entity "${flow.sourceEntity}".`, { code: 'UNKNOWN_OBJECT', hint: `Known: ${Object.keys(sourceConnector.sources).join(', ')}.` });
  if (!dest) throw new ConfigError(`${dstConn.name} has no writable object "${flow.destObject}".`, { code: 'UNKNOWN_OBJECT', hint: `Known: ${Object.keys(destConnector.destinations).join(', ')}.` });
  const role = manifestFor(srcConn.system)?.role;
  const mapping = mappingSchema.parse(flow.mapping);
  const others = store.flows.list().map((f) => ({ flow: f, mapping: mappingSchema.parse(f.mapping) }));
  return {
    runId,
    flow,
    mapping,
    direction: role === 'crm' ? 'crm-to-erp' : 'erp-to-crm',
    sourceSystem: srcConn.system,
    sourceTimeZone: timeZoneOf(srcConn),
    source,
    dest,
    sourceConnector,
    destConnector,
    store,
    counts,
    signal,
    mirrors: findMirrors(flow, mapping, others),
    siblings: findSiblings(flow, mapping, others),
    trigger,
  };
}

export async function closeFlowRun(run: Pick<FlowRun, 'sourceConnector' | 'destConnector'>): Promise<void> {
  await Promise.allSettled([run.sourceConnector.close(), run.destConnector.close()]);
}
