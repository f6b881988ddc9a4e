// `startSandbox` for `ml-connector sandbox zoho`, the demo, tests and benchmarks. One origin serves the
// accounts server (`/oauth/v2/token`) and the API (`/crm/v8/…`); the JSON line is
// {"accountsUrl","apiDomain","clientId","clientSecret","refreshToken","admin"} plus system facts.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RunningSandbox, SandboxOptions, SandboxStarter } from '../../kit/sandbox/types.ts';
import { seedExplicit } from './admin.ts';
import { ZohoSandboxCore, send } from './core.ts';
import { seedOrg } from './seed.ts';

export interface ZohoSandbox extends RunningSandbox {
  core: ZohoSandboxCore;
  accountsUrl: string;
  apiDomain: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export async function startZohoSandbox(options: SandboxOptions = {}): Promise<ZohoSandbox> {
  const core = new ZohoSandboxCore({
    ...(options.tier !== undefined && { edition: options.tier }),
    ...(options.switches !== undefined && { switches: options.switches }),
    ...(options.faults !== undefined && { faults: options.faults }),
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.timeScale !== undefined && { timeScale: options.timeScale }),
  });
  const { clientId, clientSecret } = core.accounts.addClient();
  const refreshToken = core.accounts.addRefreshToken(clientId);
  if (options.seedFile) seedExplicit(core, JSON.parse(await readFile(options.seedFile, 'utf8')) as Record<string, unknown>);
  else seedOrg(core.store, options.records ?? 20, options.seed ?? 1, core.clock.now());

  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    core.handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { code: 'INTERNAL_ERROR', details: {}, message: `Internal server error occurred. (sandbox: ${e instanceof Error ? e.message : String(e)})`, status: 'error' });
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host === '::1' ? '[::1]' : host}:${port}`;
  core.origin = origin;
  const line = {
    system: 'zoho',
    accountsUrl: origin,
    apiDomain: origin,
    clientId,
    clientSecret,
    refreshToken,
    admin: `${origin}/__sandbox`,
    edition: core.edition,
    records: core.info().records,
  };
  return {
    url: origin,
    line,
    core,
    accountsUrl: origin,
    apiDomain: origin,
    clientId,
    clientSecret,
    refreshToken,
    close: async () => {
      core.close();
      await core.watch.settle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

export const startSandbox: SandboxStarter = (options) => startZohoSandbox(options);
