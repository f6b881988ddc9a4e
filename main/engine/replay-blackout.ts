// A replay asked for during a blackout window is refused at once, before it sends anything, like a dry
// run (open-flow.ts says why nothing waits inside the service): the admin who clicked Replay, or ran
// `ml-connector replay`, is told the window and its end instead of a request held open for hours. The
// failures stay open, no run or audit event is recorded, and they can be replayed once the window ends.
//
// Only the connections the replay would call count, so a replay that needs none of the closed ones still
// goes: resending a stored payload to the CRM while the ERP it came from is in its Day End, for instance.
// The gate in front of each connection (blackout/gate.ts, mode 'refuse' for replays) stays the last word
// should a window open while the replay runs.
import type { FlowRow, RecordEventDetail, Store } from '../store/index.ts';
import { mappingSchema } from '../../preload/contract/index.ts';
import { blackoutError } from './blackout/gate.ts';
import { openWindowsOf } from './blackout/connection-blackouts.ts';
import { applyMapping } from './mapping/apply.ts';
import { followerIds } from './linked-records.ts';
import { MAX_PARENT_DEPTH } from './missing-parents.ts';

/** One flow's share of a replay, as far as which systems it calls. */
export interface ReplayPart {
  flow: FlowRow;
  /** A record is read again from the source. */
  rereads: boolean;
  /** A record not in the flow's id_map yet: its first write makes the flows following it look it up. */
  firstWrites: boolean;
  /** A stored payload names a required parent not written yet, which the flow writes first (`create`). */
  parentsFirst: boolean;
}

/** The part of a replay sending `events` (none settled) of `flow`, each as `sent` says. */
export function replayPartOf(store: Store, flow: FlowRow, events: RecordEventDetail[], sent: (e: RecordEventDetail) => 'stored' | 'reread'): ReplayPart {
  const linked = store.idMap.getMany(flow.id, [...new Set(events.map((e) => e.sourceId))]);
  const mapping = mappingSchema.safeParse(flow.mapping).data;
  // As wantedParents (missing-parents.ts) will find them: the required parents no id_map holds yet.
  const parentsFirst =
    mapping?.missingParent === 'create' &&
    events.some((e) => {
      const mapped = applyMapping(mapping, e.sourcePayload as Record<string, unknown>);
      return mapped.ok && mapped.value.associations.some((a) => a.required && a.flow !== flow.id && !store.idMap.getMany(a.flow, [a.sourceId]).has(a.sourceId));
    });
  return { flow, rereads: events.some((e) => sent(e) === 'reread'), firstWrites: events.some((e) => !linked.has(e.sourceId)), parentsFirst };
}

/**
 * The connections a replay of `flow` may call: its destination, always; its source when a record is read
 * again, or when a record is written for the first time and an enabled flow follows this one's new records
 * (linked-records.ts reads them from the same source); and, when its mapping writes missing parents first
 * and a parent is missing (or a re-read record, not known yet, may name one), both ends of each parent
 * flow (the parent is read from its source and written to its destination), and of their parents in turn.
 */
export function replayConnectionIds(store: Store, part: ReplayPart): Set<string> {
  const ids = new Set([part.flow.destConnectionId]);
  if (part.rereads || (part.firstWrites && followerIds(store.flows.list(), part.flow).length)) ids.add(part.flow.sourceConnectionId);
  if (part.rereads || part.parentsFirst) addParentFlows(store, part.flow, ids, 0);
  return ids;
}

function addParentFlows(store: Store, flow: FlowRow, ids: Set<string>, depth: number): void {
  const mapping = mappingSchema.safeParse(flow.mapping).data;
  if (mapping?.missingParent !== 'create' || depth >= MAX_PARENT_DEPTH) return;
  for (const a of mapping.associations) {
    const parent = a.required && a.flow !== flow.id ? store.flows.get(a.flow) : undefined;
    if (!parent) continue;
    ids.add(parent.sourceConnectionId).add(parent.destConnectionId);
    addParentFlows(store, parent, ids, depth + 1);
  }
}

const connectionsOf = (store: Store, parts: ReplayPart[]) => parts.flatMap((p) => [...replayConnectionIds(store, p)]);

/**
 * Throws BLACKOUT (the dry run's message: the window and its end, in `data.resumeAt`) when a connection the
 * replay would call is in a blackout window at `now`; the latest-ending such window is named, so its end
 * is when the replay can go. `events`: how many it replays, `failures` of them open. The hint says nothing
 * was sent and, when resending the stored payloads would call none of the closed connections, that this
 * can be done now. `partsOf` is asked only when some connection is in a window (it maps stored payloads).
 */
export function refuseReplayDuringBlackout(store: Store, partsOf: () => ReplayPart[], counts: { events: number; failures: number }, now: Date): void {
  if (!openWindowsOf(store, store.connections.list().map((c) => c.id), now).length) return;
  const parts = partsOf();
  const open = openWindowsOf(store, connectionsOf(store, parts), now);
  if (!open.length) return;
  const last = open.reduce((a, b) => (b.open.until > a.open.until ? b : a));
  const storedGoes = parts.some((p) => p.rereads) && openWindowsOf(store, connectionsOf(store, parts.map((p) => ({ ...p, rereads: false }))), now).length === 0;
  const name = last.connection.name;
  const { events, failures } = counts;
  const stays = failures === 0 ? '' : failures === 1 ? ': the failure stays open' : `: the ${failures} failures stay open`;
  throw blackoutError({ connectionName: name, system: last.connection.system, blackouts: last.blackouts }, last.open, now.getTime(), (until) =>
    [
      `Nothing was sent${stays}.`,
      `Replay ${events === 1 ? 'it' : 'them'} at ${until}, when the window ends${storedGoes ? `, or now with the stored payload (Replay: resend stored payload; in the CLI --send stored), which does not call ${name}` : ''}.`,
      'Edit the windows on the Connections page.',
    ].join(' '),
  );
}
