// Template upgrades over the contract, with a bumped copy of the Sage 300 → HubSpot
// template in a test-only template folder: flows built from version 2 are offered version 3's changes as
// a three-way diff; a rule the admin edited is a conflict and kept, an untouched rule is updated, a
// schedule the admin chose at setup is theirs, a new flow is created only when taken; decisions are
// never offered twice and the flow records the new version once nothing is left to decide.
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../dispatch.ts';
import { createAppService, type FullAppService } from '../index.ts';
import { templateDirSource } from '../templates.ts';
import { pendingCrmSetups } from '../../engine/crm-setup.ts';
import { workspaceOnTemplateV2 } from '../../../test/support/template-versions.ts';
import type { Flow, Mapping, TemplateUpgrade } from '../../../preload/contract/index.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function call<T>(service: FullAppService, channel: string, input: unknown): Promise<T> {
  const r = await dispatch(service.impl, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

const rule = (m: Mapping, to: string) => m.fields.find((r) => r.to === to);

describe('template upgrades', () => {
  it('offers a newer version as a three-way diff and never overwrites the admin’s edits', async () => {
    const ws = await workspaceOnTemplateV2();
    cleanups.push(() => ws.close());
    const { dataDir, erpId, crmId, customers, contacts } = ws;
    const erp = { id: erpId };
    const crm = { id: crmId };
    expect(customers.templateVersion).toBe(2);
    const first = createAppService({ dataDir, mode: 'headless', templates: templateDirSource(ws.templates) });
    expect(await call<TemplateUpgrade[]>(first, 'flows:templateUpgrades', {})).toEqual([]);
    await first.close();

    // Version 3 ships; version 2 is kept in history/.
    ws.bump();
    const service = createAppService({ dataDir, mode: 'headless', templates: templateDirSource(ws.templates) });
    cleanups.push(() => service.close());

    const [upgrade, ...others] = await call<TemplateUpgrade[]>(service, 'flows:templateUpgrades', {});
    expect(others).toEqual([]);
    expect(upgrade).toMatchObject({ template: 'sage300-hubspot', toVersion: 3, erpConnectionId: erp.id, crmConnectionId: crm.id, label: 'Sage 300 ↔ HubSpot (Company A, Portal)' });
    const byFlow = new Map(upgrade!.flows.map((f) => [f.flowKey, f]));
    expect([...byFlow.keys()].sort()).toEqual(['balances', 'contacts', 'customers']);
    const changes = new Map(byFlow.get('customers')!.changes.map((c) => [c.label, c]));
    expect(changes.get('Rule "city"')).toMatchObject({ kind: 'ruleChanged', conflict: true, before: 'City → trim', template: 'City → trim → lower', current: 'City → upper' });
    expect(changes.get('Rule "state"')).toMatchObject({ kind: 'ruleChanged', conflict: false, template: 'StateProvince → trim → upper' });
    expect(changes.get('Rule "industry"')).toMatchObject({ kind: 'ruleAdded', conflict: false, before: null, template: '= "WHOLESALE"' });
    expect(changes.get('Rule "ml_on_hold"')).toMatchObject({ kind: 'ruleRemoved', conflict: false, template: null });
    expect(changes.get('Default schedule')).toMatchObject({ kind: 'scheduleChanged', conflict: false, before: 'Every 15 min', template: 'Every 30 min' });
    expect(changes.size).toBe(5);
    // The schedule the admin chose for contacts at setup is theirs: a conflict.
    expect(byFlow.get('contacts')!.changes).toEqual([expect.objectContaining({ label: 'Default schedule', conflict: true, current: 'Every 45 min', template: 'Every 20 min' })]);
    expect(byFlow.get('balances')).toMatchObject({ flowId: null, fromVersion: null, changes: [{ id: 'add:balances', kind: 'flowAdded', label: 'New flow "Customer balances → Companies"' }] });

    // "Apply all": every clean change taken, conflicts left as the admin has them (undecided).
    const clean = upgrade!.flows.flatMap((f) => f.changes.filter((c) => !c.conflict).map((c) => ({ change: c.id, take: 'template' as const })));
    const result = await call<{ applied: string[]; flows: Flow[]; remaining: TemplateUpgrade | null }>(service, 'flows:applyTemplateUpgrade', { upgradeId: upgrade!.id, decisions: clean });
    expect(result.applied).toHaveLength(clean.length);
    // The newer version's CRM properties are made by the next run on the CRM connection, before it writes.
    expect(pendingCrmSetups(service.ctx, crm.id)).toEqual(['sage300-hubspot']);
    const now = await call<Flow>(service, 'flows:get', { id: customers.id });
    expect(rule(now.mapping, 'city')).toEqual({ to: 'city', from: 'City', transform: [{ fn: 'upper' }] });
    expect(rule(now.mapping, 'state')).toEqual({ to: 'state', from: 'StateProvince', transform: [{ fn: 'trim' }, { fn: 'upper' }] });
    expect(rule(now.mapping, 'ml_on_hold')).toBeUndefined();
    expect(now.mapping.fields.map((r) => r.to).slice(0, 3)).toEqual(['name', 'industry', 'phone']);
    expect(now.schedule).toEqual({ kind: 'interval', minutes: 30 });
    expect(now.templateVersion).toBe(2);
    expect((await call<Flow>(service, 'flows:get', { id: contacts.id })).schedule).toEqual({ kind: 'interval', minutes: 45 });
    const balances = result.flows.find((f) => f.template === 'sage300-hubspot/balances')!;
    expect(balances).toMatchObject({ name: 'Customer balances → Companies', templateVersion: 3, sourceConnectionId: erp.id, destConnectionId: crm.id, dependsOn: [customers.id] });
    expect(balances.mapping.match?.flow).toBe(customers.id);
    // Only the conflicts are left, and they are never offered as clean changes.
    expect(result.remaining!.flows.flatMap((f) => f.changes.map((c) => [f.flowKey, c.label, c.conflict]))).toEqual([
      ['customers', 'Rule "city"', true],
      ['contacts', 'Default schedule', true],
    ]);

    // The admin keeps their city and takes the template's schedule for contacts: nothing is left.
    const [cityChange, scheduleChange] = result.remaining!.flows.flatMap((f) => f.changes.map((c) => c.id));
    const last = await call<{ kept: string[]; remaining: TemplateUpgrade | null }>(service, 'flows:applyTemplateUpgrade', {
      upgradeId: upgrade!.id,
      decisions: [{ change: cityChange, take: 'mine' }, { change: scheduleChange, take: 'template' }],
    });
    expect(last).toMatchObject({ kept: [cityChange], remaining: null });
    expect(rule((await call<Flow>(service, 'flows:get', { id: customers.id })).mapping, 'city')).toEqual({ to: 'city', from: 'City', transform: [{ fn: 'upper' }] });
    expect(await call<Flow>(service, 'flows:get', { id: contacts.id })).toMatchObject({ templateVersion: 3, schedule: { kind: 'interval', minutes: 20 } });
    expect((await call<Flow>(service, 'flows:get', { id: customers.id })).templateVersion).toBe(3);
    expect(await call<TemplateUpgrade[]>(service, 'flows:templateUpgrades', {})).toEqual([]);

    // A decision on what is no longer offered is refused, not guessed.
    const stale = await dispatch(service.impl, 'flows:applyTemplateUpgrade', { upgradeId: upgrade!.id, decisions: [{ change: cityChange, take: 'template' }] });
    expect(stale).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
