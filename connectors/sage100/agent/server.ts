// The agent's HTTPS front (spec §7): TLS only (optional mTLS and IP allow-list), both auth headers on
// every request, `/v1/...` routing, the §7.6 error bodies, `X-Request-Id` echoed, one log line per request.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { Authenticator, type ServiceAccount } from './auth.ts';
import type { CompanySession } from './company-session.ts';
import { AgentError } from './errors.ts';
import type { RequestLogger } from './request-log.ts';
import { handleCompanyRequest } from './routes.ts';
import { SchemaCache } from './schema-cache.ts';
import { allRows } from './sql-connection.ts';

export interface AgentCore {
  version: string;
  sessions: Map<string, CompanySession>;
  schemas: Map<string, SchemaCache>;
  auth: Authenticator;
  log: RequestLogger;
  /** Server-local wall clock, `YYYY-MM-DDTHH:MM:SS`. */
  now: () => string;
  /** The sandbox's fault hook: may throw an AgentError or delay before a company request. */
  beforeCompanyRequest?: (company: string, collection: string) => Promise<void>;
  /** The sandbox's `/__sandbox/` admin API (no auth; never set by the real agent). */
  admin?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
}

const COMPANY = /^[A-Z0-9]{3}$/;

function send(res: ServerResponse, status: number, body: unknown, requestId: string, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'X-Request-Id': requestId, 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

async function health(core: AgentCore) {
  const companies = [];
  for (const s of core.sessions.values()) {
    let odbc: 'ok' | 'unavailable' = 'ok';
    let message: string | null = null;
    try {
      await s.use((conn) => allRows(conn, 'SELECT CompanyCode FROM SY_Company WHERE CompanyCode = ?', [s.code]));
    } catch (e) {
      odbc = 'unavailable';
      message = e instanceof Error ? e.message : String(e);
    }
    companies.push({ CompanyCode: s.code, odbc, lastSuccessfulQueryAt: s.lastSuccessAt, ...(message && { message }) });
  }
  const first = [...core.sessions.values()][0];
  return {
    status: companies.every((c) => c.odbc === 'ok') ? 'ok' : 'degraded',
    agent: { version: core.version, node: process.version, platform: process.platform },
    driver: { name: first?.driver === 'sqlite' ? 'better-sqlite3 (demo fallback, same SQL)' : 'ODBC', bitness: process.arch === 'x64' || process.arch === 'arm64' ? 64 : 32, sageVersion: null },
    companies,
    asOf: core.now(),
  };
}

async function companies(core: AgentCore, account: ServiceAccount) {
  const data = [];
  for (const s of core.sessions.values()) {
    if (!Authenticator.allows(account, s.code)) continue;
    let name = s.name;
    try {
      const rows = await s.use((conn) => allRows(conn, 'SELECT CompanyCode, CompanyName FROM SY_Company WHERE CompanyCode = ?', [s.code]));
      if (rows[0]?.CompanyName) name = String(rows[0].CompanyName).trimEnd();
    } catch {
      // The list still answers from the configuration when a company's ODBC is down.
    }
    data.push({ CompanyCode: s.code, CompanyName: name, lastSuccessfulQueryAt: s.lastSuccessAt });
  }
  return { data, asOf: core.now() };
}

export function createAgentHandler(core: AgentCore) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    const header = req.headers['x-request-id'];
    const requestId = typeof header === 'string' && /^[\w.:-]{1,100}$/.test(header) ? header : randomUUID();
    const url = new URL(req.url ?? '/', 'https://agent.invalid');
    if (core.admin && (url.pathname === '/__sandbox' || url.pathname.startsWith('/__sandbox/'))) return core.admin(req, res, url);
    const entry: { user?: string; company?: string; code?: string } = {};
    res.once('finish', () =>
      core.log({
        at: new Date().toISOString(), requestId, method: req.method ?? 'GET', path: url.pathname + url.search, status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10, ...(req.socket.remoteAddress && { remote: req.socket.remoteAddress }), ...entry,
      }),
    );
    try {
      const account = core.auth.check(req.headers as Record<string, string>);
      entry.user = account.user;
      const segs = url.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
      if (req.method !== 'GET' || segs[0] !== 'v1') throw new AgentError('route.not_found', `No endpoint ${req.method} ${url.pathname}. The agent serves GET /v1/health, /v1/companies and /v1/companies/{CompanyCode}/...`);
      if (segs.length === 2 && segs[1] === 'health') return send(res, 200, await health(core), requestId);
      if (segs.length === 2 && segs[1] === 'companies') return send(res, 200, await companies(core, account), requestId);
      if (segs[1] !== 'companies' || segs.length < 4) throw new AgentError('route.not_found', `No endpoint GET ${url.pathname}.`);
      const code = segs[2]!;
      entry.company = code;
      if (!COMPANY.test(code)) throw new AgentError('request.invalid_parameter', `"${code}" is not a Sage 100 company code: 3 upper-case letters or digits, e.g. ABC.`, { parameter: 'CompanyCode' });
      const session = core.sessions.get(code);
      if (!session) throw new AgentError('company.not_found', `Company ${code} is not served by this agent. It serves ${[...core.sessions.keys()].join(', ')}; add the company to the agent's configuration.`);
      if (!Authenticator.allows(account, code)) throw new AgentError('auth.forbidden', `The service account ${account.user} is not allowed to read company ${code}.`);
      await core.beforeCompanyRequest?.(code, segs[3]!);
      let schema = core.schemas.get(code);
      if (!schema) core.schemas.set(code, (schema = new SchemaCache()));
      const body = await handleCompanyRequest({ session, schema, segments: segs.slice(3), search: url.searchParams, now: core.now() });
      return send(res, 200, body, requestId);
    } catch (e) {
      const err = e instanceof AgentError ? e : new AgentError('agent.internal', `The agent failed on ${url.pathname}: ${e instanceof Error ? e.message : String(e)}. This is a bug; the agent's log has the request id.`);
      entry.code = err.code;
      if (res.headersSent) return void res.destroy();
      return send(res, err.status, err.body(requestId), requestId, err.retryAfter !== undefined ? { 'Retry-After': String(err.retryAfter) } : {});
    }
  };
}

export interface TlsOptions {
  key: string;
  cert: string;
  clientCa?: string;
  allowIps?: string[];
}

export function createAgentServer(core: AgentCore, tls: TlsOptions): Server {
  const handler = createAgentHandler(core);
  const server = createServer(
    {
      key: tls.key,
      cert: tls.cert,
      minVersion: 'TLSv1.2',
      ...(tls.clientCa && { requestCert: true, rejectUnauthorized: true, ca: [tls.clientCa] }),
    },
    (req, res) => void handler(req, res),
  );
  if (tls.allowIps?.length) {
    const allowed = new Set(tls.allowIps.map((ip) => ip.replace(/^::ffff:/, '')));
    server.on('connection', (socket: Socket) => {
      if (!allowed.has((socket.remoteAddress ?? '').replace(/^::ffff:/, ''))) socket.destroy();
    });
  }
  server.keepAliveTimeout = 30_000;
  return server;
}
