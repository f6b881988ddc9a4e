// Every ERP connector puts the host's gate (ConnectorContext.gate) in front of its requests: with a
// blackout window open, reading from any of them sends nothing and stops with BLACKOUT. The server here
// counts what reaches it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_CONNECTORS } from '../../../connectors/index.ts';
import { testContext } from '../../../connectors/kit/testing/context.ts';
import { BlackoutGate } from './gate.ts';

describe('blackout gate in every ERP connector', () => {
  let server: Server;
  let origin = '';
  let requests = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests++;
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  /** A connection of each ERP pointing at the counting server. */
  const connections: Record<string, { settings: Record<string, unknown>; secrets: Record<string, string> }> = {
    sage300: { settings: { url: '/Sage300WebApi/v1.0/-/SAMINC', user: 'WEBAPI' }, secrets: { password: 'pw' } },
    sage100: { settings: { url: '', companyCode: 'ABC', user: 'sync' }, secrets: { apiKey: 'key', password: 'pw' } },
    sapb1: { settings: { url: '/b1s/v2', companyDB: 'SBODEMOUS', user: 'manager', timeZone: 'UTC' }, secrets: { password: 'pw' } },
    intacct: { settings: { url: '/ia/xml/xmlgw.phtml', senderId: 'sender', companyId: 'company', userId: 'user', timeZone: 'UTC' }, secrets: { senderPassword: 'pw', userPassword: 'pw' } },
  };
  const erps = BUILT_IN_CONNECTORS.filter((m) => m.role === 'erp');

  it('covers every ERP connector this build ships', () => {
    expect(erps.map((m) => m.id).sort()).toEqual(Object.keys(connections).sort());
  });

  it.each(erps.map((m) => [m.id, m] as const))('%s: a read inside a window sends nothing and stops with BLACKOUT', async (id, manifest) => {
    const c = connections[id]!;
    // The Sage 100 agent speaks HTTPS only: its requests would fail the handshake here, never with BLACKOUT.
    const base = id === 'sage100' ? origin.replace('http:', 'https:') : origin;
    const config = manifest.configSchema.parse({ ...c.settings, url: `${base}${String(c.settings['url'])}` });
    const gate = new BlackoutGate({
      connectionName: id,
      system: id,
      mode: 'pause',
      now: () => new Date(),
      blackouts: { timeZone: 'UTC', windows: [{ kind: 'weekly', name: 'Always', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' }] },
    });
    const connector = manifest.create(config, testContext(c.secrets, { gate }));
    try {
      const [entity, source] = Object.entries(connector.sources)[0]!;
      const before = requests;
      const read = source.read({ since: null, signpost: new Date(), resume: null, pageSize: 10, signal: new AbortController().signal });
      await expect(read[Symbol.asyncIterator]().next(), `${id} ${entity}`).rejects.toMatchObject({ code: 'BLACKOUT' });
      expect(requests).toBe(before);
    } finally {
      await connector.close();
    }
  });
});
