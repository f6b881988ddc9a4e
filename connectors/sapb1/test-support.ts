// Shared by the SAP B1 connector tests: a sandbox on loopback, a connector wired to it, the admin API.
import type { SandboxOptions } from '../kit/sandbox/types.ts';
import { testContext } from '../kit/testing/context.ts';
import type { ConnectorContext } from '../kit/types.ts';
import type { ClientOptions } from './client.ts';
import { sapb1ConfigSchema, type SapB1Config } from './config.ts';
import { createSapB1Connector, type SapB1Connector } from './index.ts';
import { startSapB1Sandbox, type SapB1Sandbox } from './sandbox/index.ts';

export interface Harness {
  sandbox: SapB1Sandbox;
  line: { url: string; urlV1: string; companyDB: string; user: string; password: string; admin: string; fingerprint256?: string; ca?: string };
  config: SapB1Config;
  connect(config?: Partial<SapB1Config>, ctx?: Partial<ConnectorContext>, options?: ClientOptions): SapB1Connector;
  admin<T = Record<string, unknown>>(route: string, body?: unknown, method?: string): Promise<T>;
  close(): Promise<void>;
}

export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = await startSapB1Sandbox({ port: 0, records: 60, seed: 5, ...options });
  const line = sandbox.line as unknown as Harness['line'];
  const config = sapb1ConfigSchema.parse({ url: line.url, companyDB: line.companyDB, user: line.user, pageSize: 25, timeZone: 'UTC' });
  const opened: SapB1Connector[] = [];
  return {
    sandbox,
    line,
    config,
    connect(overrides = {}, ctx = {}, clientOptions = { retry: { attempts: 3, baseMs: 5, maxDelayMs: 20 } }) {
      const c = createSapB1Connector({ ...config, ...overrides }, testContext({ password: line.password }, ctx), clientOptions);
      opened.push(c);
      return c;
    },
    async admin<T>(route: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
      const res = await fetch(`${line.admin}/${route}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      const text = await res.text();
      if (!res.ok) throw new Error(`admin ${route}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : {}) as T;
    },
    async close() {
      await Promise.all(opened.map((c) => c.close()));
      await sandbox.close();
    },
  };
}
