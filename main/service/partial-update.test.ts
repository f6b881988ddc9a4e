// A patch changes the fields it names and nothing else: over the contract (as IPC and HTTP call it),
// saving a mapping must not resume a paused flow, reset its schedule, dependencies or template, and
// choosing a theme must not reset the deletion cap, retention or reconcile hour to their defaults.
import { describe, expect, it } from 'vitest';
import { dispatch } from './dispatch.ts';
import { createAppService, type FullAppService } from './index.ts';
import { makeTempDir } from '../../test/support/tmp-dir.ts';

async function withService(fn: (service: FullAppService) => Promise<void>) {
  const tmp = makeTempDir();
  const service = createAppService({ dataDir: tmp.dir, mode: 'headless' });
  try {
    await fn(service);
  } finally {
    await service.close();
    tmp.cleanup();
  }
}

async function call<T>(service: FullAppService, channel: string, input: unknown): Promise<T> {
  const r = await dispatch(service.impl, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as T;
}

// Settings the connectors refuse to open with: no request leaves, and only the mapping's structure is checked.
const connection = (name: string, system: string) => ({ name, system, settings: system === 'hubspot' ? { baseUrl: 'not a url' } : { company: 'SAMINC' }, secrets: system === 'hubspot' ? { accessToken: 'pat-x' } : { password: 'pw' } });
const mapping = { key: { from: 'CustomerNumber', to: 'ml_id' }, fields: [{ to: 'name', from: 'CustomerName' }] };

describe('partial updates', () => {
  it('flows:update with only a mapping keeps enabled, schedule, dependsOn and template', async () => {
    await withService(async (service) => {
      const erp = await call<{ id: string }>(service, 'connections:create', connection('ERP', 'sage300'));
      const crm = await call<{ id: string }>(service, 'connections:create', connection('CRM', 'hubspot'));
      const base = { sourceConnectionId: erp.id, sourceEntity: 'arCustomers', destConnectionId: crm.id, destObject: 'companies', mapping };
      const parent = await call<{ id: string }>(service, 'flows:create', { ...base, name: 'Parent' });
      const flow = await call<{ id: string }>(service, 'flows:create', { ...base, name: 'Child', template: 'sage300-hubspot/contacts', schedule: { kind: 'interval', minutes: 60 }, dependsOn: [parent.id] });
      await call(service, 'flows:setEnabled', { id: flow.id, enabled: false });
      const before = await call<{ mapping: unknown }>(service, 'flows:get', { id: flow.id });

      const after = await call<Record<string, unknown>>(service, 'flows:update', { id: flow.id, patch: { mapping: before.mapping } });

      expect(after).toMatchObject({ enabled: false, schedule: { kind: 'interval', minutes: 60 }, dependsOn: [parent.id], template: 'sage300-hubspot/contacts', name: 'Child' });
      const renamed = await call<Record<string, unknown>>(service, 'flows:update', { id: flow.id, patch: { name: 'Renamed' } });
      expect(renamed).toMatchObject({ name: 'Renamed', enabled: false, schedule: { kind: 'interval', minutes: 60 }, mapping: before.mapping });
    });
  });

  it('settings:update with one field keeps every other setting', async () => {
    await withService(async (service) => {
      await call(service, 'settings:update', { deletionCapPerRun: 5, auditRetentionDays: 30, reconcileHour: 4, notifications: { onRunFailure: true, onAlert: false } });
      const after = await call<Record<string, unknown>>(service, 'settings:update', { theme: 'dark' });
      expect(after).toMatchObject({ theme: 'dark', deletionCapPerRun: 5, auditRetentionDays: 30, reconcileHour: 4, notifications: { onRunFailure: true, onAlert: false } });
      // One notification switch leaves the other as it was.
      const one = await call<Record<string, unknown>>(service, 'settings:update', { notifications: { onRunFailure: false } });
      expect(one).toMatchObject({ notifications: { onRunFailure: false, onAlert: false }, deletionCapPerRun: 5 });
      expect(await call(service, 'settings:get', {})).toEqual(one);
    });
  });

  it('settings:update refuses an update feed that is not https', async () => {
    await withService(async (service) => {
      const r = await dispatch(service.impl, 'settings:update', { updateFeedUrl: 'http://updates.example.com/mlc' });
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/updateFeedUrl.*must be an https:\/\/ address/) } });
      expect(await call(service, 'settings:update', { updateFeedUrl: 'https://updates.example.com/mlc' })).toMatchObject({ updateFeedUrl: 'https://updates.example.com/mlc' });
    });
  });

  it('connections:update with only a name keeps settings, secrets and trust', async () => {
    await withService(async (service) => {
      const erp = await call<{ id: string; settings: unknown }>(service, 'connections:create', { ...connection('ERP', 'sage300'), tls: { fingerprint256: 'AB'.repeat(32) } });
      const after = await call<Record<string, unknown>>(service, 'connections:update', { id: erp.id, patch: { name: 'ERP 2' } });
      expect(after).toMatchObject({ name: 'ERP 2', settings: erp.settings, secretsSet: ['password'], tls: { fingerprint256: expect.stringMatching(/^AB:AB/) } });
    });
  });
});
