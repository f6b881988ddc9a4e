// `startSandbox` for `ml-connector sandbox zoho`, the demo, tests and benchmarks. One origin serves the
// accounts server (`/oauth/v2/token`) and the API (`/crm/v8/…`); the JSON line carries
// {"accountsUrl","apiDomain","clientId","clientSecret","refreshToken","admin"} (+ fingerprint256, ca with TLS).
import { readFile } from 'node:fs/promises';
import { startSandboxServer } from '../../kit/sandbox/server.ts';
import type { RunningSandbox, SandboxDescription, SandboxOptions, SandboxStarter } from '../../kit/sandbox/types.ts';
import { seedExplicit, zohoAdmin } from './admin.ts';
import { ZohoSandboxCore, send } from './core.ts';
import { seedOrg } from './seed.ts';
import { zohoSwitches } from './switches.ts';

export interface ZohoSandbox extends RunningSandbox {
  core: ZohoSandboxCore;
  accountsUrl: string;
  apiDomain: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export const description: SandboxDescription = {
  system: 'zoho',
  summary: 'Zoho CRM API v8 and its accounts server (--tier free|standard|professional|enterprise|ultimate; --records N accounts)',
  switches: zohoSwitches.describe(),
  faults: [],
  seedFile: true,
};

export async function startZohoSandbox(options: SandboxOptions = {}): Promise<ZohoSandbox> {
  const core = new ZohoSandboxCore(options);
  const { clientId, clientSecret } = core.accounts.addClient();
  const refreshToken = core.accounts.addRefreshToken(clientId);
  const explicit = options.seedFile ? (JSON.parse(await readFile(options.seedFile, 'utf8')) as Record<string, unknown>) : undefined;
  const seed = (): void => {
    if (explicit) seedExplicit(core, explicit);
    else seedOrg(core.store, options.records ?? 20, core.base.seed, core.clock.now());
  };
  seed();
  const server = await startSandboxServer({
    ...options,
    counters: core.base.counters,
    faults: core.base.faults,
    admin: zohoAdmin(core, seed),
    handle: (ex) => core.handle(ex),
    onError: (ex, e) => send(ex.res, 500, { code: 'INTERNAL_ERROR', details: {}, message: `Internal server error occurred. (sandbox: ${e instanceof Error ? e.message : String(e)})`, status: 'error' }),
  });
  core.origin = server.origin;
  const line = core.base.line(server, server.origin, {
    accountsUrl: server.origin,
    apiDomain: server.origin,
    clientId,
    clientSecret,
    refreshToken,
    edition: core.edition,
    records: core.counts(),
  });
  return {
    url: server.origin,
    line,
    core,
    accountsUrl: server.origin,
    apiDomain: server.origin,
    clientId,
    clientSecret,
    refreshToken,
    close: async () => {
      await core.watch.settle();
      await server.close();
    },
  };
}

export const startSandbox: SandboxStarter = Object.assign((options: SandboxOptions) => startZohoSandbox(options), { description });
