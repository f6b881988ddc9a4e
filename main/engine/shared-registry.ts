import type { SharedRegistry } from '../../connectors/kit/types.ts';

/** Process-wide keyed singletons (rate limiters, sessions, ERP request gates) shared across flows. */
export function createSharedRegistry(): SharedRegistry & { clear(): void } {
  const items = new Map<string, unknown>();
  return {
    shared<T>(key: string, create: () => T): T {
      if (!items.has(key)) items.set(key, create());
      return items.get(key) as T;
    },
    clear: () => items.clear(),
  };
}
