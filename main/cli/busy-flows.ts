// `sync` next to a running serve or desktop app: a flow that process is running right now (a scheduled or
// webhook-triggered run, e.g. the demo's after `sync`'s own writes reached HubSpot) is not an error for the
// person who typed `sync`. The CLI waits for that run to end, then runs the flow itself, so the command
// still means "every named flow has run" and exits 0 when nothing failed. Never two runs of one flow at once:
// the store's lock decides, this only waits for it.
import { LOCK_STALE_MS } from '../store/tables/flow-locks.ts';
import { processAlive } from '../process-alive.ts';

export interface FlowLockHolder {
  owner: string;
  pid: number;
  heartbeat_at: string;
}

export interface BusyFlowsOptions {
  /** The lock holder of a flow, if any (the store's `locks.holder`). */
  holder: (flowId: string) => FlowLockHolder | undefined;
  /** How long to wait in all before giving up (the refusal then stands). */
  timeoutMs: number;
  pollMs?: number;
  isAlive?: (pid: number) => boolean;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** A lock that still stops a run: held, with a recent heartbeat, by a process that is alive. */
export function lockStillHeld(holder: FlowLockHolder | undefined, now: number, isAlive: (pid: number) => boolean = processAlive): boolean {
  if (!holder) return false;
  return now - Date.parse(holder.heartbeat_at) < LOCK_STALE_MS && isAlive(holder.pid);
}

/**
 * Waits until none of the flows is held by another process any more, or the time is up. Returns the flows
 * that are free to run (all of them, unless the timeout came first).
 */
export async function waitForFreeFlows(flowIds: string[], options: BusyFlowsOptions): Promise<string[]> {
  const { holder, timeoutMs, pollMs = 500, isAlive = processAlive, now = Date.now } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + timeoutMs;
  const busy = () => flowIds.filter((id) => lockStillHeld(holder(id), now(), isAlive));
  let waiting = busy();
  while (waiting.length && now() < deadline) {
    await sleep(Math.min(pollMs, Math.max(0, deadline - now())));
    waiting = busy();
  }
  return flowIds.filter((id) => !waiting.includes(id));
}
