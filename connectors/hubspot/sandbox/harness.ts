// Test harness: a sandbox plus a client pointed at it, and a typed admin API caller.
// Used by the HubSpot tests, the conformance suite and benchmarks.
import { HubSpotClient, type HubSpotClientOptions } from '../client.ts';
import { createRegistry } from '../../kit/rate-limit.ts';
import type { CounterSnapshot } from '../../kit/sandbox/counters.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from './index.ts';
import type { SandboxOptions } from '../../kit/sandbox/types.ts';

export interface Harness {
  sandbox: HubSpotSandbox;
  client: HubSpotClient;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  counters(): Promise<CounterSnapshot>;
  close(): Promise<void>;
}

export async function adminCall<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}/__sandbox/${path.replace(/^\//, '')}`, {
    method,
    ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`admin ${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function startHarness(options: SandboxOptions = {}, client: Partial<HubSpotClientOptions> = {}): Promise<Harness> {
  const sandbox = await startHubSpotSandbox({ timeScale: 20, ...options });
  const scale = sandbox.core.env.timeScale;
  const hub = new HubSpotClient({
    accessToken: sandbox.token,
    baseUrl: sandbox.url,
    registry: createRegistry(),
    retry: { attempts: 8, baseMs: 5, maxDelayMs: 100 },
    searchLimit: { max: 5, intervalMs: Math.ceil(1000 / scale) + 5 },
    ...client,
  });
  const admin = <T,>(method: string, path: string, body?: unknown): Promise<T> => adminCall<T>(sandbox.url, method, path, body);
  return {
    sandbox,
    client: hub,
    admin,
    counters: () => admin<CounterSnapshot>('GET', 'counters'),
    async close() {
      await hub.close();
      await sandbox.close();
    },
  };
}
