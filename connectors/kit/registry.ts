// The one keyed-singleton registry: process-wide objects (rate limiters, sessions, ERP request gates)
// created once per key and shared by every flow. The service holds one per process; tests make their own.
import type { SharedRegistry } from './types.ts';

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
