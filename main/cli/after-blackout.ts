// The CLI's side of a dry run asked for inside a blackout window: the engine refuses it at once, naming
// the window's end (engine/open-flow.ts says why it does not wait there), and the CLI — a process the
// admin started and nothing else waits on — says what it waits for on stderr and asks again then. So
// `ml-connector dryrun` still starts when the window ends, as the README promises.
import { isConnectorError } from '../../connectors/kit/errors.ts';
import { sleep as realSleep, type Sleep } from '../../connectors/kit/sleep.ts';

/** The instant a BLACKOUT refusal says the window ends, or null for any other failure. */
export function blackoutEnd(e: unknown): number | null {
  if (!isConnectorError(e) || e.code !== 'BLACKOUT') return null;
  const at = Date.parse(String(e.data?.['resumeAt'] ?? ''));
  return Number.isNaN(at) ? null : at;
}

/** Asks until it is not refused for a blackout window, waiting for each window's end (a second after it). */
export async function askAfterBlackouts<T>(ask: () => Promise<T>, say: (line: string) => void, opts: { sleep?: Sleep; now?: () => number; then?: string } = {}): Promise<T> {
  const sleep = opts.sleep ?? realSleep;
  const now = opts.now ?? Date.now;
  for (;;) {
    try {
      return await ask();
    } catch (e) {
      const end = blackoutEnd(e);
      if (end === null) throw e;
      say(`ml-connector: waiting: ${(e as Error).message.replace(/: ml-connector does not call it then\.$/, '')} — ${opts.then ?? 'asking again then'}.`);
      await sleep(Math.max(end - now(), 0) + 1000);
    }
  }
}
