// What the headless transport refuses, and how: bad percent-encoding is a 400 (not a 500), a body over
// the limit a 413 with the JSON error (not a reset), refused before buffering when its length says so;
// HEAD /api/health needs no token; every refused webhook is logged; a signed delivery replayed after
// a restart is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppService, type FullAppService } from '../service/index.ts';
import { startHttpServer, type RunningHttpServer } from './server.ts';
import { signatureV3 } from '../../connectors/hubspot/webhooks.ts';
import { makeTempDir } from '../../test/support/tmp-dir.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: the body is written in chunks (no Content-Length unless given), like a streaming client. */
function call(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; chunks?: Buffer[] } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    for (const c of opts.chunks ?? []) req.write(c);
    req.end();
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(dataDir: string): Promise<{ service: FullAppService; http: RunningHttpServer }> {
  const ui = join(dataDir, '..', 'ui');
  mkdirSync(ui, { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ml-connector</title>');
  const service = createAppService({ dataDir, mode: 'headless' });
  const http = await startHttpServer(service, { rendererDir: ui, webhooks: service.webhooks });
  const stop = async () => {
    await http.close();
    await service.close();
  };
  cleanups.push(stop);
  return { service, http };
}

function tmp() {
  const t = makeTempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'data');
}

const log = (dataDir: string) => readFileSync(join(dataDir, 'logs', 'ml-connector.log'), 'utf8');

describe('HTTP limits', () => {
  it('answers bad percent-encoding with 400 on the API, the UI and webhooks', async () => {
    const { http } = await start(tmp());
    const auth = { Authorization: `Bearer ${http.token}`, 'Content-Type': 'application/json' };
    const api = await call(http.port, '/api/%E0%A4%A', { method: 'POST', headers: auth });
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body).error.code).toBe('BAD_URL');
    expect((await call(http.port, '/%E0%A4%A')).status).toBe(400);
    expect((await call(http.port, '/webhooks/hubspot/%E0%A4%A', { method: 'POST' })).status).toBe(400);
  });

  it('refuses an API body over 10 MB with 413 and the JSON error, declared or streamed', async () => {
    const { http } = await start(tmp());
    const auth = { Authorization: `Bearer ${http.token}`, 'Content-Type': 'application/json' };
    const big = Buffer.alloc(11 * 1024 * 1024, 0x20);
    const declared = await call(http.port, '/api/flows:list', { method: 'POST', headers: { ...auth, 'Content-Length': String(big.length) }, chunks: [big] });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ ok: false, error: { code: 'BODY_TOO_LARGE' } });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const streamed = await call(http.port, '/api/flows:list', { method: 'POST', headers: auth, chunks: Array.from({ length: 11 }, () => chunk) });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error.code).toBe('BODY_TOO_LARGE');
    // The server still answers afterwards.
    expect((await call(http.port, '/api/flows:list', { method: 'POST', headers: auth, chunks: [Buffer.from('{}')] })).status).toBe(200);
  });

  it('HEAD /api/health answers 200 without a token', async () => {
    const { http } = await start(tmp());
    const r = await call(http.port, '/api/health', { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
  });

  it('logs every refused webhook: unknown connection, GET, oversized (refused by its length)', async () => {
    const dataDir = tmp();
    const { http, service } = await start(dataDir);
    const conn = await service.impl['connections:create']({ system: 'hubspot', name: 'CRM', settings: { baseUrl: 'http://127.0.0.1:9' }, secrets: { accessToken: 'pat-x', clientSecret: 'shh-client-secret' } });
    expect((await call(http.port, '/webhooks/hubspot/nope', { method: 'POST', chunks: [Buffer.from('[]')] })).status).toBe(404);
    expect((await call(http.port, `/webhooks/hubspot/${conn.id}`)).status).toBe(405);
    const declaredHuge = await call(http.port, `/webhooks/hubspot/${conn.id}`, { method: 'POST', headers: { 'Content-Length': String(10 * 1024 * 1024) }, chunks: [Buffer.alloc(10 * 1024 * 1024)] });
    expect(declaredHuge.status).toBe(413);
    expect(JSON.parse(declaredHuge.body).message).toMatch(/at most 1 MB/);
    const lines = log(dataDir).split('\n').filter((l) => l.includes('webhook rejected')).map((l) => JSON.parse(l) as { reason: string; status: number });
    expect(lines.map((l) => [l.status, l.reason])).toEqual([
      [404, 'UNKNOWN_CONNECTION'],
      [405, 'METHOD'],
      [413, 'TOO_LARGE'],
    ]);
    expect(log(dataDir)).not.toContain('shh-client-secret');
  });

  it('refuses a signed delivery replayed after a restart', async () => {
    const dataDir = tmp();
    const first = await start(dataDir);
    const conn = await first.service.impl['connections:create']({ system: 'hubspot', name: 'CRM', settings: { baseUrl: 'http://127.0.0.1:9' }, secrets: { accessToken: 'pat-x', clientSecret: 'shh' } });
    const body = JSON.stringify([{ eventId: 1, portalId: 1, occurredAt: Date.now(), subscriptionType: 'company.propertyChange', attemptNumber: 0, objectId: 1 }]);
    const deliver = (port: number) => {
      const url = `http://127.0.0.1:${port}/webhooks/hubspot/${conn.id}`;
      return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-HubSpot-Signature-v3': signatureV3({ clientSecret: 'shh', method: 'POST', url, body, timestamp }), 'X-HubSpot-Request-Timestamp': String(timestamp) }, body });
    };
    const timestamp = Date.now();
    // The same port after the restart, so the signed URL is the same (as behind the admin's proxy).
    const port = first.http.port;
    expect((await deliver(port)).status).toBe(200);
    await cleanups.pop()!();
    const service = createAppService({ dataDir, mode: 'headless' });
    const http = await startHttpServer(service, { rendererDir: join(dataDir, '..', 'ui'), webhooks: service.webhooks, port });
    cleanups.push(async () => {
      await http.close();
      await service.close();
    });
    const replay = await deliver(port);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { message: string }).message).toBe('This signed request was already received.');
  });
});
