// The one keyed-singleton registry: process-wide objects (rate limiters, sessions, ERP request gates)
// created once per key and shared by every flow. The service holds one per process; tests make their own.
// An item with a `dispose()` (a session whose logout waits for the next flow) is ended by `close()`,
// which the process calls once, at shutdown.
import type { SharedRegistry } from './types.ts';

export interface ClosableRegistry extends SharedRegistry {
  /** Disposes every item that can be (failures are the items' own to log), then forgets them all. */
  close(): Promise<void>;
}

const disposable = (v: unknown): v is { dispose(): Promise<void> } => typeof (v as { dispose?: unknown } | null)?.dispose === 'function';

export function createSharedRegistry(): ClosableRegistry {
  const items = new Map<string, unknown>();
  return {
    shared<T>(key: string, create: () => T): T {
      if (!items.has(key)) items.set(key, create());
      return items.get(key) as T;
    },
    async close() {
      await Promise.allSettled([...items.values()].filter(disposable).map((v) => v.dispose()));
      items.clear();
    },
  };
}
