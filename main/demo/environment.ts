// The demo workspace: every built-in connector's sandbox on loopback (manifest capabilities `sandbox`
// and `demo`), a service on a data folder, one connection per system, and the flows of every template
// whose two systems both have a connector. `ml-connector demo` serves it; the engine's integration
// tests and the benchmarks start the very same environment.
import type { RunningSandbox, SandboxOptions } from '../../connectors/kit/sandbox/types.ts';
import type { SystemId } from '../../connectors/systems.ts';
import { BUILT_IN_CONNECTORS, type AnyManifest } from '../../connectors/index.ts';
import { createAppService, type CreateAppServiceOptions, type FullAppService } from '../service/index.ts';
import type { Connection, Flow } from '../../preload/contract/index.ts';
import { seedTeachingFailures } from './teaching-failures.ts';

export type DemoOptions = {
  dataDir: string;
  /** Seed two records HubSpot will refuse, so the audit log and replay have something to show (Sage 300 ↔ HubSpot). */
  teachingFailures?: boolean;
  schedule?: boolean;
  /** The engine in its own thread ('thread': `ml-connector demo`, like serve) or in this one (tests' default). */
  engine?: CreateAppServiceOptions['engine'];
  engineEntry?: CreateAppServiceOptions['engineEntry'];
  /** The engine's and connectors' time (inline engine): budget tests move it to the next day. */
  clock?: CreateAppServiceOptions['clock'];
  /** Only these systems (default: every connector with a demo sandbox). Tests of one integration name its two. */
  systems?: readonly SystemId[];
  /** Create every template's flows (default); false leaves the connections without flows, as the setup wizard finds them. */
  flows?: boolean;
} & {
  /** Per system: sandbox options over its manifest's demo defaults, e.g. `{ sage300: { records: 40 } }`. */
  [system in SystemId]?: SandboxOptions;
};

export interface DemoEnvironment {
  /** Each demo system's running sandbox; its `line` is what `ml-connector sandbox <system>` prints. */
  sandboxes: Partial<Record<SystemId, RunningSandbox>>;
  connections: Partial<Record<SystemId, Connection>>;
  service: FullAppService;
  /** The first ERP and CRM connection in catalogue order (Sage 300 and HubSpot today). */
  erp: Connection;
  crm: Connection;
  flows: Flow[];
  close(): Promise<void>;
}

const demoManifests = (only?: readonly SystemId[]): AnyManifest[] =>
  BUILT_IN_CONNECTORS.filter((m) => m.capabilities?.sandbox && m.capabilities.demo && (!only || only.includes(m.id)));

async function startSandboxes(options: DemoOptions): Promise<Partial<Record<SystemId, RunningSandbox>>> {
  const out: Partial<Record<SystemId, RunningSandbox>> = {};
  try {
    for (const m of demoManifests(options.systems)) {
      const start = await m.capabilities!.sandbox!();
      out[m.id] = await start({ port: 0, ...m.capabilities!.demo!.sandboxOptions, ...options[m.id] });
    }
    return out;
  } catch (e) {
    await Promise.allSettled(Object.values(out).map((s) => s.close()));
    throw e;
  }
}

export async function startDemoEnvironment(options: DemoOptions): Promise<DemoEnvironment> {
  const sandboxes = await startSandboxes(options);
  const closeSandboxes = () => Promise.allSettled(Object.values(sandboxes).map((s) => s.close()));
  if (options.teachingFailures && sandboxes.sage300 && sandboxes.hubspot) await seedTeachingFailures(sandboxes.sage300.line, sandboxes.hubspot.line);

  const service = createAppService({
    dataDir: options.dataDir,
    mode: 'headless',
    schedule: options.schedule ?? false,
    ...(options.engine && { engine: options.engine }),
    ...(options.engineEntry && { engineEntry: options.engineEntry }),
    ...(options.clock && { clock: options.clock }),
  });
  try {
    const existing = await service.impl['connections:list'](undefined);
    const connections: Partial<Record<SystemId, Connection>> = {};
    for (const m of demoManifests(options.systems)) {
      const demo = m.capabilities!.demo!;
      const { settings, secrets } = demo.connection(sandboxes[m.id]!.line);
      const found = existing.find((c) => c.system === m.id);
      // A reused data folder points at the sandboxes of this start.
      connections[m.id] = found
        ? await service.impl['connections:update']({ id: found.id, patch: { settings: { ...found.settings, ...settings }, secrets } })
        : await service.impl['connections:create']({ system: m.id, name: demo.connectionName, settings, secrets });
    }
    let flows = await service.impl['flows:list'](undefined);
    if (!flows.length && options.flows !== false) {
      for (const t of await service.impl['flows:templates'](undefined)) {
        const erp = connections[t.erp];
        const crm = connections[t.crm];
        if (t.available && erp && crm) await service.impl['flows:fromTemplate']({ template: t.id, erpConnectionId: erp.id, crmConnectionId: crm.id });
      }
      flows = await service.impl['flows:list'](undefined);
    }
    const first = (role: 'erp' | 'crm') => {
      const m = demoManifests(options.systems).find((x) => x.role === role && connections[x.id]);
      if (!m) throw new Error(`demo: no built-in ${role === 'erp' ? 'ERP' : 'CRM'} connector has a demo sandbox`);
      return connections[m.id]!;
    };
    return {
      sandboxes,
      connections,
      service,
      erp: first('erp'),
      crm: first('crm'),
      flows,
      async close() {
        await service.close();
        await closeSandboxes();
      },
    };
  } catch (e) {
    await service.close();
    await closeSandboxes();
    throw e;
  }
}

/**
 * Points each sandbox that can send webhooks at this service (`/webhooks/<system>/<connectionId>`) and
 * gives the connection the secret that verifies them, so an edit there runs the flows that read it
 * within seconds (polling stays the fallback).
 */
export async function connectDemoWebhooks(env: DemoEnvironment, port: number): Promise<void> {
  for (const m of demoManifests(Object.keys(env.connections) as SystemId[])) {
    const connect = m.capabilities?.demo?.connectWebhooks;
    const conn = env.connections[m.id];
    if (!connect || !m.capabilities?.webhooks || !conn) continue;
    const secrets = await connect(env.sandboxes[m.id]!.line, `http://127.0.0.1:${port}/webhooks/${m.id}/${encodeURIComponent(conn.id)}`);
    await env.service.impl['connections:update']({ id: conn.id, patch: { secrets } });
  }
}
