// Keeps the sync process's memory near what it needs. During an initial load the engine allocates fast
// (pages of JSON, payloads, batches) and keeps little: the live heap stays under ~60 MB, but a group's
// records live for the seconds its writes take, so they outlive the young generation and end up as
// garbage in the old one, which V8, seeing gigabytes free, lets grow to three or four times the live heap
// before a full collection (measured: 200 MB of heap, 320 MB resident). The engine shares the
// admin's machine with other work, so after each committed group it looks at the heap and, once it has
// grown HEAP_GROWTH_BYTES past what the last full collection left, asks V8 for the full collection it
// would do later anyway. The trigger is the heap's own growth, not the resident size or the clock: the
// resident size does not fall back after a collection (V8 and malloc keep freed pages a while), so a
// resident-size trigger collected about once a second for the whole run (29–47 full collections per
// load in bench b, more the slower the machine), each marking the whole live heap. Capping the heap
// with --max-old-space-size instead would need a flag at process start (the CLI, the service and
// Electron start differently), can crash a process whose live data is legitimately big, and also
// shrinks V8's young generation, which cost a third more CPU in the same benchmark.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Heap growth past the last full collection's live heap that triggers the next one. */
export const HEAP_GROWTH_BYTES = 48 * 2 ** 20;
let growthBudget = HEAP_GROWTH_BYTES;

/**
 * A smaller growth budget for an engine that shares its process with another V8 isolate (serve and the
 * desktop app: the engine thread beside the main thread), so that both heaps together stay in the
 * process's memory target; a few more full collections of the thread's small live heap pay for it.
 */
export function setHeapGrowthBudget(bytes: number): void {
  growthBudget = bytes;
}

let collect: (() => void) | null | undefined;
/** The heap left by the last full collection (ours; lowered when V8 collected by itself meanwhile). */
let floor = 0;

/**
 * Full collections, ours included, for which V8 keeps a map (an object shape) that optimized code depends
 * on after the last object of it died. V8's default, 2 (`--retain-maps-for-n-gc`), suits its own rare
 * full collections; ours come once per 48 MB of growth, dozens per initial load. Between two groups, or
 * while another flow runs, a flow's parsed records and answers often have no live object, so with the
 * default V8 would drop their shapes and every function optimized for them, only to optimize it again on
 * the next group (bench/README.md, "Recompilation and serve's memory", has the figures). A retained map
 * costs a few hundred bytes and goes once unused for this many collections.
 */
export const RETAIN_MAPS_FOR_COLLECTIONS = 64;

/**
 * V8's own `gc()`, made reachable the way Jest does it; null where the runtime refuses. V8 flags are
 * the process's: they reach the engine wherever it runs (the CLI's main thread, the engine thread).
 */
function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString(`--retain-maps-for-n-gc=${RETAIN_MAPS_FOR_COLLECTIONS}`);
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  } catch {
    collect = null;
  }
  return collect;
}

/** Called between groups: collects when the heap has grown `growthBytes` past the last collection's live heap. Returns whether it did. */
export function relieveMemory(growthBytes = growthBudget): boolean {
  const used = getHeapStatistics().used_heap_size;
  floor = Math.min(floor, used);
  if (used < floor + growthBytes) return false;
  const gc = collector();
  if (!gc) return false;
  gc();
  floor = getHeapStatistics().used_heap_size;
  return true;
}
