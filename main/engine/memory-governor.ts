// Keeps the sync process's memory near what it needs. During an initial load the engine allocates fast
// (pages of JSON, payloads, batches) and keeps little: the live heap stays under ~60 MB, but V8, seeing
// gigabytes free, lets garbage pile up to three or four times that before a full collection (issue 8
// measured 200 MB of heap, 320 MB resident). The engine shares the admin's server with other work, so
// after each committed group it checks the resident size and, past a soft limit, asks V8 for the full
// collection it would do later anyway. Capping the heap with --max-old-space-size instead would need a
// flag at process start (the CLI, the service and Electron start differently) and also shrinks V8's
// young generation, which cost a third more CPU in the same benchmark.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Resident size above which a committed group is followed by a full collection. */
export const SOFT_RSS_LIMIT_BYTES = 224 * 2 ** 20;
/** At most one forced collection per this many milliseconds, so a process that is simply big does not collect all the time. */
const MIN_INTERVAL_MS = 1_000;

let collect: (() => void) | null | undefined;
let last = 0;

/** V8's own `gc()`, made reachable the way Jest does it; null where the runtime refuses. */
function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  } catch {
    collect = null;
  }
  return collect;
}

/** Called between groups: collects when the process has grown past the soft limit. Returns whether it did. */
export function relieveMemory(limitBytes = SOFT_RSS_LIMIT_BYTES, now = Date.now()): boolean {
  if (process.memoryUsage.rss() < limitBytes || now - last < MIN_INTERVAL_MS) return false;
  const gc = collector();
  if (!gc) return false;
  last = now;
  gc();
  return true;
}
