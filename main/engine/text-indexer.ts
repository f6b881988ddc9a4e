// Keeps the audit log's text index caught up. Commits do not index text (that cost ~60 % of an audit
// insert, see migration 0004); this does it afterwards in slices of one statement each: after every
// run, and on a timer — when idle, or during a long run once the unindexed tail is big enough that
// scanning it would slow searches. Searches stay complete meanwhile (record-events.ts scans the tail).
import type { Store } from '../store/index.ts';
import type { Logger } from '../../connectors/kit/types.ts';

/** Events per slice: one INSERT … SELECT, tens of milliseconds, so the event loop is never held long. */
const SLICE = 5_000;
/** During a run, the tail is left to grow to this before slices are taken from the run's time. */
const BUSY_BACKLOG = 20_000;
const INTERVAL_MS = 2_000;

export interface TextIndexer {
  /** Indexes everything committed so far, a slice at a time, yielding to the event loop between slices. */
  catchUp(): Promise<void>;
  start(): void;
  stop(): void;
}

export function createTextIndexer(store: Store, options: { busy: () => boolean; logger: Logger }): TextIndexer {
  let timer: NodeJS.Timeout | null = null;
  let working: Promise<void> | null = null;

  /** One slice; false when there is nothing left or the store is busy (another writer held it too long). */
  const slice = (): boolean => {
    try {
      return store.events.indexText(SLICE) > 0;
    } catch (e) {
      options.logger.warn({ err: (e as Error).message }, 'audit text index: slice deferred');
      return false;
    }
  };

  const catchUp = (): Promise<void> => {
    working ??= (async () => {
      while (slice()) await new Promise((r) => setImmediate(r));
    })().finally(() => (working = null));
    return working;
  };

  return {
    catchUp,
    start() {
      timer ??= setInterval(() => {
        if (working) return;
        if (!options.busy() || store.events.textBacklog() >= BUSY_BACKLOG) void catchUp();
      }, INTERVAL_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
