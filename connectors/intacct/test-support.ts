// Shared by the Intacct tests: a sandbox on loopback, a connector wired to it, and the admin API.
import { silentLogger } from '../kit/logger.ts';
import { testRegistry } from '../kit/testing/context.ts';
import type { RunningSandbox, SandboxOptions } from '../kit/sandbox/types.ts';
import type { ConnectorContext } from '../kit/types.ts';
import { ClientConfig, OnlineClient } from '@intacct/intacct-sdk';
import type { ClientOptions } from './client.ts';
import { intacctConfigSchema, type IntacctConfig, type IntacctConfigInput } from './config.ts';
import { createIntacctConnector, type IntacctConnector } from './index.ts';
import { startSandbox } from './sandbox/index.ts';


export interface Line { url: string; admin: string; senderId: string; senderPassword: string; companyId: string; userId: string; userPassword: string }

/**
 * The official SDK (@intacct/intacct-sdk) aimed at a sandbox, as spec §13 says it can be: constructed with
 * its default (intacct.com) endpoint, which it validates, then given the sandbox's URL on the same config.
 */
export function officialSdkClient(line: Line, overrides: Partial<Pick<ClientConfig, 'userPassword'>> = {}): OnlineClient {
  const cfg = new ClientConfig();
  Object.assign(cfg, { senderId: line.senderId, senderPassword: line.senderPassword, companyId: line.companyId, userId: line.userId, userPassword: line.userPassword, ...overrides });
  const client = new OnlineClient(cfg);
  cfg.endpointUrl = line.url;
  return client;
}

export interface Harness {
  sandbox: RunningSandbox;
  line: Line;
  config: IntacctConfig;
  connect(config?: Partial<IntacctConfigInput>, secrets?: Partial<Record<'senderPassword' | 'userPassword', string>>, options?: ClientOptions, ctx?: Partial<ConnectorContext>): IntacctConnector;
  admin<T = unknown>(route: string, body?: unknown): Promise<T>;
  get<T = unknown>(route: string): Promise<T>;
  close(): Promise<void>;
}

/** Fast retries so fault tests stay short. */
export const FAST_RETRY = { retry: { attempts: 5, baseMs: 5, maxDelayMs: 20 } } satisfies ClientOptions;

export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = await startSandbox({ port: 0, records: 30, seed: 5, ...options });
  const line = sandbox.line as unknown as Line;
  const config = intacctConfigSchema.parse({ url: line.url, senderId: line.senderId, companyId: line.companyId, userId: line.userId, timeZone: 'America/Los_Angeles' });
  const registry = testRegistry();
  return {
    sandbox,
    line,
    config,
    connect: (overrides = {}, secrets = {}, clientOptions = FAST_RETRY, ctx = {}) =>
      createIntacctConnector(intacctConfigSchema.parse({ ...config, ...overrides }), {
        logger: silentLogger,
        clock: { now: () => new Date() },
        signal: new AbortController().signal,
        secrets: { senderPassword: line.senderPassword, userPassword: line.userPassword, ...secrets },
        registry,
        ...ctx,
      }, clientOptions),
    admin: async (route, body = {}) => (await fetch(`${line.admin}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as never,
    get: async (route) => (await fetch(`${line.admin}/${route}`)).json() as never,
    close: () => sandbox.close(),
  };
}
