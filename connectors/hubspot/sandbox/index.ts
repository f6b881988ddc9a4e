// `startSandbox` for `ml-connector sandbox hubspot`, the demo, tests and benchmarks.
// The JSON line: { system, url, token, credentials: { accessToken, clientSecret }, portalId, tier,
// timeScale, limits, admin, switches }.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { RunningSandbox, SandboxOptions, SandboxStarter } from '../../kit/sandbox/types.ts';
import { seedExplicit, seedGenerated } from './admin.ts';
import { SandboxCore, listen } from './server.ts';
import type { Tier } from './data.ts';

export interface HubSpotSandbox extends RunningSandbox {
  core: SandboxCore;
  token: string;
  /** Client secret the webhook emitter signs with (configure the target through the admin API). */
  clientSecret: string;
}

export async function startHubSpotSandbox(options: SandboxOptions & { token?: string; clientSecret?: string } = {}): Promise<HubSpotSandbox> {
  const core = new SandboxCore({
    tier: (options.tier ?? 'professional') as Tier,
    timeScale: options.timeScale ?? 1,
    ...(options.faults !== undefined && { faults: options.faults }),
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.switches !== undefined && { switches: options.switches }),
    ...(options.token !== undefined && { token: options.token }),
  });
  if (options.seedFile) seedExplicit(core, JSON.parse(readFileSync(options.seedFile, 'utf8')) as Record<string, Record<string, unknown>[]>);
  else if (options.records) seedGenerated(core, options.records, options.seed ?? 1);
  const running = await listen(core, options.port ?? 0, options.host ?? '127.0.0.1');
  const clientSecret = options.clientSecret ?? randomUUID();
  const info = core.info();
  const line = {
    system: 'hubspot',
    url: running.url,
    token: core.token,
    credentials: { accessToken: core.token, clientSecret },
    portalId: info.portalId,
    tier: info.tier,
    timeScale: info.timeScale,
    limits: info.limits,
    records: info.records,
    admin: `${running.url}/__sandbox`,
  };
  return { url: running.url, line, core, token: core.token, clientSecret, close: running.close };
}

export const startSandbox: SandboxStarter = (options) => startHubSpotSandbox(options);
