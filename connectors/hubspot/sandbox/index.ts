// `startSandbox` for `ml-connector sandbox hubspot`, the demo, tests and benchmarks.
// The JSON line: { system, url, admin, token, credentials: { accessToken, clientSecret, oauth: { clientId, clientSecret, refreshToken } }, portalId, tier,
// timeScale, limits, records } (+ fingerprint256 and ca under --tls).
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { AdminApi } from '../../kit/sandbox/admin.ts';
import { startSandboxServer } from '../../kit/sandbox/server.ts';
import type { RunningSandbox, SandboxDescription, SandboxOptions, SandboxStarter } from '../../kit/sandbox/types.ts';
import { hubspotAdmin, seedExplicit, seedGenerated } from './admin.ts';
import { FAULT_NAMES, SandboxCore, send } from './server.ts';
import { errorBody } from './errors.ts';
import { hubspotSwitches } from './switches.ts';
import type { Tier } from './data.ts';

export const description: SandboxDescription = {
  system: 'hubspot',
  summary: 'HubSpot CRM API v3/v4 (private app token, tiers with their rate limits, search, associations, webhooks).',
  switches: hubspotSwitches.describe(),
  faults: FAULT_NAMES,
  seedFile: true,
};

export interface HubSpotSandbox extends RunningSandbox {
  core: SandboxCore;
  token: string;
  /** Client secret the webhook emitter signs with (configure the target through the admin API). */
  clientSecret: string;
  /** The installed public app: exchange the refresh token at `/oauth/v1/token` for 30-minute access tokens. */
  oauth: { clientId: string; clientSecret: string; refreshToken: string };
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
  const admin = new AdminApi({ ...core.base.adminParts(() => core.syncLimits()), ...hubspotAdmin(core) });
  const server = await startSandboxServer({
    ...(options.port !== undefined && { port: options.port }),
    ...(options.host !== undefined && { host: options.host }),
    ...(options.tls !== undefined && { tls: options.tls }),
    counters: core.base.counters,
    faults: core.base.faults,
    admin,
    handle: (ex) => core.handle(ex),
    onError: (ex, e) => send(ex.res, 500, errorBody(`internal sandbox error: ${e instanceof Error ? e.message : String(e)}`)),
    onClose: () => core.close(),
  });
  const clientSecret = options.clientSecret ?? randomUUID();
  const info = core.info();
  const oauth = { clientId: core.oauth.clientId, clientSecret: core.oauth.clientSecret, refreshToken: core.oauth.addRefreshToken() };
  const line = core.base.line(server, server.origin, {
    token: core.token,
    credentials: { accessToken: core.token, clientSecret, oauth },
    portalId: info.portalId,
    tier: info.tier,
    limits: info.limits,
    records: info.records,
  });
  return { url: server.origin, line, core, token: core.token, clientSecret, oauth, close: server.close };
}

export const startSandbox: SandboxStarter = Object.assign((options: SandboxOptions) => startHubSpotSandbox(options), { description });
