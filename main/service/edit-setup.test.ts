// Changing what was set up, over the contract as IPC and HTTP call it: a connection in
// use names its flows when refused, its flows move to another connection of the same system (never to
// another system), a flow others need cannot go first, and a deleted flow's audit history keeps its name.
import { describe, expect, it } from 'vitest';
import { dispatch } from './dispatch.ts';
import { createAppService, type FullAppService } from './index.ts';
import { makeTempDir } from '../../test/support/tmp-dir.ts';
import { startSandbox } from '../../connectors/sage300/sandbox/index.ts';

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

async function refusal(service: FullAppService, channel: string, input: unknown) {
  const r = await dispatch(service.impl, channel, input);
  if (r.ok) throw new Error(`${channel} was accepted`);
  return r.error;
}

// Settings the connectors refuse to open with: no request leaves, and only the mapping's structure is checked.
const connection = (name: string, system: string) => ({ name, system, settings: system === 'hubspot' ? { baseUrl: 'not a url' } : { company: 'SAMINC' }, secrets: system === 'hubspot' ? { accessToken: 'pat-x' } : { password: 'pw' } });
const mapping = { key: { from: 'CustomerNumber', to: 'ml_id' }, fields: [{ to: 'name', from: 'CustomerName' }] };

async function setUp(service: FullAppService) {
  const erp = await call<{ id: string }>(service, 'connections:create', connection('Company A', 'sage300'));
  const erp2 = await call<{ id: string }>(service, 'connections:create', connection('Company A (new server)', 'sage300'));
  const crm = await call<{ id: string }>(service, 'connections:create', connection('Portal', 'hubspot'));
  const base = { sourceConnectionId: erp.id, sourceEntity: 'arCustomers', destConnectionId: crm.id, destObject: 'companies', mapping };
  const customers = await call<{ id: string }>(service, 'flows:create', { ...base, name: 'Customers' });
  const contacts = await call<{ id: string }>(service, 'flows:create', { ...base, name: 'Contacts', dependsOn: [customers.id] });
  return { erp, erp2, crm, customers, contacts };
}

describe('editing what was set up', () => {
  it('a connection in use is refused with the flows that use it; they move to another connection of the same system', async () => {
    await withService(async (service) => {
      const { erp, erp2, crm, customers, contacts } = await setUp(service);

      const inUse = await refusal(service, 'connections:delete', { id: erp.id });
      expect(inUse.code).toBe('IN_USE');
      expect(inUse.message).toBe('2 flows use "Company A": Customers, Contacts.');
      expect(inUse.hint).toMatch(/move them to another sage300 connection/);
      expect(inUse.data?.['flows']).toEqual([{ id: customers.id, name: 'Customers' }, { id: contacts.id, name: 'Contacts' }]);

      const wrong = await refusal(service, 'connections:repoint', { fromId: erp.id, toId: crm.id });
      expect(wrong.code).toBe('WRONG_SYSTEM');
      const wrongOne = await refusal(service, 'flows:update', { id: customers.id, patch: { sourceConnectionId: crm.id } });
      expect(wrongOne.code).toBe('WRONG_SYSTEM');

      const moved = await call<{ flowIds: string[] }>(service, 'connections:repoint', { fromId: erp.id, toId: erp2.id });
      expect(moved.flowIds.sort()).toEqual([customers.id, contacts.id].sort());
      const flows = await call<{ sourceConnectionId: string; destConnectionId: string }[]>(service, 'flows:list', {});
      expect(flows.every((f) => f.sourceConnectionId === erp2.id && f.destConnectionId === crm.id)).toBe(true);
      await call(service, 'connections:delete', { id: erp.id });
      expect((await call<{ id: string }[]>(service, 'connections:list', {})).map((c) => c.id).sort()).toEqual([erp2.id, crm.id].sort());
    });
  });

  it('a deleted flow keeps its audit history, named as a deleted flow; a flow another one needs cannot go first', async () => {
    await withService(async (service) => {
      const { customers, contacts } = await setUp(service);
      const event = { runId: null, at: new Date().toISOString(), direction: 'erp-to-crm' as const, sourceSystem: 'sage300', sourceEntity: 'arCustomers', sourceId: 'C1', sourceLabel: 'One', destObject: 'companies', destId: '1', action: 'created', attempt: 1, error: null, sourcePayload: {}, mappedPayload: {}, replayOf: null };
      service.ctx.store.events.insert({ ...event, flowId: customers.id });

      const needed = await refusal(service, 'flows:delete', { id: customers.id });
      expect(needed.code).toBe('IN_USE');
      expect(needed.message).toContain('"Contacts"');
      expect(needed.data?.['flows']).toEqual([{ id: contacts.id, name: 'Contacts' }]);

      await call(service, 'flows:delete', { id: contacts.id });
      await call(service, 'flows:delete', { id: customers.id });
      expect(await call<unknown[]>(service, 'flows:list', {})).toEqual([]);
      expect((await call<{ id: string; name: string }[]>(service, 'flows:deleted', {})).map((f) => [f.id, f.name])).toEqual(
        expect.arrayContaining([[customers.id, 'Customers'], [contacts.id, 'Contacts']]),
      );
      const audit = await call<{ events: { flowId: string }[] }>(service, 'audit:query', { flowId: customers.id });
      expect(audit.events).toHaveLength(1);
      const csv = await call<{ csv: string }>(service, 'audit:exportCsv', {});
      expect(csv.csv).toContain('Customers (deleted flow)');
    });
  });

  it('Test connection of an edited connection checks the edit: a new wrong password fails, one left empty is the stored one', async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      await withService(async (service) => {
        const settings = { url: sandbox.url, user: 'WEBAPI' };
        const saved = await call<{ id: string }>(service, 'connections:create', { system: 'sage300', name: 'Company A', settings, secrets: { password: String(sandbox.line['password']) } });
        const draft = { system: 'sage300', name: 'Company A', settings };
        const wrong = await call<{ ok: boolean; problems: { code: string }[] }>(service, 'connections:test', { draft: { ...draft, secrets: { password: 'not-the-password' } }, id: saved.id });
        expect(wrong.ok).toBe(false);
        expect(wrong.problems.map((p) => p.code)).toContain('AUTH_REJECTED');
        const kept = await call<{ ok: boolean }>(service, 'connections:test', { draft, id: saved.id });
        expect(kept.ok).toBe(true);
      });
    } finally {
      await sandbox.close();
    }
  });
});
