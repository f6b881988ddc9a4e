// Shared by the Sage 300 tests: a sandbox on loopback plus a connector wired to it, and the admin API.
import type { CounterSnapshot } from '../kit/sandbox/counters.ts';
import type { RunningSandbox, SandboxOptions } from '../kit/sandbox/types.ts';
import { silentLogger } from '../kit/logger.ts';
import { createSharedRegistry } from '../kit/registry.ts';
import type { ConnectorContext, SharedRegistry } from '../kit/types.ts';
import { sage300ConfigSchema, type Sage300Config } from './config.ts';
import { createSage300Connector, type Sage300Connector, type Sage300Options } from './index.ts';
import { startSandbox } from './sandbox/index.ts';

export function testRegistry(): SharedRegistry {
  return createSharedRegistry();
}

export function testContext(password: string, overrides: Partial<ConnectorContext> = {}): ConnectorContext {
  return {
    logger: silentLogger,
    clock: { now: () => new Date() },
    signal: new AbortController().signal,
    secrets: { password },
    registry: testRegistry(),
    ...overrides,
  };
}

export interface Harness {
  sandbox: RunningSandbox;
  config: Sage300Config;
  password: string;
  connect(config?: Partial<Sage300Config>, options?: Sage300Options, ctx?: Partial<ConnectorContext>): Sage300Connector;
  admin<T = unknown>(route: string, body?: unknown): Promise<T>;
  requests(): Promise<CounterSnapshot>;
  close(): Promise<void>;
}

export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = await startSandbox({ port: 0, records: 60, seed: 3, ...options });
  const line = sandbox.line as { url: string; user: string; password: string; admin: string };
  const config = sage300ConfigSchema.parse({ url: line.url, user: line.user.toLowerCase() });
  const opened: Sage300Connector[] = [];
  const admin = async <T,>(route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${line.admin}/${route}`, {
      method: body === undefined && !/^(reset|coldstart|requests\/reset)$/.test(route) ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      ...(body === undefined && /^(reset|coldstart|requests\/reset)$/.test(route) && { body: '{}' }),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`admin ${route}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    sandbox,
    config,
    password: line.password,
    connect(overrides = {}, opts = {}, ctx = {}) {
      const c = createSage300Connector({ ...config, ...overrides }, testContext(line.password, ctx), { retryBaseMs: 10, confirmDelayMs: 20, ...opts });
      opened.push(c);
      return c;
    },
    admin,
    requests: () => admin('requests'),
    async close() {
      await Promise.all(opened.map((c) => c.close()));
      await sandbox.close();
    },
  };
}

/** Every record of a read, with the resume cursors it reported. */
export async function readAll(source: { read: Sage300Connector['sources']['arCustomers']['read'] }, options: Partial<Parameters<Sage300Connector['sources']['arCustomers']['read']>[0]> = {}) {
  const records: Record<string, unknown>[] = [];
  const resumes: (string | null)[] = [];
  for await (const page of source.read({ since: null, signpost: new Date(), ...options })) {
    records.push(...page.records);
    resumes.push(page.resume);
  }
  return { records, resumes };
}

/** A raw Web API call as any client would make it (for setting up data the connector then reads). */
export async function sageCall(h: Harness, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${h.config.url}/${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`WEBAPI:${h.password}`).toString('base64')}` },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}
