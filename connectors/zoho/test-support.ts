// For the connector's tests: a sandbox plus a client configured from its JSON line, like the demo does.
import { createSharedRegistry as createRegistry } from '../kit/registry.ts';
import type { ConnectionState } from '../kit/state/connection-state.ts';
import type { SandboxOptions } from '../kit/sandbox/types.ts';
import type { SharedRegistry } from '../kit/types.ts';
import { ZohoClient } from './client.ts';
import { zohoConfigSchema, type ZohoConfig } from './config.ts';
import { startZohoSandbox, type ZohoSandbox } from './sandbox/index.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export function sandboxConfig(sandbox: ZohoSandbox, extra: Partial<ZohoConfig> = {}): ZohoConfig {
  return zohoConfigSchema.parse({ dataCentre: 'US', accountsUrl: sandbox.accountsUrl, apiDomain: sandbox.apiDomain, clientId: sandbox.clientId, ...extra });
}

export function clientFor(sandbox: ZohoSandbox, o: { config?: Partial<ZohoConfig>; secrets?: Record<string, string>; state?: ConnectionState; registry?: SharedRegistry } = {}): ZohoClient {
  return new ZohoClient(sandboxConfig(sandbox, o.config), {
    secrets: { clientSecret: sandbox.clientSecret, refreshToken: sandbox.refreshToken, ...o.secrets },
    registry: o.registry ?? createRegistry(),
    logger: quiet,
    ...(o.state && { state: o.state }),
  });
}

export async function adminCall<T = unknown>(sandbox: ZohoSandbox, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox.url}/__sandbox/${path}`, { method, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`admin ${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function withSandbox<T>(options: SandboxOptions, fn: (sandbox: ZohoSandbox) => Promise<T>): Promise<T> {
  const sandbox = await startZohoSandbox(options);
  try {
    return await fn(sandbox);
  } finally {
    await sandbox.close();
  }
}
