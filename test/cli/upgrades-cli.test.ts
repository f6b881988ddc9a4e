// `ml-connector upgrades` on a workspace whose flows were built from version 2 of the
// Sage 300 → HubSpot template before bases were kept (their base is rebuilt from templates/history/),
// with version 3 shipped (ML_CONNECTOR_RESOURCES points the CLI at a test-only template folder): it lists
// the changes, --apply takes the clean ones into one flow and leaves the admin's edit as it is, and
// --apply all --conflicts keep settles the rest (and creates the flow version 3 adds).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceOnTemplateV2, type OlderTemplateWorkspace } from '../support/template-versions.ts';
import type { Flow, TemplateUpgrade } from '../../preload/contract/index.ts';

const CLI = join(import.meta.dirname, '..', '..', 'scripts', 'ml-connector.mjs');

describe('ml-connector upgrades', () => {
  let ws: OlderTemplateWorkspace;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, '--data-dir', ws.dataDir, ...args], { encoding: 'utf8', env: { ...process.env, ML_CONNECTOR_RESOURCES: ws.resources }, timeout: 60_000 });
  const json = <T>(r: ReturnType<typeof run>): T => {
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };

  beforeAll(async () => {
    ws = await workspaceOnTemplateV2();
    // Built before this version kept bases: the upgrade compares against history/sage300-hubspot.v2.json.
    const db = new Database(join(ws.dataDir, 'ml-connector.db'));
    db.prepare('DELETE FROM flow_template_bases').run();
    db.close();
    ws.bump();
  });
  afterAll(() => ws?.close());

  it('lists the changes, applies one flow’s clean ones, keeps the admin’s edit, then settles the rest', () => {
    const [upgrade] = json<TemplateUpgrade[]>(run('upgrades'));
    const customers = upgrade!.flows.find((f) => f.flowKey === 'customers')!;
    expect(customers.changes.map((c) => [c.label, c.conflict])).toEqual([
      ['Default schedule', false],
      ['Rule "industry"', false],
      ['Rule "city"', true],
      ['Rule "state"', false],
      ['Rule "ml_on_hold"', false],
    ]);

    const unknown = run('upgrades', '--apply', 'nothing-like-it');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No template update is waiting for "nothing-like-it".');
    expect(unknown.stderr).toContain('Flows with updates: Customers → Companies');

    const applied = run('upgrades', '--apply', 'Customers → Companies');
    const [result] = json<{ applied: string[]; remaining: TemplateUpgrade }[]>(applied);
    expect(result!.applied).toHaveLength(4);
    expect(applied.stderr).toContain('kept as you have them (conflicts, undecided): Customers → Companies: Rule "city"');
    const status = (id: string) => json<{ flows: (Pick<Flow, 'id' | 'schedule'>)[] }>(run('status')).flows.find((f) => f.id === id)!;
    expect(status(ws.customers.id).schedule).toEqual({ kind: 'interval', minutes: 30 });

    const settled = json<{ kept: string[]; remaining: unknown }[]>(run('upgrades', '--apply', 'all', '--conflicts', 'keep'));
    expect(settled.at(-1)!.remaining).toBeNull();
    expect(json<TemplateUpgrade[]>(run('upgrades'))).toEqual([]);
    // The admin's city rule is as they left it; "all" took the flow version 3 adds.
    const exported = json<{ flows: { name: string; mapping: { fields: { to: string; transform?: unknown }[] } }[] }>(run('export'));
    const city = exported.flows.find((f) => f.name === 'Customers → Companies')!.mapping.fields.find((r) => r.to === 'city');
    expect(city).toMatchObject({ transform: [{ fn: 'upper' }] });
    expect(exported.flows.map((f) => f.name)).toContain('Customer balances → Companies');
  });
});
