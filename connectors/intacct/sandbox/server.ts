// HTTP in front of the gateway, as the real edge behaves (spec §1): POST XML to /ia/xml/xmlgw.phtml,
// answers `text/xml` (gzip when asked), faults drawn per request — 429 with GW-0010, 502/503 pages,
// 524 after the work is done (the outcome is unknown to the client), slow, timeout, reset, expire.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { handleAdmin, AdminError } from './admin.ts';
import type { SandboxCore } from './core.ts';
import { handleGatewayRequest } from './gateway.ts';

export const GATEWAY_PATH = '/ia/xml/xmlgw.phtml';
const XML_TYPE = 'text/xml; encoding="UTF-8";charset=UTF-8';
const MAX_BODY = 20 * 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CLOUDFLARE_HTML = (code: number, title: string) =>
  `<!DOCTYPE html><html><head><title>intacct.com | ${code}: ${title}</title></head><body><h1>Error ${code}</h1><p>${title}</p><p>Cloudflare Ray ID: ${Math.random().toString(16).slice(2, 18)}</p></body></html>`;

const GW_0010 = `<?xml version="1.0" encoding="UTF-8"?>\n<response><control><status>failure</status></control><errormessage><error><errorno>GW-0010</errorno><description>Rate limit exceeded. Too many concurrent requests for this company; try again later.</description><description2></description2><correction></correction></error></errormessage></response>`;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new AdminError(413, 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: string, type: string): void {
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const bytes = gzip ? gzipSync(body) : Buffer.from(body, 'utf8');
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(bytes.length), Server: 'cloudflare', ...(gzip && { 'Content-Encoding': 'gzip' }) });
  res.end(bytes);
}

export function createHandler(core: SandboxCore) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    try {
      if (path === '/__sandbox' || path.startsWith('/__sandbox/')) {
        const text = await readBody(req);
        let body: unknown;
        try {
          body = text.trim() ? JSON.parse(text) : undefined;
        } catch {
          throw new AdminError(400, 'The admin request body is not valid JSON.');
        }
        const out = handleAdmin(core, method, path, body);
        return send(req, res, out.status, JSON.stringify(out.json), 'application/json');
      }
      if (path !== GATEWAY_PATH) {
        core.count(404);
        return send(req, res, 404, '<html><body><h1>404 Not Found</h1></body></html>', 'text/html; charset=UTF-8');
      }
      if (method !== 'POST') {
        core.count(405);
        return send(req, res, 405, '<html><body><h1>405 Method Not Allowed</h1><p>POST an XML request.</p></body></html>', 'text/html; charset=UTF-8');
      }
      const body = await readBody(req);
      const fault = core.faults.draw(body);
      if (fault === 'reset') {
        core.count('reset');
        req.socket.destroy();
        return;
      }
      if (fault === 'timeout') {
        core.count('timeout');
        return; // accepted, never answered; closeAllConnections() ends it when the sandbox stops
      }
      if (fault === 'slow') await sleep(core.gateway.switches.slowMs);
      if (fault === '429') {
        core.count(429);
        return send(req, res, 429, GW_0010, XML_TYPE);
      }
      if (fault === '502' || fault === '503') {
        core.count(Number(fault));
        return send(req, res, Number(fault), CLOUDFLARE_HTML(Number(fault), fault === '502' ? 'Bad gateway' : 'Service unavailable'), 'text/html; charset=UTF-8');
      }
      if (fault && /^5\d\d$/.test(fault) && fault !== '524') {
        core.count(Number(fault));
        return send(req, res, Number(fault), CLOUDFLARE_HTML(Number(fault), 'Server error'), 'text/html; charset=UTF-8');
      }
      if (fault === 'expire') core.gateway.sessions.expireAll();
      const answer = handleGatewayRequest(core.gateway, body);
      if (fault === '524') {
        // The gateway did the work; the CDN gave up waiting, so the client never learns the outcome.
        core.count(524);
        return send(req, res, 524, CLOUDFLARE_HTML(524, 'A timeout occurred'), 'text/html; charset=UTF-8');
      }
      core.count(answer.status);
      return send(req, res, answer.status, answer.body, XML_TYPE);
    } catch (e) {
      if (res.headersSent) return;
      if (e instanceof AdminError) return send(req, res, e.status, JSON.stringify({ error: e.message }), 'application/json');
      core.count(500);
      send(req, res, 500, CLOUDFLARE_HTML(500, `Internal error: ${e instanceof Error ? e.message : String(e)}`), 'text/html; charset=UTF-8');
    }
  };
}
