// The request pipeline in the order the real stack applies it: Apache (/ping, the balancer's faults) →
// the Service Layer node (case-sensitive paths under /b1s/v1 and /b1s/v2, the session, the resource).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin } from './admin.ts';
import type { SandboxCore } from './core.ts';
import { balancerPage, invalidSession, SlError, type ApiVersion } from './errors.ts';
import { cookies, sendError, sendJson, sendText } from './http.ts';
import { handleApi } from './routes.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createHandler(core: SandboxCore, scheme: 'http' | 'https') {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = q < 0 ? raw : raw.slice(0, q);
    const rawSearch = q < 0 ? '' : raw.slice(q + 1);
    const origin = `${scheme}://${req.headers.host ?? '127.0.0.1'}`;
    const versionMatch = /^\/b1s\/(v1|v2)(?:\/(.*))?$/.exec(pathname);
    const version: ApiVersion = (versionMatch?.[1] as ApiVersion | undefined) ?? 'v1';
    try {
      if (pathname === '/__sandbox' || pathname.startsWith('/__sandbox/')) return await handleAdmin(core, req, res, pathname);
      if (/^\/ping(\/.*)?$/.test(pathname)) return sendJson(res, 200, { message: 'Service Layer is running', sender: 'Apache', timestamp: Date.now() / 1000 });

      const fault = core.faults.draw();
      if (fault === 'reset') return void req.socket.destroy();
      if (fault === 'timeout') return;
      if (fault === 'slow') await sleep(core.switches.slowMs);
      if (fault === '502' || fault === '503') return sendText(res, Number(fault), balancerPage(Number(fault) as 502 | 503), 'text/html; charset=iso-8859-1');
      if (fault === 'expire') core.sessions.expireAll();
      if (fault && /^\d{3}$/.test(fault)) throw new SlError(Number(fault), -1, `Injected fault ${fault}`);

      if (!versionMatch) {
        // Unknown paths behind the balancer are treated as protected resources (spec §12.2).
        if (!core.sessions.use(cookies(req).B1SESSION)) throw invalidSession(Number(core.switches.sessionErrorCode), core.switches.sessionErrorShape === 'observed');
        throw new SlError(404, -1000, `Resource not found for the segment '${pathname}'`);
      }
      await handleApi({ core, req, res, version, rest: versionMatch[2] ?? '', rawSearch, origin });
    } catch (e) {
      if (res.headersSent) return;
      if (e instanceof SlError) return sendError(res, e, version);
      sendError(res, new SlError(500, -1, `Internal error: ${e instanceof Error ? e.message : String(e)}`), version);
    }
  };
}
