// The gateway's HTTP edge as the real one behaves (spec §1), as the handler of the kit's sandbox server:
// POST XML to /ia/xml/xmlgw.phtml, answers `text/xml` (gzip when asked), faults drawn per request (queued
// ones for a function the request holds first) — 429 with GW-0010, 502/503 pages, 524 after the work is
// done (the outcome is unknown to the client), slow, timeout, reset, expire (every session ends).
import { gzipSync } from 'node:zlib';
import type { Exchange } from '../../kit/sandbox/server.ts';
import type { SandboxCore } from './core.ts';
import { handleGatewayRequest } from './gateway.ts';

export const GATEWAY_PATH = '/ia/xml/xmlgw.phtml';
const XML_TYPE = 'text/xml; encoding="UTF-8";charset=UTF-8';
const HTML_TYPE = 'text/html; charset=UTF-8';

const CLOUDFLARE_HTML = (code: number, title: string) =>
  `<!DOCTYPE html><html><head><title>intacct.com | ${code}: ${title}</title></head><body><h1>Error ${code}</h1><p>${title}</p><p>Cloudflare Ray ID: ${Math.random().toString(16).slice(2, 18)}</p></body></html>`;

const GW_0010 = `<?xml version="1.0" encoding="UTF-8"?>\n<response><control><status>failure</status></control><errormessage><error><errorno>GW-0010</errorno><description>Rate limit exceeded. Too many concurrent requests for this company; try again later.</description><description2></description2><correction></correction></error></errormessage></response>`;

function send(ex: Exchange, status: number, body: string, type: string): void {
  const gzip = /\bgzip\b/.test(String(ex.req.headers['accept-encoding'] ?? ''));
  const bytes = gzip ? gzipSync(body) : Buffer.from(body, 'utf8');
  ex.res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(bytes.length), Server: 'cloudflare', ...(gzip && { 'Content-Encoding': 'gzip' }) });
  ex.res.end(bytes);
}

/** The functions a request holds (`<function controlid="…"><create>` → `create`): queued faults name one. */
function functionsOf(body: string): string[] {
  return [...body.matchAll(/<function\b[^>]*>\s*<([A-Za-z_][\w.-]*)/g)].map((m) => m[1]!);
}

export function createHandler(core: SandboxCore) {
  return async (ex: Exchange): Promise<void> => {
    ex.endpoint = `${ex.method} ${ex.path}`;
    if (ex.path !== GATEWAY_PATH) return send(ex, 404, '<html><body><h1>404 Not Found</h1></body></html>', HTML_TYPE);
    if (ex.method !== 'POST') return send(ex, 405, '<html><body><h1>405 Method Not Allowed</h1><p>POST an XML request.</p></body></html>', HTML_TYPE);
    const body = await ex.body();
    const fault = ex.drawFault(functionsOf(body));
    if (await ex.transportFault(fault, core.base.clock.scaled(core.base.switches.slowMs))) return;
    if (fault === '429') return send(ex, 429, GW_0010, XML_TYPE);
    if (fault && /^5\d\d$/.test(fault) && fault !== '524') {
      const title = fault === '502' ? 'Bad gateway' : fault === '503' ? 'Service unavailable' : 'Server error';
      return send(ex, Number(fault), CLOUDFLARE_HTML(Number(fault), title), HTML_TYPE);
    }
    if (fault === 'expire') core.gateway.sessions.expireAll();
    const answer = handleGatewayRequest(core.gateway, body);
    // 524: the gateway did the work; the CDN gave up waiting, so the client never learns the outcome.
    if (fault === '524') return send(ex, 524, CLOUDFLARE_HTML(524, 'A timeout occurred'), HTML_TYPE);
    return send(ex, answer.status, answer.body, XML_TYPE);
  };
}

/** A handler error: the CDN's 500 page (the real edge shows no stack). */
export function answerError(ex: Exchange, error: unknown): void {
  send(ex, 500, CLOUDFLARE_HTML(500, `Internal error: ${error instanceof Error ? error.message : String(error)}`), HTML_TYPE);
}
