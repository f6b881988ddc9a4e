// The request pipeline in the order the real stack applies it: Apache (/ping, the balancer's faults) →
// the Service Layer node (case-sensitive paths under /b1s/v1 and /b1s/v2, the session, the resource).
import type { Exchange } from '../../kit/sandbox/server.ts';
import type { SandboxCore } from './core.ts';
import { balancerPage, invalidSession, SlError, type ApiVersion } from './errors.ts';
import { cookies, sendError, sendJson, sendText } from './http.ts';
import { handleApi } from './routes.ts';

/** `GET Invoices(key)`, `POST Login`, `GET BusinessPartners/$count`: the request counters' key. */
function endpointOf(method: string, rest: string): string {
  const [first = '', ...more] = decodeURIComponent(rest).split('/');
  const m = /^([^(]*)(\(.*\))?$/s.exec(first);
  return `${method} ${m?.[1] ?? first}${m?.[2] ? '(key)' : ''}${more.length ? '/' + more.join('/') : ''}`;
}

export function createHandler(core: SandboxCore) {
  return async (ex: Exchange): Promise<void> => {
    const raw = ex.req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = q < 0 ? raw : raw.slice(0, q);
    const rawSearch = q < 0 ? '' : raw.slice(q + 1);
    const origin = `${ex.scheme}://${ex.req.headers.host ?? '127.0.0.1'}`;
    const versionMatch = /^\/b1s\/(v1|v2)(?:\/(.*))?$/.exec(pathname);
    const version: ApiVersion = (versionMatch?.[1] as ApiVersion | undefined) ?? 'v1';
    const switches = core.base.switches;
    ex.endpoint = versionMatch ? endpointOf(ex.method, versionMatch[2] ?? '') : `${ex.method} ${pathname}`;
    try {
      if (/^\/ping(\/.*)?$/.test(pathname)) return sendJson(ex, 200, { message: 'Service Layer is running', sender: 'Apache', timestamp: Date.now() / 1000 });

      const set = versionMatch ? /^([A-Za-z]+)/.exec(versionMatch[2] ?? '')?.[1] : undefined;
      const fault = ex.drawFault(set);
      if (await ex.transportFault(fault, core.base.clock.scaled(switches.slowMs))) return;
      if (fault === '502' || fault === '503') return sendText(ex, Number(fault), balancerPage(Number(fault) as 502 | 503), 'text/html; charset=iso-8859-1');
      // A session lost at random (node recycled): the caller's session is gone before the request runs.
      if (fault === 'expire') core.sessions.close(cookies(ex).B1SESSION);
      if (fault && /^\d{3}$/.test(fault)) throw new SlError(Number(fault), -1, `Injected fault ${fault}`);

      if (!versionMatch) {
        // Unknown paths behind the balancer are treated as protected resources (spec §12.2).
        if (!core.sessions.use(cookies(ex).B1SESSION)) throw invalidSession(Number(switches.sessionErrorCode), switches.sessionErrorShape === 'observed');
        throw new SlError(404, -1000, `Resource not found for the segment '${pathname}'`);
      }
      await handleApi({ core, ex, version, rest: versionMatch[2] ?? '', rawSearch, origin });
    } catch (e) {
      if (ex.res.headersSent) return;
      if (e instanceof SlError) return sendError(ex, e, version);
      sendError(ex, new SlError(500, -1, `Internal error: ${e instanceof Error ? e.message : String(e)}`), version);
    }
  };
}
