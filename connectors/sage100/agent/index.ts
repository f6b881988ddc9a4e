// The Sage 100 agent (spec §7): `startAgent(config)` opens nothing until the first request of a
// company (so it starts even while the Sage share is down), loads or creates its certificate,
// listens with HTTPS and returns its URL and certificate fingerprint.
import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Authenticator } from './auth.ts';
import { loadOrCreateCertificate } from './certificate.ts';
import { CompanySession } from './company-session.ts';
import type { AgentConfig } from './config.ts';
import { openOdbc } from './odbc-connection.ts';
import type { RequestLogger } from './request-log.ts';
import { createAgentServer, type AgentCore } from './server.ts';
import type { SqlConnection } from './sql-connection.ts';

export const AGENT_VERSION = '1.0.0';

/** Server-local wall clock as `YYYY-MM-DDTHH:MM:SS` (Sage stamps are local time without a zone). */
export function localStamp(d: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export interface StartAgentOptions {
  config: AgentConfig & { dataDir: string };
  /** Where request lines go; defaults to `<dataDir>/agent-requests.log`. */
  log?: RequestLogger;
  now?: () => string;
  /** Replaces how a company's connection is opened (the sandbox wraps it with its faults). */
  openConnection?: (company: AgentConfig['companies'][number]) => Promise<SqlConnection>;
  beforeCompanyRequest?: AgentCore['beforeCompanyRequest'];
  admin?: AgentCore['admin'];
}

export interface RunningAgent {
  url: string;
  port: number;
  fingerprint256: string;
  cert: string;
  core: AgentCore;
  close(): Promise<void>;
}

export async function defaultOpen(company: AgentConfig['companies'][number]): Promise<SqlConnection> {
  if (company.driver === 'sqlite') {
    const { openSqlite } = await import('./sqlite-connection.ts');
    return openSqlite(company.sqliteFile!);
  }
  return openOdbc(company.connectionString!);
}

/** The agent's request log: `agent-requests.log` in its data folder, one JSON line per request. */
export function fileLogger(dataDir: string): RequestLogger {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'agent-requests.log');
  return (entry) => appendFileSync(file, JSON.stringify(entry) + '\n');
}

export async function startAgent(options: StartAgentOptions): Promise<RunningAgent> {
  const { config } = options;
  const cert = await loadOrCreateCertificate(config.dataDir);
  const now = options.now ?? (() => localStamp());
  const open = options.openConnection ?? defaultOpen;
  const sessions = new Map<string, CompanySession>();
  for (const c of config.companies) {
    sessions.set(c.code, new CompanySession(c.code, c.name ?? c.code, () => open(c), config.queueDepth, config.queryTimeoutMs, now));
  }
  const core: AgentCore = {
    version: AGENT_VERSION,
    sessions,
    schemas: new Map(),
    auth: new Authenticator(config.apiKeyHashes, config.serviceAccounts),
    log: options.log ?? fileLogger(config.dataDir),
    now,
    ...(options.beforeCompanyRequest && { beforeCompanyRequest: options.beforeCompanyRequest }),
    ...(options.admin && { admin: options.admin }),
  };
  const clientCa = config.clientCaFile ? await readFile(config.clientCaFile, 'utf8') : undefined;
  const server = createAgentServer(core, { key: cert.key, cert: cert.cert, ...(clientCa && { clientCa }), ...(config.allowIps && { allowIps: config.allowIps }) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listen.port, config.listen.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.listen.host === '0.0.0.0' || config.listen.host === '::' ? '127.0.0.1' : config.listen.host;
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    fingerprint256: cert.fingerprint256,
    cert: cert.cert,
    core,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      for (const s of sessions.values()) await s.reset();
    },
  };
}
