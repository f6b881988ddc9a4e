// Import is all or nothing, against the real sandboxes and a real data folder: a file that fails
// anywhere changes nothing (connections, secrets, flows), and says which entry failed and why.
import { describe, expect, it } from 'vitest';
import { decryptSecrets } from '../engine/open-connector.ts';
import { importWorkspace, exportWorkspace } from './import-export.ts';
import { parseWorkspaceText } from './workspace-text.ts';
import type { Workspace } from './schema.ts';
import { makeTempDir } from '../../test/support/tmp-dir.ts';
import { createAppService } from '../service/index.ts';
import { startHubSpotSandbox } from '../../connectors/hubspot/sandbox/index.ts';
import { withDemo } from '../../test/support/demo.ts';

describe('import', () => {
  const demo = withDemo({ systems: ['sage300', 'hubspot'], sage300: { records: 5 } });

  /** Everything an import may touch: connections, their decrypted secrets, flows. */
  const snapshot = () => {
    const { ctx } = demo.env.service;
    return {
      connections: ctx.store.connections.list().map((c) => ({ ...c, secrets: decryptSecrets(ctx, c.id) })),
      flows: ctx.store.flows.list(),
    };
  };
  const target = () => ({ ctx: demo.env.service.ctx });
  const exported = async () => structuredClone(await exportWorkspace(demo.env.service.impl, demo.env.service.ctx, { withSecrets: true })) as Workspace;

  async function expectRefused(file: unknown, message: RegExp) {
    const before = snapshot();
    await expect(importWorkspace(target(), file, {})).rejects.toThrow(message);
    expect(snapshot()).toEqual(before);
  }

  it('re-imports its own export unchanged (the live field check passes, OE orders → Deals included)', async () => {
    const before = snapshot();
    const summary = await importWorkspace(target(), await exported(), {});
    expect(summary).toMatchObject({ connections: { created: 0, updated: before.connections.length }, flows: { created: 0, updated: before.flows.length } });
    const after = snapshot();
    expect(after.flows.map(({ updatedAt: _u, ...f }) => f)).toEqual(before.flows.map(({ updatedAt: _u, ...f }) => f));
    expect(after.connections.map((c) => c.secrets)).toEqual(before.connections.map((c) => c.secrets));
  });

  it('carries blackout windows both ways; a file without them keeps those saved; refused on a CRM connection', async () => {
    const blackouts = { timeZone: 'Europe/Zurich', windows: [{ kind: 'weekly' as const, name: 'Day End', days: ['mon' as const, 'tue' as const], start: '22:00', end: '23:30' }] };
    const ws = await exported();
    const erp = ws.connections.find((c) => c.system === 'sage300')!;
    erp.blackouts = blackouts;
    await importWorkspace(target(), ws, {});
    expect(demo.env.service.ctx.store.connections.byName(erp.name)!.blackouts).toEqual(blackouts);
    expect((await exported()).connections.find((c) => c.name === erp.name)!.blackouts).toEqual(blackouts);
    const without = await exported();
    delete without.connections.find((c) => c.name === erp.name)!.blackouts;
    await importWorkspace(target(), without, {});
    expect(demo.env.service.ctx.store.connections.byName(erp.name)!.blackouts).toEqual(blackouts);
    const onCrm = await exported();
    onCrm.connections.find((c) => c.system === 'hubspot')!.blackouts = blackouts;
    await expectRefused(onCrm, /is a HubSpot connection: blackout windows are for ERP connections/);
    demo.env.service.ctx.store.connections.setBlackouts(demo.env.service.ctx.store.connections.byName(erp.name)!.id, null, new Date().toISOString());
  });

  it('a file whose second flow names an unknown transform changes no connection, secret or flow', async () => {
    const ws = await exported();
    for (const c of ws.connections) {
      // Another (closed) port on loopback: an import that went through would point both connections there.
      c.settings = Object.fromEntries(Object.entries(c.settings).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:9') : v]));
      c.secrets = Object.fromEntries(Object.keys(c.secrets ?? {}).map((k) => [k, 'replaced']));
    }
    ws.flows[0]!.schedule = { kind: 'interval', minutes: 60 };
    ws.flows[1]!.mapping.fields[0]!.transform = [{ fn: 'no-such-transform' }];
    await expectRefused(ws, /flows\[1\] ".*": Mapping fields\[0\]\.transform\[0\].*unknown transform "no-such-transform"/);
  });

  it('a file naming an unknown connection leaves every flow with its associations and dependencies', async () => {
    const ws = await exported();
    ws.flows[2]!.source = 'Nowhere';
    await expectRefused(ws, /flows\[2\] ".*": connection "Nowhere" is neither in the file nor in the app/);
  });

  it('refuses bad entries with a specific error and changes nothing', async () => {
    const ws = await exported();
    await expectRefused({ ...ws, flows: [{ ...ws.flows[0]!, name: 'x'.repeat(20_000) }] }, /flows\.0\.name" is longer than 100 characters/);
    await expectRefused({ ...ws, flows: [ws.flows[0]!, { ...ws.flows[1]!, name: ws.flows[0]!.name }] }, /flows\[1\] ".*" appears twice/);
    await expectRefused({ ...ws, connections: [ws.connections[0]!, ws.connections[0]!] }, /connections\[1\] ".*" appears twice/);
    const hubspot = ws.connections.findIndex((c) => c.system === 'hubspot');
    await expectRefused({ ...ws, connections: ws.connections.map((c, i) => (i === hubspot ? { ...c, settings: { baseUrl: 'file:///etc/passwd' } } : c)) }, /setting "baseUrl" is a file: address/);
    await expectRefused({ ...ws, connections: ws.connections.map((c) => ({ ...c, tls: { fingerprint256: 'A' } })) }, /tls\.fingerprint256" a SHA-256 fingerprint is 32 hex bytes/);
    const [a, b] = [ws.flows[0]!, ws.flows[1]!];
    await expectRefused({ ...ws, flows: [{ ...a, dependsOn: [b.name] }, { ...b, dependsOn: [a.name] }] }, /depend on each other in a circle \((.+) → (.+) → \1\)/);
    await expectRefused({ ...ws, connections: ws.connections.map((c) => ({ ...c, secrets: { password: { env: 'NOT_SET_ANYWHERE' } } })) }, /environment variable NOT_SET_ANYWHERE, which is not set/);
  });

  it('an export imports into a fresh data folder and a fresh HubSpot portal, creating the template properties', async () => {
    const ws = await exported();
    const portal = await startHubSpotSandbox({ port: 0, tier: 'professional' });
    const fresh = makeTempDir();
    const other = createAppService({ dataDir: fresh.dir, mode: 'headless' });
    try {
      for (const c of ws.connections) if (c.system === 'hubspot') Object.assign(c, { settings: { ...c.settings, baseUrl: portal.url }, secrets: { accessToken: portal.token } });
      const summary = await importWorkspace({ ctx: other.ctx }, ws, {});
      expect(summary.flows).toEqual({ created: ws.flows.length, updated: 0 });
      expect(summary.crmSetup?.filter((s) => s.error)).toEqual([]);
      const property = await fetch(`${portal.url}/crm/v3/properties/invoices/ml_amount_due`, { headers: { Authorization: `Bearer ${portal.token}` } });
      expect(property.status).toBe(200);
      // Exported again, the fresh folder gives the same file (ids differ, names do not).
      const again = await exportWorkspace(other.impl, other.ctx, { withSecrets: true });
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      expect([...again.flows].sort(byName)).toEqual([...ws.flows].sort(byName));
    } finally {
      await other.close();
      await portal.close();
      fresh.cleanup();
    }
  });

  it('refuses oversized and deeply nested files before parsing them', () => {
    expect(() => parseWorkspaceText('['.repeat(100_000) + ']'.repeat(100_000), 'deep.json')).toThrow(/nests objects and arrays 100000 levels deep/);
    expect(() => parseWorkspaceText(JSON.stringify({ version: 1, name: 'x'.repeat(6 * 1024 * 1024) }), 'big.json')).toThrow(/big\.json is 6\.0 MB; a workspace file is at most 5 MB/);
    expect(() => parseWorkspaceText('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', 'ok.json')).not.toThrow();
  });
});
