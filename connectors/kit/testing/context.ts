// A ConnectorContext for connector tests: silent logger, real clock, a fresh registry (so sessions and
// rate limiters are not shared between tests unless a test passes the same one), the given secrets.
import { silentLogger } from '../logger.ts';
import type { ConnectorContext, SharedRegistry } from '../types.ts';

export function testRegistry(): SharedRegistry {
  const map = new Map<string, unknown>();
  return {
    shared<T>(key: string, create: () => T): T {
      if (!map.has(key)) map.set(key, create());
      return map.get(key) as T;
    },
  };
}

export function testContext(secrets: Record<string, string>, overrides: Partial<ConnectorContext> = {}): ConnectorContext {
  return {
    logger: silentLogger,
    clock: { now: () => new Date() },
    signal: new AbortController().signal,
    secrets,
    registry: testRegistry(),
    ...overrides,
  };
}
