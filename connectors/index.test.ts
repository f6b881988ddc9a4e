// The registration point stays honest: one manifest per system, each listed in connectors/systems.ts
// with the same label and role, and each declaring exactly the entities its connector opens.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CONNECTORS, catalogue } from './index.ts';
import { SYSTEMS } from './systems.ts';

const ctx = () => ({
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  clock: { now: () => new Date() },
  signal: new AbortController().signal,
  secrets: { accessToken: 'pat-na1-test', password: 'x', clientSecret: 'x', refreshToken: '1000.x.y', senderPassword: 'x', userPassword: 'x' },
  registry: (() => {
    const items = new Map<string, unknown>();
    return { shared: <T,>(key: string, create: () => T): T => (items.has(key) ? items.get(key) : (items.set(key, create()), items.get(key))) as T };
  })(),
});

describe('connectors/index.ts', () => {
  it('lists each system once, as connectors/systems.ts names it', () => {
    const ids = BUILT_IN_CONNECTORS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of BUILT_IN_CONNECTORS) {
      const system = SYSTEMS.find((s) => s.id === m.id);
      expect(system, `${m.id} is missing from connectors/systems.ts`).toBeDefined();
      expect({ label: m.label, role: m.role }).toEqual({ label: system!.label, role: system!.role });
    }
    expect(catalogue().map((c) => c.id)).toEqual(SYSTEMS.map((s) => s.id));
  });

  it.each(BUILT_IN_CONNECTORS.map((m) => [m.id, m] as const))('%s declares exactly the entities create() opens', async (_id, m) => {
    // One shared sample fits most schemas; a system whose address has a fixed shape names its own.
    const samples: Record<string, Record<string, unknown>> = { sapb1: { url: 'https://127.0.0.1:1/b1s/v2', companyDB: 'SBODEMOUS', user: 'manager' } };
    const config = m.configSchema.parse(samples[m.id] ?? { url: 'https://127.0.0.1:1/Sage300WebApi/v1.0/-/SAMINC', user: 'WEBAPI', companyCode: 'ABC', baseUrl: 'http://127.0.0.1:1', accountsUrl: 'http://127.0.0.1:1', clientId: '1000.TEST', senderId: 'sender', companyId: 'CO', userId: 'user' });
    const connector = m.create(config, ctx());
    try {
      expect(Object.keys(connector.sources).sort()).toEqual([...m.entities.sources].sort());
      expect(Object.keys(connector.destinations).sort()).toEqual([...m.entities.destinations].sort());
      // The configured host, as a host pattern or as its exact origin (scheme, host and port).
      expect(m.allowedHosts(config).some((h) => h === '127.0.0.1' || h.startsWith('http://127.0.0.1:') || h.startsWith('https://127.0.0.1:'))).toBe(true);
    } finally {
      await connector.close();
    }
  });
});
