// The request pipeline, in the order the real stack applies it: IIS (application path, cold start,
// app-pool faults) → the Web API (Basic auth, Content-Type rule, company, module right) → the resource.
import { PayloadTooLargeError, type Exchange } from '../../kit/sandbox/server.ts';
import { authenticate, checkModuleRight, unauthorized } from './auth.ts';
import type { SandboxCore } from './core.ts';
import {
  APP_POOL_STOPPED_HTML, BAD_GATEWAY_HTML, errorBody, IIS_NOT_FOUND_HTML, invalidPayload, SageError,
} from './errors.ts';
import { metadataXml } from './metadata.ts';
import { findResource, PROCESSES } from './models.ts';
import { Responder } from './respond.ts';
import { handleResource } from './routes.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw invalidPayload('The request body is not valid JSON.');
  }
}

async function readJson(ex: Exchange): Promise<unknown> {
  try {
    return parseJson(await ex.body());
  } catch (e) {
    if (e instanceof PayloadTooLargeError) throw new SageError(413, 'InvalidPayload', 'The request body is too large.');
    throw e;
  }
}

interface Route {
  company: string;
  module: string;
  resource: string;
  keyText: string | undefined;
}

/** `/v1.0/-/{company}/{module}/{resource}[({key})]` after the application path. */
function parseRoute(rest: string): Route | 'landing' | undefined {
  const segs = rest.split('/').filter((s, k) => k > 0 || s !== '');
  if (segs.length === 0 || (segs.length === 1 && segs[0] === '')) return 'landing';
  const [version, tenant, company, module, ...tail] = segs;
  if (!version || !/^v1\.0$/i.test(version) || tenant !== '-' || !company || !module || tail.length !== 1) return undefined;
  const m = /^([^(]+)(?:\((.*)\))?$/s.exec(decodeURIComponent(tail[0]!));
  if (!m) return undefined;
  return { company: decodeURIComponent(company), module, resource: m[1]!, keyText: m[2] };
}

/** The kit's pipeline has already answered `/__sandbox/`; this is the Web API behind IIS. */
export function createHandler(core: SandboxCore) {
  return async (ex: Exchange): Promise<void> => {
    const { method, req, res } = ex;
    const url = ex.url;
    const pathname = url.pathname;
    ex.endpoint = `${method} other`;
    const r = new Responder(ex);
    try {
      const app = /^\/sage300webapi(\/.*)?$/i.exec(pathname);
      if (!app) return r.html(404, IIS_NOT_FOUND_HTML);
      const route = parseRoute(app[1] ?? '');
      if (route && route !== 'landing') {
        const def = findResource(route.module, route.resource);
        ex.endpoint = `${method} ${route.module.toUpperCase()}/${def?.name ?? route.resource}${route.keyText === undefined ? '' : '(key)'}`;
      }

      if (core.cold) {
        core.cold = false;
        await sleep(core.switches.coldStartMs);
      }
      const fault = ex.drawFault(route && route !== 'landing' ? route.resource : undefined);
      if (await ex.transportFault(fault, core.switches.slowMs)) return;
      if (fault === '503') return r.html(503, APP_POOL_STOPPED_HTML);
      if (fault === '502') return r.html(502, BAD_GATEWAY_HTML);
      if (fault === '429') return r.send(429, errorBody('TooManyRequests', 'The server was flooded with too many concurrent requests. Try again later.'));
      if (fault && /^\d{3}$/.test(fault)) {
        const status = Number(fault);
        return r.send(status, errorBody(status >= 500 ? 'InternalServerError' : 'General', `Injected fault ${status}.`));
      }
      if (fault === 'dropresponse') r.drop = true;

      const body = await readJson(ex);
      if (route === 'landing') return r.html(200, '<html><body><h1>Sage 300 Web API</h1><a href="swagger/ui/index">Open Swagger UI</a></body></html>');
      // Basic auth has no session to expire: the `expire` fault answers as a refused login would.
      if (fault === 'expire') throw unauthorized();
      const user = authenticate(req.headers.authorization, core.users, core.switches);
      if (core.switches.requireContentType && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        throw new SageError(500, 'InternalServerError', 'An error has occurred.');
      }
      if (!route) throw new SageError(404, 'ResourceNotFound', `The resource '${pathname}' does not exist.`);
      if (route.company.toUpperCase() !== core.company) {
        const code = core.switches.unknownCompanyError;
        throw new SageError(500, code, code === 'DBLinkError' ? `Cannot open database ${route.company}. Check the company in Database Setup.` : `Cannot open a session for company ${route.company}.`);
      }
      if (route.resource === '$metadata' && method === 'GET') {
        const xml = metadataXml(route.module);
        if (!xml) throw new SageError(404, 'ResourceNotFound', `The module '${route.module}' does not exist.`);
        return r.send(200, xml, { 'Content-Type': 'application/xml' });
      }
      const def = findResource(route.module, route.resource);
      const process = PROCESSES.find((p) => p.module === route.module.toUpperCase() && p.name.toLowerCase() === route.resource.toLowerCase());
      if (!def && !process) throw new SageError(404, 'ResourceNotFound', `The resource '${route.module}/${route.resource}' does not exist.`);
      checkModuleRight(user, route.module, core.switches);
      const company = core.company;
      const base = `${core.switches.nextLinkBase || `${ex.scheme}://${req.headers.host ?? '127.0.0.1'}`}/Sage300WebApi/v1.0/-/${company}`;
      await handleResource(
        { state: core.state, switches: core.switches, r, method, search: url.search, base, keyText: route.keyText, body, dayEnd: fault === 'dayend', ...(typeof req.headers.prefer === 'string' && { prefer: req.headers.prefer }) },
        def ?? { process: process!.name },
      );
    } catch (e) {
      if (res.headersSent || r.status !== 'pending') return;
      if (e instanceof SageError) return r.error(e);
      r.error(new SageError(500, 'InternalServerError', `An error has occurred. ${e instanceof Error ? e.message : String(e)}`));
    }
  };
}
