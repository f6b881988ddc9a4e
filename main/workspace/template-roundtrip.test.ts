// Every available integration template survives export → import into a fresh data folder and a fresh
// CRM: the ERP and CRM sandboxes are real, the import creates the template's custom
// CRM properties after the commit, and exporting the fresh folder gives the same flows. A CRM that does
// not answer at import time gets its setup from the next run instead.
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoEnvironment } from '../demo/environment.ts';
import { importWorkspace, exportWorkspace } from './import-export.ts';
import { makeTempDir } from '../../test/support/tmp-dir.ts';
import { createAppService, type FullAppService } from '../service/index.ts';
import { loadTemplates } from '../service/templates.ts';
import { manifestFor } from '../../connectors/index.ts';
import { pendingCrmSetups } from '../engine/crm-setup.ts';
import { startHubSpotSandbox } from '../../connectors/hubspot/sandbox/index.ts';
import type { RunningSandbox } from '../../connectors/kit/sandbox/types.ts';
import type { Workspace } from './schema.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const available = loadTemplates().filter((t) => !t.coming && manifestFor(t.erp) && manifestFor(t.crm));

/** The template's integration in a demo data folder, exported with its secrets. */
async function exportOf(template: (typeof available)[number]): Promise<Workspace> {
  const tmp = makeTempDir();
  const env = await startDemoEnvironment({ systems: [template.erp, template.crm], dataDir: tmp.dir, [template.erp]: { records: 3 } });
  cleanups.push(tmp.cleanup, () => env.close());
  expect(env.flows.filter((f) => f.template?.startsWith(`${template.id}/`))).toHaveLength(template.flows.length);
  return structuredClone(await exportWorkspace(env.service.impl, env.service.ctx, { withSecrets: true })) as Workspace;
}

/** A CRM that has never seen ml-connector: its own sandbox, started as the demo starts it. */
async function freshCrm(system: string): Promise<{ sandbox: RunningSandbox; settings: Record<string, unknown>; secrets: Record<string, string> }> {
  const manifest = manifestFor(system)!;
  const demo = manifest.capabilities!.demo!;
  const sandbox = await (await manifest.capabilities!.sandbox!())({ port: 0, ...demo.sandboxOptions });
  cleanups.push(() => sandbox.close());
  return { sandbox, ...demo.connection(sandbox.line) };
}

function freshService(): FullAppService {
  const tmp = makeTempDir();
  const service = createAppService({ dataDir: tmp.dir, mode: 'headless' });
  cleanups.push(tmp.cleanup, () => service.close());
  return service;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

describe('export → import round-trips every template into a fresh data folder and a fresh CRM', () => {
  it('covers every available template (new ones join this test as they land)', () => {
    expect(available.map((t) => t.id)).toEqual(expect.arrayContaining(['sage300-hubspot', 'sage300-zoho', 'intacct-hubspot', 'sapb1-hubspot', 'sage100-hubspot']));
  });

  it.each(available.map((t) => [t.id, t] as const))('%s', async (_id, template) => {
    const ws = await exportOf(template);
    const crm = await freshCrm(template.crm);
    for (const c of ws.connections) if (c.system === template.crm) Object.assign(c, { settings: { ...c.settings, ...crm.settings }, secrets: crm.secrets });
    const fresh = freshService();
    const summary = await importWorkspace({ ctx: fresh.ctx }, ws, {});
    expect(summary.flows).toEqual({ created: ws.flows.length, updated: 0 });
    expect(summary.crmSetup?.filter((s) => s.error) ?? []).toEqual([]);
    // Every custom property the template writes now exists in the fresh CRM (created by this import).
    const created = summary.crmSetup?.flatMap((s) => s.created) ?? [];
    for (const p of template.crmProperties) expect(created, `${p.object}.${p.name}`).toContain(`${p.object}.${p.name}`);
    const again = await exportWorkspace(fresh.impl, fresh.ctx, { withSecrets: true });
    expect([...again.flows].sort(byName)).toEqual([...ws.flows].sort(byName));
    expect(again.connections.map((c) => c.name).sort()).toEqual(ws.connections.map((c) => c.name).sort());
  });

  it('a CRM unreachable at import time gets the template setup from the next run, once', async () => {
    const template = available.find((t) => t.id === 'sage300-hubspot')!;
    const ws = await exportOf(template);
    // A HubSpot portal that is down during the import, then back at the same address.
    const probe = await startHubSpotSandbox({ port: 0, tier: 'professional' });
    const { port } = new URL(probe.url);
    await probe.close();
    for (const c of ws.connections) if (c.system === 'hubspot') Object.assign(c, { settings: { ...c.settings, baseUrl: `http://127.0.0.1:${port}` }, secrets: { accessToken: 'pat-na1-00000000-0000-0000-0000-000000000001' } });
    const fresh = freshService();
    const summary = await importWorkspace({ ctx: fresh.ctx }, ws, {});
    expect(summary.flows.created).toBe(ws.flows.length);
    expect(summary.crmSetup).toEqual([expect.objectContaining({ template: 'sage300-hubspot', created: [], error: expect.any(String) })]);
    const hubspot = fresh.ctx.store.connections.list().find((c) => c.system === 'hubspot')!;
    expect(pendingCrmSetups(fresh.ctx, hubspot.id)).toEqual(['sage300-hubspot']);

    const portal = await startHubSpotSandbox({ port: Number(port), tier: 'professional', token: 'pat-na1-00000000-0000-0000-0000-000000000001' });
    cleanups.push(() => portal.close());
    const flow = fresh.ctx.store.flows.list().find((f) => f.template === 'sage300-hubspot/customers' || f.destObject === 'companies')!;
    const [run] = await fresh.engine.runNow([flow.id]);
    expect(run!.error).toBeNull();
    expect(run!.status).toBe('succeeded');
    expect(pendingCrmSetups(fresh.ctx, hubspot.id)).toEqual([]);
    for (const p of template.crmProperties) {
      const res = await fetch(`${portal.url}/crm/v3/properties/${p.object}/${p.name}`, { headers: { Authorization: `Bearer pat-na1-00000000-0000-0000-0000-000000000001` } });
      expect(res.status, `${p.object}.${p.name}`).toBe(200);
    }
  });
});
