// Reading requests and writing Service Layer answers on the kit's Exchange.
import type { Exchange } from '../../kit/sandbox/server.ts';
import { errorBody, SlError, type ApiVersion } from './errors.ts';

export async function readJson(ex: Exchange): Promise<Record<string, unknown> | undefined> {
  const text = await ex.body();
  if (!text.trim()) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new SlError(400, -1000, 'The request body is not a valid JSON object');
  }
}

export function cookies(ex: Exchange): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (ex.req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export function header(ex: Exchange, name: string): string | undefined {
  const v = ex.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function sendJson(ex: Exchange, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  ex.res.writeHead(status, { 'Content-Type': 'application/json;odata.metadata=minimal;charset=utf-8', ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
  ex.res.end(text);
}

export function sendText(ex: Exchange, status: number, text: string, type = 'text/plain;charset=utf-8'): void {
  ex.res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(text)) });
  ex.res.end(text);
}

export function sendEmpty(ex: Exchange, status: number, headers: Record<string, string> = {}): void {
  ex.res.writeHead(status, headers);
  ex.res.end();
}

export function sendError(ex: Exchange, e: SlError, version: ApiVersion): void {
  sendJson(ex, e.status, errorBody(e, version));
}

/** `B1S-CaseInsensitive: true|false` on the request, else the database's behaviour (switch `caseSensitive`). */
export function caseInsensitiveRequest(ex: Exchange, caseSensitive: boolean): boolean {
  const h = header(ex, 'b1s-caseinsensitive');
  return h !== undefined ? h.toLowerCase() === 'true' : !caseSensitive;
}
