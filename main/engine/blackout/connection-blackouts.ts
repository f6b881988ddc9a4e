// A connection's blackout windows as the engine and the service use them: parsed from the store row,
// where the connection stands now, which flow waits for which window, and the gate for its client.
import { blackoutsSchema, type Blackouts, type BlackoutStatus, type BlackoutWait } from '../../../preload/contract/blackouts.ts';
import type { ConnectionRow, FlowRow, Store } from '../../store/index.ts';
import type { Logger } from '../../../connectors/kit/types.ts';
import { BlackoutCalendar, type OpenWindow } from './calendar.ts';
import { BlackoutGate, blackoutError, type BlackoutMode } from './gate.ts';
import { formatWallClock } from './wall-clock.ts';

type BlackoutRow = Pick<ConnectionRow, 'id' | 'name' | 'system'> & { blackouts?: unknown };

/** The row's blackouts as saved (validated when saved; a value that no longer parses counts as none). */
export function savedBlackoutsOf(row: { blackouts?: unknown }): Blackouts | null {
  if (!row.blackouts) return null;
  const parsed = blackoutsSchema.safeParse(row.blackouts);
  return parsed.success ? parsed.data : null;
}

/** The row's windows, or null when it has none. */
export function blackoutsOf(row: { blackouts?: unknown }): Blackouts | null {
  const saved = savedBlackoutsOf(row);
  return saved?.windows.length ? saved : null;
}

export function blackoutStatusOf(row: { blackouts?: unknown }, now: Date): BlackoutStatus {
  const b = blackoutsOf(row);
  if (!b) return { open: null, next: null };
  const calendar = new BlackoutCalendar(b);
  const open = calendar.openAt(now.getTime());
  const next = calendar.nextAfter(now.getTime());
  return {
    open: open && { name: open.name, until: new Date(open.until).toISOString() },
    next: next && { name: next.name, start: new Date(next.start).toISOString(), end: new Date(next.end).toISOString() },
  };
}

function connectionsOf(store: Store, flow: Pick<FlowRow, 'sourceConnectionId' | 'destConnectionId'>): ConnectionRow[] {
  const ids = [...new Set([flow.sourceConnectionId, flow.destConnectionId])];
  return ids.map((id) => store.connections.get(id)).filter((c): c is ConnectionRow => c !== undefined);
}

/** The blackout a flow waits for at `now` (the one ending last when both its connections are in one), or null. */
export function flowBlackoutWait(store: Store, flow: Pick<FlowRow, 'sourceConnectionId' | 'destConnectionId'>, now: Date): BlackoutWait | null {
  let wait: BlackoutWait | null = null;
  for (const c of connectionsOf(store, flow)) {
    const b = blackoutsOf(c);
    const open = b && new BlackoutCalendar(b).openAt(now.getTime());
    if (open && (!wait || open.until > Date.parse(wait.until))) wait = { connectionId: c.id, connectionName: c.name, window: open.name, until: new Date(open.until).toISOString() };
  }
  return wait;
}

/**
 * A dry run's refusal before it reads anything, when a connection of the flow is in a blackout window
 * now: the same BlackoutError its gate would throw at the first call to it (open-flow.ts says why dry runs
 * are refused), but before a reverse flow's first pages of CRM calls are spent for nothing.
 */
export function refuseDuringBlackout(store: Store, flow: Pick<FlowRow, 'sourceConnectionId' | 'destConnectionId'>, now: Date): void {
  const [first] = openWindowsOf(store, [flow.sourceConnectionId, flow.destConnectionId], now);
  if (first) throw blackoutError({ connectionName: first.connection.name, system: first.connection.system, blackouts: first.blackouts }, first.open, now.getTime(), 'refused');
}

/** The connections among `connectionIds` that are in a blackout window at `now`, each with its open window. */
export function openWindowsOf(store: Store, connectionIds: Iterable<string>, now: Date): { connection: ConnectionRow; blackouts: Blackouts; open: OpenWindow }[] {
  return [...new Set(connectionIds)].flatMap((id) => {
    const connection = store.connections.get(id);
    const blackouts = connection && blackoutsOf(connection);
    const open = blackouts && new BlackoutCalendar(blackouts).openAt(now.getTime());
    return connection && blackouts && open ? [{ connection, blackouts, open }] : [];
  });
}

/** The first instant at or after `at` when none of the flow's connections is in a blackout window. */
export function clearOfBlackouts(store: Store, flow: Pick<FlowRow, 'sourceConnectionId' | 'destConnectionId'>, at: Date): Date {
  const calendars = connectionsOf(store, flow)
    .map((c) => blackoutsOf(c))
    .filter((b): b is Blackouts => b !== null)
    .map((b) => new BlackoutCalendar(b));
  let t = at.getTime();
  // Windows of the two connections may follow each other; a handful of hops settles any real calendar.
  for (let i = 0; i < 10; i++) {
    const next = Math.max(t, ...calendars.map((c) => c.clearFrom(t)));
    if (next === t) break;
    t = next;
  }
  return new Date(t);
}

/** The gate to put in front of the connection's client, or undefined when nothing can hold it. */
export function blackoutGateFor(row: BlackoutRow, mode: BlackoutMode, now: () => Date, logger?: Logger): BlackoutGate | undefined {
  const blackouts = blackoutsOf(row);
  if (!blackouts || mode === 'ignore') return undefined;
  return new BlackoutGate({ connectionName: row.name, system: row.system, blackouts, mode, now, ...(logger && { logger }) });
}

/** `Sage 300 is in its blackout window "Day End" until 23:30` (on the window's own zone's clock). */
export function describeWait(store: Store, wait: BlackoutWait, now: Date): string {
  const zone = blackoutsOf(store.connections.get(wait.connectionId) ?? {})?.timeZone ?? 'UTC';
  return `${wait.connectionName} is in its blackout window "${wait.window}" until ${formatWallClock(Date.parse(wait.until), zone, now.getTime())}`;
}
