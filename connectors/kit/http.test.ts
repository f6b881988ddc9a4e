import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type Server as HttpsServer } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { bearerAuth, createHttpClient, encodeQuery } from './http.ts';
import { AuthError, ConfigError, FatalError, RecordError, RetriableError } from './errors.ts';
import type { Permit, RequestGate } from './gate.ts';

const fixture = (name: string): string => readFileSync(new URL(`./testing/tls/${name}`, import.meta.url), 'utf8');

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler = (_req, _body, res) => res.end();
let server: Server;
let base: string;

function listen(s: Server | HttpsServer): Promise<number> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => handler(req, body, res));
  });
  base = `http://127.0.0.1:${await listen(server)}/api/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};
const fastRetry = { attempts: 3, baseMs: 1, maxDelayMs: 5 };

describe('createHttpClient over a real socket', () => {
  it('sends JSON with auth, default headers and repeated query values; parses and validates the answer', async () => {
    let seen: { url?: string; auth?: string; trace?: string; ct?: string; body?: string } = {};
    handler = (req, body, res) => {
      seen = { url: req.url, auth: req.headers.authorization, trace: req.headers['x-trace'] as string, ct: req.headers['content-type'], body };
      json(res, 201, { id: '7', ok: true });
    };
    const http = createHttpClient({ system: 'test', baseUrl: base, auth: bearerAuth('tok-123456789'), defaultHeaders: { 'x-trace': 't1' } });
    const res = await http.request({ method: 'POST', path: '/things', query: { properties: ['a', 'b c'], limit: 10, skip: undefined }, json: { x: 1 }, schema: z.object({ id: z.string(), ok: z.boolean() }) });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: '7', ok: true });
    expect(seen).toEqual({ url: '/api/v1/things?properties=a&properties=b%20c&limit=10', auth: 'Bearer tok-123456789', trace: 't1', ct: 'application/json', body: '{"x":1}' });
    await http.close();
  });

  it('sends and receives text bodies (XML) and lets the caller inspect a 200 that is really an error', async () => {
    handler = (_req, body, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(body.includes('<bad/>') ? '<response><status>failure</status></response>' : '<response><status>success</status></response>');
    };
    const http = createHttpClient({ system: 'intacct', baseUrl: base });
    const ok = await http.request<string>({ method: 'POST', path: 'xml', body: '<ok/>', headers: { 'content-type': 'application/xml' } });
    expect(ok.body).toContain('success');
    const inspect = (r: { text: string }) => (r.text.includes('failure') ? new RecordError('intacct refused', { code: 'XML_FAILURE' }) : undefined);
    await expect(http.request({ method: 'POST', path: 'xml', body: '<bad/>', inspect })).rejects.toMatchObject({ kind: 'record', code: 'XML_FAILURE' });
    await http.close();
  });

  it('classifies 401 as an auth error with a hint, never retried, and keeps the token out of the message', async () => {
    let calls = 0;
    handler = (_req, _b, res) => {
      calls++;
      json(res, 401, { message: 'token tok-secret-99999 is not valid' });
    };
    const http = createHttpClient({ system: 'test', baseUrl: base, auth: bearerAuth('tok-secret-99999'), retry: fastRetry });
    const err = await http.request({ method: 'GET', path: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).hint).toMatch(/credentials/);
    expect((err as AuthError).message).not.toContain('tok-secret-99999');
    expect(calls).toBe(1);
    await http.close();
  });

  it('refreshes once on 401 through the auth provider and repeats the request', async () => {
    let token = 'old-token-1';
    handler = (req, _b, res) => (req.headers.authorization === 'Bearer new-token-2' ? json(res, 200, { ok: 1 }) : json(res, 401, {}));
    const http = createHttpClient({
      system: 'zoho',
      baseUrl: base,
      auth: { headers: () => ({ authorization: `Bearer ${token}` }), onUnauthorized: async () => ((token = 'new-token-2'), true) },
    });
    expect((await http.request({ method: 'GET', path: 'x' })).body).toEqual({ ok: 1 });
    await http.close();
  });

  it('retries 429 honouring Retry-After, and 5xx up to the attempt bound', async () => {
    let calls = 0;
    const times: number[] = [];
    handler = (_req, _b, res) => {
      calls++;
      times.push(Date.now());
      if (calls === 1) return json(res, 429, { message: 'slow down' }, { 'retry-after': '0.2' });
      json(res, 200, { calls });
    };
    const http = createHttpClient({ system: 'test', baseUrl: base, retry: fastRetry });
    const res = await http.request({ method: 'GET', path: 'x' });
    expect(res.body).toEqual({ calls: 2 });
    expect(res.attempts).toBe(2);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(190);

    calls = 0;
    handler = (_req, _b, res) => (calls++, json(res, 503, { message: 'down' }));
    const err = await http.request({ method: 'GET', path: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetriableError);
    expect(calls).toBe(3);
    await http.close();
  });

  it('maps 400/409 to record errors without retrying, and returns accepted statuses as values', async () => {
    let calls = 0;
    handler = (req, _b, res) => (calls++, req.url?.endsWith('/c') ? json(res, 409, { message: 'dup' }) : req.url?.endsWith('/n') ? json(res, 404, {}) : json(res, 400, { message: 'bad field' }));
    const http = createHttpClient({ system: 'test', baseUrl: base, retry: fastRetry });
    await expect(http.request({ method: 'POST', path: 'v', json: {} })).rejects.toMatchObject({ kind: 'record', code: 'VALIDATION', status: 400, message: expect.stringContaining('bad field') });
    await expect(http.request({ method: 'POST', path: 'c', json: {} })).rejects.toMatchObject({ kind: 'record', code: 'CONFLICT' });
    expect(calls).toBe(2);
    expect((await http.request({ method: 'GET', path: 'n', accept: [404] })).status).toBe(404);
    await http.close();
  });

  it('parses a successful answer only when parseIf says it may hold what the caller reads; error answers always', async () => {
    handler = (req, _b, res) => (req.url?.endsWith('/bad') ? json(res, 400, { message: 'bad pair' }) : json(res, req.url?.endsWith('/mixed') ? 207 : 200, req.url?.endsWith('/ok') ? { results: [1, 2] } : { results: [1], errors: [{ message: 'no such id' }] }));
    const http = createHttpClient({ system: 'test', baseUrl: base });
    const schema = z.object({ results: z.array(z.number()), errors: z.array(z.object({ message: z.string() })).optional() }).nullable();
    const parseIf = (text: string) => text.includes('"errors"');
    const ok = await http.request({ method: 'POST', path: 'ok', json: {}, schema, parseIf });
    expect(ok.body).toBeNull();
    expect(ok.text).toBe('{"results":[1,2]}');
    const mixed = await http.request({ method: 'POST', path: 'mixed', json: {}, schema, parseIf });
    expect(mixed.body).toEqual({ results: [1], errors: [{ message: 'no such id' }] });
    // Without parseIf the same answer is parsed as always.
    expect((await http.request({ method: 'POST', path: 'ok', json: {}, schema })).body).toEqual({ results: [1, 2] });
    await expect(http.request({ method: 'POST', path: 'bad', json: {}, schema, parseIf: () => false })).rejects.toMatchObject({ kind: 'record', status: 400, message: expect.stringContaining('bad pair') });
    await http.close();
  });

  it('turns an unexpected shape into a fatal SCHEMA_MISMATCH without quoting values', async () => {
    handler = (_req, _b, res) => json(res, 200, { id: 12345, secret: 'customer-data' });
    const http = createHttpClient({ system: 'test', baseUrl: base });
    const err = (await http.request({ method: 'GET', path: 'x', schema: z.object({ id: z.string() }) }).catch((e: unknown) => e)) as FatalError;
    expect(err).toBeInstanceOf(FatalError);
    expect(err.code).toBe('SCHEMA_MISMATCH');
    expect(err.message).toContain('id');
    expect(err.message).not.toContain('12345');
    await http.close();
  });

  it('times out a silent server and reports a reset connection, both retriable', async () => {
    handler = () => undefined; // never answers
    const http = createHttpClient({ system: 'test', baseUrl: base, timeouts: { readMs: 150 }, retry: false });
    await expect(http.request({ method: 'GET', path: 'x' })).rejects.toMatchObject({ kind: 'retriable', code: 'TIMEOUT' });
    handler = (req) => req.socket.destroy();
    await expect(http.request({ method: 'GET', path: 'x' })).rejects.toMatchObject({ kind: 'retriable', code: 'RESET' });
    await http.close();
  });

  it('passes every attempt through the gates and hands them the response', async () => {
    const released: (number | undefined)[] = [];
    let acquired = 0;
    const gate: RequestGate = {
      async acquire(): Promise<Permit> {
        acquired++;
        return { release: (o) => void released.push(o?.status) };
      },
    };
    let calls = 0;
    handler = (_req, _b, res) => (++calls === 1 ? json(res, 500, {}) : json(res, 200, {}));
    const http = createHttpClient({ system: 'test', baseUrl: base, gate: (r) => (r.bucket === 'search' ? gate : undefined), retry: fastRetry });
    await http.request({ method: 'POST', path: 's', bucket: 'search', json: {} });
    await http.request({ method: 'GET', path: 'plain' });
    expect(acquired).toBe(2);
    expect(released).toEqual([500, 200]);
    await http.close();
  });

  it('refuses absolute URLs on another origin so credentials never leave the configured host', async () => {
    const http = createHttpClient({ system: 'test', baseUrl: base });
    await expect(http.request({ method: 'GET', path: 'http://127.0.0.2:1/x' })).rejects.toMatchObject({ code: 'FOREIGN_ORIGIN' });
    await http.close();
  });

  it('sends nothing, credentials or not, to an origin outside the allowed hosts', async () => {
    let calls = 0;
    handler = (_req, _b, res) => {
      calls++;
      json(res, 200, {});
    };
    const origin = new URL(base).origin;
    // Another port on this machine is another origin: a token holder's listener, say.
    const elsewhere = createHttpClient({ system: 'test', baseUrl: base, auth: bearerAuth('tok-allowed-77777'), allowedHosts: ['http://127.0.0.1:1', 'api.example.com'], retry: fastRetry });
    const err = await elsewhere.request({ method: 'GET', path: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toMatchObject({ code: 'HOST_NOT_ALLOWED', data: { origin } });
    expect((err as ConfigError).message).toContain(`to ${origin}`);
    expect((err as ConfigError).message).not.toContain('tok-allowed-77777');
    expect(calls).toBe(0);
    await elsewhere.close();
    // Its exact origin, or its host as a pattern (plain http only on loopback), is allowed.
    for (const allowedHosts of [[origin], ['127.0.0.1']]) {
      const http = createHttpClient({ system: 'test', baseUrl: base, auth: bearerAuth('tok-allowed-77777'), allowedHosts });
      expect((await http.request({ method: 'GET', path: 'x' })).status).toBe(200);
      await http.close();
    }
    expect(calls).toBe(2);
    // Without the option the client is unrestricted (tools and kit tests); connectors pass ctx.allowedHosts.
    const free = createHttpClient({ system: 'test', baseUrl: base });
    expect((await free.request({ method: 'GET', path: 'x' })).status).toBe(200);
    await free.close();
  });

  it('encodes queries with %20 and skips empty values', () => {
    expect(encodeQuery({ $filter: "Name eq 'A B'", n: null, a: [1, 2] })).toBe('%24filter=Name%20eq%20\'A%20B\'&a=1&a=2');
  });
});

describe('TLS trust', () => {
  const serverPem = fixture('server.pem');
  const otherPem = fixture('other.pem');
  const fp = (pem: string): string => new X509Certificate(pem).fingerprint256;
  let https: HttpsServer;
  let url: string;
  let presented: 'server' | 'other' = 'server';

  beforeAll(async () => {
    https = createTlsServer(
      {
        SNICallback: undefined,
        key: fixture('server.key'),
        cert: serverPem,
      },
      (_req, res) => json(res, 200, { tls: true }),
    );
    https.on('secureConnection', () => undefined);
    url = `https://127.0.0.1:${await listen(https)}`;
  });
  afterAll(() => new Promise<void>((r) => https.close(() => r())));

  const setCert = (which: 'server' | 'other'): void => {
    presented = which;
    https.setSecureContext({ key: fixture(`${which}.key`), cert: which === 'server' ? serverPem : otherPem });
  };

  it('refuses an untrusted certificate naming the host and the fingerprint seen', async () => {
    setCert('server');
    const http = createHttpClient({ system: 'sage300', baseUrl: url, retry: false });
    const err = (await http.request({ method: 'GET', path: '/' }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.code).toBe('TLS_UNTRUSTED');
    expect(err.data?.fingerprint256).toBe(fp(serverPem));
    expect(err.data?.host).toBe('127.0.0.1');
    expect(err.message).toContain(fp(serverPem));
    await http.close();
  });

  it('trusts a custom CA', async () => {
    setCert('server');
    const http = createHttpClient({ system: 'sage300', baseUrl: url, tls: { ca: fixture('ca.pem') } });
    expect((await http.request({ method: 'GET', path: '/' })).body).toEqual({ tls: true });
    await http.close();
  });

  it('trusts a pinned self-signed certificate, and refuses a changed one as TLS_CHANGED', async () => {
    setCert('other');
    const pin = fp(otherPem).replace(/:/g, '').toLowerCase();
    const http = createHttpClient({ system: 'sage300', baseUrl: url, tls: { fingerprint256: pin }, retry: false });
    expect((await http.request({ method: 'GET', path: '/' })).status).toBe(200);
    await http.close();

    setCert('server');
    const http2 = createHttpClient({ system: 'sage300', baseUrl: url, tls: { fingerprint256: pin }, retry: false });
    const err = (await http2.request({ method: 'GET', path: '/' }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.code).toBe('TLS_CHANGED');
    expect(err.data?.fingerprint256).toBe(fp(serverPem));
    expect(presented).toBe('server');
    await http2.close();
  });
});

describe('gates', () => {
  it('accepts a gate whose acquire returns a plain release function (concurrency.ts Semaphore)', async () => {
    const { Semaphore } = await import('./concurrency.ts');
    const sem = new Semaphore(1);
    let concurrent = 0;
    let peak = 0;
    handler = (_req, _b, res) => {
      concurrent++;
      peak = Math.max(peak, concurrent);
      setTimeout(() => (concurrent--, json(res, 200, {})), 10);
    };
    const http = createHttpClient({ system: 'sage300', baseUrl: base, gate: sem });
    await Promise.all(Array.from({ length: 5 }, () => http.request({ method: 'GET', path: 'x' })));
    expect(peak).toBe(1);
    expect(sem.active).toBe(0);
    await http.close();
  });
});
