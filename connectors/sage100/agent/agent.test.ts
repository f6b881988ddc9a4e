// The agent's lifecycle facts, each against its own sandbox: the certificate kept across restarts (so a
// pinned fingerprint stays valid), the query timeout (504), and the better-sqlite3 fallback serving the
// same contract when ODBC is not used.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../sandbox/index.ts';

type Line = { url: string; apiKey: string; user: string; password: string; ca: string; admin: string; driver: string; fingerprint256: string };
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function call(line: Line, path: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}) {
  const dispatcher = new Agent({ connect: { ca: line.ca } });
  try {
    const r = await request(path.startsWith('/__') ? line.admin + path.slice('/__sandbox'.length) : line.url + path, {
      dispatcher,
      method: init.method ?? 'GET',
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      headers: { 'x-agent-key': line.apiKey, authorization: 'Basic ' + Buffer.from(`${line.user}:${line.password}`).toString('base64'), 'content-type': 'application/json' },
    });
    return { status: r.statusCode, body: (await r.body.json()) as { error?: { code: string }; source?: string; data?: unknown[]; page?: { hasMore: boolean } } };
  } finally {
    await dispatcher.close();
  }
}

describe('the Sage 100 agent', () => {
  it('keeps its certificate in its data folder across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sage100-agent-'));
    dirs.push(dir);
    const first = await startSandbox({ records: 5, switches: { dataDir: dir } });
    const fp = (first.line as Line).fingerprint256;
    await first.close();
    const second = await startSandbox({ records: 5, switches: { dataDir: dir } });
    try {
      expect((second.line as Line).fingerprint256).toBe(fp);
      expect((await call(second.line as Line, '/v1/companies/ABC/customers?limit=1')).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('answers 504 sage.timeout when a query runs past queryTimeoutMs, and recovers', async () => {
    const sb = await startSandbox({ records: 5, switches: { queryTimeoutMs: 150 } });
    const line = sb.line as Line;
    try {
      await call(line, '/__sandbox/faults', { method: 'POST', body: { slowQueryMs: 500 } });
      const r = await call(line, '/v1/companies/ABC/customers?limit=1');
      expect(r.status).toBe(504);
      expect(r.body.error).toMatchObject({ code: 'sage.timeout', retryable: true });
      await call(line, '/__sandbox/faults', { method: 'POST', body: { clear: true } });
      expect((await call(line, '/v1/companies/ABC/customers?limit=1')).status).toBe(200);
    } finally {
      await sb.close();
    }
  });

  it('serves the same contract over better-sqlite3 when asked (the demo fallback) and says so', async () => {
    const sb = await startSandbox({ records: 30, switches: { driver: 'sqlite' } });
    const line = sb.line as Line;
    try {
      expect(line.driver).toBe('sqlite');
      const r = await call(line, '/v1/companies/ABC/customers?updatedSince=2000-01-01T00:00:00&limit=10');
      expect(r.status).toBe(200);
      expect(r.body.source).toBe('sqlite');
      expect(r.body.data).toHaveLength(10);
      expect(r.body.page?.hasMore).toBe(true);
      const unknown = await call(line, '/v1/companies/ABC/customers?fields=Nope');
      expect(unknown.body.error?.code).toBe('request.unknown_field');
    } finally {
      await sb.close();
    }
  });
});
