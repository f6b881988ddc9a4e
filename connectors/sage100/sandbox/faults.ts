// The sandbox's faults, produced the way a real install produces them so the agent's own handling
// is what answers: a locked file and a lost share are errors thrown by the "driver" (shaped like the
// ProvideX driver's), a slow query really runs past the agent's timeout, and a busy company is a
// queue genuinely full of long requests. `--faults locked=0.05,busy=0.02,...` (and the admin API's
// queued `once` faults) are drawn by the kit's FaultPlan before each company request (index.ts).
import { FaultSpecError, parseFaultSpec } from '../../kit/sandbox/faults.ts';
import type { SqlConnection } from '../agent/sql-connection.ts';

export const FAULT_NAMES = ['locked', 'busy', 'odbcdown', 'slowquery'] as const;

/**
 * The agent answers these four only (an HTTP status, reset or timeout is not something a Sage install
 * produces behind the agent): refuse a spec or a queued fault naming another, instead of drawing it idly.
 */
export function checkSageFaults(spec: string | undefined, once: readonly { fault: string }[] = []): void {
  const names = [...parseFaultSpec(spec, FAULT_NAMES).entries.map((e) => e.name), ...once.map((o) => o.fault)];
  const other = names.filter((n) => !(FAULT_NAMES as readonly string[]).includes(n));
  if (other.length) throw new FaultSpecError(`The Sage 100 sandbox's faults are ${FAULT_NAMES.join(', ')}; not ${[...new Set(other)].join(', ')}.`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function driverError(state: string, message: string): Error {
  return Object.assign(new Error(`[odbc] ${message}`), { odbcErrors: [{ state, code: 0, message }] });
}

export const lockedError = () => driverError('S1000', '[ProvideX][ODBC Driver][FILEIO]Record/file busy: the file is locked by another user (Error #0)');
export const shareDownError = () => driverError('08001', '[ProvideX][ODBC Driver]Unable to open the data dictionary: \\\\SAGESRV\\Sage\\MAS90\\SY is not reachable');

export class SandboxFaults {
  locked = 0;
  odbcDown = false;
  slowQueryMs = 0;

  clear(): void {
    this.locked = 0;
    this.odbcDown = false;
    this.slowQueryMs = 0;
  }

  /** Throws the driver error a pending fault calls for (a lock fault is used up by one statement). */
  private check(): void {
    if (this.odbcDown) throw shareDownError();
    if (this.locked > 0) {
      this.locked--;
      throw lockedError();
    }
  }

  /** Wraps a connection so queries fail or stall as the faults say. */
  wrap(conn: SqlConnection): SqlConnection {
    const check = () => this.check();
    const slow = () => this.slowQueryMs;
    const down = () => this.odbcDown;
    return {
      ...conn,
      driver: conn.driver,
      async *batches(sql, params, size) {
        check();
        if (slow() > 0) await sleep(slow());
        yield* conn.batches(sql, params, size);
      },
      columns: (sql) => (down() ? Promise.reject(shareDownError()) : conn.columns(sql)),
    };
  }
}
