// Opens both ends of a flow for a run: connectors, the source entity, the destination object, and the
// reverse flows whose echoes our writes must pre-register.
import { mappingSchema } from '../../preload/contract/index.ts';
import type { FlowRow } from '../store/index.ts';
import { openConnector, timeZoneOf, type ConnectorHost } from './open-connector.ts';
import { manifestFor } from '../../connectors/index.ts';
import { ConfigError } from '../../connectors/kit/errors.ts';
import type { Counts, FlowRun } from './run-types.ts';
import { findMirrors, findSiblings } from './echo-guard.ts';
import type { BlackoutMode } from './blackout/gate.ts';

/**
 * What a call meeting a blackout window does, by who calls: runs pause and the engine resumes them when
 * the window ends; reconcile is awaited by whoever asked, so it waits.
 *
 * Dry runs (and their estimates) and replays are refused at once, naming the window's end. A dry run
 * writes nothing, but it reads the ERP page by page — the load a window keeps off it (Day End, a backup,
 * month-end close), and the README promises nothing calls that ERP then — so it does not run inside one
 * either. Nor does it, or a replay, wait inside the service: the screen that asked would hold a request
 * open until the window ends (hours), one of the browser's six connections to the service. The asker
 * waits on its side instead — the app says "Waiting for … until 23:30" and asks again then, the CLI
 * sleeps — and the dry run starts at the window's end, as before. A replay is refused before it sends
 * anything (replay-blackout.ts; the gate only catches a window opening meanwhile) and is asked again by
 * the admin: it writes, so nothing replays it unattended hours later.
 */
export function blackoutModeFor(trigger: string): BlackoutMode {
  if (trigger === 'dryrun' || trigger === 'replay') return 'refuse';
  return trigger === 'reconcile' ? 'wait' : 'pause';
}

/** The flows opened alongside a run (parents written first), keyed by flow id; closed with the run. */
const relatedOf = new WeakMap<FlowRun, Map<string, FlowRun>>();

export function openFlowRun(
  host: ConnectorHost,
  flow: FlowRow,
  runId: string,
  counts: Counts,
  signal: AbortSignal,
  trigger: string,
  shared?: { opened: Map<string, FlowRun>; depth: number },
  blackout: BlackoutMode = blackoutModeFor(trigger),
): FlowRun {
  const { store } = host;
  const srcConn = store.connections.get(flow.sourceConnectionId);
  const dstConn = store.connections.get(flow.destConnectionId);
  if (!srcConn || !dstConn) throw new ConfigError(`Flow "${flow.name}" points at a connection that no longer exists.`, { code: 'CONNECTION_MISSING', hint: 'Edit the flow and pick its connections again.' });
  const sourceConnector = openConnector(host, srcConn, { signal, blackout });
  const destConnector = openConnector(host, dstConn, { signal, blackout });
  const source = sourceConnector.sources[flow.sourceEntity];
  const dest = destConnector.destinations[flow.destObject];
  if (!source) throw new ConfigError(`${srcConn.name} has no readable entity "${flow.sourceEntity}".`, { code: 'UNKNOWN_OBJECT', hint: `Known: ${Object.keys(sourceConnector.sources).join(', ')}.` });
  if (!dest) throw new ConfigError(`${dstConn.name} has no writable object "${flow.destObject}".`, { code: 'UNKNOWN_OBJECT', hint: `Known: ${Object.keys(destConnector.destinations).join(', ')}.` });
  const role = manifestFor(srcConn.system)?.role;
  const mapping = mappingSchema.parse(flow.mapping);
  const others = store.flows.list().map((f) => ({ flow: f, mapping: mappingSchema.parse(f.mapping) }));
  // One map for the whole chain (a parent's own parents included), so each flow opens once per run.
  const opened = shared?.opened ?? new Map<string, FlowRun>();
  const depth = shared?.depth ?? 0;
  const related = (flowId: string): FlowRun | null => {
    const known = opened.get(flowId);
    if (known) return known;
    const other = store.flows.get(flowId);
    if (!other) return null;
    // The run's own tallies: a parent it writes first (missingParent 'create') reaches the destination in
    // this run and is audited under its id, so the run's counts say so too (read, created… and accounted).
    const r = openFlowRun(host, other, runId, counts, signal, trigger, { opened, depth: depth + 1 }, blackout);
    opened.set(flowId, r);
    return r;
  };
  const run: FlowRun = {
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
    related,
    depth,
  };
  if (!shared) relatedOf.set(run, opened);
  return run;
}

export async function closeFlowRun(run: FlowRun): Promise<void> {
  const others = [...(relatedOf.get(run)?.values() ?? [])];
  await Promise.allSettled([run, ...others].flatMap((r) => [r.sourceConnector.close(), r.destConnector.close()]));
}
