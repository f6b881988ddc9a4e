// The headless transport of the API contract: `POST /api/<channel>` with a bearer token, answering the
// same `{ok, value | error}` envelope as IPC; run progress and alerts as server-sent events at
// `GET /api/events`; `GET /api/health` for service monitors; the built UI at `/`.
import { createServer, type ServerResponse, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { AppService } from '../service/app-service.ts';
import { dispatch } from '../service/dispatch.ts';
import { hostAllowed, originAllowed, tokenValid } from './guards.ts';
import { serveStatic } from './static-files.ts';
import { API_BODY_LIMIT, WEBHOOK_BODY_LIMIT, BodyTooLargeError, declaredTooLarge, decodeSegment, readBody, refuseTooLarge } from './body.ts';
import { SECURITY_HEADERS } from '../security/csp.ts';
import type { WebhookInbox } from '../engine/webhooks-inbox.ts';

export interface HttpServerOptions {
  host?: string;
  port?: number;
  /** Fixed token (tests, service installs with a known token); random when absent. */
  token?: string;
  rendererDir: string;
  /** Inbound webhooks (`POST /webhooks/<system>/<connectionId>`), authenticated by signature, not token. */
  webhooks?: WebhookInbox;
}

export interface RunningHttpServer {
  url: string;
  token: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const STATUS_FOR_CODE: Record<string, number> = { INVALID_INPUT: 400, UNKNOWN_CHANNEL: 404, NOT_FOUND: 404, INTERNAL: 500 };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
  res.end(text);
}

export async function startHttpServer(service: AppService, options: HttpServerOptions): Promise<RunningHttpServer> {
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw new Error(`serve binds loopback only; "${host}" is not a loopback address.`);
  const token = options.token ?? randomBytes(32).toString('base64url');
  const started = Date.now();
  let port = 0;
  const sseClients = new Set<ServerResponse>();

  const unsubscribe = service.events.subscribe((event) => {
    const frame = `event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`;
    for (const res of sseClients) res.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const res of sseClients) res.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  const server = createServer(async (req, res) => {
    try {
      // Webhooks come from the CRM through whatever proxy or tunnel the admin set up, so Host, Origin
      // and the bearer token cannot apply: the delivery's signature authenticates it instead.
      const hook = /^\/webhooks\/([a-z0-9]+)\/([^/?]+)$/.exec((req.url ?? '').split('?')[0] ?? '');
      if (hook && options.webhooks) {
        const inbox = options.webhooks;
        const system = hook[1]!;
        const connectionId = decodeSegment(hook[2]!);
        if (connectionId === null) return sendJson(res, 400, inbox.refuse(system, hook[2]!, 400, 'BAD_URL', 'The connection id in the address is not valid percent-encoding.').body);
        // Everything that can be refused from the request line and headers is, before a byte of body is read.
        const headerOf = (name: string) => {
          const v = req.headers[name.toLowerCase()];
          return Array.isArray(v) ? v[0] : v;
        };
        if (req.method === 'GET') {
          const answer = inbox.handshake(system, connectionId, { method: 'GET', url: `http://${req.headers.host ?? `127.0.0.1:${port}`}${req.url ?? ''}`, rawBody: Buffer.alloc(0), header: headerOf });
          return sendJson(res, answer.status, answer.body);
        }
        if (req.method !== 'POST') return sendJson(res, 405, inbox.refuse(system, connectionId, 405, 'METHOD', 'Webhooks are POSTed.').body);
        const unknown = inbox.check(system, connectionId);
        if (unknown) return sendJson(res, unknown.status, unknown.body);
        const tooLarge = () => refuseTooLarge(req, res, inbox.refuse(system, connectionId, 413, 'TOO_LARGE', `A webhook delivery is at most ${WEBHOOK_BODY_LIMIT / 1024 / 1024} MB.`).body);
        if (declaredTooLarge(req, WEBHOOK_BODY_LIMIT)) return tooLarge();
        let raw: Buffer;
        try {
          raw = await readBody(req, WEBHOOK_BODY_LIMIT);
        } catch (e) {
          if (e instanceof BodyTooLargeError) return tooLarge();
          throw e;
        }
        const reply = inbox.receive(system, connectionId, {
          method: 'POST',
          url: `http://${req.headers.host ?? `127.0.0.1:${port}`}${req.url ?? ''}`,
          rawBody: raw,
          header: headerOf,
        });
        return sendJson(res, reply.status, reply.body);
      }
      if (!hostAllowed(req, port)) return sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN_HOST', message: `Host "${req.headers.host ?? ''}" is not allowed.`, hint: `Open http://127.0.0.1:${port}/ instead.` } });
      if (!originAllowed(req, port)) return sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN_ORIGIN', message: `Origin "${req.headers.origin}" is not allowed.` } });
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

      if (url.pathname === '/api/health' && (req.method === 'GET' || req.method === 'HEAD')) {
        // HEAD too: service monitors probe with it, and it needs no token either.
        const health = { ok: true, value: { status: 'ok', version: (await service.impl['settings:appInfo'](undefined)).version, uptimeSeconds: Math.round((Date.now() - started) / 1000) } };
        if (req.method === 'HEAD') {
          res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
          return res.end();
        }
        return sendJson(res, 200, health);
      }
      if (url.pathname.startsWith('/api/')) {
        if (!tokenValid(req, token)) {
          res.setHeader('WWW-Authenticate', 'Bearer realm="ml-connector"');
          return sendJson(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'A valid bearer token is required.', hint: 'Use the URL printed by `ml-connector serve` (it carries the token).' } });
        }
        if (url.pathname === '/api/events' && req.method === 'GET') {
          res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', ...SECURITY_HEADERS });
          res.write(': connected\n\n');
          sseClients.add(res);
          req.on('close', () => sseClients.delete(res));
          return;
        }
        if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'METHOD_NOT_ALLOWED', message: 'Use POST for API calls.' } });
        const channel = decodeSegment(url.pathname.slice('/api/'.length));
        if (channel === null) return sendJson(res, 400, { ok: false, error: { code: 'BAD_URL', message: `"${url.pathname}" is not valid percent-encoding.`, hint: 'Name the call as in the contract, e.g. /api/flows:list.' } });
        const tooLarge = { ok: false, error: { code: 'BODY_TOO_LARGE', message: `The request body is over ${API_BODY_LIMIT / 1024 / 1024} MB.`, hint: 'Send less at once (e.g. replay fewer events per call).' } };
        let input: unknown;
        try {
          const body = (await readBody(req, API_BODY_LIMIT)).toString('utf8');
          input = body.trim() === '' ? undefined : JSON.parse(body);
        } catch (e) {
          if (e instanceof BodyTooLargeError) return refuseTooLarge(req, res, tooLarge);
          return sendJson(res, 400, { ok: false, error: { code: 'INVALID_JSON', message: 'The request body is not valid JSON.', hint: 'Send the call input as a JSON object.' } });
        }
        const result = await dispatch(service.impl, channel, input);
        return sendJson(res, result.ok ? 200 : (STATUS_FOR_CODE[result.error.code] ?? 422), result);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'METHOD_NOT_ALLOWED', message: 'Only GET is served here.' } });
      serveStatic(options.rendererDir, url.pathname === '/' ? '/index.html' : url.pathname, res);
    } catch (e) {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: `Unexpected error: ${(e as Error).message}` } });
      else res.end();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host === '::1' ? '[::1]' : '127.0.0.1';
  return {
    url: `http://${urlHost}:${port}/#token=${token}`,
    token,
    port,
    server,
    async close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const res of sseClients) res.end();
      sseClients.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
