import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppService, type FullAppService } from '../service/index.ts';
import { startHttpServer, type RunningHttpServer } from './server.ts';
import { makeTempDir } from '../../test/support/tmp-dir.ts';
import { CONTENT_SECURITY_POLICY } from '../security/csp.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('headless HTTP transport', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let service: FullAppService;
  let http: RunningHttpServer;
  let auth: Record<string, string>;

  beforeAll(async () => {
    tmp = makeTempDir();
    const ui = join(tmp.dir, 'ui');
    mkdirSync(ui);
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ml-connector</title>');
    service = createAppService({ dataDir: join(tmp.dir, 'data'), mode: 'headless' });
    http = await startHttpServer(service, { rendererDir: ui });
    auth = { Authorization: `Bearer ${http.token}`, 'Content-Type': 'application/json' };
  });
  afterAll(async () => {
    await http.close();
    await service.close();
    tmp.cleanup();
  });

  it('prints a loopback URL carrying the token in its fragment', () => {
    expect(http.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${http.port}/#token=${http.token}$`));
    expect(http.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers calls with the envelope', async () => {
    const r = await call(http.port, '/api/connections:list', { method: 'POST', headers: auth, body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: [] });
    const systems = JSON.parse((await call(http.port, '/api/connections:systems', { method: 'POST', headers: auth })).body);
    expect(systems.value.map((s: { id: string }) => s.id)).toEqual(['sage300', 'sage100', 'intacct', 'sapb1', 'hubspot', 'zoho']);
  });

  it('rejects a call without a token or with a wrong one (401)', async () => {
    const none = await call(http.port, '/api/connections:list', { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(JSON.parse(none.body).error.code).toBe('UNAUTHORIZED');
    const wrong = await call(http.port, '/api/connections:list', { method: 'POST', headers: { Authorization: 'Bearer nope' }, body: '{}' });
    expect(wrong.status).toBe(401);
    expect((await call(http.port, '/api/events', { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('rejects a foreign Host (DNS rebinding) and a foreign Origin with 403', async () => {
    const host = await call(http.port, '/api/connections:list', { method: 'POST', headers: { ...auth, Host: 'evil.example:80' }, body: '{}' });
    expect(host.status).toBe(403);
    const origin = await call(http.port, '/api/connections:list', { method: 'POST', headers: { ...auth, Origin: 'http://evil.example' }, body: '{}' });
    expect(origin.status).toBe(403);
    const own = await call(http.port, '/api/connections:list', { method: 'POST', headers: { ...auth, Origin: `http://127.0.0.1:${http.port}` }, body: '{}' });
    expect(own.status).toBe(200);
  });

  it('answers a payload with a bad field with 400 naming the field', async () => {
    const r = await call(http.port, '/api/audit:query', { method: 'POST', headers: auth, body: JSON.stringify({ limit: 'lots' }) });
    expect(r.status).toBe(400);
    const body = JSON.parse(r.body);
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.path).toEqual(['limit']);
    expect(body.error.message).toContain('"limit"');
    const badJson = await call(http.port, '/api/audit:query', { method: 'POST', headers: auth, body: '{nope' });
    expect(badJson.status).toBe(400);
    const unknown = await call(http.port, '/api/nothing:here', { method: 'POST', headers: auth, body: '{}' });
    expect(unknown.status).toBe(404);
  });

  it('does not pretend success for an integration it does not have', async () => {
    // Every template is available now (none is marked coming); an unknown one is refused, not faked.
    const r = await call(http.port, '/api/flows:fromTemplate', { method: 'POST', headers: auth, body: JSON.stringify({ template: 'sage300-nothing', erpConnectionId: 'none', crmConnectionId: 'none' }) });
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('serves the UI with the shared CSP, and health without a token', async () => {
    const page = await call(http.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.body).toContain('<title>ml-connector</title>');
    const escape = await call(http.port, '/../../etc/passwd');
    expect(escape.body).toContain('<title>ml-connector</title>');
    const health = JSON.parse((await call(http.port, '/api/health')).body);
    expect(health.value.status).toBe('ok');
  });

  it('streams events over SSE to an authorised client', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: http.port, path: '/api/events', headers: { Authorization: `Bearer ${http.token}` } }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        let buf = '';
        res.on('data', (c) => {
          buf += c;
          if (buf.includes(': connected')) service.events.emit('connections:changed', {});
          if (buf.includes('event: connections:changed')) {
            req.destroy();
            resolve(buf);
          }
        });
      });
      req.on('error', (e) => (e.message.includes('aborted') ? undefined : reject(e)));
      req.end();
    });
    expect(received).toContain('event: connections:changed\ndata: {}');
  });
});
