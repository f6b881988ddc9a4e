// The one place every call to an ERP passes during a blackout window: a RequestGate in front of the
// connection's HTTP client (the host hands it to the connector as ConnectorContext.gate; each ERP
// connector puts it before its own gates). Checking at run start alone would let a long run cross into
// a window, and replays, reconcile and dry runs read the ERP outside runs; at the gate none of them can
// send a byte while a window is open. What happens then depends on who is calling:
// - 'pause' (runs): BlackoutError with `resumeAt`, the same pause the API budget uses — the run stops
//   after its last committed group and the engine resumes it when the window ends; nothing is lost;
// - 'wait' (reconcile: asked for and awaited): the request waits for the window to end, then goes;
// - 'refuse' (dry runs and their estimates, replays): BlackoutError at once, naming the window and its end
//   (`resumeAt`); whoever asked waits on its own side, or asks again then (open-flow.ts says why);
// - 'ignore': a Sync now the admin forced inside a window.
import { FatalError } from '../../../connectors/kit/errors.ts';
import type { Permit, RequestGate } from '../../../connectors/kit/gate.ts';
import type { Logger } from '../../../connectors/kit/types.ts';
import { sleep } from '../../../connectors/kit/sleep.ts';
import { BlackoutCalendar } from './calendar.ts';
import { formatWallClock } from './wall-clock.ts';
import type { Blackouts } from '../../../preload/contract/blackouts.ts';

export type BlackoutMode = 'pause' | 'wait' | 'refuse' | 'ignore';

/** A call to an ERP met one of its blackout windows: the caller stops and resumes at `resumeAt`. */
export class BlackoutError extends FatalError {
  readonly resumeAt: Date;
  constructor(message: string, details: { system: string; hint: string; resumeAt: Date; window: string; connection: string }) {
    super(message, { code: 'BLACKOUT', system: details.system, hint: details.hint, data: { resumeAt: details.resumeAt.toISOString(), window: details.window, connection: details.connection } });
    this.resumeAt = details.resumeAt;
  }
}

export interface BlackoutGateOptions {
  connectionName: string;
  system: string;
  blackouts: Blackouts;
  mode: Exclude<BlackoutMode, 'ignore'>;
  now: () => Date;
  /** How often a waiting call looks at the clock again (the engine's clock may be moved, e.g. in tests). */
  pollMs?: number;
  /** Told once per call that starts waiting ('wait' mode), so a replay or reconcile quiet for half an hour says why. */
  logger?: Logger;
}

/** Longest a closed gate trusts its last look before looking at the calendar again. */
const RECHECK_MS = 6 * 3_600_000;

export class BlackoutGate implements RequestGate {
  private readonly calendar: BlackoutCalendar;
  /** Nothing can open before this instant (the next window's start, or a recheck). */
  private clearUntil = 0;

  constructor(private readonly options: BlackoutGateOptions) {
    this.calendar = new BlackoutCalendar(options.blackouts);
  }

  /** The open window at `now`, or null; a closed answer is remembered until the next window can open. */
  private openAt(now: number): { name: string; until: number } | null {
    if (now < this.clearUntil) return null;
    const open = this.calendar.openAt(now);
    if (!open) this.clearUntil = Math.min(this.calendar.nextAfter(now)?.start ?? Infinity, now + RECHECK_MS);
    return open;
  }

  async acquire(signal?: AbortSignal): Promise<Permit | (() => void)> {
    for (let looks = 0; ; looks++) {
      const now = this.options.now().getTime();
      const open = this.openAt(now);
      if (!open) return () => undefined;
      if (this.options.mode === 'pause') throw blackoutError(this.options, open, now);
      if (this.options.mode === 'refuse') throw blackoutError(this.options, open, now, 'refused');
      if (looks === 0) this.options.logger?.info({ connection: this.options.connectionName, window: open.name, until: new Date(open.until).toISOString() }, 'a call waits for the end of a blackout window');
      await sleep(Math.min(open.until - now, this.options.pollMs ?? 1000), signal);
    }
  }
}

/**
 * `paused`: a run, which the engine resumes; `refused`: a read someone asked for, asked again by them; or
 * the caller's own hint, given the window's end as the message words it (a replay says what stays open).
 */
export function blackoutError(options: Pick<BlackoutGateOptions, 'connectionName' | 'system' | 'blackouts'>, open: { name: string; until: number }, now: number, outcome: 'paused' | 'refused' | ((until: string) => string) = 'paused'): BlackoutError {
  const until = formatWallClock(open.until, options.blackouts.timeZone, now);
  return new BlackoutError(`${options.connectionName} is in its blackout window "${open.name}" until ${until}: ml-connector does not call it then.`, {
    system: options.system,
    resumeAt: new Date(open.until),
    window: open.name,
    connection: options.connectionName,
    hint:
      typeof outcome === 'function'
        ? outcome(until)
        : outcome === 'paused'
        ? `The run resumes where it stopped at ${until}, when the window ends; nothing is lost. Edit the windows on the Connections page.`
        : `Nothing was read or written. Ask again at ${until}, when the window ends (the app and the CLI wait and ask again by themselves). Edit the windows on the Connections page.`,
  });
}
