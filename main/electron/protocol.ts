// Serves the built renderer (renderer/dist) on app://mlc/ with the shared security headers, CSP
// included. Requests outside the renderer folder, for another host, or not GET/HEAD are refused.
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { SECURITY_HEADERS } from '../security/csp.ts';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
};

/** Must run before app `ready`: Chromium fixes scheme privileges at startup. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export type FileReader = (path: string) => Promise<Uint8Array>;

/** The request handler, separate from Electron so it is tested with plain Request objects. */
export function createRendererHandler(rendererDir: string, read: FileReader = readFile): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  const refuse = (status: number) => new Response(null, { status, headers: SECURITY_HEADERS });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(400);
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) return refuse(404);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return refuse(400);
    }
    const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    const rel = relative(root, file);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || pathname.includes('\0')) return refuse(404);
    let body: Uint8Array;
    try {
      body = await read(join(root, rel));
    } catch {
      return refuse(404);
    }
    const headers = { ...SECURITY_HEADERS, 'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

/** After `ready`: answer app:// from the renderer build. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createRendererHandler(rendererDir));
}
