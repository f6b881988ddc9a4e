// The demo workspace: Sage 300 and HubSpot sandboxes on loopback, a service on a data folder, the two
// connections and the Sage 300 ↔ HubSpot flows. `ml-connector demo` serves it; the engine's
// integration tests and the benchmarks start the very same environment.
import type { RunningSandbox, SandboxOptions } from '../../connectors/kit/sandbox/types.ts';
import { startSandbox as startSage300 } from '../../connectors/sage300/sandbox/index.ts';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../connectors/hubspot/sandbox/index.ts';
import { createAppService, type FullAppService } from '../service/index.ts';
import type { Connection, Flow } from '../../preload/contract/index.ts';
import { seedTeachingFailures } from './teaching-failures.ts';

export interface DemoOptions {
  dataDir: string;
  sage300?: SandboxOptions;
  hubspot?: SandboxOptions;
  /** Seed two records HubSpot will refuse, so the audit log and replay have something to show. */
  teachingFailures?: boolean;
  schedule?: boolean;
}

export interface SandboxLine {
  url: string;
  admin: string;
  [k: string]: unknown;
}

export interface DemoEnvironment {
  sage300: RunningSandbox & { line: SandboxLine };
  hubspot: HubSpotSandbox;
  service: FullAppService;
  erp: Connection;
  crm: Connection;
  flows: Flow[];
  close(): Promise<void>;
}

export async function startDemoEnvironment(options: DemoOptions): Promise<DemoEnvironment> {
  const sage300 = (await startSage300({ port: 0, records: 200, seed: 7, ...options.sage300 })) as RunningSandbox & { line: SandboxLine };
  const hubspot = await startHubSpotSandbox({ port: 0, tier: 'professional', ...options.hubspot });
  const sageLine = sage300.line as SandboxLine & { user: string; password: string };
  if (options.teachingFailures) await seedTeachingFailures(sageLine, hubspot);

  const service = createAppService({ dataDir: options.dataDir, mode: 'headless', schedule: options.schedule ?? false });
  try {
    const existing = await service.impl['connections:list'](undefined);
    const erp =
      existing.find((c) => c.system === 'sage300') ??
      (await service.impl['connections:create']({ system: 'sage300', name: 'Sage 300 (sandbox)', settings: { url: sageLine.url, user: sageLine.user }, secrets: { password: sageLine.password } }));
    const crm =
      existing.find((c) => c.system === 'hubspot') ??
      (await service.impl['connections:create']({ system: 'hubspot', name: 'HubSpot (sandbox)', settings: { baseUrl: hubspot.url }, secrets: { accessToken: hubspot.token } }));
    // A reused data folder points at the sandboxes of this start.
    await service.impl['connections:update']({ id: erp.id, patch: { settings: { ...erp.settings, url: sageLine.url }, secrets: { password: sageLine.password } } });
    await service.impl['connections:update']({ id: crm.id, patch: { settings: { ...crm.settings, baseUrl: hubspot.url }, secrets: { accessToken: hubspot.token } } });
    const flows = (await service.impl['flows:list'](undefined)).length
      ? await service.impl['flows:list'](undefined)
      : await service.impl['flows:fromTemplate']({ template: 'sage300-hubspot', erpConnectionId: erp.id, crmConnectionId: crm.id });
    return {
      sage300,
      hubspot,
      service,
      erp,
      crm,
      flows,
      async close() {
        await service.close();
        await Promise.allSettled([sage300.close(), hubspot.close()]);
      },
    };
  } catch (e) {
    await service.close();
    await Promise.allSettled([sage300.close(), hubspot.close()]);
    throw e;
  }
}

/**
 * Points the HubSpot sandbox's webhook emitter at this service and gives the connection the signing
 * secret, so an edit in HubSpot runs the flows that read it within seconds (polling stays the fallback).
 */
export async function connectHubSpotWebhooks(env: DemoEnvironment, port: number): Promise<void> {
  await env.service.impl['connections:update']({ id: env.crm.id, patch: { secrets: { clientSecret: env.hubspot.clientSecret } } });
  const res = await fetch(`${env.hubspot.url}/__sandbox/webhooks`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ targetUrl: `http://127.0.0.1:${port}/webhooks/hubspot/${env.crm.id}`, clientSecret: env.hubspot.clientSecret, flushMs: 500 }),
  });
  if (!res.ok) throw new Error(`demo: configuring the HubSpot sandbox webhooks failed with ${res.status}`);
}
